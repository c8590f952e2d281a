"""Child protection in a real browser (issue 15 "Must show"): the MASH manager authorises a
strategy discussion; the assessment team's social worker finds the child on the team's page,
names themself lead and the police and health members of the child's child protection team,
records the strategy discussion with police and health, the s47 enquiry (the child seen, their
words), the initial child protection conference that starts a plan, and three months on the
first review. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-cp-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from openmash.accounts.models import Agency, AgencyType, Team
from openmash.accounts.services import agency_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from openmash.protection.models import ProtectionCase
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _date(page: Page, field: str, day: datetime) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def _radio(page: Page, legend: str, label: str) -> None:
    page.locator("fieldset").filter(has_text=legend).get_by_label(label, exact=True).check()


def test_from_the_mash_decision_to_the_first_review_of_the_plan(
    journey: Journey, clock: Any
) -> None:
    people = _people()
    council = Agency.objects.get(code="LA")
    team = Team.objects.get(name="Assessment team")
    lead = make_user("alex.lead@council.test", council, "social_worker")
    lead.teams.add(team)
    health = agency_create(
        actor=None, code="NHS", name="Example Health Trust", agency_type=AgencyType.HEALTH
    )
    nurse = make_user("nurse.nia@health.test", health, "agency_representative")
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="SCH"),
            channel="phone",
            concern="Leo has a hand-shaped bruise on his arm and says dad grabbed him.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Leo", family_name="Harper", nhs_number="9990000034"
                    )
                )
            ],
        ),
    )
    contact = contact_screen(contact=contact, actor=people["worker"], rag="red")
    decision_propose(
        contact=contact,
        actor=people["worker"],
        outcomes=[OutcomeInput(contact.contact_subjects.get().pk, "strategy_discussion")],
        rationale="A non-accidental injury is likely: a strategy discussion today.",
        team=team,
    )

    # The MASH manager authorises the decision of a strategy discussion.
    page = journey.as_(people["manager"], f"/mash/contacts/{contact.pk}/authorise/")
    journey.check(page, "cp-mash-authorise")
    page.get_by_role("button", name="Authorise decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision authorised")
    case = ProtectionCase.objects.get(contact=contact)
    trigger = case.strategy_discussions.get().trigger_at
    clock.shift(timedelta(minutes=5))

    # The assessment team's social worker finds Leo on the team's page, strategy discussion due.
    page = journey.as_(lead, f"/protection/?team={team.pk}")
    expect(page.locator("table")).to_contain_text("Strategy discussion")
    journey.check(page, "cp-team-work")
    page.get_by_role("link", name="Leo Harper").click()
    journey.check(page, "cp-case-new")
    for email, role in (
        (lead.email, "Lead child protection practitioner (a social worker)"),
        (people["police"].email, "Police"),
        (nurse.email, "Health"),
    ):
        page.get_by_role("link", name="Name a member of the child protection team").click()
        page.get_by_label("Email address of the member").fill(email)
        page.get_by_label(role, exact=True).check()
        if role == "Police":
            journey.check(page, "cp-member")
        page.get_by_role("button", name="Add").click()
        expect(page.locator(".govuk-notification-banner")).to_be_visible()

    # The strategy discussion, with police and health.
    page.get_by_role("link", name="Record the strategy discussion").click()
    held = timezone.localtime(trigger + timedelta(minutes=1), LONDON)
    _date(page, "held_on", held)
    page.get_by_label("Time it was held").fill(held.strftime("%H:%M"))
    page.get_by_label("Police: who attended").fill("DC Pat Shah")
    page.get_by_label("What the police shared").fill("Dad arrested for assault in 2024.")
    page.get_by_label("Health: who attended").fill("Nia Evans, named nurse")
    page.get_by_label("What health shared").fill("A fractured wrist at 2, explained as a fall.")
    page.get_by_label("Children's social care: who attended").fill("Alex Lead")
    page.get_by_label("The child's needs as well as the risk").fill(
        "Leo needs to feel safe at home; he has speech delay and needs time to answer."
    )
    page.get_by_label("Section 47 enquiry jointly with the police").check()
    page.get_by_label("Immediate safety actions").fill("Dad to stay with his brother: police.")
    journey.check(page, "cp-strategy")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    expect(page.locator("#main-content")).to_contain_text("On time")

    # The s47 enquiry: Leo seen alone, his words, a conference needed.
    page.get_by_role("link", name="Section 47 enquiry: the child seen").click()
    _date(page, "child_seen_on", held)
    _radio(page, "Was the child seen alone?", "Yes")
    page.get_by_label("Seen by").fill("Alex Lead and DC Pat Shah")
    page.get_by_label("The child's wishes and feelings").fill(
        "I want dad to stop grabbing me. I want to stay with mum and my cat."
    )
    page.get_by_label("Analysis of significant harm").fill(
        "Injury consistent with his account; a history of injuries; continuing risk."
    )
    page.get_by_label("Initial child protection conference needed").check()
    journey.check(page, "cp-s47")
    page.get_by_role("button", name="Save the enquiry").click()
    expect(page.locator("#main-content")).to_contain_text("I want dad to stop grabbing me")

    # The initial child protection conference: a plan, physical abuse.
    page.get_by_role("link", name="Record the initial child protection conference").click()
    _date(page, "held_on", held)
    for agency in ("Police", "Health", "Education"):
        page.get_by_label(agency, exact=True).check()
    page.get_by_label("Reports by agency").fill("Police, health and school reports shared.")
    _radio(page, "Does the child need a child protection plan?", "Yes")
    page.get_by_label("Physical abuse").check()
    journey.check(page, "cp-icpc")
    page.get_by_role("button", name="Save the conference").click()
    expect(page.locator("#main-content")).to_contain_text("Child protection plan")
    journey.check(page, "cp-case-plan")
    plan = case.plans.get()
    assert plan.started_on == held.date()

    # The police member reads Leo's record and adds to it.
    page = journey.as_(people["police"], f"/protection/cases/{case.pk}/")
    expect(page.locator("#main-content")).to_contain_text("I want dad to stop grabbing me")
    journey.check(page, "cp-police-member")

    # Three months on, the first review conference keeps the plan.
    journey.close()
    journey.pages = {}
    review_day = datetime(2027, 2, 15, 10, 0, tzinfo=LONDON)
    clock.move_to(review_day)
    page = journey.as_(lead, "/protection/")
    expect(page.locator("table")).to_contain_text("Leo Harper")
    journey.check(page, "cp-my-work")
    page.get_by_role("link", name="Leo Harper").click()
    page.get_by_role("link", name="Record a review conference").click()
    _date(page, "held_on", review_day)
    for agency in ("Police", "Health"):
        page.get_by_label(agency, exact=True).check()
    _radio(page, "Does the child need a child protection plan?", "Yes")
    page.get_by_label("Physical abuse").check()
    journey.check(page, "cp-review")
    page.get_by_role("button", name="Save the conference").click()
    expect(page.locator("#main-content")).to_contain_text("Review child protection conference")
    plan.refresh_from_db()
    assert plan.next_review_on == datetime(2027, 8, 15).date()
    journey.check(page, "cp-case-reviewed")
