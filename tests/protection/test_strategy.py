"""Strategy discussions: convened from the MASH's decision, and their timing flags (late,
premature, held early with the chair's reason) on the record, the report and the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.frontdoor.services.decisions import OutcomeInput, decision_authorise, decision_propose
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.requests import (
    information_request_respond,
    information_request_send,
)
from openmash.protection.models import ProtectionCase, StrategyDecision, StrategySource
from tests.conftest import World, client_for
from tests.protection.helpers import at, convened, held, open_case

pytestmark = pytest.mark.clock
DAY = date(2026, 12, 16)  # a Wednesday


def _case_with_police_request(world: World, child: Any, contact: Any) -> tuple[Any, Any]:
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="amber")
    request = information_request_send(
        contact=contact,
        actor=world.social_worker,
        agency=world.police,
        subjects=list(contact.contact_subjects.all()),
        questions="Is the family known to you?",
        shared_summary="A child was seen with a bruise.",
        lawful_basis="children_act_1989_s47",
    )
    case = open_case(world, child)
    case.contact = contact
    case.save(update_fields=["contact"])
    return case, request


def test_a_strategy_discussion_held_after_its_target_is_late(
    world: World, child: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    case = open_case(world, child)
    sd = convened(world, case, at(DAY, 9))
    assert sd.target_at == at(date(2026, 12, 17), 9)  # one working day on
    clock.move_to(at(date(2026, 12, 18), 12))
    sd = held(world, sd, at(date(2026, 12, 18), 11))
    assert sd.late is True
    assert sd.premature is False
    row = AuditEvent.objects.get(verb="protection.strategy_held")
    assert row.summary["late"] is True


def test_an_urgent_strategy_discussion_held_the_next_morning_is_late(
    world: World, child: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 18))
    case = open_case(world, child)
    sd = convened(world, case, at(DAY, 10), urgent=True)
    assert sd.target_at == at(DAY, 17)
    clock.move_to(at(DAY + timedelta(days=1), 10))
    assert held(world, sd, at(DAY + timedelta(days=1), 9)).late is True


def test_one_held_within_its_target_with_every_answer_in_is_on_time(
    world: World, child: Any, contact: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    case, request = _case_with_police_request(world, child, contact)
    information_request_respond(request=request, actor=world.police_rep, response="Known to us.")
    sd = convened(world, case, at(DAY, 9))
    clock.move_to(at(DAY, 15))
    sd = held(world, sd, at(DAY, 14))
    assert (sd.late, sd.premature, sd.held_early) == (False, False, False)
    assert sd.unanswered == []


def test_a_strategy_discussion_held_while_the_police_had_not_answered_is_premature(
    world: World, child: Any, contact: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    case, _ = _case_with_police_request(world, child, contact)
    sd = convened(world, case, at(DAY, 9))
    clock.move_to(at(DAY, 15))
    sd = held(world, sd, at(DAY, 14))
    assert sd.premature is True
    assert sd.held_early is False
    assert sd.late is False
    assert sd.unanswered == ["Test Police"]


def test_one_held_early_with_the_chairs_reason_is_not_premature(
    world: World, child: Any, contact: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    case, _ = _case_with_police_request(world, child, contact)
    sd = convened(world, case, at(DAY, 9))
    clock.move_to(at(DAY, 15))
    sd = held(world, sd, at(DAY, 14), early_reason="The child discloses tonight; cannot wait.")
    assert sd.premature is False
    assert sd.held_early is True
    assert sd.early_reason == "The child discloses tonight; cannot wait."


def test_an_answer_given_after_the_discussion_still_makes_it_premature(
    world: World, child: Any, contact: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    case, request = _case_with_police_request(world, child, contact)
    sd = convened(world, case, at(DAY, 9))
    clock.move_to(at(DAY, 16))
    information_request_respond(request=request, actor=world.police_rep, response="Known.")
    sd = held(world, sd, at(DAY, 14))
    assert sd.premature is True


def test_the_flags_show_on_the_record_the_timing_report_and_the_api(
    world: World, child: Any, contact: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    case, _ = _case_with_police_request(world, child, contact)
    sd = convened(world, case, at(DAY, 9))
    clock.move_to(at(date(2026, 12, 18), 12))
    held(world, sd, at(date(2026, 12, 18), 11))
    lead = client_for(world.social_worker)
    page = lead.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "Late" in page
    assert "Premature" in page
    report = lead.get(reverse("protection:timing")).content.decode()
    assert "Late" in report
    assert "Premature" in report
    api = lead.get(reverse("api:protection_strategy_discussions_detail", args=[sd.pk])).json()
    assert (api["late"], api["premature"], api["held_early"]) == (True, True, False)


def test_a_missing_required_agency_is_flagged(world: World, child: Any, clock: Any) -> None:
    from openmash.protection.services import AttendeeInput, strategy_discussion_record

    clock.move_to(at(DAY, 15))
    case = open_case(world, child)
    sd = convened(world, case, at(DAY, 9))
    sd = strategy_discussion_record(
        discussion=sd,
        actor=world.social_worker,
        held_at=at(DAY, 14),
        attendees=[AttendeeInput(role="police", name="DC Shah")],
        child_needs="A safe adult.",
        decision=StrategyDecision.S47_SINGLE,
    )
    assert sd.missing_agencies == ["Children's social care", "Health"]


def test_no_enquiry_needs_a_reason(world: World, child: Any, clock: Any) -> None:
    clock.move_to(at(DAY, 15))
    sd = convened(world, open_case(world, child), at(DAY, 9))
    with pytest.raises(ApplicationError, match="reason"):
        held(world, sd, at(DAY, 14), decision=StrategyDecision.NO_S47)


def test_the_mash_decision_of_a_strategy_discussion_convenes_one(
    world: World, child: Any, contact: Any, clock: Any
) -> None:
    clock.move_to(at(DAY, 9))
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="red")
    subject = contact.contact_subjects.get()
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="strategy_discussion")],
        rationale="Bruise on the cheek and fear of going home: significant harm is likely.",
        next_step="Strategy discussion today with police and health.",
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    case = ProtectionCase.objects.get(person=child)
    assert case.team == world.assessment
    [sd] = case.strategy_discussions.all()
    assert sd.source == StrategySource.DECISION
    assert sd.urgent is True  # a red contact
    assert sd.target_at == at(DAY, 17)
    case.refresh_from_db()
    assert case.next_due_what == "Strategy discussion"
