"""Records for the Annex A tests, made directly (the lists read what the services leave)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from openmash.accounts.models import Agency
from openmash.contacts.models import Contact, ContactSubject, MatchStatus, SubjectRole
from openmash.familyhelp.models import (
    CaseStatus,
    EarlyHelpAssessment,
    FamilyHelpCase,
    FamilyMember,
)
from openmash.frontdoor.models import Decision, Referral
from openmash.people.models import Person
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def person(
    given: str = "Ayaan",
    family: str = "Rahman",
    *,
    born: date | None = date(2016, 3, 14),
    sex: str = "M",
    ethnicity: str = "ABAN",
    **extra: Any,
) -> Person:
    return Person.objects.create(
        given_name=given,
        family_name=family,
        date_of_birth=born,
        sex=sex,
        ethnicity=ethnicity,
        **extra,
    )


def contact(
    world: World,
    received: date,
    *children: Person | None,
    agency: Agency | None = None,
    hour: int = 10,
    **extra: Any,
) -> Contact:
    n = next(_numbers)
    made = Contact.objects.create(
        reference=f"C-T{n:05d}",
        received_at=at(received, hour),
        channel="portal",
        source_agency=agency or world.school,
        **extra,
    )
    for child in children or (None,):
        ContactSubject.objects.create(
            contact=made,
            person=child,
            role=SubjectRole.SUBJECT,
            is_child=True,
            given_name=child.given_name if child else "Unknown",
            family_name=child.family_name if child else "Child",
            date_of_birth=child.date_of_birth if child else None,
            sex=child.sex if child else "",
            match_status=MatchStatus.LINKED if child else MatchStatus.NEW,
        )
    return made


def referral(
    world: World,
    child: Person,
    day: date,
    *,
    source: str = "2A",
    nfa: bool = False,
    made_from: Contact | None = None,
) -> Referral:
    made_from = made_from or contact(world, day, child)
    subject = made_from.contact_subjects.get(person=child)
    decision = Decision.objects.create(
        contact=made_from, rationale="Meets the threshold.", proposed_by=world.social_worker
    )
    return Referral.objects.create(
        contact=made_from,
        subject=subject,
        person=child,
        decision=decision,
        referral_date=day,
        referral_source=source,
        referral_nfa=nfa,
        route="referral",
        team=world.assessment,
        worker=world.social_worker,
    )


def early_help(
    world: World,
    team: Any,
    child: Person | None,
    accepted: date,
    *,
    assessed: date | None = None,
    closed: date | None = None,
    born: date | None = None,
) -> FamilyHelpCase:
    n = next(_numbers)
    case = FamilyHelpCase.objects.create(
        reference=f"FH-T{n:05d}",
        source="partner",
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        team=team,
        reason="Struggling with routines.",
        accepted_at=at(accepted),
        closed_at=at(closed) if closed else None,
    )
    FamilyMember.objects.create(
        case=case,
        person=child,
        role="child",
        given_name=child.given_name if child else "Maya",
        family_name=child.family_name if child else "Rahman",
        date_of_birth=child.date_of_birth if child else born,
    )
    FamilyMember.objects.create(case=case, role="parent", given_name="Sara", family_name="Rahman")
    if assessed:
        EarlyHelpAssessment.objects.create(
            case=case,
            child_voice="I like school.",
            parents_voice="Mornings are hard.",
            analysis="Routines.",
            recorded_by=world.social_worker,
            recorded_at=at(assessed),
        )
    return case
