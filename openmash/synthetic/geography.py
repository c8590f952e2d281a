"""Fictional geography: postcode districts, streets, schools and GP practices.

Postcodes are format-valid (real England area letters, invented district numbers and inward
codes); street and town names are invented compounds. Everything for a district is derived
from (seed, district index), so a district can be built when the stream reaches it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from random import Random

from openmash.synthetic.data.words import (
    POSTCODE_AREAS,
    STREET_FIRST,
    STREET_MIDDLE,
    STREET_SUFFIX,
    TOWN_FIRST,
    TOWN_LAST,
)
from openmash.synthetic.identifiers import random_inward_code
from openmash.synthetic.records import GpPractice, School
from openmash.synthetic.sampling import below

CHILDREN_PER_DISTRICT = 2_600
PEOPLE_PER_CHILD = 4.2  # England: about 57.7m people for 12.2m children
PRIMARY_PUPILS_PER_SCHOOL = 280
SECONDARY_PUPILS_PER_SCHOOL = 950
PATIENTS_PER_PRACTICE = 7_000
MAX_PER_KIND = 7  # URNs reserve ten numbers per district


@dataclass(frozen=True, slots=True)
class District:
    index: int
    outward: str
    town: str
    la_code: int
    primaries: tuple[School, ...]
    secondaries: tuple[School, ...]
    gp_practices: tuple[GpPractice, ...]


def street_name(rng: Random) -> str:
    first = STREET_FIRST[below(rng, len(STREET_FIRST))]
    middle = STREET_MIDDLE[below(rng, len(STREET_MIDDLE))]
    return f"{first}{middle} {STREET_SUFFIX[below(rng, len(STREET_SUFFIX))]}"


class Geography:
    """Districts for a run: how many, their codes, towns, schools and practices."""

    def __init__(self, seed: int, child_target: int, *, national: bool) -> None:
        self.seed = seed
        self.child_target = child_target
        self.national = national
        self.count = max(2, math.ceil(child_target / CHILDREN_PER_DISTRICT))
        self._home_area = POSTCODE_AREAS[seed % len(POSTCODE_AREAS)]

    def child_quota(self, index: int) -> int:
        """Children to generate in district `index`; quotas add up to the target."""
        return (self.child_target * (index + 1)) // self.count - (
            self.child_target * index
        ) // self.count

    def outward_code(self, index: int) -> str:
        if not self.national:
            return f"{self._home_area}{index + 1}"
        areas = len(POSTCODE_AREAS)
        return f"{POSTCODE_AREAS[index % areas]}{index // areas + 1}"

    def la_code(self, index: int) -> int:
        if not self.national:
            return 300 + self.seed % 600
        return 201 + (index * 152 // self.count) * 4

    def district(self, index: int) -> District:
        rng = Random(f"{self.seed}:district:{index}")
        outward = self.outward_code(index)
        town = TOWN_FIRST[below(rng, len(TOWN_FIRST))] + TOWN_LAST[below(rng, len(TOWN_LAST))]
        per_age_year = self.child_quota(index) / 18
        n_primary = _clamp(round(per_age_year * 7 / PRIMARY_PUPILS_PER_SCHOOL))
        n_secondary = _clamp(round(per_age_year * 7 / SECONDARY_PUPILS_PER_SCHOOL))
        la_code = self.la_code(index)
        primaries = tuple(
            self._school(rng, index, k, "primary", la_code, outward, town) for k in range(n_primary)
        )
        secondaries = tuple(
            self._school(rng, index, MAX_PER_KIND + k, "secondary", la_code, outward, town)
            for k in range(min(n_secondary, 10 - MAX_PER_KIND))
        )
        people = self.child_quota(index) * PEOPLE_PER_CHILD
        n_gp = _clamp(round(people / PATIENTS_PER_PRACTICE))
        practices = tuple(self._practice(rng, index, k, outward) for k in range(n_gp))
        return District(index, outward, town, la_code, primaries, secondaries, practices)

    def _school(
        self, rng: Random, index: int, k: int, phase: str, la_code: int, outward: str, town: str
    ) -> School:
        establishment = (2000 if phase == "primary" else 4000) + (index % 200) * 10 + k
        stem = street_name(rng).split()[0]
        kind = (
            ("Primary School", "Primary Academy", "Infant and Junior School")
            if phase == "primary"
            else ("High School", "Academy", "Community College")
        )[below(rng, 3)]
        name = f"{stem} {kind}" if rng.random() < 0.7 else f"{town} {stem} {kind}"
        postcode = f"{outward} {random_inward_code(rng)}"
        return School(
            f"{900000 + index * 10 + k}", name, phase, la_code, establishment, outward, postcode
        )

    def _practice(self, rng: Random, index: int, k: int, outward: str) -> GpPractice:
        stem = street_name(rng).split()[0]
        kind = ("Medical Centre", "Surgery", "Health Centre", "Family Practice")[below(rng, 4)]
        return GpPractice(
            f"Y{index:04d}{k}", f"{stem} {kind}", outward, f"{outward} {random_inward_code(rng)}"
        )


def _clamp(value: int) -> int:
    return max(1, min(MAX_PER_KIND, value))


class StreetCursor:
    """Hands out addresses along invented streets: neighbours share a street and postcode."""

    def __init__(self, rng: Random, outward: str) -> None:
        self._rng = rng
        self._outward = outward
        self._street = ""
        self._houses_left = 0
        self._number = 0
        self._postcode = ""
        self._postcode_left = 0

    def next_address(self) -> tuple[str, str]:
        rng = self._rng
        if self._houses_left <= 0:
            self._street = street_name(rng)
            self._houses_left = 8 + below(rng, 60 - 8)
            self._number = 1 + below(rng, 4 - 1)
            self._postcode_left = 0
        if self._postcode_left <= 0:
            self._postcode = f"{self._outward} {random_inward_code(rng)}"
            self._postcode_left = 8 + below(rng, 25 - 8)
        line = f"{self._number} {self._street}"
        self._number += 1 if rng.random() < 0.5 else 2
        self._houses_left -= 1
        self._postcode_left -= 1
        return line, self._postcode

    def elsewhere(self) -> tuple[str, str]:
        """A one-off address on another street (for a household's previous address)."""
        return (
            f"{1 + below(self._rng, 120 - 1)} {street_name(self._rng)}",
            f"{self._outward} {random_inward_code(self._rng)}",
        )
