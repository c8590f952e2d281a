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
from openmash.people.matching.weights import MatchWeights, current, on_change
from openmash.people.models import Person
from openmash.people.nicknames import nickname_roots

# The weights, in bits (log2 of the likelihood ratio), come from `weights.current()`: learnt from
# the council's own data once a model is fitted (matching/learning.py), hand-set until then.
W_SWAPPED_PENALTY = -1.5


# NHS numbers and UPNs have check characters that catch slips, so a different valid one is another
# person; other references one character out (a slip of the keyboard) are still good evidence.
STRICT_IDENTIFIERS = {"nhs", "upn"}


ID_COMPARISONS = {"nhs": "id_nhs", "upn": "id_upn", "police": "id_police", "council": "id_council"}


def _w() -> MatchWeights:
    return current()


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
    w = _w()
    family = _family_level(name[0], other[0])
    given = _given_level(name[1], other[1])
    straight = w.level("family", family) + w.level("given", given)
    # The swapped comparison can only win by 2 bits when the names in order are weak.
    if flipped is not None and straight < _ceilings()[2] - 2:
        flipped_family = _family_level(flipped[0], other[0])
        flipped_given = _given_level(flipped[1], other[1])
        swapped = (
            w.level("family", flipped_family) + w.level("given", flipped_given) + W_SWAPPED_PENALTY
        )
        if swapped > straight + 2:
            return swapped, flipped_family, flipped_given, True
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
def _dob_level(dob: date | None, other: date | None) -> tuple[str, str]:
    """(level, reason) of two dates of birth; ("missing", "") when either is blank."""
    if not dob or not other:
        return "missing", ""
    if dob == other:
        return "exact", "same date of birth"
    if swapped_date(dob) == other:
        return "swapped", "date of birth with day and month swapped"
    same = (dob.year == other.year) + (dob.month == other.month) + (dob.day == other.day)
    if same == 2:
        return "one_part", "date of birth differs by one part"
    if DamerauLevenshtein.distance(_digits(dob), _digits(other)) == 1:
        return "one_part", "date of birth differs by one digit"
    if abs((dob - other).days) <= 3:
        return "near", "date of birth within a few days"
    return "none", "different date of birth"


@lru_cache(maxsize=262144)
def _dob_weight(dob: date | None, other: date | None) -> tuple[float, str]:
    level, reason = _dob_level(dob, other)
    return _w().level("dob", level), reason


def _identifier_weight(
    identifiers: tuple[tuple[str, str], ...], record: MatchRecord
) -> tuple[float, list[str], list[str]]:
    """(weight, reasons first in the list, reasons last) from identifiers on both sides."""
    weight = 0.0
    first: list[str] = []
    last: list[str] = []
    if not identifiers:
        return weight, first, last
    w = _w()
    known = record.identifiers
    for kind, value in identifiers:
        theirs = known.get(kind)
        if not theirs:
            continue
        comparison = ID_COMPARISONS.get(kind, "id_other")
        level = _identifier_level(kind, value, theirs)
        weight += w.level(comparison, level)
        label = IDENTIFIER_LABELS.get(kind, "identifier")
        if level == "agree":
            first.append(f"same {label}")
        elif level == "slip":
            first.append(f"{label} differs by one character")
        else:
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


def _postcode_level(query: _Query, record: MatchRecord) -> str:
    postcode = query.postcode
    if not postcode or not record.postcode:
        return "missing"
    if postcode == record.postcode:
        return "exact"
    if query.outward and query.outward == record.outward:
        return "area"
    return "none"


def _sex_level(sex: str, other: str) -> str:
    if sex in ("M", "F") and other in ("M", "F"):
        return "same" if sex == other else "different"
    return "missing"


POSTCODE_REASONS = {"exact": "same postcode", "area": "same postcode area"}


