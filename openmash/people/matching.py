"""Finding the right person despite how each agency spelt them.

Candidates come from indexed blocking keys (identifiers, phonetic surname with date of birth,
date of birth with day and month swapped, nickname roots, postcode); each candidate is scored
with rapidfuzz name similarity, date agreement and identifiers, and every score carries the
reasons a worker can read ("same NHS number", "surname sounds alike").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import jellyfish
from django.conf import settings
from django.db.models import Q, QuerySet
from rapidfuzz.distance import JaroWinkler

from openmash.people.models import Person
from openmash.people.nicknames import nickname_root

NON_LETTERS = re.compile(r"[^a-z ]+")


def normalise(name: str) -> str:
    """Lower case, accents removed, hyphens and apostrophes to spaces, single spaces."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = NON_LETTERS.sub(" ", text.replace("-", " ").replace("'", ""))
    return " ".join(text.split())


def phonetic(name: str) -> str:
    norm = normalise(name).replace(" ", "")
    return jellyfish.metaphone(norm)[:20] if norm else ""


def phonetic_alt(name: str) -> str:
    norm = normalise(name).replace(" ", "")
    return jellyfish.nysiis(norm)[:20] if norm else ""


def match_keys(given_name: str, family_name: str) -> dict[str, str]:
    given, family = normalise(given_name), normalise(family_name)
    first_given = given.split(" ")[0] if given else ""
    return {
        "given_norm": given[:100],
        "family_norm": family[:100],
        "given_root": nickname_root(first_given)[:100],
        "given_phonetic": phonetic(first_given),
        "family_phonetic": phonetic(family),
        "family_phonetic_alt": phonetic_alt(family),
    }


@dataclass(frozen=True)
class SubjectDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = ""
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""


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


def _swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def _blocking_filter(details: SubjectDetails, keys: dict[str, str]) -> Q:
    query = Q(pk__in=[])
    if details.nhs_number:
        query |= Q(nhs_number=details.nhs_number)
    if details.upn:
        query |= Q(upn=details.upn.upper())
    dob = details.date_of_birth
    if dob:
        dates = [d for d in (dob, _swapped(dob)) if d]
        if keys["family_phonetic"]:
            query |= Q(family_phonetic=keys["family_phonetic"], date_of_birth__in=dates)
        if keys["given_phonetic"]:
            query |= Q(given_phonetic=keys["given_phonetic"], date_of_birth__in=dates)
        if keys["given_root"]:
            query |= Q(given_root=keys["given_root"], date_of_birth__in=dates)
    if keys["family_phonetic"] and keys["given_root"]:
        query |= Q(family_phonetic=keys["family_phonetic"], given_root=keys["given_root"])
    if keys["family_phonetic_alt"] and keys["given_phonetic"]:
        query |= Q(
            family_phonetic_alt=keys["family_phonetic_alt"], given_phonetic=keys["given_phonetic"]
        )
    # Swapped given and family names.
    if keys["given_phonetic"] and keys["family_phonetic"]:
        query |= Q(family_phonetic=keys["given_phonetic"], given_phonetic=keys["family_phonetic"])
    if details.postcode and keys["family_phonetic"]:
        query |= Q(postcode=details.postcode, family_phonetic=keys["family_phonetic"])
    return query


def candidate_people(
    details: SubjectDetails, *, within: QuerySet[Person] | None = None, limit: int = 200
) -> list[Person]:
    keys = match_keys(details.given_name, details.family_name)
    people = Person.objects.all() if within is None else within
    return list(
        people.filter(_blocking_filter(details, keys), merged_into__isnull=True).only(
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "nhs_number",
            "upn",
            "postcode",
            "given_norm",
            "family_norm",
            "given_root",
            "given_phonetic",
            "family_phonetic",
            "family_phonetic_alt",
            "is_restricted",
        )[:limit]
    )


