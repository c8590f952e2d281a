"""Scoring: match weights per field in the Fellegi-Sunter manner, each with a reason a worker
can read, summed into a score between 0 and 1."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from openmash.people.matching.details import (
    Candidate,
    MatchRecord,
    SubjectDetails,
    identifier_values,
    identifiers_by_kind,
    subject_postcode,
)
from openmash.people.matching.keys import (
    KEY_FIELDS,
    NameParts,
    flipped_keys,
    match_keys,
    name_parts,
    outward_code,
    swapped_date,
)
from openmash.people.models import Person
from openmash.people.nicknames import nickname_roots

# The weights, in bits (log2 of the likelihood ratio). Tuned on the synthetic generator's
# agency records (benchmarks/bench_matching.py), never on the FEBRL test truth.
PRIOR_BITS = -14.0


W_FAMILY = {
    "exact": 8.0,
    "phonetic": 5.5,
    "close": 4.5,
    "part": 4.5,
    "similar": 2.0,
    "none": -5.0,
}


W_GIVEN = {
    "exact": 6.0,
    "nickname": 5.0,
    "phonetic": 4.5,
    "close": 4.0,
    "similar": 1.5,
    "initial": 1.0,
    "none": -3.0,
}


W_SWAPPED_PENALTY = -1.5
SWAP_CEILING = max(W_FAMILY.values()) + max(W_GIVEN.values()) + W_SWAPPED_PENALTY


W_DOB = {"exact": 10.0, "swapped": 7.5, "one_part": 4.0, "near": 2.0, "none": -5.0}


W_IDENTIFIER = {
    "nhs": (16.0, -14.0),
    "upn": (13.0, -9.0),
    "police": (14.0, -2.0),
    "council": (14.0, -2.0),
    "other": (14.0, -2.5),
}


# A reference one character out (a slip of the keyboard) is still good evidence. Not for NHS
# numbers and UPNs: their check characters catch slips, so a different valid one is another person.
W_IDENTIFIER_SLIP = 5.0


STRICT_IDENTIFIERS = {"nhs", "upn"}


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


NAME_AGAINST = {"different first name"}
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
    "none": "different first name",
}


# Cached: surnames meet the same surnames across the candidates of a batch.
@lru_cache(maxsize=262144)
def _family_level(query: tuple[str, ...], other: tuple[str, ...]) -> str:
    """How two surnames compare, from their FAMILY_PARTS."""
    a, phonetic_a, alt_a, first_a, last_a = query
    b, phonetic_b, alt_b, first_b, last_b = other
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if phonetic_a == phonetic_b or alt_a == alt_b:
        return "phonetic"
    similarity = JaroWinkler.similarity(a, b)
    if similarity >= 0.92:
        return "close"
    if _hyphen_part(a, b) or (
        len(a.split(" ")) + len(b.split(" ")) > 2 and {first_a, last_a} & {first_b, last_b}
    ):
        return "part"
    if similarity >= 0.82:
        return "similar"
    return "none"


# Cached: first names are fewer than surnames, and recur the more.
@lru_cache(maxsize=262144)
def _given_level(query: tuple[str, ...], other: tuple[str, ...]) -> str:
    """How two first names compare, from their GIVEN_PARTS."""
    a, root_a, phonetic_a = query
    b, root_b, phonetic_b = other
    if not a or not b:
        return "missing"
    first_a, first_b = a.split(" ")[0], b.split(" ")[0]
    if a == b or first_a == first_b:
        return "exact"
    if root_a == root_b or (nickname_roots(first_a) & nickname_roots(first_b)):
        return "nickname"
    if phonetic_a == phonetic_b:
        return "phonetic"
    # A stray space ("isabe lla") counts as a slip, not as a first name of "isabe".
    similarity = max(
        JaroWinkler.similarity(first_a, first_b),
        JaroWinkler.similarity(a.replace(" ", ""), b.replace(" ", "")),
    )
    if similarity >= 0.92:
        return "close"
    if similarity >= 0.82:
        return "similar"
    if (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]:
        return "initial"
    return "none"


def _compare_names(
    name: NameParts, flipped: NameParts | None, other: NameParts
) -> tuple[float, str, str, bool]:
    """(weight, surname level, first name level, whether the name matched the other way round)
    of a name (and the same name the other way round, when it has both parts) against another."""
    family = _family_level(name[0], other[0])
    given = _given_level(name[1], other[1])
    straight = W_FAMILY.get(family, 0.0) + W_GIVEN.get(given, 0.0)
    # The swapped comparison can only win by 2 bits when the names in order are weak.
    if flipped is not None and straight < SWAP_CEILING - 2:
        swapped = (
            W_FAMILY.get(_family_level(flipped[0], other[0]), 0.0)
            + W_GIVEN.get(_given_level(flipped[1], other[1]), 0.0)
            + W_SWAPPED_PENALTY
        )
        if swapped > straight + 2:
            return swapped, family, given, True
    return straight, family, given, False


def _flipped_parts(keys: tuple[str, ...]) -> NameParts | None:
    given_norm, family_norm = keys[0], keys[1]
    return name_parts(_flipped(given_norm, family_norm)) if given_norm and family_norm else None


# Cached: common names recur among the candidates of one search and across a batch.
@lru_cache(maxsize=65536)
def _name_weight_of(
    query_keys: tuple[str, ...], other_keys: tuple[str, ...]
) -> tuple[float, tuple[str, ...]]:
    weight, family, given, swapped = _compare_names(
        name_parts(query_keys), _flipped_parts(query_keys), name_parts(other_keys)
    )
    if swapped:
        return weight, ("first name and surname swapped",)
    return weight, tuple(r for r in (FAMILY_REASONS.get(family), GIVEN_REASONS.get(given)) if r)


@lru_cache(maxsize=4096)
def _flipped(given_norm: str, family_norm: str) -> tuple[str, ...]:
    """The match keys of the name the other way round (the surname as the first name)."""
    keys = flipped_keys(given_norm, family_norm)
    return tuple(keys[f] for f in KEY_FIELDS)


@lru_cache(maxsize=65536)
def _digits(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


@lru_cache(maxsize=262144)
def _dob_weight(dob: date | None, other: date | None) -> tuple[float, str]:
    if not dob or not other:
        return 0.0, ""
    if dob == other:
        return W_DOB["exact"], "same date of birth"
    if swapped_date(dob) == other:
        return W_DOB["swapped"], "date of birth with day and month swapped"
    same = (dob.year == other.year) + (dob.month == other.month) + (dob.day == other.day)
    if same == 2:
        return W_DOB["one_part"], "date of birth differs by one part"
    if DamerauLevenshtein.distance(_digits(dob), _digits(other)) == 1:
        return W_DOB["one_part"], "date of birth differs by one digit"
    if abs((dob - other).days) <= 3:
        return W_DOB["near"], "date of birth within a few days"
    return W_DOB["none"], "different date of birth"


def _identifier_weight(
    identifiers: tuple[tuple[str, str], ...], record: MatchRecord
) -> tuple[float, list[str], list[str]]:
    """(weight, reasons first in the list, reasons last) from identifiers on both sides."""
    weight = 0.0
    first: list[str] = []
    last: list[str] = []
    if not identifiers:
        return weight, first, last
    known = record.identifiers
    for kind, value in identifiers:
        theirs = known.get(kind)
        if not theirs:
            continue
        agree, disagree = W_IDENTIFIER.get(kind, W_IDENTIFIER["other"])
        label = IDENTIFIER_LABELS.get(kind, "identifier")
        if value in theirs:
            weight += agree
            first.append(f"same {label}")
        elif kind not in STRICT_IDENTIFIERS and any(_one_slip(value, v) for v in theirs):
            weight += W_IDENTIFIER_SLIP
            first.append(f"{label} differs by one character")
        else:
            weight += disagree
            last.append(f"different {label}")
    return weight, first, last


def record_of(person: Person | MatchRecord) -> MatchRecord:
    """What scoring reads of a person: the record blocking attached, or one made from the
    Person's own fields (and the other names and identifiers attached to it, if any)."""
    if isinstance(person, MatchRecord):
        return person
    record: MatchRecord | None = getattr(person, "match_record", None)
    if record is not None:
        return record
    names = [tuple(getattr(person, f) for f in KEY_FIELDS)]
    names += [tuple(v[f] for f in KEY_FIELDS) for v in getattr(person, "match_name_variants", [])]
    pairs = set(getattr(person, "match_identifiers", set()))
    pairs |= {("nhs", person.nhs_number), ("upn", person.upn)}
    return MatchRecord(
        pk=person.pk,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        postcode=person.postcode,
        names=tuple(names),
        identifiers=identifiers_by_kind(pairs),
        merged_into_id=person.merged_into_id,
    )