def _score(query: _Query, record: MatchRecord) -> Candidate:
    w = _w()
    details = query.details
    name_weight, reasons, against = _name_evidence(query, record)
    weight = w.prior_bits + name_weight
    dob_weight, dob_reason = _dob_weight(details.date_of_birth, record.date_of_birth)
    weight += dob_weight
    if dob_weight > 0:
        reasons.append(dob_reason)
    id_weight, id_first, id_last = _identifier_weight(query.identifiers, record)
    weight += id_weight
    postcode = _postcode_level(query, record)
    weight += w.level("postcode", postcode)
    if postcode in POSTCODE_REASONS:
        reasons.append(POSTCODE_REASONS[postcode])
    sex = _sex_level(details.sex, record.sex)
    weight += w.level("sex", sex)
    if sex == "different":
        reasons.append("different sex recorded")
    if dob_weight < 0:
        against.append(dob_reason)
    score = 1.0 / (1.0 + math.pow(2.0, -weight))
    return Candidate(record.pk, score, tuple(id_first + reasons + against + id_last))


@lru_cache(maxsize=1)
def _ceilings_of(weights: MatchWeights) -> tuple[float, float, float]:
    given = weights.best("given")
    family = weights.best("family")
    return given, family + given, family + given + W_SWAPPED_PENALTY


def _ceilings() -> tuple[float, float, float]:
    """The most a first name adds, the most any name comparison adds (the same surname and first
    name), and the most the names the other way round add, under the weights in use."""
    return _ceilings_of(_w())


def _may_reach(query: _Query, record: MatchRecord, floor: float) -> bool:
    """Whether the weight `_score` sums can reach `floor`: the same parts, without the
    reasons, and the names (the dearest part) compared only when the rest leaves it possible.
    Most candidates of a bulk match fall below the possible-match threshold, and need no more."""
    w = _w()
    details = query.details
    weight = w.prior_bits + _dob_weight(details.date_of_birth, record.date_of_birth)[0]
    if query.identifiers:
        weight += _identifier_weight(query.identifiers, record)[0]
    weight += w.level("postcode", _postcode_level(query, record))
    weight += w.level("sex", _sex_level(details.sex, record.sex))
    given_ceiling, name_ceiling, _ = _ceilings()
    if weight + name_ceiling < floor:
        return False
    name, flipped = query.name, query.flipped
    for other in record.name_parts:
        # The surnames first: with them, the most the names can add (the best first name, in
        # order or the other way round) often leaves the threshold out of reach.
        most = w.level("family", _family_level(name[0], other[0])) + given_ceiling
        if flipped is not None:
            swapped = w.level("family", _family_level(flipped[0], other[0]))
            most = max(most, swapped + given_ceiling + W_SWAPPED_PENALTY)
        if weight + most >= floor and weight + _compare_names(name, flipped, other)[0] >= floor:
            return True
    return False


def comparison_levels(
    details: SubjectDetails, person: Person | MatchRecord, keys: dict[str, str] | None = None
) -> dict[str, str]:
    """The level of each comparison between a subject and a person (what the fitted model
    learns from and what a label records), names from their best-scoring name; comparisons
    with a side blank are left out."""
    return _levels(_prepare(details, keys), record_of(person))


def _levels(query: _Query, record: MatchRecord) -> dict[str, str]:
    details = query.details
    best: tuple[float, str, str] | None = None
    for other in record.name_parts:
        weight, family, given, _ = _compare_names(query.name, query.flipped, other)
        if best is None or weight > best[0]:
            best = (weight, family, given)
    found: dict[str, str] = {}
    if best is not None:
        found["family"], found["given"] = best[1], best[2]
    found["dob"] = _dob_level(details.date_of_birth, record.date_of_birth)[0]
    found["postcode"] = _postcode_level(query, record)
    found["sex"] = _sex_level(details.sex, record.sex)
    for kind, value in query.identifiers:
        theirs = record.identifiers.get(kind)
        if theirs:
            found[ID_COMPARISONS.get(kind, "id_other")] = _identifier_level(kind, value, theirs)
    return {c: level for c, level in found.items() if level != "missing"}


def levels_many(
    details: SubjectDetails, records: Iterable[MatchRecord]
) -> list[tuple[MatchRecord, dict[str, str]]]:
    query = _prepare(details)
    return [(r, _levels(query, r)) for r in records]


def _identifier_level(kind: str, value: str, theirs: frozenset[str]) -> str:
    if value in theirs:
        return "agree"
    if kind not in STRICT_IDENTIFIERS and any(_one_slip(value, v) for v in theirs):
        return "slip"
    return "disagree"


def _weights_changed(_weights: MatchWeights) -> None:
    _name_weight_of.cache_clear()
    _dob_weight.cache_clear()


on_change(_weights_changed)


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
