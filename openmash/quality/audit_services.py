"""Every change to audit templates, case audits and dip samples: one service each, atomic,
audited (docs/quality.md)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import Decision
from openmash.quality.models import (
    AuditAction,
    AuditAnswer,
    AuditState,
    AuditTemplate,
    AuditTemplateVersion,
    CaseAudit,
    DipSample,
    Grade,
    SampleAssignment,
)
from openmash.quality.permissions import can_audit
from openmash.quality.sampling import SampleCriteria, sample_pick, sample_population
from openmash.quality.verbs import AuditVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


@dataclass(frozen=True)
class Question:
    text: str
    guidance: str = ""


def _clean_questions(questions: list[Question]) -> list[dict[str, str]]:
    cleaned = [
        {"text": q.text.strip(), "guidance": q.guidance.strip()}
        for q in questions
        if q.text.strip()
    ]
    if not cleaned:
        raise ApplicationError("Enter at least one question", field="questions")
    return cleaned


def _clean_title(title: str) -> str:
    if not title.strip():
        raise ApplicationError("Enter a title", field="title")
    return title.strip()[:200]


@transaction.atomic
def template_create(
    *, actor: User, title: str, questions: list[Question], description: str = ""
) -> AuditTemplate:
    template = AuditTemplate.objects.create(created_by=actor)
    AuditTemplateVersion.objects.create(
        template=template,
        number=1,
        title=_clean_title(title),
        description=description.strip(),
        questions=_clean_questions(questions),
        created_by=actor,
    )
    audit_record(actor=actor, verb=AuditVerb.TEMPLATE_CREATED, target=template)
    return template


@transaction.atomic
def template_revise(
    *,
    template: AuditTemplate,
    actor: User,
    title: str,
    questions: list[Question],
    description: str = "",
) -> AuditTemplateVersion:
    """An edit adds a version; audits already begun keep the version they used."""
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    last = template.versions.aggregate(last=Max("number"))["last"] or 0
    version = AuditTemplateVersion.objects.create(
        template=template,
        number=last + 1,
        title=_clean_title(title),
        description=description.strip(),
        questions=_clean_questions(questions),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.TEMPLATE_REVISED,
        target=template,
        summary={"version": version.number},
    )
    return version


def _worker_of(contact: Contact) -> User | None:
    decision = (
        Decision.objects.filter(contact=contact)
        .select_related("proposed_by")
        .order_by("-pk")
        .first()
    )
    if decision is not None:
        return decision.proposed_by
    return contact.allocated_to


def _must_audit(user: User) -> None:
    if not can_audit(user):
        raise ApplicationError("Only quality leads audit cases.")


@transaction.atomic
def audit_start(
    *,
    actor: User,
    contact: Contact,
    template: AuditTemplate,
    auditor: User | None = None,
    worker: User | None = None,
) -> CaseAudit:
    """Begin an audit of a contact with the template's current version."""
    auditor = auditor or actor
    _must_audit(actor)
    _must_audit(auditor)
    audit = CaseAudit.objects.create(
        template_version=template.current,
        contact=contact,
        worker=worker or _worker_of(contact),
        auditor=auditor,
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.AUDIT_STARTED,
        target=audit,
        summary={"contact": contact.reference, "auditor": auditor.pk},
    )
    return audit


def _must_be_auditor_in_progress(audit: CaseAudit, actor: User) -> None:
    if audit.auditor_id != actor.pk:
        raise ApplicationError("Only the audit's own auditor can change its answers and grade.")
    if audit.state != AuditState.IN_PROGRESS:
        raise ApplicationError("This audit is completed: its answers and grade are final.")


@transaction.atomic
def audit_answers_record(
    *, audit: CaseAudit, actor: User, answers: list[tuple[str, str]]
) -> CaseAudit:
    """Save the answer and finding to each question (by position); a blank answer is left
    unanswered."""
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    _must_be_auditor_in_progress(audit, actor)
    questions = audit.template_version.questions
    if len(answers) != len(questions):
        raise ApplicationError(f"Give {len(questions)} answers, one for each question.")
    for position, (answer, finding) in enumerate(answers, start=1):
        if answer.strip():
            AuditAnswer.objects.update_or_create(
                audit=audit,
                position=position,
                defaults={"answer": answer.strip(), "finding": finding.strip()},
            )
        else:
            AuditAnswer.objects.filter(audit=audit, position=position).delete()
    audit_record(actor=actor, verb=AuditVerb.AUDIT_ANSWERS_RECORDED, target=audit)
    return audit


@transaction.atomic
def audit_complete(*, audit: CaseAudit, actor: User, grade: str, summary: str) -> CaseAudit:
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    _must_be_auditor_in_progress(audit, actor)
    if grade not in Grade.values:
        raise ApplicationError("Select an overall grade", field="grade")
    if not summary.strip():
        raise ApplicationError("Enter a summary of the findings", field="summary")
    asked = len(audit.template_version.questions)
    if audit.answers.count() < asked:
        raise ApplicationError("Answer every question before you complete the audit.")
    audit.state = AuditState.COMPLETED
    audit.grade = grade
    audit.summary = summary.strip()
    audit.completed_at = timezone.now()
    audit.save(update_fields=["state", "grade", "summary", "completed_at"])
    audit_record(
        actor=actor, verb=AuditVerb.AUDIT_COMPLETED, target=audit, summary={"grade": grade}
    )
    return audit


