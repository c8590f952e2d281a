"""Audit templates (versioned), case audits: answers, grade, actions, the worker's response,
moderation by a second auditor, and the findings on the chronology."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.quality.audit_services import (
    Question,
    audit_action_add,
    audit_action_done,
    audit_answers_record,
    audit_complete,
    audit_moderate,
    audit_respond,
    audit_start,
    template_revise,
)
from openmash.quality.chronology import audit_person_events
from openmash.quality.models import AuditState, CaseAudit
from openmash.quality.permissions import audits_visible_to
from tests.conftest import World
from tests.quality.audit_helpers import QUESTIONS, a_template, decided, second_auditor


def _audited(verb: str) -> int:
    return AuditEvent.objects.filter(verb=f"quality.{verb}").count()


def completed_audit(world: World, *, grade: str = "good") -> CaseAudit:
    decision = decided(world)
    audit = audit_start(actor=world.auditor, contact=decision.contact, template=a_template(world))
    audit_answers_record(
        audit=audit,
        actor=world.auditor,
        answers=[("Yes", "Level 2 was right"), ("Partly", "Her words are missing")],
    )
    return audit_complete(
        audit=audit, actor=world.auditor, grade=grade, summary="Sound decision, thin voice"
    )


def test_editing_a_template_adds_a_version_and_audits_keep_theirs(world: World) -> None:
    template = a_template(world)
    contact = decided(world).contact
    first = audit_start(actor=world.auditor, contact=contact, template=template)
    version = template_revise(
        template=template,
        actor=world.auditor,
        title="Front door decisions (2027)",
        questions=[*QUESTIONS, Question("Was consent considered?")],
    )
    second = audit_start(actor=world.auditor, contact=contact, template=template)
    assert version.number == 2
    assert template.versions.count() == 2
    assert first.template_version.number == 1
    assert len(first.template_version.questions) == 2
    assert second.template_version == version
    assert len(second.template_version.questions) == 3
    assert _audited("template_created") == 1
    assert _audited("template_revised") == 1


def test_a_template_needs_a_question(world: World) -> None:
    template = a_template(world)
    with pytest.raises(ApplicationError, match="at least one question"):
        template_revise(
            template=template, actor=world.auditor, title="T", questions=[Question(" ")]
        )
    assert template.versions.count() == 1


def test_the_worker_is_the_proposer_of_the_audited_decision(world: World) -> None:
    decision = decided(world, worker=world.contact_officer)
    audit = audit_start(actor=world.auditor, contact=decision.contact, template=a_template(world))
    assert audit.worker == world.contact_officer
    assert audit.state == AuditState.IN_PROGRESS
    assert _audited("audit_started") == 1


def test_an_audit_cannot_be_completed_until_every_question_is_answered(world: World) -> None:
    audit = audit_start(
        actor=world.auditor, contact=decided(world).contact, template=a_template(world)
    )
    audit_answers_record(audit=audit, actor=world.auditor, answers=[("Yes", ""), ("", "")])
    with pytest.raises(ApplicationError, match="Answer every question"):
        audit_complete(audit=audit, actor=world.auditor, grade="good", summary="Fine")
    audit.refresh_from_db()
    assert audit.state == AuditState.IN_PROGRESS
    assert audit.grade == ""


def test_only_the_auditor_records_answers(world: World) -> None:
    audit = audit_start(
        actor=world.auditor, contact=decided(world).contact, template=a_template(world)
    )
    with pytest.raises(ApplicationError, match="own auditor"):
        audit_answers_record(
            audit=audit, actor=second_auditor(world), answers=[("Yes", ""), ("No", "")]
        )
    assert audit.answers.count() == 0


def test_audit_response_and_moderation_flow(world: World) -> None:
    audit = completed_audit(world)
    assert audit.state == AuditState.COMPLETED
    # The worker sees it once completed, and responds.
    assert audits_visible_to(world.social_worker).filter(pk=audit.pk).exists()
    audit_respond(audit=audit, actor=world.social_worker, response="I agree; I will ask her")
    moderator = second_auditor(world)
    audit = audit_moderate(
        audit=audit,
        actor=moderator,
        agrees=False,
        reason="The missing voice makes it requires improvement",
        grade="requires_improvement",
    )
    audit.refresh_from_db()
    assert audit.state == AuditState.MODERATED
    assert audit.grade == "good"
    assert audit.moderated_grade == "requires_improvement"
    assert audit.final_grade == "requires_improvement"
    assert audit.moderator == moderator
    assert audit.worker_response == "I agree; I will ask her"
    for verb in ("audit_completed", "audit_responded", "audit_moderated"):
        assert _audited(verb) == 1
    moderated = AuditEvent.objects.get(verb="quality.audit_moderated")
    assert moderated.summary["moderated_grade"] == "requires_improvement"


def test_an_auditor_cannot_moderate_their_own_audit(world: World) -> None:
    audit = completed_audit(world)
    with pytest.raises(ApplicationError, match="cannot moderate their own"):
        audit_moderate(audit=audit, actor=world.auditor, agrees=True, reason="")
    audit.refresh_from_db()
    assert audit.state == AuditState.COMPLETED
    assert _audited("audit_moderated") == 0


def test_a_worker_cannot_moderate(world: World) -> None:
    audit = completed_audit(world)
    with pytest.raises(ApplicationError, match="quality leads"):
        audit_moderate(audit=audit, actor=world.manager, agrees=True, reason="")


def test_agreeing_keeps_the_grade_and_disagreeing_needs_a_reason(world: World) -> None:
    audit = completed_audit(world, grade="outstanding")
    moderator = second_auditor(world)
    with pytest.raises(ApplicationError, match="why you disagree"):
        audit_moderate(audit=audit, actor=moderator, agrees=False, reason=" ", grade="good")
    with pytest.raises(ApplicationError, match="different grade"):
        audit_moderate(audit=audit, actor=moderator, agrees=False, reason="No", grade="outstanding")
    audit = audit_moderate(audit=audit, actor=moderator, agrees=True, reason="")
    assert audit.moderated_grade == "outstanding"
    with pytest.raises(ApplicationError, match="not been moderated"):
        audit_moderate(audit=audit, actor=moderator, agrees=True, reason="")


def test_only_the_worker_responds(world: World) -> None:
    audit = completed_audit(world)
    with pytest.raises(ApplicationError, match="Only the worker"):
        audit_respond(audit=audit, actor=world.manager, response="Not mine")


def test_the_worker_does_not_see_an_audit_in_progress(world: World) -> None:
    audit = audit_start(
        actor=world.auditor, contact=decided(world).contact, template=a_template(world)
    )
    assert not audits_visible_to(world.social_worker).filter(pk=audit.pk).exists()
    with pytest.raises(ApplicationError, match="once the audit is completed"):
        audit_respond(audit=audit, actor=world.social_worker, response="Early")
    for outsider in (world.manager, world.referrer, world.police_rep):
        assert not audits_visible_to(outsider).exists()


@pytest.mark.clock
def test_actions_have_an_owner_and_due_date_and_the_owner_marks_them_done(world: World) -> None:
    audit = completed_audit(world)
    due = timezone.localdate() + timedelta(days=14)
    action = audit_action_add(
        audit=audit,
        actor=world.auditor,
        text="Add the child's views",
        owner=world.manager,
        due_on=due,
    )
    # The action's owner sees the audit to mark it done; others may not.
    assert audits_visible_to(world.manager).filter(pk=audit.pk).exists()
    with pytest.raises(ApplicationError, match="owner or a quality lead"):
        audit_action_done(action=action, actor=world.contact_officer)
    action = audit_action_done(action=action, actor=world.manager)
    assert action.done_by == world.manager
    assert action.done_at is not None
    assert _audited("audit_action_added") == 1
    assert _audited("audit_action_done") == 1


def test_audit_findings_appear_on_the_chronology_of_the_people_named(world: World) -> None:
    audit = completed_audit(world)
    audit_moderate(audit=audit, actor=second_auditor(world), agrees=True, reason="Fair")
    subject = audit.contact.contact_subjects.exclude(person=None).first()
    assert subject is not None
    assert subject.person_id is not None
    person_id: int = subject.person_id
    events = list(audit_person_events(world.auditor, [person_id]))
    kinds = [e.kind for e in events]
    assert kinds == ["quality.audit_completed", "quality.audit_moderated"]
    assert "good" in events[0].summary
    assert events[0].url.endswith(f"/audits/{audit.pk}/")
    # The worker whose case it is sees them; a colleague who may not see the audit does not.
    assert len(list(audit_person_events(world.social_worker, [person_id]))) == 2
    assert list(audit_person_events(world.contact_officer, [person_id])) == []
