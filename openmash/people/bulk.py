"""Loading many people at once: benchmarks, the synthetic generator's --into-db, bulk imports.

No audit row per person: the caller writes one audit marker for the whole load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from django.db import transaction

from openmash.core.identifiers import normalise_postcode
from openmash.people.matching import match_keys
from openmash.people.models import IdentifierKind, Person, PersonIdentifier


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
