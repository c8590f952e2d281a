"""Issue 13 items 2 and 3 in a real browser: a contact with immediate risk is flagged first in the
queue and on its page; a decided contact's page shows when it was decided against when it was
due. Every page passes axe and keeps to the CSP; screenshots go to test-artifacts/clocks-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _contact(people: dict[str, Any], name: str, **changes: Any) -> Contact:
    from openmash.accounts.models import Agency

    return contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="POL"),
            channel="phone",
            concern="Police called to the address overnight.",
            subjects=[SubjectInput(details=SubjectDetails(given_name=name, family_name="Marsh"))],
            **changes,
        ),
    )


def test_the_flag_and_the_decided_clock_read_well(journey: Journey) -> None:
    people = _people()
    calm = _contact(people, "Leo")
    contact_screen(contact=calm, actor=people["worker"], rag="amber")
    urgent = _contact(
        people,
        "Mia",
        immediate_risk=True,
        immediate_risk_details="Stepfather has threatened her and is at the house tonight.",
    )
    decided = _contact(people, "Ava")
    decided = contact_screen(contact=decided, actor=people["worker"], rag="green")
    decision = decision_propose(
        contact=decided,
        actor=people["worker"],
        outcomes=[OutcomeInput(subject_id=decided.contact_subjects.get().pk, outcome="advice")],
        rationale="Advice to the family; no further action by the MASH.",
    )
    decision_authorise(decision=decision, actor=people["manager"])

    page = journey.as_(people["worker"], "/mash/queue/")
    first = page.locator("#queue-table tbody tr").first
    expect(first).to_contain_text(urgent.reference)
    expect(first).to_contain_text("Immediate risk")
    expect(page.locator("#queue-table")).to_contain_text("1 immediate risk")
    journey.check(page, "clocks-queue")

    page = journey.as_(people["worker"], f"/contacts/{urgent.pk}/")
    expect(page.locator("#main-content")).to_contain_text("Rated red on arrival")
    journey.check(page, "clocks-immediate-risk-contact")

    page = journey.as_(people["worker"], f"/contacts/{decided.pk}/")
    expect(page.locator("[data-clock=decided]").first).to_contain_text("Decided")
    expect(page.locator("[data-clock=running]")).to_have_count(0)
    journey.check(page, "clocks-decided-contact")
