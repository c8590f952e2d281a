"""Who may see and do quality work (the one access gate of calibration exercises).

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
from openmash.quality.models import CalibrationExercise, ExerciseState, Participant

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