@transaction.atomic
def audit_action_add(
    *, audit: CaseAudit, actor: User, text: str, owner: User, due_on: date
) -> AuditAction:
    _must_audit(actor)
    if not text.strip():
        raise ApplicationError("Enter the action", field="text")
    if not owner.is_active:
        raise ApplicationError("Select an active owner for the action", field="owner")
    action = AuditAction.objects.create(
        audit=audit, text=text.strip(), owner=owner, due_on=due_on, added_by=actor
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.AUDIT_ACTION_ADDED,
        target=audit,
        summary={"action": action.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def audit_action_done(*, action: AuditAction, actor: User) -> AuditAction:
    action = AuditAction.objects.select_for_update().get(pk=action.pk)
    if action.owner_id != actor.pk and not can_audit(actor):
        raise ApplicationError("Only the action's owner or a quality lead can mark it done.")
    if action.done_at is not None:
        raise ApplicationError("This action is already done.")
    action.done_at, action.done_by = timezone.now(), actor
    action.save(update_fields=["done_at", "done_by"])
    audit_record(
        actor=actor,
        verb=AuditVerb.AUDIT_ACTION_DONE,
        target=action.audit,
        summary={"action": action.pk},
    )
    return action


@transaction.atomic
def audit_respond(*, audit: CaseAudit, actor: User, response: str) -> CaseAudit:
    """The worker whose case it is answers the audit's findings (they may change it later)."""
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.worker_id != actor.pk:
        raise ApplicationError("Only the worker whose case was audited can respond.")
    if audit.state == AuditState.IN_PROGRESS:
        raise ApplicationError("You can respond once the audit is completed.")
    if not response.strip():
        raise ApplicationError("Enter your response", field="response")
    audit.worker_response = response.strip()
    audit.responded_at = timezone.now()
    audit.save(update_fields=["worker_response", "responded_at"])
    audit_record(actor=actor, verb=AuditVerb.AUDIT_RESPONDED, target=audit)
    return audit


@transaction.atomic
def audit_moderate(
    *, audit: CaseAudit, actor: User, agrees: bool, reason: str, grade: str = ""
) -> CaseAudit:
    """A second quality lead agrees or disagrees with the grade; the moderated grade is the
    audit's final grade."""
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    _must_audit(actor)
    if audit.auditor_id == actor.pk:
        raise ApplicationError("An auditor cannot moderate their own audit.")
    if audit.state != AuditState.COMPLETED:
        raise ApplicationError(
            "Only a completed audit that has not been moderated can be moderated."
        )
    if agrees:
        grade = audit.grade
    else:
        if grade not in Grade.values:
            raise ApplicationError("Select the grade you would give", field="grade")
        if grade == audit.grade:
            raise ApplicationError(
                "Select a different grade, or agree with the auditor's", field="grade"
            )
        if not reason.strip():
            raise ApplicationError("Enter why you disagree with the grade", field="reason")
    audit.state = AuditState.MODERATED
    audit.moderator = actor
    audit.moderation_agrees = agrees
    audit.moderation_reason = reason.strip()
    audit.moderated_grade = grade
    audit.moderated_at = timezone.now()
    audit.save(
        update_fields=[
            "state",
            "moderator",
            "moderation_agrees",
            "moderation_reason",
            "moderated_grade",
            "moderated_at",
        ]
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.AUDIT_MODERATED,
        target=audit,
        summary={"agrees": agrees, "grade": audit.grade, "moderated_grade": grade},
    )
    return audit


@transaction.atomic
def sample_draw(
    *,
    actor: User,
    title: str,
    template: AuditTemplate,
    criteria: SampleCriteria,
    seed: int,
    auditors: list[User],
    assignment: str = SampleAssignment.ROUND_ROBIN,
) -> DipSample:
    """Draw the sample and make each sampled decision a case audit to do, shared between the
    auditors in turn (in the order given) or all given to the one chosen."""
    _must_audit(actor)
    if assignment not in SampleAssignment.values:
        raise ApplicationError("Select how to assign the audits", field="assignment")
    if not auditors:
        raise ApplicationError("Select at least one auditor", field="auditors")
    if assignment == SampleAssignment.CHOSEN and len(auditors) != 1:
        raise ApplicationError("Select the one auditor to give the audits to", field="auditors")
    for auditor in auditors:
        if not can_audit(auditor):
            raise ApplicationError(f"{auditor.full_name} is not a quality lead", field="auditors")
    if not 0 <= seed < 2**63:
        raise ApplicationError("Enter a seed between 0 and 9223372036854775807", field="seed")
    population = sample_population(criteria)
    if not population:
        raise ApplicationError("No authorised decisions match these criteria.")
    picked = sample_pick(population, seed=seed, criteria=criteria)
    sample = DipSample.objects.create(
        title=_clean_title(title),
        template_version=template.current,
        criteria=criteria.as_json(),
        seed=seed,
        assignment=assignment,
        population=len(population),
        drawn_by=actor,
    )
    decisions = Decision.objects.select_related("contact", "proposed_by").in_bulk(picked)
    for decision_id, auditor in zip(picked, itertools.cycle(auditors), strict=False):
        decision = decisions[decision_id]
        CaseAudit.objects.create(
            template_version=sample.template_version,
            contact=decision.contact,
            decision=decision,
            sample=sample,
            worker=decision.proposed_by,
            auditor=auditor,
        )
    audit_record(
        actor=actor,
        verb=AuditVerb.SAMPLE_DRAWN,
        target=sample,
        summary={"seed": seed, "criteria": sample.criteria, "drawn": len(picked)},
    )
    return sample
