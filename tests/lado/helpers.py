"""Shared set-up for the LADO tests: named LADO staff (a front-door worker in the LADO team) and
an allegation the school's designated safeguarding lead (the referrer) refers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import time_machine

from openmash.accounts.models import TeamKind, User
from openmash.accounts.services import team_create
from openmash.core.calendar import LONDON
from openmash.lado.models import Allegation
from openmash.lado.services import AllegationInput, allegation_refer
from openmash.people.matching.details import SubjectDetails
from tests.conftest import World, make_user


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def lado_officer(world: World) -> User:
    """The designated officer: named LADO staff by being in the council's LADO team."""
    existing = User.objects.filter(email="lado.officer@council.test").first()
    if existing is not None:
        return existing
    team = team_create(actor=None, agency=world.la, name="LADO", kind=TeamKind.LADO)
    officer = make_user("lado.officer@council.test", world.la, "lado")
    officer.teams.add(team)
    return officer


def referral(**changes: Any) -> AllegationInput:
    values: dict[str, Any] = {
        "subject": SubjectDetails(
            given_name="Gareth", family_name="Hollins", date_of_birth=date(1984, 2, 9)
        ),
        "role": "PE teacher",
        "sector": "education",
        "description": "A Year 8 pupil says Mr Hollins grabbed her arm hard in the changing "
        "room; a bruise was seen by the form tutor.",
        "children": [
            SubjectDetails(given_name="Lily", family_name="Marsh", date_of_birth=date(2013, 5, 4))
        ],
    }
    values.update(changes)
    return AllegationInput(**values)


def allegation_referred(
    world: World, *, by: User | None = None, at: datetime | None = None, **changes: Any
) -> Allegation:
    """An allegation referred through the portal by the school's referrer (or `by`)."""
    actor = by or world.referrer
    if at is None:
        return allegation_refer(actor=actor, data=referral(**changes))
    with time_machine.travel(at, tick=False):
        return allegation_refer(actor=actor, data=referral(**changes))


def allegation_for(world: World) -> Allegation:
    """One allegation of the school's referrer, made once per test (the matrix and the sweep)."""
    existing = Allegation.objects.filter(referred_by=world.referrer).first()
    return existing or allegation_referred(world)