def _name_score(
    details: SubjectDetails, keys: dict[str, str], person: Person
) -> tuple[float, list[str]]:
    reasons = []
    family = JaroWinkler.similarity(keys["family_norm"], person.family_norm)
    given = JaroWinkler.similarity(keys["given_norm"], person.given_norm)
    swapped = (
        JaroWinkler.similarity(keys["family_norm"], person.given_norm)
        + JaroWinkler.similarity(keys["given_norm"], person.family_norm)
    ) / 2
    if keys["family_norm"] == person.family_norm:
        reasons.append("same surname")
    elif keys["family_phonetic"] and keys["family_phonetic"] == person.family_phonetic:
        reasons.append("surname sounds alike")
        family = max(family, 0.9)
    elif family >= 0.85:
        reasons.append("surname spelt similarly")
    elif _hyphen_part(keys["family_norm"], person.family_norm):
        reasons.append("part of a double-barrelled surname")
        family = max(family, 0.85)
    if keys["given_norm"] == person.given_norm:
        reasons.append("same first name")
    elif keys["given_root"] and keys["given_root"] == person.given_root:
        reasons.append("first name is a known short form")
        given = max(given, 0.92)
    elif keys["given_phonetic"] and keys["given_phonetic"] == person.given_phonetic:
        reasons.append("first name sounds alike")
        given = max(given, 0.9)
    elif given >= 0.85:
        reasons.append("first name spelt similarly")
    if swapped > (family + given) / 2 + 0.1 and swapped >= 0.9:
        reasons.append("first name and surname swapped")
        return swapped, reasons
    return 0.55 * family + 0.45 * given, reasons


def _hyphen_part(a: str, b: str) -> bool:
    parts_a, parts_b = set(a.split(" ")), set(b.split(" "))
    return bool(a and b and (parts_a & parts_b) and (len(parts_a) > 1 or len(parts_b) > 1))


def score_candidate(
    details: SubjectDetails, person: Person, keys: dict[str, str] | None = None
) -> Candidate:
    keys = keys or match_keys(details.given_name, details.family_name)
    name, reasons = _name_score(details, keys, person)
    score = 0.5 * name
    dob, pdob = details.date_of_birth, person.date_of_birth
    if dob and pdob:
        if dob == pdob:
            score += 0.3
            reasons.append("same date of birth")
        elif _swapped(dob) == pdob:
            score += 0.22
            reasons.append("date of birth with day and month swapped")
        elif dob.year == pdob.year and (dob.month == pdob.month or dob.day == pdob.day):
            score += 0.12
            reasons.append("date of birth differs by one part")
        else:
            score -= 0.25
    if details.postcode and details.postcode == person.postcode:
        score += 0.08
        reasons.append("same postcode")
    if (
        details.sex
        and person.sex in ("M", "F")
        and details.sex in ("M", "F")
        and details.sex != person.sex
    ):
        score -= 0.1
    for value, other, label in (
        (details.nhs_number, person.nhs_number, "NHS number"),
        (details.upn.upper(), person.upn, "UPN"),
    ):
        if value and other:
            if value == other:
                score += 0.35
                reasons.insert(0, f"same {label}")
            else:
                score -= 0.4
                reasons.append(f"different {label}")
    return Candidate(person.pk, max(0.0, min(1.0, score)), tuple(reasons))


def find_candidates(
    details: SubjectDetails, *, within: QuerySet[Person] | None = None, limit: int = 10
) -> list[Candidate]:
    keys = match_keys(details.given_name, details.family_name)
    scored = [score_candidate(details, p, keys) for p in candidate_people(details, within=within)]
    scored.sort(key=lambda c: (-c.score, c.person_id))
    return [c for c in scored if c.score >= settings.MATCH_POSSIBLE_THRESHOLD][:limit]


def match_subject(details: SubjectDetails) -> MatchResult:
    """Decide: link to one person automatically, offer possible matches, or treat as new."""
    candidates = find_candidates(details)
    if not candidates:
        return MatchResult("new", None, [])
    best = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    # Certain: above the threshold and clearly ahead of anyone else.
    if best.score >= settings.MATCH_AUTO_LINK_THRESHOLD and best.score - runner_up >= 0.1:
        return MatchResult("linked", Person.objects.get(pk=best.person_id), candidates)
    return MatchResult("possible", None, candidates)
