"""Reads of the person index: ranked search, a person's full record, merge history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import prefetch_related_objects

from openmash.core.access import mark_restricted, restriction_allows
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.identifiers import is_valid_postcode, normalise_postcode
from openmash.people.matching import (
    Candidate,
    SubjectDetails,
    candidate_people,
    learning,
    rank_candidates,
)
from openmash.people.matching.decide import auto_link_threshold
from openmash.people.matching.weights import COMPARISON_LABELS, active_weights
from openmash.people.models import Person, PersonMerge, PersonPair
from openmash.people.permissions import can_merge_people, persons_visible_to
from openmash.people.registry import person_contact_links

if TYPE_CHECKING:
    from openmash.accounts.models import User

NHS_DIGITS = re.compile(r"^\d{10}$")
UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
DATE_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
POSTCODE_PART = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$|^\d[A-Z]{2}$")
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PersonSearchCriteria:
    """What a worker searched for; any combination of fields."""

    q: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    identifier: str = ""

    def is_empty(self) -> bool:
        return not any(
            (
                self.q.strip(),
                self.given_name.strip(),
                self.family_name.strip(),
                self.date_of_birth,
                self.nhs_number.strip(),
                self.upn.strip(),
                self.postcode.strip(),
                self.identifier.strip(),
            )
        )

    def terms(self) -> str:
        """The terms as given, in words, for the audit row ("Rahman; NHS number 9990000018")."""
        labels = {
            "given_name": "first name",
            "family_name": "surname",
            "date_of_birth": "date of birth",
            "nhs_number": "NHS number",
            "upn": "UPN",
            "postcode": "postcode",
            "identifier": "identifier",
        }
        return "; ".join(
            value if name == "q" else f"{labels[name]} {value}"
            for name, value in self.term_fields().items()
        )

    def term_fields(self) -> dict[str, str]:
        values = {
            "q": self.q,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "nhs_number": self.nhs_number,
            "upn": self.upn,
            "postcode": self.postcode,
            "identifier": self.identifier,
        }
        return {k: v.strip() for k, v in values.items() if v and v.strip()}


@dataclass
class SearchResult:
    person: Person
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def masked(self) -> bool:
        return bool(getattr(self.person, "masked", False))

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _parse_date(text: str) -> date | None:
    match = DATE_PATTERN.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        match = ISO_DATE.match(text)
        if match:
            return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return None


def criteria_details(criteria: PersonSearchCriteria) -> SubjectDetails:
    """Read the free text (names, an NHS number, a UPN, a date, a postcode) into details, then
    let the separate fields, when given, take precedence."""
    words: list[str] = []
    found: dict[str, Any] = {}
    tokens = criteria.q.replace(",", " ").split()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        upper = token.upper()
        pair = f"{upper} {tokens[index + 1].upper()}" if index + 1 < len(tokens) else ""
        if NHS_DIGITS.match(token):
            found["nhs_number"] = token
        elif UPN_PATTERN.match(upper):
            found["upn"] = upper
        elif _parse_date(token):
            found["date_of_birth"] = _parse_date(token)
        elif pair and POSTCODE_PART.match(upper) and is_valid_postcode(pair):
            found["postcode"] = normalise_postcode(pair)
            index += 1
        elif any(ch.isdigit() for ch in token) and is_valid_postcode(upper):
            found["postcode"] = normalise_postcode(upper)
        elif token.isdigit() and len(token) == 3:
            words.append(token)  # maybe "999 000 0018": joined below
        else:
            words.append(token)
        index += 1
    digits = "".join(w for w in words if w.isdigit())
    if NHS_DIGITS.match(digits):
        found["nhs_number"] = digits
    words = [w for w in words if not w.isdigit()]
    given = " ".join(words[:-1]) if len(words) > 1 else ""
    family = words[-1] if words else ""
    postcode = criteria.postcode.strip()
    return SubjectDetails(
        given_name=criteria.given_name.strip() or given,
        family_name=criteria.family_name.strip() or family,
        date_of_birth=criteria.date_of_birth or found.get("date_of_birth"),
        nhs_number=criteria.nhs_number.replace(" ", "") or found.get("nhs_number", ""),
        upn=criteria.upn.strip().upper() or found.get("upn", ""),
        postcode=normalise_postcode(postcode) if postcode else found.get("postcode", ""),
        identifiers=_identifiers(criteria.identifier),
    )


def _identifiers(value: str) -> tuple[tuple[str, str], ...]:
    value = value.strip().upper()
    if not value:
        return ()
    return tuple((kind, value) for kind in ("police", "council", "other"))


def person_search(
    *, user: User, criteria: PersonSearchCriteria | None = None, query: str = "", limit: int = 0
) -> list[SearchResult]:
    """Ranked search of the person index, tolerant of spelling; logs the terms and the count.

    `query` is free text (kept for callers that have only a search box); `criteria` any mix of
    fields. Restricted people the user is not named on are marked `masked`.
    """
    criteria = criteria or PersonSearchCriteria(q=query)
    results: list[SearchResult] = []
    if not criteria.is_empty():
        details = criteria_details(criteria)
        active_weights()  # search scores with the same fitted model as matching
        people = {p.pk: p for p in candidate_people(details, within=persons_visible_to(user))}
        ranked = rank_candidates(details, people.values(), minimum=0.0)
        results = [_result(people[c.person_id], c) for c in ranked[: limit or SEARCH_LIMIT]]
        mark_restricted(user, [r.person for r in results])
    audit_record(
        actor=user,
        verb=AuditVerb.SEARCHED,
        target_type="person",
        summary={
            "terms": criteria.terms(),
            "result_count": len(results),
        },
        durable=False,
    )
    return results


def _result(person: Person, candidate: Candidate) -> SearchResult:
    return SearchResult(person=person, score=candidate.score, reasons=candidate.reasons)


# How a relationship reads from the other end: "Sara is parent of Ayaan" is "Child of Sara" on
# Ayaan's page.
INVERSE_LABELS = {
    "parent": "Child of",
    "carer": "Cared for by",
    "sibling": "Sibling of",
    "partner": "Partner of",
    "household": "Household member with",
    "alleged_perpetrator": "Alleged to have been harmed by",
    "other": "Other relationship with",
}


# Closest family first on the person's page.
_KIND_ORDER = {"parent": 0, "carer": 1, "sibling": 2, "partner": 3, "household": 4}


@dataclass(frozen=True)
class RelationshipRow:
    """A relationship as the person's page reads it: "Child of" Sara, told us by C26-0000012."""

    label: str
    kind: str
    other: Person
    source: str
    source_contact_id: int | None
    recorded_at: datetime


