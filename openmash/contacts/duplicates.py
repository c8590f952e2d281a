"""The same incident reported twice (ViST and CARA, or two agencies): flag it, screen it once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from openmash.contacts.models import Contact


def duplicate_flag(contact: Contact, person_ids: list[int]) -> Contact | None:
    """The earliest other contact about the same person(s) within the window, if any.

    Same incident means: at least one subject in common, received within DUPLICATE_WINDOW_HOURS,
    and, where both give an incident date, the same incident date.
    """
    if not person_ids:
        return None
    window = timedelta(hours=settings.DUPLICATE_WINDOW_HOURS)
    others = (
        Contact.objects.filter(
            contact_subjects__person_id__in=person_ids,
            received_at__gte=contact.received_at - window,
            received_at__lte=contact.received_at + window,
        )
        .exclude(pk=contact.pk)
        .exclude(duplicate_status="rejected")
        .order_by("received_at", "pk")
        .distinct()
    )
    for other in others[:20]:
        if (
            contact.incident_date
            and other.incident_date
            and contact.incident_date != other.incident_date
        ):
            continue
        # Point at the original, not at another duplicate of it.
        return other.duplicate_of or other
    return None
