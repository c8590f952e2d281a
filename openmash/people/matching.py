"""Finding the right person despite how each agency spelt them.

Two steps, both the same for contact matching and for a worker's search:

1. Blocking: candidates come only from indexed look-ups: identifiers (NHS number, UPN, police and
   council references), the date of birth (and the same date with day and month swapped), and
   phonetic name keys (metaphone of each part of the surname, NYSIIS of the whole surname, the
   nickname root and metaphone of the first given name), on the person and on every other name
   they are known by. No query scans names.
2. Scoring: each candidate gets match weights per field, in the Fellegi-Sunter manner (log2 of
   how much likelier the agreement is for the same person than for two different people), summed
   and turned into a probability between 0 and 1. Every weight that counts carries a reason a
   worker can read ("same NHS number", "surname sounds alike").

The thresholds that turn a score into a decision are settings: MATCH_AUTO_LINK_THRESHOLD (link
automatically) and MATCH_POSSIBLE_THRESHOLD (offer to the worker). docs/person-index.md explains
the weights and how to set the thresholds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

import jellyfish
from django.conf import settings
from django.db.models import Q, QuerySet
from rapidfuzz.distance import JaroWinkler

from openmash.people.models import Person, PersonIdentifier, PersonName
from openmash.people.nicknames import nickname_root, nickname_roots

NON_LETTERS = re.compile(r"[^a-z ]+")

# The weights, in bits (log2 of the likelihood ratio). Tuned on the synthetic generator's
# agency records (benchmarks/bench_matching.py), never on the FEBRL test truth.
PRIOR_BITS = -14.0
W_FAMILY = {"exact": 8.0, "phonetic": 5.5, "close": 4.5, "part": 4.5, "similar": 2.0, "none": -5.0}
W_GIVEN = {
    "exact": 6.0,
    "nickname": 5.0,
    "phonetic": 4.5,
    "close": 4.0,
    "similar": 1.5,
    "initial": 1.0,
    "none": -5.0,
}
W_SWAPPED_PENALTY = -1.5
W_DOB = {"exact": 10.0, "swapped": 7.5, "one_part": 4.0, "near": 2.0, "none": -9.0}
W_IDENTIFIER = {
    "nhs": (16.0, -14.0),
    "upn": (13.0, -9.0),
    "police": (14.0, -2.0),
    "council": (14.0, -2.0),
    "other": (11.0, -2.5),
}
W_POSTCODE = 4.0
W_POSTCODE_AREA = 1.0
W_SEX_DIFFERENT = -4.0
IDENTIFIER_LABELS = {
    "nhs": "NHS number",
    "upn": "UPN",
    "police": "police reference",
    "council": "council ID",
    "other": "identifier",
}
# How far ahead of the next candidate an automatic link must be (in bits of match weight), so
# that two near identical records (twins, a parent and child of the same name) are never linked
# automatically.
AUTO_LINK_MARGIN_BITS = 3.0
CANDIDATE_LIMIT = 300
AUTO_LINK_EVIDENCE = {
    "same date of birth",
    "date of birth with day and month swapped",
    *(f"same {label}" for label in IDENTIFIER_LABELS.values()),
}
CONFLICTS = {"different NHS number", "different UPN"}

PERSON_FIELDS = (
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
    "family_first_phonetic",
    "family_last_phonetic",
    "is_restricted",
    "merged_into_id",
)


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
    parts = family.split(" ") if family else [""]
    return {
        "given_norm": given[:100],
        "family_norm": family[:100],
        "given_root": nickname_root(first_given)[:100],
        "given_phonetic": phonetic(first_given),
        "family_phonetic": phonetic(family),
        "family_phonetic_alt": phonetic_alt(family),
        "family_first_phonetic": phonetic(parts[0]),
        "family_last_phonetic": phonetic(parts[-1]),
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


def _swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def _family_keys(keys: dict[str, str]) -> set[str]:
    parts = (keys["family_phonetic"], keys["family_first_phonetic"], keys["family_last_phonetic"])
    return {k for k in parts if k}


def _name_block(keys: dict[str, str], *, with_dob_field: bool) -> Q:
    """Blocks on name keys alone, for Person (with_dob_field) or PersonName rows."""
    query = Q(pk__in=[])
    families = sorted(_family_keys(keys))
    given_q = Q(pk__in=[])
    if keys["given_root"]:
        given_q |= Q(given_root=keys["given_root"])
    if keys["given_phonetic"]:
        given_q |= Q(given_phonetic=keys["given_phonetic"])
    if families:
        has_given = bool(keys["given_root"] or keys["given_phonetic"])
        for column in ("family_first_phonetic", "family_last_phonetic"):
            part = Q(**{f"{column}__in": families})
            query |= (part & given_q) if has_given else part
    if keys["family_phonetic_alt"] and keys["given_phonetic"]:
        query |= Q(
            family_phonetic_alt=keys["family_phonetic_alt"], given_phonetic=keys["given_phonetic"]
        )
    elif keys["family_phonetic_alt"] and not has_given_keys(keys):
        query |= Q(family_phonetic_alt=keys["family_phonetic_alt"])
    # First name and surname the wrong way round.
    if keys["given_phonetic"] and keys["family_first_phonetic"]:
        swapped_root = nickname_root(keys["family_norm"].split(" ")[0])
        query |= Q(family_first_phonetic=keys["given_phonetic"]) & (
            Q(given_root=swapped_root) | Q(given_phonetic=keys["family_first_phonetic"])
        )
    if not families and keys["given_phonetic"] and with_dob_field:
        query |= Q(given_root=keys["given_root"]) | Q(given_phonetic=keys["given_phonetic"])
    return query


def has_given_keys(keys: dict[str, str]) -> bool:
    return bool(keys["given_root"] or keys["given_phonetic"])


def _identifier_values(details: SubjectDetails) -> list[tuple[str, str]]:
    values = [(kind, value.strip().upper()) for kind, value in details.identifiers if value]
    if details.nhs_number:
        values.append(("nhs", details.nhs_number.replace(" ", "")))
    if details.upn:
        values.append(("upn", details.upn.strip().upper()))
    return values


def _person_block(details: SubjectDetails, keys: dict[str, str]) -> Q:
    query = Q(pk__in=[])
    if details.nhs_number:
        query |= Q(nhs_number=details.nhs_number.replace(" ", ""))
    if details.upn:
        query |= Q(upn=details.upn.strip().upper())
    dob = details.date_of_birth
    if dob:
        query |= Q(date_of_birth__in=[d for d in (dob, _swapped(dob)) if d])
    if details.postcode:
        query |= Q(postcode=details.postcode)
    if keys["family_norm"] or keys["given_norm"]:
        query |= _name_block(keys, with_dob_field=True)
    return query


def candidate_people(
    details: SubjectDetails, *, within: QuerySet[Person] | None = None, limit: int = CANDIDATE_LIMIT
) -> list[Person]:
    """People who might be this subject, from index look-ups only (merged people excluded)."""
    keys = match_keys(details.given_name, details.family_name)
    people = Person.objects.all() if within is None else within
    # Merged people are dropped here rather than in SQL: a condition on merged_into tempts
    # SQLite's planner to walk that index (every unmerged person) instead of the blocking keys.
    found = [
        p
        for p in people.filter(_person_block(details, keys)).order_by().only(*PERSON_FIELDS)[:limit]
        if p.merged_into_id is None
    ]
    seen = {p.pk for p in found}
    extra_ids: set[int] = set()
    identifiers = [
        (kind, value) for kind, value in _identifier_values(details) if kind not in ("nhs", "upn")
    ]
    if identifiers:
        id_q = Q(pk__in=[])
        for kind, value in identifiers:
            id_q |= Q(kind=kind, value=value)
        extra_ids |= set(
            PersonIdentifier.objects.filter(id_q).values_list("person_id", flat=True)[:limit]
        )
    if keys["family_norm"] or keys["given_norm"]:
        extra_ids |= set(
            PersonName.objects.filter(_name_block(keys, with_dob_field=False)).values_list(
                "person_id", flat=True
            )[:limit]
        )
    extra_ids -= seen
    if extra_ids:
        found += [
            p
            for p in people.filter(pk__in=sorted(extra_ids)).order_by().only(*PERSON_FIELDS)[:limit]
            if p.merged_into_id is None
        ]
    _attach_identifiers(found, bool(identifiers))
    _attach_names(found)
    return found


def _attach_names(people: list[Person]) -> None:
    """Each candidate's other names (PersonName rows), for scoring against every variant."""
    by_person: dict[int, list[dict[str, str]]] = {p.pk: [] for p in people}
    if people:
        rows = PersonName.objects.filter(person_id__in=list(by_person)).values(
            "person_id", *KEY_FIELDS
        )
        for row in rows:
            by_person[row.pop("person_id")].append(row)
    for person in people:
        person.match_name_variants = by_person[person.pk]  # type: ignore[attr-defined]


