"""The whole front door in a real browser, with four agencies' people: a school's safeguarding lead
refers a child; the contact officer screens it red; a social worker asks the police; the police MASH
officer answers; the social worker proposes a decision; the team manager authorises it; the
referrer sees the outcome. Every page passes axe (WCAG 2.2 AA) and keeps to the CSP; screenshots
of each step go to test-artifacts/journey-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from openmash.accounts.models import AgencyType, TeamKind
from openmash.accounts.services import agency_create, team_create
from openmash.contacts.models import ConcernCategory, Contact, ContactStatus
from openmash.contacts.vocabulary import DEFAULT_CATEGORIES
from openmash.core.models import OutboxMessage
from openmash.frontdoor.models import DecisionState, InformationRequest, Referral
from tests.conftest import PASSWORD, load_reference_data, make_user
from tests.e2e.conftest import axe_violations, enter_authentication_code, screenshot

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Journey:
    """One browser context per person, signed in once; every page checked the same way."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base = browser, base
        self.pages: dict[str, Page] = {}
        self.checked: list[str] = []

    def as_(self, user: Any, path: str = "/") -> Page:
        page = self.pages.get(user.email)
        if page is None:
            context = self.browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.csp_violations = []  # type: ignore[attr-defined]
            page.on("console", partial(_note_console, page))
            page.goto(self.base + path)
            page.get_by_label("Email address").fill(user.email)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            enter_authentication_code(page, user)
            self.pages[user.email] = page
        else:
            page.goto(self.base + path)
        return page

    def check(self, page: Page, name: str) -> None:
        """axe finds nothing, the CSP blocked nothing, and a screenshot is kept."""
        violations = axe_violations(page)
        screenshot(page, f"journey-{len(self.checked) + 1:02d}-{name}")
        self.checked.append(name)
        assert violations == [], (name, violations)
        assert page.csp_violations == [], (name, page.csp_violations)  # type: ignore[attr-defined]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def _note_console(page: Page, msg: ConsoleMessage) -> None:
    _note(page, msg.text)


def _note(page: Page, text: str) -> None:
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        page.csp_violations.append(text)  # type: ignore[attr-defined]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _people() -> dict[str, Any]:
    load_reference_data()
    for category in DEFAULT_CATEGORIES:  # an earlier transactional test may have flushed them
        ConcernCategory.objects.get_or_create(code=category["code"], defaults=category)
    council = agency_create(
        actor=None, code="LA", name="Example Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    school = agency_create(
        actor=None, code="SCH", name="Hillside Primary", agency_type=AgencyType.SCHOOL
    )
    police = agency_create(
        actor=None, code="POL", name="Example Police", agency_type=AgencyType.POLICE
    )
    mash = team_create(actor=None, agency=council, name="MASH", kind=TeamKind.MASH_SCREENING)
    team_create(actor=None, agency=council, name="Assessment team", kind=TeamKind.ASSESSMENT)
    people = {
        "referrer": make_user("dsl@hillside.test", school, "referrer"),
        "officer": make_user("casey.officer@council.test", council, "contact_officer"),
        "worker": make_user("sam.worker@council.test", council, "social_worker"),
        "manager": make_user("morgan.manager@council.test", council, "team_manager"),
        "police": make_user("pc.pat@police.test", police, "agency_representative"),
    }
    for key in ("officer", "worker", "manager"):
        people[key].teams.add(mash)
    return people


def _refer(journey: Journey, referrer: Any) -> Contact:
    page = journey.as_(referrer, "/contacts/yours/")
    page.get_by_role("link", name="Make a referral").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Your role").fill("Designated safeguarding lead")
    page.get_by_label("Phone number").fill("01632 960123")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("I am making a referral").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Add a child").click()
    answers = {
        "given_name": "Maisie",
        "family_name": "Okafor",
        "nhs_number": "999 000 0026",
        "date_of_birth_0": "2",
        "date_of_birth_1": "7",
        "date_of_birth_2": "2019",
        "address_line1": "4 Mill Lane",
        "postcode": "SW1A 1AA",
    }
    for field, value in answers.items():
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Describe what happened").fill(
        "Maisie has a burn on her hand and says her mother's partner held it on the cooker."
    )
    page.get_by_label("Physical abuse").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()
    page.locator("#id_family_told_1").check()  # No
    page.get_by_label("I did not ask them").check()
    page.get_by_label("Why did you not ask").fill("Telling the partner could put Maisie at risk")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Referral sent")
    journey.check(page, "referrer-sent")
    return Contact.objects.get(submitted_by=referrer)


