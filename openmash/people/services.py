"""Every change to the person index, each audited in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.identifiers import normalise_postcode
from openmash.people.matching import SubjectDetails, match_keys
from openmash.people.models import (
    Address,
    IdentifierKind,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)


@transaction.atomic
def person_create(
    *,
    actor: Any,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    sex: str = "U",
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
    ethnicity: str = "",
    source: str = "",
    audit: bool = True,
) -> Person:
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex or "U",
        nhs_number=nhs_number.replace(" ", ""),
        upn=upn.strip().upper(),
        postcode=normalise_postcode(postcode) if postcode else "",
        ethnicity=ethnicity,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **match_keys(given_name, family_name),
    )
    person.save()
    for kind, value in ((IdentifierKind.NHS, person.nhs_number), (IdentifierKind.UPN, person.upn)):
        if value:
            PersonIdentifier.objects.create(person=person, kind=kind, value=value, source=source)
    if audit:
        audit_record(actor=actor, verb="person.created", target=person, summary={"source": source})
    return person


def person_create_from_details(*, actor: Any, details: SubjectDetails, source: str) -> Person:
    return person_create(
        actor=actor,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        sex=details.sex or "U",
        nhs_number=details.nhs_number,
        upn=details.upn,
        postcode=details.postcode,
        source=source,
    )


def person_learn_from_details(
    *, person: Person, details: SubjectDetails, address_line1: str = "", source: str = ""
) -> None:
    """Keep what a new contact tells us: a new spelling, identifier or address (no audit row:
    it is part of the contact's own creation, which is audited)."""
    keys = match_keys(details.given_name, details.family_name)
    same_name = (keys["given_norm"], keys["family_norm"]) == (person.given_norm, person.family_norm)
    if (
        not same_name
        and not person.names.filter(
            given_norm=keys["given_norm"], family_norm=keys["family_norm"]
        ).exists()
    ):
        PersonName.objects.create(
            person=person,
            given_name=details.given_name.strip(),
            family_name=details.family_name.strip(),
            source=source,
            **keys,
        )
    changed = []
    for field, kind, value in (
        ("nhs_number", IdentifierKind.NHS, details.nhs_number),
        ("upn", IdentifierKind.UPN, details.upn.upper()),
    ):
        if value and not getattr(person, field):
            setattr(person, field, value)
            changed.append(field)
        if value:
            PersonIdentifier.objects.get_or_create(
                person=person, kind=kind, value=value, defaults={"source": source}
            )
    if details.date_of_birth and not person.date_of_birth:
        person.date_of_birth = details.date_of_birth
        changed.append("date_of_birth")
    postcode = normalise_postcode(details.postcode) if details.postcode else ""
    if postcode and postcode != person.postcode:
        person.postcode = postcode
        changed.append("postcode")
        Address.objects.create(
            person=person,
            line1=address_line1 or "(not given)",
            postcode=postcode,
            valid_from=timezone.localdate(),
            source=source,
        )
    if changed:
        person.save(update_fields=changed)


@transaction.atomic
def person_restrict(*, actor: Any, person: Person, named_users: Iterable[Any]) -> Person:
    """Make a person visible only to the named users (and break-glass access)."""
    users = list(named_users)
    person.is_restricted = True
    person.save(update_fields=["is_restricted"])
    person.restricted_to.set(users)
    audit_record(
        actor=actor,
        verb=AuditVerb.RESTRICTION_CHANGED,
        target=person,
        summary={"restricted": True, "named_users": sorted(u.email for u in users)},
    )
    return person


@transaction.atomic
def relationship_add(
    *, actor: Any, from_person: Person, to_person: Person, kind: str, source: str = ""
) -> Relationship:
    if from_person.pk == to_person.pk:
        raise ApplicationError("A person cannot have a relationship with themselves.")
    relationship, created = Relationship.objects.get_or_create(
        from_person=from_person, to_person=to_person, kind=kind, defaults={"source": source}
    )
    if created:
        audit_record(
            actor=actor,
            verb="person.relationship_added",
            target=from_person,
            summary={"to": to_person.pk, "kind": kind},
        )
    return relationship
