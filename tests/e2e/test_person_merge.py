"""A contact officer finds a child despite a misspelling, merges the duplicate record and undoes
it; every page passes axe (WCAG 2.2 AA) and keeps to the CSP."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from openmash.accounts.models import AgencyType
from openmash.accounts.services import agency_create
from openmash.people.models import PersonMerge
from openmash.people.services import person_create
from tests.conftest import PASSWORD, load_reference_data, make_user
from tests.e2e.conftest import axe_violations, enter_authentication_code, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _passes_axe(tab: Page, name: str) -> None:
    violations = axe_violations(tab)
    screenshot(tab, f"people-{name}")
    assert violations == [], (name, violations)
    assert tab.csp_violations == []  # type: ignore[attr-defined]


def _sign_in(tab: Page, base: str, user: Any) -> None:
    tab.goto(f"{base}/people/")
    tab.get_by_label("Email address").fill(user.email)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    enter_authentication_code(tab, user)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Find a person")


def test_a_contact_officer_finds_merges_and_unmerges_a_child(
    live_server: Any,
    page: Page,
) -> None:
    load_reference_data()
    la = agency_create(
        actor=None, code="LA", name="Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    officer = make_user("officer@council.test", la, "contact_officer")
    child = person_create(
        actor=None,
        given_name="Ayaan",
        family_name="Rahman",
        date_of_birth=date(2016, 3, 14),
        nhs_number="9990000018",
    )
    duplicate = person_create(
        actor=None, given_name="Ayan", family_name="Rahmen", date_of_birth=date(2016, 3, 14)
    )
    base = live_server.url
    _sign_in(page, base, officer)
    _passes_axe(page, "search-empty")

    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name")
    _passes_axe(page, "search-error")

    page.get_by_label("Name").fill("Ayan Rahmen")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="2 results")).to_be_visible()
    _passes_axe(page, "search-results")

    page.goto(f"{base}/people/{child.pk}/")
    page.get_by_role("link", name="Merge with another record").click()
    page.get_by_label("Name").fill("Ayan Rahmen")
    page.get_by_role("button", name="Search").click()
    _passes_axe(page, "merge-search")
    page.get_by_role("link", name="Select Ayan Rahmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the records before merging")
    page.get_by_role("button", name="Merge the records").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    _passes_axe(page, "merge-check-error")
    page.get_by_label("Why are these the same person?").fill("Same child: same date of birth")
    page.get_by_role("button", name="Merge the records").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been merged")
    _passes_axe(page, "merged")

    page.get_by_role("link", name=f"Undo the merge of record {duplicate.pk}").click()
    page.get_by_label("Why was this merge wrong?").fill("Twins: two different children")
    _passes_axe(page, "undo")
    page.get_by_role("button", name="Undo the merge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("undone")
    assert PersonMerge.objects.get().undone_at is not None