def test_four_agencies_take_a_referral_from_the_school_to_an_authorised_outcome(
    journey: Journey,
) -> None:
    people = _people()
    contact = _refer(journey, people["referrer"])
    detail = f"/contacts/{contact.pk}/"

    # The contact officer finds it on the queue and screens it red.
    page = journey.as_(people["officer"], "/mash/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("MASH queue")
    expect(page.get_by_role("link", name=re.compile(contact.reference))).to_be_visible()
    journey.check(page, "officer-queue")
    page.get_by_role("link", name=re.compile(contact.reference)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(contact.reference)
    journey.check(page, "officer-contact")
    page.get_by_role("link", name="Screen and RAG rate").click()
    journey.check(page, "officer-screen")
    page.get_by_label(re.compile("^Red")).check()
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("rated red")
    contact.refresh_from_db()
    assert (contact.status, contact.rag) == (ContactStatus.SCREENING, "red")

    # The social worker asks the police what they know.
    page = journey.as_(people["worker"], detail)
    page.get_by_role("link", name="Request information").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request information from an agency")
    journey.check(page, "worker-request")
    page.get_by_label("Agency", exact=True).select_option(label="Example Police (POL)")
    page.get_by_label(re.compile("Maisie Okafor")).check()
    page.get_by_label("Your questions").fill(
        "Is the household known to you? Who is the mother's partner and is he known?"
    )
    page.get_by_label("What the agency is told about the concern").fill(
        "School report a burn to Maisie's hand; she says her mother's partner caused it."
    )
    page.get_by_label("Children Act 1989, section 47").check()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    journey.check(page, "worker-contact-after-request")
    request = InformationRequest.objects.get(contact=contact)

    # The police MASH officer sees only their agency's request, and answers it.
    page = journey.as_(people["police"], "/mash/requests/")
    journey.check(page, "police-inbox")
    page.get_by_role("link", name=re.compile(contact.reference)).click()
    expect(page.get_by_text("School report a burn to Maisie's hand")).to_be_visible()
    expect(page.get_by_text("cooker")).to_have_count(0)  # the concern itself is not shared
    journey.check(page, "police-request")
    page.get_by_label("Your agency's answer").fill(
        "The partner, Dean Marsh, has a caution for assault (2024). Two domestic call-outs."
    )
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Answer sent")
    journey.check(page, "police-answered")
    page = journey.as_(people["police"], detail)  # the contact itself stays out of reach
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    request.refresh_from_db()
    assert request.status == "answered"

    # The social worker reads the answer and proposes a strategy discussion.
    page = journey.as_(people["worker"], detail)
    requests = page.get_by_role("table", name="Information requests to agencies, newest first")
    expect(requests.get_by_text(re.compile("caution for assault"))).to_be_visible()
    page.get_by_role("link", name="Propose a decision").click()
    journey.check(page, "worker-decision")
    page.get_by_label(re.compile("^Strategy discussion")).check()
    page.get_by_label("Rationale").fill(
        "Non-accidental burn disclosed; partner has a caution for assault. Significant harm."
    )
    page.get_by_label("Team it goes to").select_option(label="Assessment team")
    page.get_by_role("button", name="Propose decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision proposed")

    # The team manager authorises it (the social worker could not).
    page = journey.as_(people["manager"], detail)
    page.get_by_role("link", name="Authorise the decision").click()
    journey.check(page, "manager-authorise")
    page.get_by_label("Comment (optional)").fill("Agreed: convene today.")
    page.get_by_role("button", name="Authorise decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision authorised")
    journey.check(page, "manager-contact-authorised")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AUTHORISED
    assert contact.decisions.get().state == DecisionState.AUTHORISED
    assert Referral.objects.get(contact=contact).route == "strategy_discussion"

    # The referrer sees the outcome in the portal (and was sent it).
    page = journey.as_(people["referrer"], "/contacts/yours/")
    page.get_by_role("link", name=re.compile(contact.reference)).click()
    expect(page.get_by_text("agencies will hold a strategy discussion")).to_be_visible()
    journey.check(page, "referrer-outcome")
    assert OutboxMessage.objects.filter(
        to_email=people["referrer"].email, subject__contains=contact.reference
    ).exists()
    assert len(journey.checked) == 13