@dataclass(frozen=True)
class _Query:
    """What scoring compares every candidate against, worked out once per subject."""

    details: SubjectDetails
    keys: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    postcode: str
    outward: str
    name: NameParts
    flipped: NameParts | None


def _prepare(details: SubjectDetails, keys: dict[str, str] | None = None) -> _Query:
    keys = keys or match_keys(details.given_name, details.family_name)
    key_tuple = tuple(keys[f] for f in KEY_FIELDS)
    postcode = subject_postcode(details)
    return _Query(
        details=details,
        keys=key_tuple,
        identifiers=tuple(identifier_values(details)),
        postcode=postcode,
        outward=outward_code(postcode) if postcode else "",
        name=name_parts(key_tuple),
        flipped=_flipped_parts(key_tuple),
    )


def score_candidate(
    details: SubjectDetails, person: Person | MatchRecord, keys: dict[str, str] | None = None
) -> Candidate:
    return _score(_prepare(details, keys), record_of(person))


def _name_evidence(query: _Query, record: MatchRecord) -> tuple[float, list[str], list[str]]:
    """(weight, reasons for, reasons against) from the best of the person's names."""
    names = record.names
    if len(names) == 1:
        weight, name_reasons = _name_weight_of(query.keys, names[0])
    else:
        weight, name_reasons = max(
            (_name_weight_of(query.keys, other) for other in names), key=lambda pair: pair[0]
        )
    reasons = [r for r in name_reasons if r not in NAME_AGAINST]
    against = [r for r in name_reasons if r in NAME_AGAINST]
    if weight > 0 and len(names) > 1 and name_reasons:
        main, _ = _name_weight_of(query.keys, names[0])
        if weight > main:
            reasons.append("matches another name they are known by")
    return weight, reasons, against


