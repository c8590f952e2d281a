from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from openmash.accounts.models import User
from openmash.core.audit import AuditVerb, audit_record
from openmash.people.models import Person


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    sex: str = "U",
    nhs_number: str = "",
) -> Person:
    person = Person.objects.create(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        nhs_number=nhs_number,
    )
    audit_record(actor=actor, verb="person.created", target=person)
    return person


@transaction.atomic
def person_restrict(*, actor: User | None, person: Person, named_users: Iterable[User]) -> Person:
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
