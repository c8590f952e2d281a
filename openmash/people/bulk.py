"""Loading many people at once: benchmarks, the synthetic generator's --into-db, bulk imports.

No audit row per person here: `people_bulk_load`'s caller writes one audit marker for the whole
load; `PersonChanges`' caller (the batched notification import) writes `person.created` for each
person created and `person.details_learnt` for each person learnt from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.core.bulk import IdSource, bulk_insert, bulk_insert_values
from openmash.core.identifiers import normalise_postcode
from openmash.people.matching import KEY_FIELDS, SubjectDetails, match_keys
from openmash.people.matching.blocking import ids_in
from openmash.people.matching.overlay import Overlay
from openmash.people.models import Address, IdentifierKind, Person, PersonIdentifier, PersonName
from openmash.people.services import person_learnt_summary

if TYPE_CHECKING:
    from openmash.accounts.models import User


def _person(row: dict[str, Any]) -> Person:
    given, family = str(row.get("given_name") or "").strip(), str(row["family_name"]).strip()
    dob = row.get("date_of_birth")
    if isinstance(dob, str):
        dob = date.fromisoformat(dob) if dob else None
    postcode = str(row.get("postcode") or "")
    return Person(
        given_name=given[:100],
        family_name=family[:100],
        date_of_birth=dob,
        sex=row.get("sex") or "U",
        ethnicity=str(row.get("ethnicity") or "")[:4],
        nhs_number=str(row.get("nhs_number") or "").replace(" ", ""),
        upn=str(row.get("upn") or "").strip().upper(),
        postcode=normalise_postcode(postcode) if postcode else "",
        school=str(row.get("school") or "")[:200],
        gp_practice=str(row.get("gp_practice") or "")[:200],
        **match_keys(given, family),
    )


def _identifiers(row: dict[str, Any], person: Person) -> list[tuple[str, str]]:
    found = [(IdentifierKind.NHS.value, person.nhs_number), (IdentifierKind.UPN.value, person.upn)]
    found += [(str(kind), str(value).strip().upper()) for kind, value in row.get("identifiers", ())]
    return [(kind, value[:64]) for kind, value in found if value]


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def people_bulk_load(rows: Iterable[dict[str, Any]], *, batch_size: int = 5000) -> int:
    """Insert people (and their NHS number and UPN as identifiers) with match keys computed.

    Each row: given_name, family_name, and optionally date_of_birth (date or ISO text), sex,
    ethnicity, nhs_number, upn, postcode, school, gp_practice, source, identifiers (a list of
    (kind, value) pairs, e.g. ("police", "WY/2024/1")). Returns how many people
    were inserted. Each batch is one transaction.
    """
    total = 0
    for chunk in _chunks(rows, batch_size):
        with transaction.atomic():
            people = Person.objects.bulk_create([_person(row) for row in chunk])
            identifiers = [
                PersonIdentifier(
                    person_id=person.pk,
                    kind=kind,
                    value=value,
                    source=str(row.get("source") or "")[:64],
                )
                for row, person in zip(chunk, people, strict=True)
                for kind, value in _identifiers(row, person)
            ]
            PersonIdentifier.objects.bulk_create(identifiers, ignore_conflicts=True)
        total += len(people)
    return total


# --- Recording many contacts' subjects at once (bulk notification imports) ----------------


@dataclass
class _Known:
    """What `person_learn_from_details` reads of a person, kept current as changes are queued."""

    person: Person
    names: list[tuple[str, ...]]  # their other names' match keys (KEY_FIELDS), oldest first
    identifiers: set[tuple[str, str]]  # their identifier rows, (kind, value)
    epoch: int  # when last read or written
    changed: set[str] = field(default_factory=set)


class PersonChanges:
    """The writes `person_create_from_details` and `person_learn_from_details` make, queued in
    memory and written with a few bulk inserts by `flush`: the same rows, field for field.

    Every person created or learnt from is put in `overlay` as the queued writes leave them
    (`epoch`, set by the caller, dates the writes), so that matches read before them can be
    corrected (people/matching/overlay.py). New people get their ids when created
    (`allocate_ids`), so anything can refer to them before they are written.

    No audit row is written here: the caller writes `person.created` for each created person,
    and `person.details_learnt` with the summary `learn` returns, with its own audit rows.
    """

    def __init__(self, *, actor: User | None) -> None:
        self.created_by = actor if getattr(actor, "is_authenticated", False) else None
        self.overlay = Overlay()
        self.epoch = 0
        self._ids = IdSource(Person)
        self._new: list[Person] = []
        self._known: dict[int, _Known] = {}
        # Rows to write, by attname (bulk_insert_values).
        self._names: list[dict[str, Any]] = []
        self._identifiers: list[dict[str, Any]] = []
        self._addresses: list[dict[str, Any]] = []

    def create(self, *, details: SubjectDetails, source: str, address_line1: str = "") -> Person:
        """As `person_create_from_details`; written by the next `flush`."""
        postcode = details.postcode
        person = Person(
            pk=self._ids(),
            given_name=details.given_name.strip(),
            family_name=details.family_name.strip(),
            date_of_birth=details.date_of_birth,
            sex=details.sex or "U",
            nhs_number=details.nhs_number.replace(" ", ""),
            upn=details.upn.strip().upper(),
            postcode=normalise_postcode(postcode) if postcode else "",
            ethnicity="",
            created_by=self.created_by,
            **match_keys(details.given_name, details.family_name),
        )
        self._new.append(person)
        known = self._known[person.pk] = _Known(person, [], set(), self.epoch)
        for kind, value in (
            (IdentifierKind.NHS.value, person.nhs_number),
            (IdentifierKind.UPN.value, person.upn),
        ):
            if value:
                known.identifiers.add((kind, value))
                self._identifiers.append(
                    {"person_id": person.pk, "kind": kind, "value": value, "source": source}
                )
        if person.postcode or address_line1.strip():
            self._addresses.append(
                {
                    "person_id": person.pk,
                    "line1": address_line1.strip() or "(not given)",
                    "postcode": person.postcode,
                    "valid_from": timezone.localdate(),
                    "source": source,
                }
            )
        self._put(known)
        return person

    def _put(self, known: _Known) -> None:
        known.epoch = self.epoch
        self.overlay.put(known.person, known.names, known.identifiers, epoch=self.epoch)

    def load(self, ids: Iterable[int]) -> None:
        """Read the people about to be learnt from, with their other names and identifiers
        (3 queries), unless already known."""
        fresh = sorted({pk for pk in ids if pk not in self._known})
        if not fresh:
            return
        people = Person.objects.filter(pk__in=ids_in(fresh))
        names = PersonName.objects.filter(person_id__in=ids_in(fresh)).order_by("pk")
        identifiers = PersonIdentifier.objects.filter(person_id__in=ids_in(fresh))
        for person in people:
            self._known[person.pk] = _Known(person, [], set(), self.epoch)
        for pk, *keys in names.values_list("person_id", *KEY_FIELDS):
            self._known[pk].names.append(tuple(keys))
        for pk, kind, value in identifiers.values_list("person_id", "kind", "value"):
            self._known[pk].identifiers.add((kind, value))

    def current(self, pk: int) -> Person:
        """The person as the queued changes leave them (`load` them first)."""
        return self._known[pk].person

    def learn(
        self, *, person_id: int, details: SubjectDetails, address_line1: str, source: str
    ) -> dict[str, Any] | None:
        """As `person_learn_from_details`, on a person created here or passed to `load`; returns
        the summary of the audit row it would write (None when nothing was learnt)."""
        known = self._known[person_id]
        person = known.person
        changed: list[str] = []
        added: list[str] = []
        keys = match_keys(details.given_name, details.family_name)
        name = (keys["given_norm"], keys["family_norm"])
        if name != (person.given_norm, person.family_norm) and name not in {
            other[:2] for other in known.names
        }:
            known.names.append(tuple(keys[f] for f in KEY_FIELDS))
            added.append("name")
            self._names.append(
                {
                    "person_id": person.pk,
                    "given_name": details.given_name.strip(),
                    "family_name": details.family_name.strip(),
                    "source": source,
                    **keys,
                }
            )
        for name_of_field, kind, value in (
            ("nhs_number", IdentifierKind.NHS.value, details.nhs_number),
            ("upn", IdentifierKind.UPN.value, details.upn.upper()),
        ):
            if value and not getattr(person, name_of_field):
                setattr(person, name_of_field, value)
                changed.append(name_of_field)
            if value and (kind, value) not in known.identifiers:
                known.identifiers.add((kind, value))
                added.append(f"identifier:{kind}")
                self._identifiers.append(
                    {"person_id": person.pk, "kind": kind, "value": value, "source": source}
                )
        if details.date_of_birth and not person.date_of_birth:
            person.date_of_birth = details.date_of_birth
            changed.append("date_of_birth")
        postcode = normalise_postcode(details.postcode) if details.postcode else ""
        if postcode and postcode != person.postcode:
            person.postcode = postcode
            changed.append("postcode")
            added.append("address")
            self._addresses.append(
                {
                    "person_id": person.pk,
                    "line1": address_line1 or "(not given)",
                    "postcode": postcode,
                    "valid_from": timezone.localdate(),
                    "source": source,
                }
            )
        if not (changed or added):
            return None
        known.changed.update(changed)
        self._put(known)
        return person_learnt_summary(source=source, changed=changed, added=added)

    def flush(self) -> None:
        """Write everything queued: new people, identifiers, other names, addresses and the
        learnt fields."""
        new = {person.pk for person in self._new}
        bulk_insert(self._new)  # with their ids: COPY on PostgreSQL
        self._ids.close()
        bulk_insert_values(PersonIdentifier, self._identifiers)
        bulk_insert_values(PersonName, self._names)
        bulk_insert_values(Address, self._addresses)
        by_fields: dict[tuple[str, ...], list[Person]] = {}
        for known in self._known.values():
            if known.changed:
                if known.person.pk not in new:  # written as they are now
                    by_fields.setdefault(tuple(sorted(known.changed)), []).append(known.person)
                known.changed = set()
        for fields, changed in by_fields.items():
            rows = [Person(pk=p.pk, **{f: getattr(p, f) for f in fields}) for p in changed]
            Person.objects.bulk_update(rows, list(fields))
        self._new, self._names, self._identifiers, self._addresses = [], [], [], []

    def forget(self, up_to: int) -> None:
        """Let go of people last read or written at or before epoch `up_to` (after `flush`):
        what the database holds of them is what they are."""
        self._known = {pk: k for pk, k in self._known.items() if k.epoch > up_to}
        self.overlay.forget(up_to)

    def reset(self) -> None:
        """Drop everything, queued writes included (their transaction was rolled back)."""
        self.__init__(actor=self.created_by)  # type: ignore[misc]