def _attach_identifiers(people: list[Person], wanted: bool) -> None:
    by_person: dict[int, set[tuple[str, str]]] = {p.pk: set() for p in people}
    if wanted and people:
        rows = PersonIdentifier.objects.filter(person_id__in=list(by_person)).values_list(
            "person_id", "kind", "value"
        )
        for person_id, kind, value in rows:
            by_person[person_id].add((kind, value.upper()))
    for person in people:
        person.match_identifiers = by_person[person.pk]  # type: ignore[attr-defined]


KEY_FIELDS = (
    "given_norm",
    "family_norm",
    "given_root",
    "given_phonetic",
    "family_phonetic",
    "family_phonetic_alt",
    "family_first_phonetic",
    "family_last_phonetic",
)


def _family_level(query: dict[str, str], other: dict[str, str]) -> tuple[str, float]:
    a, b = query["family_norm"], other["family_norm"]
    if not a or not b:
        return "missing", 0.0
    if a == b:
        return "exact", 1.0
    similarity = JaroWinkler.similarity(a, b)
    if query["family_phonetic"] == other["family_phonetic"] or (
        query["family_phonetic_alt"] == other["family_phonetic_alt"]
    ):
        return "phonetic", similarity
    if similarity >= 0.92:
        return "close", similarity
    if _hyphen_part(a, b) or (
        len(a.split(" ")) + len(b.split(" ")) > 2
        and {query["family_first_phonetic"], query["family_last_phonetic"]}
        & {other["family_first_phonetic"], other["family_last_phonetic"]}
    ):
        return "part", similarity
    if similarity >= 0.82:
        return "similar", similarity
    return "none", similarity


