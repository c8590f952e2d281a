from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency, User
from openmash.contacts.models import Channel, Contact
from openmash.core.audit import audit_record
from openmash.people.models import Person


def next_reference(received_at: datetime) -> str:
    year = timezone.localtime(received_at).year
    prefix = f"C{year}-"
    last = (
        Contact.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


@transaction.atomic
def contact_create(
    *,
    actor: User | None,
    source_agency: Agency,
    channel: str,
    concern: str,
    subjects: Iterable[Person],
    received_at: datetime | None = None,
    submitted_by: User | None = None,
) -> Contact:
    received_at = received_at or timezone.now()
    contact = Contact.objects.create(
        reference=next_reference(received_at),
        received_at=received_at,
        channel=Channel(channel),
        source_agency=source_agency,
        submitted_by=submitted_by,
        concern=concern,
    )
    contact.subjects.set(subjects)
    audit_record(
        actor=actor,
        verb="contact.created",
        target=contact,
        summary={
            "channel": channel,
            "source": source_agency.code,
            "subjects": [p.pk for p in contact.subjects.all()],
        },
    )
    return contact
