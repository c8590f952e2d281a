"""Information request services: who may send, answer and withdraw, what is refused, and the
audit row and chronology line each writes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from openmash.contacts.models import ContactStatus
from openmash.core.calendar import LONDON
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import Breach, BreachKind, EventKind, RequestStatus
from openmash.frontdoor.services.requests import (
    information_request_default_due,
    information_request_respond,
    information_request_withdraw,
)
from tests.conftest import make_user
from tests.frontdoor.test_requests_support import (
    QUESTIONS,
    SHARED,
    health_with_rep,
    make_overdue,
    screened,
    send,
)

pytestmark = pytest.mark.clock


def _audit(request, verb):
    return AuditEvent.objects.filter(
        verb=verb, target_type="informationrequest", target_id=str(request.pk)
    )


def test_worker_sends_a_request_and_the_contact_moves_to_information_gathering(
    world, contact, django_capture_on_commit_callbacks
):
    contact = screened(world, contact)
    before = contact.version
    with django_capture_on_commit_callbacks(execute=True):
        request = send(world, contact)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.INFORMATION_GATHERING
    assert contact.version > before
    assert request.status == RequestStatus.OPEN
    assert request.requested_by == world.social_worker
    assert [s.pk for s in request.subjects.all()] == [s.pk for s in contact.contact_subjects.all()]
    assert request.due_at == information_request_default_due(contact, start=request.requested_at)
    row = _audit(request, "information_request.sent").get()
    assert row.actor == world.social_worker
    assert row.summary["agency"] == "POL"
    assert row.summary["lawful_basis"] == "children_act_1989_s47"
    assert row.summary["shared_summary"] == SHARED
    event = contact.events.get(kind=EventKind.REQUEST)
    assert event.summary.startswith("Information requested from Test Police, due ")
    assert QUESTIONS in event.detail
    # The representative is told a request waits, without names or details.
    message = OutboxMessage.objects.get(to_email=world.police_rep.email)
    assert contact.reference in message.subject
    assert "Ayaan" not in message.body
    assert "bruise" not in message.body


def test_default_due_follows_the_rag_timescale_in_working_hours(world, contact):
    friday_4pm = datetime(2026, 11, 6, 16, 0, tzinfo=LONDON)
    contact.rag = ""
    assert information_request_default_due(contact, start=friday_4pm) == datetime(
        2026, 11, 9, 16, 0, tzinfo=LONDON
    )  # unrated: one working day
    contact.rag = "amber"  # 6 working hours: one on Friday, five on Monday
    assert information_request_default_due(contact, start=friday_4pm) == datetime(
        2026, 11, 9, 14, 0, tzinfo=LONDON
    )
    contact.rag = "red"  # 2 working hours
    assert information_request_default_due(contact, start=friday_4pm) == datetime(
        2026, 11, 9, 10, 0, tzinfo=LONDON
    )
    contact.rag = "blue"  # no timescale: one working day
    assert information_request_default_due(contact, start=friday_4pm) == datetime(
        2026, 11, 9, 16, 0, tzinfo=LONDON
    )


def test_a_second_open_request_to_the_same_agency_is_refused(world, contact):
    contact = screened(world, contact)
    first = send(world, contact)
    with pytest.raises(ApplicationError, match="Test Police already has an open request") as error:
        send(world, contact, actor=world.contact_officer)
    assert error.value.field == "agency"
    information_request_withdraw(request=first, actor=world.social_worker, reason="Wrong questions")
    second = send(world, contact, actor=world.contact_officer)
    assert second.pk != first.pk
    assert _audit(second, "information_request.sent").count() == 1


def test_other_agencies_can_be_asked_at_the_same_time(world, contact):
    contact = screened(world, contact)
    health, _ = health_with_rep(world)
    send(world, contact)
    send(world, contact, agency=health, lawful_basis="children_act_2004_s11")
    assert contact.information_requests.filter(status=RequestStatus.OPEN).count() == 2


def test_the_contacts_own_source_agency_can_be_asked(world, contact):
    contact = screened(world, contact)
    make_user("dsl@school.test", world.school, "agency_representative")
    request = send(world, contact, agency=world.school)
    assert request.agency == world.school


def test_a_request_on_a_contact_not_yet_screened_is_refused(world, contact):
    with pytest.raises(ApplicationError, match="Start screening this contact"):
        send(world, contact)
    assert not contact.information_requests.exists()
    assert not AuditEvent.objects.filter(verb="information_request.sent").exists()


def test_only_front_door_workers_can_send_a_request(world, contact):
    contact = screened(world, contact)
    for outsider in (world.referrer, world.police_rep, world.auditor, world.admin):
        with pytest.raises(ApplicationError, match="Only front-door workers"):
            send(world, contact, actor=outsider)
    assert not contact.information_requests.exists()


def test_people_from_another_contact_are_refused(world, contact, child):
    from openmash.contacts.services import ContactInput, SubjectInput, contact_create
    from tests.conftest import subject_details

    other = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Another concern.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
        ),
    )
    contact = screened(world, contact)
    with pytest.raises(ApplicationError, match="Select people named in this contact"):
        send(world, contact, subjects=list(other.contact_subjects.all()))
    with pytest.raises(ApplicationError, match="Select who the agency should check"):
        send(world, contact, subjects=[])


def test_an_agency_nobody_could_answer_for_is_refused(world, contact):
    contact = screened(world, contact)
    with pytest.raises(ApplicationError, match="Other School has no MASH representative"):
        send(world, contact, agency=world.other_school)
    world.police.is_active = False
    world.police.save()
    with pytest.raises(ApplicationError, match="no longer an active agency"):
        send(world, contact)


def test_missing_questions_summary_or_basis_are_refused_by_field(world, contact):
    contact = screened(world, contact)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"questions": "  "}, "questions"),
        ({"shared_summary": ""}, "shared_summary"),
        ({"lawful_basis": "because"}, "lawful_basis"),
    ]
    for extra, field in cases:
        with pytest.raises(ApplicationError) as error:
            send(world, contact, **extra)
        assert error.value.field == field


def test_a_due_time_in_the_past_is_refused(world, contact):
    contact = screened(world, contact)
    with pytest.raises(ApplicationError, match="must be in the future"):
        send(world, contact, due_at=timezone.now() - timedelta(minutes=1))


def test_a_stale_contact_version_is_refused(world, contact):
    contact = screened(world, contact)
    seen = contact.version
    screened_again = contact_rerate(world, contact)
    assert screened_again.version != seen
    with pytest.raises(ConflictError):
        send(world, contact, expected_version=seen)
    assert not contact.information_requests.exists()


def contact_rerate(world, contact):
    from openmash.frontdoor.services.rag import contact_rate

    return contact_rate(contact=contact, actor=world.manager, rag="red", reason="New police info")


def test_the_agencys_representative_answers_and_the_worker_is_told(
    world, contact, django_capture_on_commit_callbacks
):
    request = send(world, screened(world, contact))
    with django_capture_on_commit_callbacks(execute=True):
        answered = information_request_respond(
            request=request,
            actor=world.police_rep,
            response="Two domestic incidents at the address in March.",
            expected_version=request.version,
        )
    assert answered.status == RequestStatus.ANSWERED
    assert answered.responded_by == world.police_rep
    assert answered.version == request.version + 1
    row = _audit(request, "information_request.answered").get()
    assert row.actor == world.police_rep
    assert row.summary["late"] is False
    event = contact.events.get(kind=EventKind.RESPONSE)
    assert event.summary == "Test Police answered"
    assert event.detail == "Two domestic incidents at the address in March."
    assert OutboxMessage.objects.filter(to_email=world.social_worker.email).exists()


def test_a_representative_of_another_agency_cannot_answer(world, contact):
    request = send(world, screened(world, contact))
    _, health_rep = health_with_rep(world)
    for wrong in (health_rep, world.social_worker, world.referrer):
        with pytest.raises(ApplicationError, match="Only a MASH representative of the agency"):
            information_request_respond(request=request, actor=wrong, response="Nothing known.")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert not _audit(request, "information_request.answered").exists()


def test_an_empty_answer_is_refused(world, contact):
    request = send(world, screened(world, contact))
    with pytest.raises(ApplicationError, match="Enter your agency's answer"):
        information_request_respond(request=request, actor=world.police_rep, response=" ")


def test_an_answered_or_withdrawn_request_cannot_be_answered_again(world, contact):
    request = send(world, screened(world, contact))
    information_request_respond(request=request, actor=world.police_rep, response="Not known.")
    with pytest.raises(ApplicationError, match="already been answered"):
        information_request_respond(request=request, actor=world.police_rep, response="Again.")
    with pytest.raises(ApplicationError, match="already been answered, so it cannot be withdrawn"):
        information_request_withdraw(request=request, actor=world.social_worker, reason="Done")
    health, health_rep = health_with_rep(world)
    other = send(world, contact, agency=health)
    information_request_withdraw(request=other, actor=world.social_worker, reason="Not needed")
    with pytest.raises(ApplicationError, match="was withdrawn"):
        information_request_respond(request=other, actor=health_rep, response="Not known.")


def test_a_stale_request_version_is_refused(world, contact):
    request = send(world, screened(world, contact))
    seen = request.version
    information_request_respond(request=request, actor=world.police_rep, response="First answer.")
    with pytest.raises(ConflictError, match="This request changed"):
        information_request_respond(
            request=request, actor=world.police_rep, response="Second.", expected_version=seen
        )
    request.refresh_from_db()
    assert request.response == "First answer."


def test_a_late_answer_is_recorded_as_late_and_resolves_the_breach(world, contact):
    request = make_overdue(send(world, screened(world, contact)))
    breach = Breach.objects.create(
        kind=BreachKind.REQUEST,
        contact=contact,
        information_request=request,
        due_at=request.due_at,
    )
    information_request_respond(request=request, actor=world.police_rep, response="Late answer.")
    breach.refresh_from_db()
    assert breach.resolved_at is not None
    row = _audit(request, "information_request.answered").get()
    assert row.summary == {"contact": contact.pk, "late": True, "breach_resolved": True}
    assert contact.events.get(kind=EventKind.RESPONSE).summary == "Test Police answered (late)"


def test_a_worker_withdraws_a_request_with_a_reason(world, contact):
    request = send(world, screened(world, contact))
    contact.refresh_from_db()
    before = contact.version
    with pytest.raises(ApplicationError, match="Enter why the request is being withdrawn"):
        information_request_withdraw(request=request, actor=world.contact_officer, reason="")
    withdrawn = information_request_withdraw(
        request=request, actor=world.contact_officer, reason="Police already shared this by phone"
    )
    assert withdrawn.status == RequestStatus.WITHDRAWN
    contact.refresh_from_db()
    assert contact.version == before + 1
    row = _audit(request, "information_request.withdrawn").get()
    assert row.actor == world.contact_officer
    assert row.summary["reason"] == "Police already shared this by phone"
    assert contact.events.filter(summary="Request to Test Police withdrawn").exists()


def test_representatives_and_referrers_cannot_withdraw(world, contact):
    request = send(world, screened(world, contact))
    for wrong in (world.police_rep, world.referrer, world.auditor):
        with pytest.raises(ApplicationError, match="Only front-door workers"):
            information_request_withdraw(request=request, actor=wrong, reason="No")
    assert not _audit(request, "information_request.withdrawn").exists()
