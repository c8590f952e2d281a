"""Who may see and do quality work (the one access gate of each quality record).

Case audits, audit templates, dip samples and decision analytics:
- Quality leads (`audits`) see and do all of it, across teams and agencies: they audit, keep the
  templates, draw samples and moderate (never their own audit).
- The worker whose case was audited sees that audit once it is completed, and responds; owners
  of an audit's actions see it too, to mark them done. Nobody else sees audits.

- Building and running an exercise (vignettes, invitations, opening, closing, notes), and every
  exercise's progress and results: quality leads (`audits`), across teams and agencies.
- Taking part: the invited participants only, once the exercise is open. A participant sees the
  vignettes and their own answers; nobody (the lead included) sees anyone's answers until the
  exercise closes, and then participants see the results.
- Who may be invited: MASH staff (`sees_front_door`) and agency representatives
  (`answers_agency_requests`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openmash.core.access import record_read, record_refused
from openmash.quality.models import (
    AuditState,
    AuditTemplate,
    CalibrationExercise,
    CaseAudit,
    DipSample,
    ExerciseState,
    Participant,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def can_run_calibration(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("audits"))


def can_take_part_in_calibration(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            user.has_capability("sees_front_door") or user.has_capability("answers_agency_requests")
        )
    )


def exercises_visible_to(user: User | AnonymousUser) -> QuerySet[CalibrationExercise]:
    if not user.is_authenticated:
        return CalibrationExercise.objects.none()
    if can_run_calibration(user):
        return CalibrationExercise.objects.all()
    return CalibrationExercise.objects.filter(
        ~Q(state=ExerciseState.DRAFT), participants__user=user
    ).distinct()


def participation_of(
    user: User | AnonymousUser, exercise: CalibrationExercise
) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(exercise=exercise, user=user).first()


def can_see_answers(user: User | AnonymousUser, exercise: CalibrationExercise) -> bool:
    """Everyone's answers and the results: only once the exercise has closed."""
    return exercise.state == ExerciseState.CLOSED and (
        can_run_calibration(user) or participation_of(user, exercise) is not None
    )


def exercise_get_for_user(
    user: User, exercise_id: int, *, for_change: bool = False
) -> CalibrationExercise:
    """The access gate for one exercise: returns it and logs the read, or raises Http404 (missing
    or not visible) or, for a change, PermissionDenied (a participant who does not run it)."""
    exercise = (
        exercises_visible_to(user).select_related("created_by").filter(pk=exercise_id).first()
    )
    if exercise is None:
        record_refused(user, CalibrationExercise, exercise_id, why="not visible")
        raise Http404("No such calibration exercise")
    record_read(user, exercise)
    if for_change and not can_run_calibration(user):
        raise PermissionDenied
    return exercise


# Case audits, templates and dip samples -----------------------------------------------------


def can_audit(user: User | AnonymousUser) -> bool:
    return can_run_calibration(user)


def audits_visible_to(user: User | AnonymousUser) -> QuerySet[CaseAudit]:
    if not user.is_authenticated:
        return CaseAudit.objects.none()
    if can_audit(user):
        return CaseAudit.objects.all()
    finished = [AuditState.COMPLETED, AuditState.MODERATED]
    return CaseAudit.objects.filter(
        Q(worker=user) | Q(actions__owner=user), state__in=finished
    ).distinct()


def audit_get_for_user(user: User, audit_id: int, *, for_change: bool = False) -> CaseAudit:
    """The access gate for one case audit: the same 404 for missing and not visible; a change
    (answers, grade, actions, moderation) needs a quality lead. The worker's response and an
    action owner's "done" are checked by their services."""
    audit = (
        audits_visible_to(user)
        .select_related("contact", "worker", "auditor", "moderator", "template_version", "sample")
        .filter(pk=audit_id)
        .first()
    )
    if audit is None:
        record_refused(user, CaseAudit, audit_id, why="not visible")
        raise Http404("No such case audit")
    record_read(user, audit)
    if for_change and not can_audit(user):
        raise PermissionDenied
    return audit


def template_get_for_user(user: User, template_id: int) -> AuditTemplate:
    """Audit templates are the quality leads' alone."""
    template = AuditTemplate.objects.filter(pk=template_id).first() if can_audit(user) else None
    if template is None:
        record_refused(user, AuditTemplate, template_id, why="not visible")
        raise Http404("No such audit template")
    record_read(user, template)
    return template


def sample_get_for_user(user: User, sample_id: int) -> DipSample:
    """Dip samples are the quality leads' alone."""
    sample = (
        DipSample.objects.select_related("template_version", "drawn_by")
        .filter(pk=sample_id)
        .first()
        if can_audit(user)
        else None
    )
    if sample is None:
        record_refused(user, DipSample, sample_id, why="not visible")
        raise Http404("No such dip sample")
    record_read(user, sample)
    return sample
