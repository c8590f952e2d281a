"""What is known of a subject to match, and what matching returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from openmash.people.matching.keys import normal_postcode
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
        values.append(("nhs", details.nhs_number.replace(" ", "")))
    if details.upn:
        values.append(("upn", details.upn.strip().upper()))
    return values


def subject_postcode(details: SubjectDetails) -> str:
    return normal_postcode(details.postcode.strip())