@dataclass
class PersonRecord:
    """Everything the person page and the API show about one person."""

    person: Person
    identifiers: list[Any]
    names: list[Any]
    addresses: list[Any]
    relationships: list[RelationshipRow]
    households: list[Any]
    contacts: list[Any]
    merges_in: list[PersonMerge]
    merges_out: list[PersonMerge]


def person_record(person: Person) -> PersonRecord:
    """The person's full record; the caller has been through `person_get_for_user`."""
    relationships = [
        RelationshipRow(
            r.get_kind_display(), r.kind, r.to_person, r.source, r.source_contact_id, r.created_at
        )
        for r in person.relationships_from.select_related("to_person")
    ] + [
        RelationshipRow(
            INVERSE_LABELS.get(r.kind, "Related to"),
            r.kind,
            r.from_person,
            r.source,
            r.source_contact_id,
            r.created_at,
        )
        for r in person.relationships_to.select_related("from_person")
    ]
    relationships.sort(key=lambda row: (_KIND_ORDER.get(row.kind, 9), row.recorded_at))
    contacts = [link for links_of in person_contact_links for link in links_of(person)]
    merges = PersonMerge.objects.select_related("survivor", "merged", "merged_by", "undone_by")
    return PersonRecord(
        person=person,
        identifiers=list(person.identifiers.order_by("kind", "value")),
        names=list(person.names.order_by("created_at")),
        addresses=list(person.addresses.all()),
        relationships=relationships,
        households=list(person.households.prefetch_related("members")),
        contacts=contacts,
        merges_in=list(merges.filter(survivor=person)),
        merges_out=list(merges.filter(merged=person)),
    )


def person_merge_get(merge_id: int) -> PersonMerge | None:
    return (
        PersonMerge.objects.select_related("survivor", "merged", "merged_by")
        .filter(pk=merge_id)
        .first()
    )