def _given_level(query: dict[str, str], other: dict[str, str]) -> tuple[str, float]:
    a, b = query["given_norm"], other["given_norm"]
    if not a or not b:
        return "missing", 0.0
    first_a, first_b = a.split(" ")[0], b.split(" ")[0]
    if a == b or first_a == first_b:
        return "exact", 1.0
    similarity = JaroWinkler.similarity(first_a, first_b)
    if query["given_root"] == other["given_root"] or (
        nickname_roots(first_a) & nickname_roots(first_b)
    ):
        return "nickname", similarity
    if query["given_phonetic"] == other["given_phonetic"]:
        return "phonetic", similarity
    if similarity >= 0.92:
        return "close", similarity
    if similarity >= 0.82:
        return "similar", similarity
    if (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]:
        return "initial", similarity
    return "none", similarity


FAMILY_REASONS = {
    "exact": "same surname",
    "phonetic": "surname sounds alike",
    "close": "surname spelt similarly",
    "part": "part of a double-barrelled surname",
    "similar": "surname spelt similarly",
}
GIVEN_REASONS = {
    "exact": "same first name",
    "nickname": "first name is a known short form",
    "phonetic": "first name sounds alike",
    "close": "first name spelt similarly",
    "similar": "first name spelt similarly",
    "initial": "same initial",
}


def _name_weight(query: dict[str, str], other: dict[str, str]) -> tuple[float, list[str]]:
    """The best of the names in their order and swapped, with the reasons that count."""
    family, _ = _family_level(query, other)
    given, _ = _given_level(query, other)
    straight = W_FAMILY.get(family, 0.0) + W_GIVEN.get(given, 0.0)
    reasons = [r for r in (FAMILY_REASONS.get(family), GIVEN_REASONS.get(given)) if r]
    if query["family_norm"] and query["given_norm"]:
        flipped = _flip(query)
        s_family, _ = _family_level(flipped, other)
        s_given, _ = _given_level(flipped, other)
        swapped = W_FAMILY.get(s_family, 0.0) + W_GIVEN.get(s_given, 0.0) + W_SWAPPED_PENALTY
        if swapped > straight + 2:
            return swapped, ["first name and surname swapped"]
    return straight, reasons


def _flip(keys: dict[str, str]) -> dict[str, str]:
    return _flipped_keys(keys["given_norm"], keys["family_norm"])


@lru_cache(maxsize=4096)
def _flipped_keys(given_norm: str, family_norm: str) -> dict[str, str]:
    # Cached: every candidate of one search compares against the same swapped query.
    return match_keys(family_norm, given_norm)


def _dob_weight(dob: date | None, other: date | None) -> tuple[float, str]:
    if not dob or not other:
        return 0.0, ""
    if dob == other:
        return W_DOB["exact"], "same date of birth"
    if _swapped(dob) == other:
        return W_DOB["swapped"], "date of birth with day and month swapped"
    same = (dob.year == other.year) + (dob.month == other.month) + (dob.day == other.day)
    if same == 2:
        return W_DOB["one_part"], "date of birth differs by one part"
    if abs((dob - other).days) <= 3:
        return W_DOB["near"], "date of birth within a few days"
    return W_DOB["none"], "different date of birth"


