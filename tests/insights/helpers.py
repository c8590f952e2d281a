"""A small fixed data set for the figures, made directly (the figures read what the services
leave), with every time relative to the frozen now so the hand-computed figures hold at any now."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from openmash.accounts.models import Agency, User
from openmash.contacts.models import Contact, ContactSubject, MatchStatus, SubjectRole
from openmash.frontdoor.models import (
    Decision,
    DecisionOutcome,
    DecisionState,
    InformationRequest,
    Referral,
)
from openmash.people.models import Person
from tests.conftest import World

_numbers = itertools.count(1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def person(given: str) -> Person:
    return Person.objects.create(given_name=given, family_name="Okafor", sex="F")


def contact(
    world: World,
    received: datetime,
    *people: Person,
    agency: Agency,
    channel: str = "portal",
    is_child: bool = True,
    **extra: Any,
) -> Contact:
    made = Contact.objects.create(
        reference=f"C-I{next(_numbers):05d}",
        received_at=received,
        channel=channel,
        source_agency=agency,
        concern="Synthetic concern.",
        **extra,
    )
    for who in people:
        ContactSubject.objects.create(
            contact=made,
            person=who,
            role=SubjectRole.SUBJECT,
            is_child=is_child,
            given_name=who.given_name,
            family_name=who.family_name,
            match_status=MatchStatus.LINKED,
        )
    return made


def authorise(world: World, made: Contact, *outcomes: str, at: datetime) -> Decision:
    decision = Decision.objects.create(
        contact=made,
        rationale="Synthetic rationale.",
        proposed_by=world.social_worker,
        proposed_at=at,
        state=DecisionState.AUTHORISED,
        authorised_by=world.manager,
        authorised_at=at,
    )
    for subject, outcome in zip(made.contact_subjects.all(), outcomes, strict=True):
        DecisionOutcome.objects.create(
            decision=decision, subject=subject, is_child=subject.is_child, outcome=outcome
        )
    return decision


def ask(
    world: World,
    made: Contact,
    agency: Agency,
    *,
    asked: datetime,
    due: datetime,
    answered: datetime | None = None,
) -> InformationRequest:
    return InformationRequest.objects.create(
        contact=made,
        agency=agency,
        questions="Synthetic question?",
        due_at=due,
        status="answered" if answered else "open",
        requested_by=world.social_worker,
        requested_at=asked,
        responded_at=answered,
        responded_by=world.police_rep if answered else None,
    )


def refer(world: World, made: Contact, who: Person, *, at: datetime) -> Referral:
    decision = made.decisions.first() or Decision.objects.create(
        contact=made, rationale="Synthetic rationale.", proposed_by=world.social_worker
    )
    return Referral.objects.create(
        contact=made,
        subject=made.contact_subjects.get(person=who),
        person=who,
        decision=decision,
        referral_date=timezone.localdate(at),
        referral_source="1B",
        route="assessment",
        team=world.assessment,
        worker=world.social_worker,
        created_at=at,
    )


@dataclass
class DataSet:
    c0: Contact
    c1: Contact
    c2: Contact
    c3: Contact
    c4: Contact
    c5: Contact  # restricted, named on nobody


def data_set(world: World) -> DataSet:
    """Police (bulk): C0 (200 days ago, referred B), C1 (40 days ago, red, decided on time,
    no further action for A), C2 (38 days ago, amber, decided late, assessment for B, a
    re-referral), C5 (restricted, no further action). School (portal): C3 (10 days ago, green,
    open past both clocks, allocated, about A again), C4 (an hour ago, open in time)."""
    now = timezone.now()
    a, b, c = person("Amara"), person("Bola"), person("Chidi")
    school, police = world.school, world.police
    c0 = contact(world, now - 200 * DAY, b, agency=police, channel="bulk", status="closed")
    refer(world, c0, b, at=now - 199 * DAY)
    t1 = now - 40 * DAY
    c1 = contact(
        world,
        t1,
        a,
        agency=police,
        channel="bulk",
        status="closed",
        rag="red",
        rag_due_at=t1 + 4 * HOUR,
        decision_due_at=t1 + DAY,
        decided_at=t1 + 2 * HOUR,
    )
    authorise(world, c1, "nfa", at=t1 + 2 * HOUR)
    ask(world, c1, school, asked=t1, due=t1 + HOUR, answered=t1 + 10 * HOUR)
    t2 = now - 38 * DAY
    c2 = contact(
        world,
        t2,
        b,
        agency=police,
        channel="bulk",
        status="closed",
        rag="amber",
        rag_due_at=t2 + DAY,
        decision_due_at=t2 + DAY,
        decided_at=t2 + 2 * DAY,
    )
    authorise(world, c2, "assessment", at=t2 + 2 * DAY)
    refer(world, c2, b, at=t2 + 2 * DAY)
    ask(world, c2, school, asked=t2 + HOUR, due=t2 + DAY, answered=t2 + 5 * HOUR)
    t3 = now - 10 * DAY
    c3 = contact(
        world,
        t3,
        a,
        agency=school,
        status="screening",
        rag="green",
        rag_due_at=t3 + 3 * DAY,
        decision_due_at=t3 + DAY,
        team=world.mash,
        allocated_to=world.social_worker,
    )
    ask(world, c3, police, asked=t3 + HOUR, due=t3 + DAY)
    t4 = now - HOUR
    c4 = contact(
        world, t4, c, agency=school, status="received", decision_due_at=t4 + DAY, team=world.mash
    )
    t5 = now - 20 * DAY
    c5 = contact(
        world,
        t5,
        c,
        agency=police,
        channel="bulk",
        status="closed",
        decided_at=t5 + HOUR,
        decision_due_at=t5 + DAY,
        is_restricted=True,
    )
    authorise(world, c5, "nfa", at=t5 + HOUR)
    return DataSet(c0, c1, c2, c3, c4, c5)


def named_on(made: Contact, user: User) -> None:
    made.restricted_to.add(user)
