"""Shared set-up for the out-of-hours tests: a contact received at a given London time, and an
EDT worker (a front-door worker in the emergency duty team)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import time_machine

from openmash.accounts.models import TeamKind, User
from openmash.accounts.services import team_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.calendar import LONDON
from openmash.people.services import person_create
from tests.conftest import World, make_user, subject_details


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def edt_worker(world: World) -> User:
    team = team_create(actor=None, agency=world.la, name="Emergency duty team", kind=TeamKind.EDT)
    worker = make_user("edt.worker@council.test", world.la, "edt")
    worker.teams.add(team)
    return worker


def contact_received(world: World, at: datetime, **extra: Any) -> Any:
    """A contact recorded at `at` (the clock stands there while it is recorded)."""
    with time_machine.travel(at, tick=False):
        child = person_create(
            actor=None,
            given_name="Mia",
            family_name="Okafor",
            date_of_birth=datetime(2015, 6, 2).date(),
            sex="F",
            nhs_number="9990000026",
        )
        return contact_create(
            actor=world.referrer,
            data=ContactInput(
                source_agency=world.school,
                channel="portal",
                concern="Mia rang from a friend's house: she says her stepfather hit her.",
                subjects=[SubjectInput(details=subject_details(child), person=child)],
                submitted_by=world.referrer,
                **extra,
            ),
        )


def edt_record_for(world: World) -> Any:
    """One EDT record (a contact received on a Saturday night), made once per test."""
    from openmash.outofhours.models import EdtRecord

    existing = EdtRecord.objects.first()
    if existing is not None:
        return existing
    return contact_received(world, london(2026, 11, 14, 23, 0)).edt_record
