"""Dip samples: which authorised decisions match the criteria, and the seeded draw from them.

Reproducible by construction: the population is the matching decisions' ids in ascending order,
and the draw is Python's `random.Random(seed).sample` of it (the Mersenne Twister, whose output
for a seed Python keeps stable across versions), so the same seed, criteria and data always give
the same sample."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import Decision, DecisionState


@dataclass(frozen=True)
class SampleCriteria:
    date_from: date
    date_to: date
    outcome: str = ""
    source_agency_id: int | None = None
    worker_id: int | None = None
    percentage: int | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ApplicationError("The end of the period must be on or after its start")
        if (self.percentage is None) == (self.count is None):
            raise ApplicationError("Enter either a percentage or a number of decisions")
        if self.percentage is not None and not 1 <= self.percentage <= 100:
            raise ApplicationError("Enter a percentage from 1 to 100")
        if self.count is not None and not 1 <= self.count <= 1000:
            raise ApplicationError("Enter a number of decisions from 1 to 1000")

    def as_json(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "outcome": self.outcome,
            "source_agency_id": self.source_agency_id,
            "worker_id": self.worker_id,
            "percentage": self.percentage,
            "count": self.count,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SampleCriteria:
        return cls(
            date_from=date.fromisoformat(data["date_from"]),
            date_to=date.fromisoformat(data["date_to"]),
            outcome=data.get("outcome") or "",
            source_agency_id=data.get("source_agency_id"),
            worker_id=data.get("worker_id"),
            percentage=data.get("percentage"),
            count=data.get("count"),
        )


def _matching(criteria: SampleCriteria) -> QuerySet[Decision]:
    found = Decision.objects.filter(
        state=DecisionState.AUTHORISED,
        authorised_at__date__gte=criteria.date_from,
        authorised_at__date__lte=criteria.date_to,
    )
    if criteria.outcome:
        found = found.filter(outcomes__outcome=criteria.outcome)
    if criteria.source_agency_id is not None:
        found = found.filter(contact__source_agency_id=criteria.source_agency_id)
    if criteria.worker_id is not None:
        found = found.filter(proposed_by_id=criteria.worker_id)
    return found


def sample_population(criteria: SampleCriteria) -> list[int]:
    """The matching authorised decisions' ids, ascending (the draw depends on this order)."""
    return sorted(set(_matching(criteria).values_list("pk", flat=True)))


def sample_size(population: int, criteria: SampleCriteria) -> int:
    if criteria.count is not None:
        return min(criteria.count, population)
    return min(population, math.ceil(population * (criteria.percentage or 0) / 100))


def sample_pick(population: list[int], *, seed: int, criteria: SampleCriteria) -> list[int]:
    """The sampled decision ids, in the order drawn (the order the audits are assigned in)."""
    return random.Random(seed).sample(population, sample_size(len(population), criteria))  # noqa: S311
