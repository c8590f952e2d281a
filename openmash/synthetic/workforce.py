"""Teams and workers, sized from the expected volumes, and their calibration exercises."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from openmash.synthetic.decisions import DecisionModel
from openmash.synthetic.names import NameBook, Weighted
from openmash.synthetic.params import (
    ASSESSMENTS_PER_SOCIAL_WORKER,
    CONCERNS_PER_ADULT_WORKER,
    CONTACTS_PER_MASH_DECIDER,
    SEVERITY_MEAN,
    TARGET_CONVERSION,
    VIGNETTES_PER_EXERCISE,
    WORKER_BIAS_SD,
    source_group,
)
from openmash.synthetic.records import CalibrationRating, Worker
from openmash.synthetic.sampling import below

# Expected yearly volumes per child in the population (used only to size the teams).
CONTACTS_PER_CHILD = 520 / 10_000 / TARGET_CONVERSION
ASSESSMENTS_PER_CHILD = 520 / 10_000
ADULT_CONCERNS_PER_CHILD = 0.048
DECIDERS_PER_TEAM = 6


@dataclass(frozen=True, slots=True)
class Team:
    team_id: str
    name: str
    service: str
    manager: Worker
    deciders: tuple[Worker, ...]
    support: tuple[Worker, ...]

    @property
    def members(self) -> tuple[Worker, ...]:
        return (self.manager, *self.deciders, *self.support)


class Workforce:
    def __init__(self, seed: int, names: NameBook, child_target: int) -> None:
        self._rng = Random(f"{seed}:workforce")
        self._names = names
        self._worker_count = 0
        self.mash = self._teams(
            "children_mash",
            "MASH team",
            child_target * CONTACTS_PER_CHILD / (CONTACTS_PER_MASH_DECIDER * DECIDERS_PER_TEAM),
        )
        self.assessment = self._teams(
            "assessment",
            "Assessment team",
            child_target
            * ASSESSMENTS_PER_CHILD
            / (ASSESSMENTS_PER_SOCIAL_WORKER * DECIDERS_PER_TEAM),
        )
        self.adults = self._teams(
            "adults_mash",
            "Adult safeguarding team",
            child_target
            * ADULT_CONCERNS_PER_CHILD
            / (CONCERNS_PER_ADULT_WORKER * DECIDERS_PER_TEAM),
        )

    @property
    def teams(self) -> list[Team]:
        return [*self.mash, *self.assessment, *self.adults]

    def workers(self) -> list[Worker]:
        return [worker for team in self.teams for worker in team.members]

    @staticmethod
    def team_for(teams: list[Team], district_index: int) -> Team:
        return teams[district_index % len(teams)]

    def _teams(self, service: str, label: str, needed: float) -> list[Team]:
        return [self._team(service, f"{label} {i + 1}") for i in range(max(1, math.ceil(needed)))]

    def _team(self, service: str, name: str) -> Team:
        team_id = f"T{service[:2].upper()}{self._worker_count:06d}"
        roles = {
            "children_mash": ("senior_practitioner",) * 2 + ("social_worker",) * 4,
            "assessment": ("social_worker",) * DECIDERS_PER_TEAM,
            "adults_mash": ("senior_practitioner",) + ("social_worker",) * 5,
        }[service]
        biases = [self._rng.gauss(0.0, WORKER_BIAS_SD) for _ in roles]
        centre = sum(biases) / len(biases)  # each team's average threshold is the national one
        deciders = tuple(
            self._worker(team_id, name, service, role, bias - centre)
            for role, bias in zip(roles, biases, strict=True)
        )
        support: tuple[Worker, ...] = ()
        if service == "children_mash":
            support = tuple(
                self._worker(team_id, name, service, "contact_officer", 0.0) for _ in range(2)
            )
        manager = self._worker(team_id, name, service, "team_manager", 0.0)
        return Team(team_id, name, service, manager, deciders, support)

    def _worker(self, team_id: str, team: str, service: str, role: str, bias: float) -> Worker:
        self._worker_count += 1
        rng = self._rng
        culture = self._names.culture_for(rng, self._names.adult_ethnicity.pick(rng))
        sex = "F" if rng.random() < 0.82 else "M"  # the children's workforce is mostly women
        given = self._names.given_name(rng, culture, sex, 1975 + below(rng, 30))
        family = self._names.family_name(rng, culture, sex)
        return Worker(
            f"W{self._worker_count:06d}",
            team_id,
            team,
            service,
            role,
            given,
            family,
            round(bias, 3),
        )


def calibration_exercises(
    seed: int, workforce: Workforce, model: DecisionModel, start: date, end: date
) -> Iterator[list[CalibrationRating]]:
    """Each children's MASH team rates the same vignettes every quarter, every decider alone.

    Agreement between them (Fleiss' kappa) is what the report checks against research on
    threshold decisions: moderate, never near-perfect.
    """
    rng = Random(f"{seed}:calibration")
    levels = Weighted.from_mapping(model.mixture.weights)
    quarter, day = 0, start
    while day < end:
        for team in workforce.mash:
            exercise_id = f"X{quarter:03d}{team.team_id}"
            ratings: list[CalibrationRating] = []
            for v in range(VIGNETTES_PER_EXERCISE):
                vignette = f"{exercise_id}-{v + 1:02d}"
                ratings += _vignette(rng, model, levels.pick(rng), team, exercise_id, vignette)
            yield ratings
        quarter += 1
        day += timedelta(days=91)


def _vignette(
    rng: Random, model: DecisionModel, level: int, team: Team, exercise_id: str, vignette: str
) -> list[CalibrationRating]:
    """One case of a given need level, decided by each of the team's deciders."""
    need = SEVERITY_MEAN[level] + rng.gauss(0.0, 1.0)
    code = model.contact_sources.pick(rng)
    group = source_group(code)
    cuts = model.cuts_for(group, "3B" if group == "police" and rng.random() < 0.5 else "16A")
    return [
        CalibrationRating(
            exercise_id,
            team.team_id,
            vignette,
            code,
            worker.worker_id,
            model.contact_outcome(cuts, model.decision_score(rng, need, worker.threshold_bias)),
        )
        for worker in team.deciders
    ]
