"""Contacts for queue, allocation and breach tests, with clocks set as a test needs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.services import person_create
from tests.conftest import subject_details


def person(given: str, family: str, born: date = date(2015, 5, 1)) -> Any:
    return person_create(actor=None, given_name=given, family_name=family, date_of_birth=born)


def new_contact(
    world: Any,
    *,
    people: list[Any] | None = None,
    is_child: bool = True,
    agency: Any = None,
    categories: list[str] | None = None,
    received_at: datetime | None = None,
    **fields: Any,
) -> Contact:
    """A contact about `people` (a new child if none), then `fields` set directly (the clocks,
    RAG and allocation the test needs, as the front-door services would have left them)."""
    people = people or [person("Sam", "Example")]
    contact = contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=agency or world.school,
            channel="phone",
            concern="Synthetic concern for a queue test.",
            subjects=[
                SubjectInput(details=subject_details(p), person=p, is_child=is_child)
                for p in people
            ],
            categories=categories or [],
            received_at=received_at,
        ),
    )
    if fields:
        Contact.objects.filter(pk=contact.pk).update(**fields)
        contact.refresh_from_db()
    return contact


def hours(n: float) -> datetime:
    return timezone.now() + timedelta(hours=n)
