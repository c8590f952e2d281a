"""Reads of calibration exercises: progress, a participant's own answers, and the results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from openmash.frontdoor.models import ChildOutcome
from openmash.quality.agreement import (
    Estimate,
    distance_from_mode,
    fleiss_kappa_estimate,
    krippendorff_alpha_estimate,
    modal_answers,
    unit_agreement,
)
from openmash.quality.models import (
    Answer,
    CalibrationExercise,
    ExerciseState,
    Participant,
    Vignette,
)
from openmash.quality.permissions import can_run_calibration, exercises_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def exercise_list(user: User | AnonymousUser) -> QuerySet[CalibrationExercise]:
    # An aggregate drops Meta.ordering, so the order is given again (stable pages).
    return (
        exercises_visible_to(user)
        .annotate(
            vignette_count=Count("vignettes", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def participants_eligible() -> QuerySet[User]:
    """MASH staff and agency representatives, for the invitation's list."""
    from openmash.accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .filter(Q(roles__sees_front_door=True) | Q(roles__answers_agency_requests=True))
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "full_name")
    )


def exercise_vignettes(exercise: CalibrationExercise) -> list[Vignette]:
    return list(exercise.vignettes.select_related("reviewed_by").order_by("position"))


def exercise_participants(exercise: CalibrationExercise) -> list[Participant]:
    """Who takes part and how many vignettes each has answered (never what they answered)."""
    return list(
        exercise.participants.select_related("user", "agency")
        .annotate(answered=Count("answers"))
        .order_by("agency__name", "user__full_name")
    )


def answers_of(participant: Participant) -> dict[int, Answer]:
    return {a.vignette_id: a for a in participant.answers.all()}


@dataclass
class VignetteResult:
    vignette: Vignette
    answers: int
    level_agreement: float | None
    outcome_agreement: float | None
    modal_levels: list[int]
    modal_outcomes: list[str]
    levels: dict[Hashable, int]
    outcomes: dict[Hashable, int]


@dataclass
class ParticipantResult:
    participant: Participant
    answered: int
    level_distance: float | None  # mean levels from the modal level
    outcome_differs: float | None  # share of vignettes answered away from the modal outcome


@dataclass
class GroupResult:
    name: str
    participants: int
    level_distance: float | None
    outcome_differs: float | None


@dataclass
class ExerciseResults:
    answers: int
    fleiss_kappa_levels: Estimate
    fleiss_kappa_outcomes: Estimate
    krippendorff_alpha_nominal: Estimate
    krippendorff_alpha_ordinal: Estimate
    vignettes: list[VignetteResult] = field(default_factory=list)
    participants: list[ParticipantResult] = field(default_factory=list)
    agencies: list[GroupResult] = field(default_factory=list)
    teams: list[GroupResult] = field(default_factory=list)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _grouped(results: list[ParticipantResult], key: str) -> list[GroupResult]:
    groups: dict[str, list[ParticipantResult]] = defaultdict(list)
    for result in results:
        p = result.participant
        groups[p.agency.name if key == "agency" else (p.team_name or "No team")].append(result)
    return [
        GroupResult(
            name=name,
            participants=len(members),
            level_distance=_mean(
                [m.level_distance for m in members if m.level_distance is not None]
            ),
            outcome_differs=_mean(
                [m.outcome_differs for m in members if m.outcome_differs is not None]
            ),
        )
        for name, members in sorted(groups.items())
    ]


def exercise_results(exercise: CalibrationExercise, *, resamples: int = 1000) -> ExerciseResults:
    """Agreement over every answer: callers show it only once the exercise has closed
    (permissions.can_see_answers)."""
    vignettes = exercise_vignettes(exercise)
    participants = list(exercise.participants.select_related("user", "agency").order_by("pk"))
    given: dict[tuple[int, int], Answer] = {
        (a.vignette_id, a.participant_id): a
        for a in Answer.objects.filter(vignette__exercise=exercise)
    }
    levels: list[list[Hashable | None]] = []
    outcomes: list[list[Hashable | None]] = []
    for v in vignettes:
        row = [given.get((v.pk, p.pk)) for p in participants]
        levels.append([a.level if a else None for a in row])
        outcomes.append([a.outcome if a else None for a in row])
    seed = exercise.seed
    results = ExerciseResults(
        answers=len(given),
        fleiss_kappa_levels=fleiss_kappa_estimate(levels, resamples=resamples, seed=seed),
        fleiss_kappa_outcomes=fleiss_kappa_estimate(outcomes, resamples=resamples, seed=seed),
        krippendorff_alpha_nominal=krippendorff_alpha_estimate(
            outcomes, level="nominal", resamples=resamples, seed=seed
        ),
        krippendorff_alpha_ordinal=krippendorff_alpha_estimate(
            levels, level="ordinal", resamples=resamples, seed=seed
        ),
    )
    level_modes = [modal_answers(row) for row in levels]
    outcome_modes = [modal_answers(row) for row in outcomes]
    for v, level_row, outcome_row, lm, om in zip(
        vignettes, levels, outcomes, level_modes, outcome_modes, strict=True
    ):
        results.vignettes.append(
            VignetteResult(
                vignette=v,
                answers=sum(1 for x in level_row if x is not None),
                level_agreement=unit_agreement(level_row),
                outcome_agreement=unit_agreement(outcome_row),
                modal_levels=sorted(int(str(x)) for x in lm),
                modal_outcomes=sorted(str(x) for x in om),
                levels=_tally(level_row),
                outcomes={
                    ChildOutcome(str(code)).label: n for code, n in _tally(outcome_row).items()
                },
            )
        )
    for column, p in enumerate(participants):
        level_d = [
            distance_from_mode(row[column], modes, ordinal=True)
            for row, modes in zip(levels, level_modes, strict=True)
        ]
        outcome_d = [
            distance_from_mode(row[column], modes, ordinal=False)
            for row, modes in zip(outcomes, outcome_modes, strict=True)
        ]
        results.participants.append(
            ParticipantResult(
                participant=p,
                answered=sum(1 for d in level_d if d is not None),
                level_distance=_mean([d for d in level_d if d is not None]),
                outcome_differs=_mean([d for d in outcome_d if d is not None]),
            )
        )
    results.agencies = _grouped(results.participants, "agency")
    results.teams = _grouped(results.participants, "team")
    return results


def _tally(row: list[Hashable | None]) -> dict[Hashable, int]:
    counts: dict[Hashable, int] = {}
    for value in row:
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: str(item[0])))


def calibration_home_section(user: User) -> dict[str, Any] | None:
    """On the home page: exercises waiting for the user's answers (with how many they have
    given), and for a quality lead a way in to all of them."""
    runs = can_run_calibration(user)
    waiting = [
        {"exercise": p.exercise, "answered": p.answered, "vignettes": p.vignettes}
        for p in Participant.objects.filter(user=user, exercise__state=ExerciseState.OPEN)
        .select_related("exercise")
        .annotate(
            answered=Count("answers", distinct=True),
            vignettes=Count("exercise__vignettes", distinct=True),
        )
        .order_by("exercise__opened_at")
    ]
    if not waiting and not runs:
        return None
    return {"waiting": waiting, "runs": runs}
