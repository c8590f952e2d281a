"""An adults' social worker screens a concern about an older woman in a real browser: the three
section 42 questions, the risk indicators by type of abuse, the suggestion, the saved screening
on the contact page. Every page passes axe (WCAG 2.2 AA) and keeps to the CSP; screenshots go to
test-artifacts/adult-screening-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from openmash.frontdoor.models import ThresholdAssessment
from tests.conftest import PASSWORD
from tests.e2e.conftest import axe_violations, enter_authentication_code, screenshot
from tests.frontdoor.adult_helpers import adult_contact

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page: Page, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, f"adult-screening-{name}")
    assert violations == [], (name, violations)
    assert page.csp_violations == [], (name, page.csp_violations)  # type: ignore[attr-defined]


def _sign_in(page: Page, base: str, user: Any, path: str) -> None:
    page.goto(base + path)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_authentication_code(page, user)


def test_a_social_worker_screens_an_adult_on_the_adults_risk_thresholds(
    live_server: Any, page: Page, world: Any
) -> None:
    contact = adult_contact(world)
    _sign_in(page, live_server.url, world.social_worker, f"/mash/contacts/{contact.pk}/threshold/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adult safeguarding risk threshold")
    expect(page.get_by_text("Acute / specialist")).to_have_count(0)

    answers = page.get_by_role("group", name="Does the adult have needs for care and support")
    answers.get_by_label("Yes").check()
    page.get_by_role("group", name="Is the adult experiencing, or at risk of").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Because of those needs").get_by_label("Not yet known").check()
    page.locator("#id_has_care_and_support_needs_note").fill(
        "Dementia; carers visit four times a day (GP letter, March)."
    )
    page.locator("summary", has_text="Financial or material abuse").click()
    page.get_by_label("Misuse of benefits, bank cards", exact=False).check()
    page.locator("summary", has_text="Neglect and acts of omission").click()
    page.get_by_label("Repeatedly missed care", exact=False).check()
    page.get_by_role("button", name="Suggest a level").click()
    expect(page.get_by_role("heading", name="Suggested: Substantial (level 3)")).to_be_visible()
    expect(page.get_by_role("heading", name="Section 42 duty: not yet known")).to_be_visible()
    _check(page, "01-suggested")

    page.get_by_label("Substantial (suggested)").check()
    page.get_by_role("button", name="Save the risk level and section 42 answers").click()
    expect(
        page.get_by_text("Risk level and section 42 tests saved for Edith Marsh")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="Adult safeguarding risk threshold: Edith Marsh")
    ).to_be_visible()
    page.locator("#threshold").scroll_into_view_if_needed()
    _check(page, "02-contact-page")
    assessment = ThresholdAssessment.objects.get()
    assert (assessment.scale, assessment.chosen_level) == ("adults", 3)
