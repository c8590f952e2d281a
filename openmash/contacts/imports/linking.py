"""Matching the subjects of a chunk of notifications as `contact_create` would, one after another,
with one `match_subjects` call per round instead of one match per subject.

Recording one by one lets each subject see the people created or learnt from by the subjects
before it: the same new child in a ViST and a CARA notification of one incident becomes one
person, found again the second time. Matches made together, before any of those writes, cannot
see them. So each round matches the pending subjects together and applies the results in file
order, but defers to the next round (matched again once the round's writes are flushed) any
subject whose result those writes could change:

- it shares an NHS number, UPN, postcode or date of birth (or its day-and-month swap) with a
  person written earlier in the round, or a name key with one whose date of birth is near its own
  (two parts the same, or within three days) or unknown: below that, the match weights
  (openmash/people/matching.py) keep any candidate under the possible-match threshold;
- or one of its candidates is a person written earlier in the round.

A deferred subject also holds back later subjects that could read or write what it may write, so
writes that could matter to each other happen in file order. Each round applies at least its first
subject, so rounds end; the benchmark's file needs three or four a chunk of 500 rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from openmash.contacts.models import MatchStatus
from openmash.contacts.services import SubjectInput
from openmash.people.bulk import PersonChanges
from openmash.people.matching import (
    KEY_FIELDS,
    MatchResult,
    SubjectDetails,
    match_keys,
    match_subjects,
)
from openmash.people.matching.keys import swapped_date
from openmash.people.models import Person

NEAR_DAYS = 3


@dataclass
class SubjectLink:
    """What `_link_subject` decides for one subject."""

    person: Person | None
    status: str
    score: float | None = None
    candidates: list[dict[str, object]] = field(default_factory=list)
    created: bool = False


@lru_cache(maxsize=8192)  # within a chunk (subjects come back each round)
def _names(given: str, family: str) -> frozenset[str]:
    keys = match_keys(given, family)
    return frozenset(value for name in KEY_FIELDS if (value := keys[name]))


def _person_names(person: Person) -> frozenset[str]:
    return frozenset(value for name in KEY_FIELDS if (value := getattr(person, name)))


def _parts(day: date) -> list[tuple[Any, ...]]:
    return [("ym", day.year, day.month), ("yd", day.year, day.day), ("md", day.month, day.day)]


@dataclass
class _Probe:
    """What one match reads: a subject's details and the candidates it was offered."""

    keys: set[tuple[Any, ...]]
    names: frozenset[str]
    dob: date | None

    @classmethod
    def of(
        cls,
        details: SubjectDetails,
        person_ids: Iterable[int] = (),
        names: frozenset[str] | None = None,
    ) -> _Probe:
        keys: set[tuple[Any, ...]] = {("person", pk) for pk in person_ids}
        for kind, value in (
            ("nhs", details.nhs_number),
            ("upn", details.upn.upper()),
            ("postcode", details.postcode),
            ("dob", details.date_of_birth),
        ):
            if value:
                keys.add((kind, value))
        if names is None:
            names = _names(details.given_name, details.family_name)
        return cls(keys, names, details.date_of_birth)


def _person_details(person: Person) -> SubjectDetails:
    return SubjectDetails(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        nhs_number=person.nhs_number,
        upn=person.upn,
        postcode=person.postcode,
    )


class _Footprints:
    """What earlier subjects of the round wrote (or might write), indexed for `reads`."""

    def __init__(self) -> None:
        self.keys: set[tuple[Any, ...]] = set()
        self.near: dict[tuple[Any, ...], list[frozenset[str]]] = defaultdict(list)
        self.undated_names: set[str] = set()
        self.all_names: set[str] = set()

    def add(self, probe: _Probe) -> None:
        self.keys |= probe.keys
        self.all_names |= probe.names
        if probe.dob is None:
            self.undated_names |= probe.names
            return
        if swapped := swapped_date(probe.dob):
            self.keys.add(("dob", swapped))
        for part in [*_parts(probe.dob), ("day", probe.dob)]:
            self.near[part].append(probe.names)

    def reads(self, probe: _Probe) -> bool:
        """Could a match of `probe` come out differently once these writes are made?"""
        if probe.keys & self.keys:
            return True
        if probe.dob is None:
            return bool(probe.names & self.all_names)
        if probe.names & self.undated_names:
            return True
        days = [("day", probe.dob + timedelta(days=n)) for n in range(-NEAR_DAYS, NEAR_DAYS + 1)]
        return any(
            probe.names & names for part in _parts(probe.dob) + days for names in self.near[part]
        )


@dataclass
class _Subject:
    subject: SubjectInput
    source: str


class SubjectLinker:
    """Links every subject of a chunk; `changes` holds the people written (flushed)."""

    def __init__(self, *, actor: Any) -> None:
        self.changes = PersonChanges(actor=actor)
        self.rounds = 0

    def link(self, subjects: list[tuple[SubjectInput, str]]) -> list[SubjectLink]:
        """(subject, source) pairs in file order -> their links, people written and flushed."""
        items = [_Subject(subject, source) for subject, source in subjects]
        links: list[SubjectLink | None] = [None] * len(items)
        pending = list(range(len(items)))
        while pending:
            self.rounds += 1
            results = match_subjects([items[i].subject.details for i in pending])
            self.changes.load(r.person for r in results if r.decision == "linked" and r.person)
            pending = self._round(items, pending, results, links)
            self.changes.flush()
        return [link for link in links if link is not None]

    def _round(
        self,
        items: list[_Subject],
        pending: list[int],
        results: list[MatchResult],
        links: list[SubjectLink | None],
    ) -> list[int]:
        written, deferred = _Footprints(), _Footprints()
        later: list[int] = []
        for index, result in zip(pending, results, strict=True):
            item = items[index]
            details = item.subject.details
            probe = _Probe.of(details, (c.person_id for c in result.candidates))
            person = result.person if result.decision == "linked" else None
            person_probe = (
                _Probe.of(_person_details(current), (current.pk,), _person_names(current))
                if person is not None and (current := self.changes.current(person))
                else None
            )
            if (
                written.reads(probe)
                or deferred.reads(probe)
                or (person_probe is not None and deferred.reads(person_probe))
            ):
                later.append(index)
                deferred.add(probe)
                continue
            link = links[index] = self._apply(item, result)
            if link.status != MatchStatus.POSSIBLE:  # a person was created or learnt from
                written.add(_Probe.of(details, names=probe.names))
                if person_probe is not None:
                    written.add(person_probe)
        return later

    def _apply(self, item: _Subject, result: MatchResult) -> SubjectLink:
        details = item.subject.details
        candidates = [c.as_dict() for c in result.candidates]
        if result.decision == "linked" and result.person is not None:
            self.changes.learn(
                person=result.person,
                details=details,
                address_line1=item.subject.address_line1,
                source=item.source,
            )
            person = self.changes.current(result.person)
            return SubjectLink(person, MatchStatus.LINKED, result.candidates[0].score, candidates)
        if result.decision == "possible":
            return SubjectLink(None, MatchStatus.POSSIBLE, result.candidates[0].score, candidates)
        person = self.changes.create(details=details, source=item.source)
        return SubjectLink(person, MatchStatus.NEW, None, candidates, created=True)
