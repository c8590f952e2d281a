"""What is known of a subject to match, and what matching returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from openmash.core.identifiers import canonical_identifier
from openmash.people.matching.keys import name_parts, normal_postcode, outward_code
from openmash.people.models import Person


@dataclass(frozen=True)
class SubjectDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = ""
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    # Other identifiers as (kind, value): police and council references, or any other scheme.
    identifiers: tuple[tuple[str, str], ...] = ()
    # An unborn child's: never compared with a date of birth (an unborn child is matched through
    # their parents, matching/family.py).
    expected_delivery_date: date | None = None

    def __post_init__(self) -> None:
        # Every channel builds its subjects here, so every channel stores one form of each number.
        object.__setattr__(self, "nhs_number", canonical_identifier(self.nhs_number))
        object.__setattr__(self, "upn", canonical_identifier(self.upn))


class MatchRecord:
    """What scoring reads of a person: built straight from the blocking query for matching (a
    bulk import scores hundreds of thousands), or from a Person (`record_of`) for a search.

    `names`: the match keys (KEY_FIELDS) of the person's name, then of each other name they are
    known by; `identifiers`: their identifiers by kind, NHS number and UPN included.
    """

    __slots__ = (
        "date_of_birth",
        "identifiers",
        "merged_into_id",
        "name_parts",
        "names",
        "outward",
        "pk",
        "postcode",
        "sex",
    )

    def __init__(
        self,
        pk: int,
        date_of_birth: date | None,
        sex: str,
        postcode: str,
        names: tuple[tuple[str, ...], ...],
        identifiers: dict[str, frozenset[str]],
        merged_into_id: int | None = None,
    ) -> None:
        self.pk = pk
        self.date_of_birth = date_of_birth
        self.sex = sex
        self.postcode = postcode
        self.outward = outward_code(postcode) if postcode else ""
        self.names = names
        # Each name as the comparisons read it (scoring.name_parts), worked out once.
        self.name_parts = tuple(name_parts(keys) for keys in names)
        self.identifiers = identifiers
        self.merged_into_id = merged_into_id


def identifiers_by_kind(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """(kind, value) pairs as {kind: values}, empty values left out."""
    found: dict[str, set[str]] = {}
    for kind, value in pairs:
        if value:
            found.setdefault(kind, set()).add(value)
    return {kind: frozenset(values) for kind, values in found.items()}


@dataclass(frozen=True)
class Candidate:
    person_id: int
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {
            "person_id": self.person_id,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class MatchResult:
    decision: Literal["linked", "possible", "new"]
    person: Person | None
    candidates: list[Candidate]


def identifier_values(details: SubjectDetails) -> list[tuple[str, str]]:
    values = [(kind, value.strip().upper()) for kind, value in details.identifiers if value]
    if details.nhs_number:
        values.append(("nhs", details.nhs_number))
    if details.upn:
        values.append(("upn", details.upn))
    return values


def subject_postcode(details: SubjectDetails) -> str:
    return normal_postcode(details.postcode.strip())
