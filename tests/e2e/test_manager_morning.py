"""A manager's morning in a real browser (issue 13 "Must show"): the home page lists a decision to
authorise, a breach and a contact with immediate risk; the queue points to them; the manager
authorises the decision, acknowledging the decision check it goes against. Every page passes axe
and keeps to the CSP; screenshots go to test-artifacts/journey-*-morning-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency, Team
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.models import Breach, DecisionState
from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose
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


def test_a_managers_morning(journey: Journey) -> None:
    people = _people()
    proposed = contact_screen(contact=_contact(people, "Ava"), actor=people["worker"], rag="red")
    decision = decision_propose(
        contact=proposed,
        actor=people["worker"],
        outcomes=[OutcomeInput(proposed.contact_subjects.get().pk, "early_help")],
        rationale="Mum has asked for help with Ava's sleep and routines.",
        check_reason="The police say the risk that made it red has gone: dad has moved out.",
        team=Team.objects.get(name="Assessment team"),
    )
    urgent = _contact(
        people,
        "Mia",
        immediate_risk=True,
        immediate_risk_details="Stepfather has threatened her and is at the house tonight.",
    )
    late = _contact(people, "Leo")
    Breach.objects.create(kind="rag", contact=late, due_at=timezone.now() - timedelta(hours=3))

    page = journey.as_(people["manager"], "/")
    main = page.locator("#main-content")
    expect(main).to_contain_text("Waiting for you")
    expect(main).to_contain_text("1 decision to authorise")
    expect(main).to_contain_text("Goes against a decision check")
    expect(page.locator("#immediate-risk + table")).to_contain_text(urgent.reference)
    expect(page.locator("#breaches + table")).to_contain_text(late.reference)
    journey.check(page, "morning-home")

    page = journey.as_(people["manager"], "/mash/queue/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 decision to authorise")
    expect(page.locator("#queue-table tbody tr").first).to_contain_text(urgent.reference)
    journey.check(page, "morning-queue")

    page = journey.as_(people["manager"], "/")
    page.get_by_role("link", name=proposed.reference).click()
    expect(page.locator("#main-content")).to_contain_text("dad has moved out")
    journey.check(page, "morning-authorise")
    page.get_by_role("button", name="Authorise decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm you have read")
    journey.check(page, "morning-authorise-error")
    page.get_by_label("I have read why this decision goes against the decision checks").check()
    page.get_by_role("button", name="Authorise decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision authorised")
    journey.check(page, "morning-authorised")
    decision.refresh_from_db()
    assert decision.state == DecisionState.AUTHORISED
    assert decision.checks_acknowledged_by == people["manager"]

    page = journey.as_(people["manager"], "/")
    expect(page.locator("#to-close + table")).to_contain_text(proposed.reference)
    expect(page.locator("#to-close + table")).to_contain_text("Assessment team")
