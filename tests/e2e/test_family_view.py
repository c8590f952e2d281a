"""The family view and a child's family network meeting and child in need plan, in a real browser
(issue 19 item 3; issue 15): a worker opens the family of a child whose mother has an open adults'
safeguarding enquiry and whose sister is on a child protection plan, and sees both beside their
names; on another child's case the worker offers a family network meeting, records the family's
answer and the meeting, then starts, reviews and ends a child in need plan. Every page passes axe
and keeps to the CSP; screenshots go to test-artifacts/journey-*-family-*.png and
journey-*-cin-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from openmash.accounts.models import Team
from openmash.adults.models import SafeguardingEnquiry
from openmash.adults.services import target_date_for
from openmash.people.households import relationship_add
from openmash.people.models import Person, RelationshipKind
from openmash.people.services import person_create
from openmash.protection.models import Assessment, CinPlan, FamilyNetworkMeeting
from openmash.protection.services import protection_case_open
from tests.e2e.test_frontdoor_journey import Journey, _people
from tests.protection.helpers import chain

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _person(given: str, born: date) -> Person:
    return person_create(actor=None, given_name=given, family_name="Okafor", date_of_birth=born)


def _date(page: Page, field: str, day: date) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def _family(people: dict[str, Any]) -> tuple[Person, Person]:
    """Maisie; her mother Grace with an open s42 enquiry held by the MASH team; her sister Ruby
    on a child protection plan led by the worker (the assessment team holds it)."""
    child = _person("Maisie", date(2017, 4, 2))
    mother = _person("Grace", date(1991, 7, 19))
    sister = _person("Ruby", date(2014, 1, 23))
    relationship_add(
        from_person=mother, to_person=child, kind=RelationshipKind.PARENT, source="e2e", actor=None
    )
    relationship_add(
        from_person=sister, to_person=child, kind=RelationshipKind.SIBLING, source="e2e", actor=None
    )
    today = timezone.localdate()
    SafeguardingEnquiry.objects.create(
        reference="ASE-E2E-1",
        person=mother,
        enquiry_type="s42",
        team=Team.objects.get(name="MASH"),
        officer=people["worker"],
        started_on=today - timedelta(days=6),
        target_date=target_date_for(today),
    )
    world = SimpleNamespace(
        assessment=Team.objects.get(name="Assessment team"),
        social_worker=people["worker"],
        police_rep=people["police"],
    )
    chain(world, sister)  # type: ignore[arg-type]
    return child, mother


def test_the_family_view_shows_a_mother_s_enquiry_and_a_sister_s_plan(journey: Journey) -> None:
    people = _people()
    child, _ = _family(people)
    page = journey.as_(people["worker"], f"/people/{child.pk}/")
    page.get_by_role("link", name="Family").click()
    expect(page.get_by_role("heading", level=1, name="Family")).to_be_visible()
    table = page.locator("#family-members")
    grace = table.get_by_role("row").filter(has_text="Grace Okafor")
    expect(grace).to_contain_text("Adults' safeguarding:")
    expect(grace.get_by_role("link", name="Open Section 42 enquiry ASE-E2E-1")).to_be_visible()
    ruby = table.get_by_role("row").filter(has_text="Ruby Okafor")
    expect(ruby).to_contain_text("Children's social care:")
    expect(ruby.get_by_role("link", name="Child protection plan (physical abuse)")).to_be_visible()
    journey.check(page, "family-involvement")

    ruby.get_by_role("link", name="Child protection plan (physical abuse)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ruby Okafor")


def _case_ready_for_cin(people: dict[str, Any]) -> Any:
    """Another child's case on the assessment team, led by the worker, its assessment done and
    authorised ten days ago (as the manager would have)."""
    child = _person("Theo", date(2019, 9, 30))
    case = protection_case_open(
        actor=None,
        person=child,
        team=Team.objects.get(name="Assessment team"),
        lead_practitioner=people["worker"],
    )
    day = timezone.localdate() - timedelta(days=10)
    Assessment.objects.create(
        case=case,
        referral_date=day,
        started_on=day,
        due_on=day + timedelta(days=45),
        completed_on=day,
        authorised_on=day,
        authorised_by=people["manager"],
    )
    return case


def test_a_family_network_meeting_and_a_child_in_need_plan_from_start_to_end(
    journey: Journey,
) -> None:
    people = _people()
    case = _case_ready_for_cin(people)
    today = timezone.localdate()
    page = journey.as_(people["worker"], f"/protection/cases/{case.pk}/")

    page.get_by_role("link", name="Offer a family network meeting").click()
    _date(page, "offered_on", today - timedelta(days=3))
    journey.check(page, "cin-family-meeting-offer")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Family network meeting offered").first).to_be_visible()
    page.get_by_role("link", name="Record the family's answer to the meeting").click()
    page.get_by_label("Accepted", exact=True).check()
    _date(page, "responded_on", today - timedelta(days=2))
    page.get_by_label("The family's answer, in their words").fill("Yes: Nan wants to help.")
    journey.check(page, "cin-family-meeting-answer")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the family network meeting").click()
    _date(page, "held_on", today - timedelta(days=1))
    page.get_by_label("Who came").fill("Mum, Nan, uncle Joe")
    page.get_by_label("The family's plan, in their words").fill("Nan takes Theo to nursery.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Family network meeting recorded").first).to_be_visible()
    assert FamilyNetworkMeeting.objects.get(case=case).held_on == today - timedelta(days=1)

    page.get_by_role("link", name="Start a child in need plan").click()
    _date(page, "started_on", today - timedelta(days=1))
    journey.check(page, "cin-start")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("Child in need plan started").first).to_be_visible()
    journey.check(page, "cin-case")
    page.get_by_role("link", name="Review the child in need plan").click()
    _date(page, "reviewed_on", today)
    page.get_by_label("What the review found").fill("Nursery every day; Nan is a help.")
    _date(page, "next_review_on", today + timedelta(days=90))
    journey.check(page, "cin-review")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Child in need plan review recorded").first).to_be_visible()
    page.get_by_role("link", name="End the child in need plan").click()
    _date(page, "ended_on", today)
    page.get_by_label("Services ceased for any other reason", exact=False).check()
    journey.check(page, "cin-end")
    page.get_by_role("button", name="End the plan").click()
    expect(page.get_by_text("Child in need plan ended").first).to_be_visible()
    plan = CinPlan.objects.get(case=case)
    assert (plan.ended_on, plan.end_reason, plan.reviews.count()) == (today, "RC7", 1)
