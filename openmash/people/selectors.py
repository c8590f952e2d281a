"""Reads of the person index: ranked search, a person's full record, merge history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openmash.core.access import mark_restricted
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.identifiers import is_valid_postcode, normalise_postcode
from openmash.people.matching import (
    Candidate,
    SubjectDetails,
    candidate_people,
    rank_candidates,
)
from openmash.people.matching.weights import active_weights
from openmash.people.models import Person, PersonMerge
from openmash.people.permissions import persons_visible_to
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
