"""A referrer adds an unborn baby and the man alleged to have caused harm; a contact officer reads
the family on the person page. Every page passes axe (WCAG 2.2 AA) and keeps to the CSP;
screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from openmash.accounts.models import AgencyType
from openmash.accounts.services import agency_create
from openmash.contacts.drafts import referral_draft_create
from openmash.contacts.models import ContactSubject
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching import SubjectDetails
from tests.conftest import PASSWORD, load_reference_data, make_user
from tests.e2e.conftest import axe_violations, enter_authentication_code, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _passes_axe(tab: Page, name: str) -> None:
    violations = axe_violations(tab)
    screenshot(tab, f"household-{name}")
    assert violations == [], (name, violations)
    assert tab.csp_violations == []  # type: ignore[attr-defined]


def _sign_in(tab: Page, url: str, user: Any) -> None:
    tab.goto(url)
    tab.get_by_label("Email address").fill(user.email)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    enter_authentication_code(tab, user)


def _fill_date(tab: Page, name: str, value: date) -> None:
    tab.locator(f"#id_{name}_0").fill(str(value.day))
    tab.locator(f"#id_{name}_1").fill(str(value.month))
    tab.locator(f"#id_{name}_2").fill(str(value.year))


def test_a_referrer_adds_an_unborn_baby_and_an_alleged_perpetrator(
    live_server: Any, page: Page
) -> None:
    load_reference_data()
    school = agency_create(
        actor=None, code="SCH", name="Hillside Primary", agency_type=AgencyType.SCHOOL
    )
    referrer = make_user("dsl@hillside.test", school, "referrer")
    draft = referral_draft_create(actor=referrer)
    base = live_server.url
    _sign_in(page, f"{base}/contacts/refer/{draft.pk}/people/add/?kind=unborn", referrer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    page.locator("#id_given_name").fill("Unborn")
    page.locator("#id_family_name").fill("Okafor")
    _fill_date(page, "expected_delivery_date", timezone.localdate() + timedelta(days=400))
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("10 months from today")
    _passes_axe(page, "unborn-error")
    _fill_date(page, "expected_delivery_date", timezone.localdate() + timedelta(days=100))
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People involved")

    page.get_by_role("link", name="Add someone else").click()
    page.get_by_label("Someone alleged to have caused the harm").check()
    page.locator("#id_given_name").fill("Lee")
    page.locator("#id_family_name").fill("Okafor")
    page.locator("#id_relationship").fill("Mother's partner")
    _passes_axe(page, "person-alleged-perpetrator")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Alleged to have caused the harm: Mother's partner")).to_be_visible()
    expect(page.get_by_text("Unborn baby the concern is about")).to_be_visible()
    _passes_axe(page, "people")


def test_the_person_page_shows_the_household_and_relationships(
    live_server: Any, page: Page
) -> None:
    load_reference_data()
    la = agency_create(
        actor=None, code="LA", name="Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    officer = make_user("officer@council.test", la, "contact_officer")

    def adult(given: str, born: date, role: str, relationship: str) -> SubjectInput:
        return SubjectInput(
            details=SubjectDetails(given, "Cole", born, postcode="LS6 2AB"),
            role=role,
            is_child=False,
            address_line1="4 Mill Lane",
            relationship_to_subject=relationship,
        )

    contact = contact_create(
        actor=officer,
        data=ContactInput(
            source_agency=la,
            channel="phone",
            concern="Domestic incident; Amy was present and her mother is pregnant.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        "Amy", "Cole", date(2017, 5, 6), "F", postcode="LS6 2AB"
                    ),
                    address_line1="4 Mill Lane",
                ),
                SubjectInput(
                    details=SubjectDetails(
                        "Unborn",
                        "Cole",
                        postcode="LS6 2AB",
                        expected_delivery_date=timezone.localdate() + timedelta(days=90),
                    ),
                    is_unborn=True,
                    address_line1="4 Mill Lane",
                ),
                adult("Mia", date(1995, 4, 2), "household", "Mum"),
                adult("Dan", date(1990, 8, 17), "household", "Brother"),
                adult("Lee", date(1988, 1, 1), "alleged_perpetrator", "Mother's partner"),
            ],
        ),
    )
    amy = ContactSubject.objects.get(contact=contact, given_name="Amy").person
    assert amy is not None
    _sign_in(page, f"{base_url(live_server)}/people/{amy.pk}/", officer)
    expect(page.get_by_role("heading", name="Household and relationships")).to_be_visible()
    expect(page.get_by_role("cell", name="Alleged to have been harmed by")).to_be_visible()
    _passes_axe(page, "person-page")
    unborn = ContactSubject.objects.get(contact=contact, given_name="Unborn").person
    assert unborn is not None
    page.goto(f"{base_url(live_server)}/people/{unborn.pk}/")
    expect(page.get_by_text("Expected date of delivery")).to_be_visible()
    _passes_axe(page, "unborn-person-page")
    page.goto(f"{base_url(live_server)}/contacts/{contact.pk}/")
    _passes_axe(page, "contact-page")


def base_url(live_server: Any) -> str:
    return str(live_server.url)
