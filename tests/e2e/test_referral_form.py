"""A school's safeguarding lead makes a referral about two children and their mother; a contact
officer records a phone contact and matches the child.

Every page of the form must pass axe (WCAG 2.2 AA) and keep to the CSP; screenshots go to
test-artifacts/ for review.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from openmash.accounts.models import AgencyType
from openmash.accounts.services import agency_create
from openmash.contacts.models import ConcernCategory, Contact
from openmash.contacts.vocabulary import DEFAULT_CATEGORIES
from openmash.people.services import person_create
from tests.conftest import PASSWORD, load_reference_data, make_user
from tests.e2e.conftest import axe_violations, enter_authentication_code, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _passes_axe(page: Page, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, f"referral-{name}")
    assert violations == [], (name, violations)


def _sign_in(page: Page, base: str, user: Any) -> None:
    page.goto(f"{base}/contacts/yours/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_authentication_code(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your referrals")


def _add_person(page: Page, button: str, answers: dict[str, str], name: str) -> None:
    page.get_by_role("link", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    for field, value in answers.items():
        page.locator(f"#id_{field}").fill(value)
    _passes_axe(page, f"person-{name}")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People involved")


def test_a_school_referrer_completes_the_referral_form(live_server: Any, page: Page) -> None:
    load_reference_data()
    for category in DEFAULT_CATEGORIES:  # an earlier transactional test may have flushed them
        ConcernCategory.objects.get_or_create(code=category["code"], defaults=category)
    school = agency_create(
        actor=None, code="SCH", name="Hillside Primary", agency_type=AgencyType.SCHOOL
    )
    referrer = make_user("dsl@hillside.test", school, "referrer")
    base = live_server.url
    _sign_in(page, base, referrer)
    _passes_axe(page, "your-referrals")

    page.get_by_role("link", name="Make a referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a referral to the MASH")
    _passes_axe(page, "start")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    page.get_by_label("Your role").fill("Designated safeguarding lead")
    page.get_by_label("Phone number").fill("01632 960123")
    _passes_axe(page, "your-details")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("making a referral")
    page.get_by_label("I am making a referral").check()
    _passes_axe(page, "referral-or-advice")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("People involved")
    _passes_axe(page, "people-empty")
    # A mistyped NHS number first: the error summary and message must pass axe too.
    page.get_by_role("link", name="Add a child").click()
    page.locator("#id_given_name").fill("Maisie")
    page.locator("#id_family_name").fill("Okafor")
    page.locator("#id_nhs_number").fill("999 000 0027")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real NHS number")
    _passes_axe(page, "person-error")
    page.get_by_role("link", name="Back").click()

    child = {"date_of_birth_0": "2", "date_of_birth_1": "7", "date_of_birth_2": "2019"}
    address = {"address_line1": "4 Mill Lane", "postcode": "SW1A 1AA", "school": "Hillside"}
    _add_person(
        page,
        "Add a child",
        {"given_name": "Maisie", "family_name": "Okafor", "nhs_number": "999 000 0026"}
        | child
        | address,
        "first-child",
    )
    _add_person(
        page,
        "Add a child",
        {"given_name": "Tobi", "family_name": "Okafor", "date_of_birth_0": "15"}
        | {"date_of_birth_1": "1", "date_of_birth_2": "2017"}
        | address,
        "second-child",
    )
    _add_person(
        page,
        "Add a parent, carer or household member",
        {"given_name": "Grace", "family_name": "Okafor", "relationship": "Mother"},
        "parent",
    )
    expect(page.locator(".govuk-summary-list__key")).to_have_count(3)
    _passes_axe(page, "people")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What happened")
    page.get_by_label("Describe what happened").fill(
        "Maisie said her mother's partner hit Tobi with a belt last night."
    )
    page.get_by_label("Physical abuse").check()
    _passes_axe(page, "what-happened")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("immediate risk")
    page.get_by_label("No").check()
    _passes_axe(page, "immediate-risk")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What the family know")
    page.locator("#id_family_told_1").check()  # No
    page.get_by_label("I did not ask them").check()
    page.get_by_label("Why did you not ask").fill(
        "Telling the mother's partner could put the children at risk"
    )
    _passes_axe(page, "consent")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your referral"
    )
    expect(page.get_by_role("heading", name="Tobi Okafor")).to_be_visible()
    _passes_axe(page, "check-answers")
    page.get_by_role("button", name="Accept and send").click()

    contact = Contact.objects.get(submitted_by=referrer)
    expect(page.locator(".govuk-panel__title")).to_have_text("Referral sent")
    expect(page.locator(".govuk-panel__body")).to_contain_text(contact.reference)
    _passes_axe(page, "confirmation")
    assert contact.contact_subjects.count() == 3
    assert page.csp_violations == []  # type: ignore[attr-defined]


def test_a_contact_officer_records_a_phone_contact_and_matches_a_child(
    live_server: Any, page: Page, settings: Any
) -> None:
    settings.MATCH_AUTO_LINK_THRESHOLD = 1.01  # offer the match to the officer, never automatic
    load_reference_data()
    for category in DEFAULT_CATEGORIES:
        ConcernCategory.objects.get_or_create(code=category["code"], defaults=category)
    council = agency_create(
        actor=None, code="LA", name="Example Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    agency_create(actor=None, code="POL", name="Example Police", agency_type=AgencyType.POLICE)
    officer = make_user("casey.officer@council.test", council, "contact_officer")
    known = person_create(
        actor=None, given_name="Leo", family_name="Marsh", date_of_birth=date(2018, 11, 9)
    )
    base = live_server.url
    page.goto(f"{base}/contacts/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_authentication_code(page, officer)

    page.get_by_role("link", name="Record a contact").click()
    # The staff intake in sections (issue 13 item 10), then check your answers.
    expect(page.get_by_role("heading", level=1)).to_have_text("The contact and who made it")
    _passes_axe(page, "staff-intake-1-contact")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Agency").select_option(label="Example Police (POL)")
    page.get_by_label("Referrer's name").fill("PC Ada Brook")
    page.get_by_label("Referrer's phone number").fill("01632 960002")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People involved")
    page.locator("#id_subject-0-kind_0").check()
    page.locator("#id_subject-0-given_name").fill("Leo")
    page.locator("#id_subject-0-family_name").fill("Marsh")
    page.locator("#id_subject-0-date_of_birth_0").fill("9")
    page.locator("#id_subject-0-date_of_birth_1").fill("11")
    page.locator("#id_subject-0-date_of_birth_2").fill("2018")
    page.get_by_role("button", name="Add another person").click()
    expect(page.get_by_text("Person 2", exact=True)).to_be_visible()
    page.wait_for_load_state("load")  # the page scrolls to person 2 before it can be clicked
    page.locator("#id_subject-1-kind_2").check()
    page.locator("#id_subject-1-given_name").fill("Dean")
    page.locator("#id_subject-1-family_name").fill("Marsh")
    page.locator("#id_subject-1-relationship").fill("Father")
    page.locator("#id_subject-0-nhs_number").fill("999 000 0035")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Person 1: Enter a real NHS number"
    )
    _passes_axe(page, "staff-intake-error")
    page.locator("#id_subject-0-nhs_number").fill("")
    _passes_axe(page, "staff-intake-2-people")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The concern")
    page.get_by_label("What happened?").fill("Neighbours heard shouting; Leo was crying.")
    page.get_by_label("Neglect", exact=True).check()
    _passes_axe(page, "staff-intake-3-concern")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk and consent")
    page.locator("#id_immediate_risk_1").check()
    page.locator("#id_family_told_2").check()
    page.get_by_label("Yes, they agreed").check()
    _passes_axe(page, "staff-intake-4-risk")
    page.get_by_role("button", name="Save and check answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the contact before recording it"
    )
    expect(page.locator("main")).to_contain_text("PC Ada Brook")
    expect(page.locator("main")).to_contain_text("Dean Marsh")
    _passes_axe(page, "staff-intake-5-check")
    page.get_by_role("button", name="Record contact").click()

    contact = Contact.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(contact.reference)
    expect(page.get_by_text("Possible matches to check")).to_be_visible()
    _passes_axe(page, "contact-page")
    page.get_by_label(re.compile(r"Leo Marsh, born 9 November 2018")).check()
    page.get_by_role("button", name=re.compile("Save match")).click()
    expect(page.get_by_text("Confirmed by a worker")).to_be_visible()
    assert contact.contact_subjects.get(role="subject").person_id == known.pk
    _passes_axe(page, "contact-page-matched")
    assert page.csp_violations == []  # type: ignore[attr-defined]