def _identifier_weight(
    details: SubjectDetails, person: Person
) -> tuple[float, list[str], list[str]]:
    """(weight, reasons first in the list, reasons last) from identifiers on both sides."""
    weight, first, last = 0.0, [], []
    known: set[tuple[str, str]] = set(getattr(person, "match_identifiers", set()))
    if person.nhs_number:
        known.add(("nhs", person.nhs_number))
    if person.upn:
        known.add(("upn", person.upn))
    for kind, value in _identifier_values(details):
        theirs = {v for k, v in known if k == kind}
        if not theirs:
            continue
        agree, disagree = W_IDENTIFIER.get(kind, W_IDENTIFIER["other"])
        label = IDENTIFIER_LABELS.get(kind, "identifier")
        if value in theirs:
            weight += agree
            first.append(f"same {label}")
        else:
            weight += disagree
            last.append(f"different {label}")
    return weight, first, last


def score_candidate(
    details: SubjectDetails, person: Person, keys: dict[str, str] | None = None
) -> Candidate:
    keys = keys or match_keys(details.given_name, details.family_name)
    names = [{f: getattr(person, f) for f in KEY_FIELDS}]
    names += list(getattr(person, "match_name_variants", []))
    name_weight, name_reasons = max(
        (_name_weight(keys, other) for other in names), key=lambda pair: pair[0]
    )
    if name_weight > 0 and len(names) > 1 and name_reasons:
        main, _ = _name_weight(keys, names[0])
        if name_weight > main:
            name_reasons = [*name_reasons, "matches another name they are known by"]
    weight = PRIOR_BITS + name_weight
    reasons = list(name_reasons)
    dob_weight, dob_reason = _dob_weight(details.date_of_birth, person.date_of_birth)
    weight += dob_weight
    if dob_weight > 0:
        reasons.append(dob_reason)
    id_weight, id_first, id_last = _identifier_weight(details, person)
    weight += id_weight
    if details.postcode and person.postcode:
        if details.postcode == person.postcode:
            weight += W_POSTCODE
            reasons.append("same postcode")
        elif details.postcode.split(" ")[0] == person.postcode.split(" ")[0]:
            weight += W_POSTCODE_AREA
            reasons.append("same postcode area")
    if details.sex in ("M", "F") and person.sex in ("M", "F") and details.sex != person.sex:
        weight += W_SEX_DIFFERENT
        reasons.append("different sex recorded")
    if dob_weight < 0:
        reasons.append(dob_reason)
    score = 1.0 / (1.0 + math.pow(2.0, -weight))
    return Candidate(person.pk, score, tuple(id_first + reasons + id_last))


def rank_candidates(
    details: SubjectDetails, people: Iterable[Person], *, minimum: float = 0.0
) -> list[Candidate]:
    keys = match_keys(details.given_name, details.family_name)
    scored = [score_candidate(details, p, keys) for p in people]
    scored.sort(key=lambda c: (-c.score, c.person_id))
    return [c for c in scored if c.score >= minimum]


def find_candidates(
    details: SubjectDetails, *, within: QuerySet[Person] | None = None, limit: int = 10
) -> list[Candidate]:
    people = candidate_people(details, within=within)
    return rank_candidates(details, people, minimum=settings.MATCH_POSSIBLE_THRESHOLD)[:limit]


def match_subject(details: SubjectDetails) -> MatchResult:
    """Decide: link to one person automatically, offer possible matches, or treat as new."""
    candidates = find_candidates(details)
    if not candidates:
        return MatchResult("new", None, [])
    best = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    reasons = set(best.reasons)
    # Certain: above the threshold, clearly ahead of anyone else (at least 2^3 = 8 times likelier),
    # backed by a date of birth or an identifier (never by names and an address alone), and no
    # conflicting NHS number or UPN.
    evidence = (
        bool(AUTO_LINK_EVIDENCE & reasons)
        or {
            "date of birth differs by one part",
            "same postcode",
        }
        <= reasons
    )
    if (
        best.score >= settings.MATCH_AUTO_LINK_THRESHOLD
        and _bits(best.score) - _bits(runner_up) >= AUTO_LINK_MARGIN_BITS
        and evidence
        and not CONFLICTS & reasons
    ):
        return MatchResult("linked", Person.objects.get(pk=best.person_id), candidates)
    return MatchResult("possible", None, candidates)


def match_subjects(details: Sequence[SubjectDetails]) -> list[MatchResult]:
    """Match many subjects at once: the same results as `match_subject` for each, in order."""
    return [match_subject(d) for d in details]


def _bits(score: float) -> float:
    """The match weight a score came from (its log2 odds), bounded for scores of 0 and 1."""
    score = min(max(score, 1e-12), 1 - 1e-12)
    return math.log2(score / (1 - score))


def _hyphen_part(a: str, b: str) -> bool:
    parts_a, parts_b = set(a.split(" ")), set(b.split(" "))
    return bool(a and b and (parts_a & parts_b) and (len(parts_a) > 1 or len(parts_b) > 1))