@dataclass(frozen=True)
class PairRow:
    """One line of a possible duplicate side by side: what each record holds, how the match
    model compared them (levels in words) and the weight that comparison gave, in bits."""

    label: str
    first: Any  # a date for the date of birth (pages format it with govuk_date)
    second: Any
    agreement: str
    bits: float | None

    @property
    def is_date(self) -> bool:
        return self.label == "Date of birth"


@dataclass
class PairReview:
    pair: PersonPair
    score: float
    weight: float
    informativeness: float
    rows: list[PairRow]


# The rows of the side-by-side view and the comparisons each one shows.
_PAIR_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Name", ("family", "given")),
    ("Date of birth", ("dob",)),
    ("Address", ("postcode",)),
    ("Sex", ("sex",)),
    ("NHS number", ("id_nhs",)),
    ("UPN", ("id_upn",)),
    ("Other identifiers", ("id_police", "id_council", "id_other")),
)


def _pair_values(person: Person) -> dict[str, Any]:
    names = [f"{person.given_name} {person.family_name}"] + [
        f"{n.given_name} {n.family_name} (known as)" for n in person.names.all()
    ]
    addresses = [
        ", ".join(part for part in (a.line1, a.town, a.postcode) if part)
        for a in person.addresses.all()
        if a.line1
    ]
    return {
        "Name": "; ".join(names),
        "Date of birth": person.date_of_birth,
        "Address": "; ".join(addresses) or person.postcode,
        "Sex": person.get_sex_display(),
        "NHS number": person.nhs_number,
        "UPN": person.upn,
        "Other identifiers": ", ".join(
            f"{i.get_kind_display()} {i.value}"
            for i in person.identifiers.all()
            if i.kind not in ("nhs", "upn")
        ),
    }


def person_pair_review(pair: PersonPair) -> PairReview:
    """A possible duplicate side by side with the fitted model's comparison of each field; the
    caller has been through `person_pair_get_for_user` (or the pile)."""
    active = active_weights()
    levels: dict[str, str] = pair.levels
    score = learning.probability(active.bits, active.prior_bits, levels)
    first, second = _pair_values(pair.person), _pair_values(pair.other)
    rows = []
    for label, comparisons in _PAIR_ROWS:
        seen = [c for c in comparisons if c in levels]
        words = "; ".join(f"{COMPARISON_LABELS[c]}: {levels[c].replace('_', ' ')}" for c in seen)
        bits = round(sum(active.level(c, levels[c]) for c in seen), 1) if seen else None
        rows.append(
            PairRow(label, first[label], second[label], words or "Not compared (blank)", bits)
        )
    return PairReview(
        pair=pair,
        score=score,
        weight=round(active.prior_bits + sum(active.level(c, lv) for c, lv in levels.items()), 1),
        informativeness=learning.informativeness(score, auto_link_threshold()),
        rows=rows,
    )


def person_pair_pile(*, user: User, limit: int = 20) -> list[PairReview]:
    """The review pile of possible duplicates: pairs the fitted model scores at or above the
    possible-match threshold, neither merged nor restricted against the user, those whose
    decision would teach the model most first (nearest the automatic-link threshold:
    learning.informativeness), then the highest score. Only for users who may merge; logs what it
    lists."""
    if not can_merge_people(user):
        return []
    active = active_weights()
    floor = settings.MATCH_POSSIBLE_THRESHOLD
    threshold = auto_link_threshold()
    waiting = [
        (learning.probability(active.bits, active.prior_bits, pair.levels), pair)
        for pair in PersonPair.objects.select_related("person", "other").filter(
            person__merged_into__isnull=True, other__merged_into__isnull=True
        )
    ]
    waiting = [
        (score, pair)
        for score, pair in waiting
        if score >= floor
        and restriction_allows(user, pair.person)
        and restriction_allows(user, pair.other)
    ]
    waiting.sort(key=lambda sp: (-learning.informativeness(sp[0], threshold), -sp[0], sp[1].pk))
    chosen = [pair for _, pair in waiting[:limit]]
    prefetch_related_objects(
        [p for pair in chosen for p in (pair.person, pair.other)],
        "names",
        "addresses",
        "identifiers",
    )
    # Written for an empty pile too: that the user looked is what the access log records.
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="person_pair",
        summary={"review_pile": [pair.pk for pair in chosen]},
        durable=False,
    )
    return [person_pair_review(pair) for pair in chosen]