def _score(query: _Query, record: MatchRecord) -> Candidate:
    details = query.details
    name_weight, reasons, against = _name_evidence(query, record)
    weight = PRIOR_BITS + name_weight
    dob_weight, dob_reason = _dob_weight(details.date_of_birth, record.date_of_birth)
    weight += dob_weight
    if dob_weight > 0:
        reasons.append(dob_reason)
    id_weight, id_first, id_last = _identifier_weight(query.identifiers, record)
    weight += id_weight
    postcode = query.postcode
    if postcode and record.postcode:
        if postcode == record.postcode:
            weight += W_POSTCODE
            reasons.append("same postcode")
        elif query.outward and query.outward == record.outward:
            weight += W_POSTCODE_AREA
            reasons.append("same postcode area")
    if details.sex in ("M", "F") and record.sex in ("M", "F") and details.sex != record.sex:
        weight += W_SEX_DIFFERENT
        reasons.append("different sex recorded")
    if dob_weight < 0:
        against.append(dob_reason)
    score = 1.0 / (1.0 + math.pow(2.0, -weight))
    return Candidate(record.pk, score, tuple(id_first + reasons + against + id_last))


# The most a first name, and any name comparison, adds: the same surname and first name.
GIVEN_CEILING = max(W_GIVEN.values())
NAME_CEILING = max(W_FAMILY.values()) + GIVEN_CEILING


def _may_reach(query: _Query, record: MatchRecord, floor: float) -> bool:
    """Whether the weight `_score` sums can reach `floor`: the same parts, without the
    reasons, and the names (the dearest part) compared only when the rest leaves it possible.
    Most candidates of a bulk match fall below the possible-match threshold, and need no more."""
    details = query.details
    weight = PRIOR_BITS + _dob_weight(details.date_of_birth, record.date_of_birth)[0]
    if query.identifiers:
        weight += _identifier_weight(query.identifiers, record)[0]
    postcode = query.postcode
    if postcode and record.postcode:
        if postcode == record.postcode:
            weight += W_POSTCODE
        elif query.outward and query.outward == record.outward:
            weight += W_POSTCODE_AREA
    sex = details.sex
    if sex in ("M", "F") and record.sex in ("M", "F") and sex != record.sex:
        weight += W_SEX_DIFFERENT
    if weight + NAME_CEILING < floor:
        return False
    name, flipped = query.name, query.flipped
    for other in record.name_parts:
        # The surnames first: with them, the most the names can add (the best first name, in
        # order or the other way round) often leaves the threshold out of reach.
        most = W_FAMILY.get(_family_level(name[0], other[0]), 0.0) + GIVEN_CEILING
        if flipped is not None:
            swapped = W_FAMILY.get(_family_level(flipped[0], other[0]), 0.0)
            most = max(most, swapped + GIVEN_CEILING + W_SWAPPED_PENALTY)
        if weight + most >= floor and weight + _compare_names(name, flipped, other)[0] >= floor:
            return True
    return False


def weight_of(score: float) -> float:
    """The match weight a score came from (its log2 odds), bounded for scores of 0 and 1."""
    score = min(max(score, 1e-12), 1 - 1e-12)
    return math.log2(score / (1 - score))


def rank_candidates(
    details: SubjectDetails, people: Iterable[Person | MatchRecord], *, minimum: float = 0.0
) -> list[Candidate]:
    """The people scored against the subject, best first, those below `minimum` left out."""
    query = _prepare(details)
    records = [record_of(p) for p in people]
    if minimum > 0:
        # Weights first; reasons only for those that may reach the minimum (the margin keeps
        # any rounding from leaving out one that `_score` would keep).
        floor = weight_of(minimum) - 1e-6
        records = [r for r in records if _may_reach(query, r, floor)]
    scored = [_score(query, r) for r in records]
    scored.sort(key=lambda c: (-c.score, c.person_id))
    return [c for c in scored if c.score >= minimum]


def _one_slip(a: str, b: str) -> bool:
    """One character wrong, missing, extra or two neighbours swapped, in a reference long
    enough for that to be a slip rather than another reference."""
    return min(len(a), len(b)) >= 5 and DamerauLevenshtein.distance(a, b) == 1


def _hyphen_part(a: str, b: str) -> bool:
    if " " not in a and " " not in b:
        return False
    parts_a, parts_b = set(a.split(" ")), set(b.split(" "))
    return bool(a and b and (parts_a & parts_b) and (len(parts_a) > 1 or len(parts_b) > 1))
