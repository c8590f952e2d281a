"""`--into-db`: allegations to the LADO about adults who work or volunteer with children.

Run by `load_into_db` after the contacts are in (one line there). A council's LADO receives about
one allegation for every 20 contacts to its MASH (published LADO annual reports: some 400 to 600
a year beside 8,000 to 12,000 contacts), so the loader makes one allegation per 20 loaded
contacts, received on the same spread of dates, at these rates (docs/synthetic-data.md, "LADO"):

- the adult: a loaded adult of the person index; one or two loaded children concerned;
- source: employer 65%, police 12%, children's social care 8%, parent 8%, Ofsted, health 2% each,
  the child, anonymous, other 1% each; sector: education 45%, social care 10%, early years 8%,
  foster care 8%, residential 7%, sport 5%, health 5%, voluntary 4%, faith 3%, police 2%,
  transport 2%, other 1%;
- the initial consideration: 80% within the working day it is due (1 to 6 hours after receipt),
  20% late (1 to 5 working days); none yet for allegations received in the last working day;
- the harm test: 40% meet the threshold (each criterion drawn: harmed 60%, offence 40%, risk 50%,
  transferable risk 30%, at least one), 45% advice to the employer, 15% another route;
- below the threshold the three strands close on the day ("Not required"); above it the police
  investigate 35% (otherwise their strand closes "Not required"), each strand closes 5 to 120
  days later, and an allegation management meeting (90%) has two actions;
- outcome once every strand has closed: substantiated 30%, unsubstantiated 30%, unfounded 20%,
  false 15%, malicious 5%; 60% of substantiated ones go to the DBS, and to the Teaching
  Regulation Agency (education) or Ofsted (early years, residential) as well.

Deterministic for a seed. Written with `bulk_create`; the counts go in one `lado.synthetic_loaded`
audit row beside the load's own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.calendar import add_working_days, add_working_hours, bank_holidays
from openmash.lado.models import (
    Allegation,
    AllegationChild,
    AllegationMeeting,
    MeetingAction,
    RegulatorReferral,
    Strand,
)
from openmash.lado.services import lado_setting_current
from openmash.lado.verbs import LadoVerb
from openmash.people.models import Person

CONTACTS_PER_ALLEGATION = 20
SOURCES = {
    "employer": 65,
    "police": 12,
    "social_care": 8,
    "parent": 8,
    "ofsted": 2,
    "health": 2,
    "child": 1,
    "anonymous": 1,
    "other": 1,
}
SECTORS = {
    "education": 45,
    "social_care": 10,
    "early_years": 8,
    "foster_care": 8,
    "residential": 7,
    "sport": 5,
    "health": 5,
    "voluntary": 4,
    "faith": 3,
    "police": 2,
    "transport": 2,
    "other": 1,
}
ROLES = {
    "education": "Teacher",
    "social_care": "Residential support worker",
    "early_years": "Nursery practitioner",
    "foster_care": "Foster carer",
    "residential": "Care home worker",
    "sport": "Football coach",
    "health": "Nurse",
    "voluntary": "Youth worker",
    "faith": "Youth leader",
    "police": "Police officer",
    "transport": "School taxi driver",
    "other": "Tutor",
}
OUTCOMES = {
    "substantiated": 30,
    "unsubstantiated": 30,
    "unfounded": 20,
    "false": 15,
    "malicious": 5,
}


@dataclass
class LadoCounts:
    allegations: int = 0
    considered: int = 0
    late: int = 0
    meetings: int = 0
    closed: int = 0
    regulator_referrals: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load_lado(seed: int, *, now: datetime | None = None) -> LadoCounts:
    """Allegations for the loaded contacts' period (none when synthetic ones are loaded already)."""
    now = now or timezone.now()
    counts = LadoCounts()
    contacts = Contact.objects.order_by("received_at").values_list("received_at", flat=True)
    total = contacts.count()
    wanted = total // CONTACTS_PER_ALLEGATION
    if not wanted or Allegation.objects.filter(channel="synthetic").exists():
        return counts
    rng = random.Random(f"lado-{seed}")
    adult_born_before = now.date() - timedelta(days=22 * 365)
    adults = list(
        Person.objects.filter(date_of_birth__lt=adult_born_before)
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    children = list(
        Person.objects.filter(date_of_birth__gte=now.date() - timedelta(days=17 * 365))
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    if not adults or not children:
        return counts
    moments = sorted(contacts[rng.randrange(total)] for _ in range(wanted))
    _load(rng, moments, adults, children, now, counts)
    audit_record(
        actor=None, verb=LadoVerb.SYNTHETIC_LOADED, summary={"seed": seed, **counts.as_dict()}
    )
    return counts


@transaction.atomic
def _load(
    rng: random.Random,
    moments: list[datetime],
    adults: list[int],
    children: list[int],
    now: datetime,
    counts: LadoCounts,
) -> None:
    holidays = bank_holidays()
    days = lado_setting_current().consideration_working_days
    allegations = []
    for received in moments:
        sector = _pick(rng, SECTORS)
        allegations.append(
            Allegation(
                subject_id=rng.choice(adults),
                employer_name=f"{ROLES[sector].split()[-1].title()} employer {rng.randint(1, 60)}",
                role=ROLES[sector],
                sector=sector,
                is_volunteer=sector in ("sport", "voluntary", "faith") and rng.random() < 0.6,
                source=_pick(rng, SOURCES),
                channel="synthetic",
                received_at=received,
                description="Synthetic allegation.",
                consideration_due_at=add_working_days(received, days, holidays),
                created_at=received,
            )
        )
    made = Allegation.objects.bulk_create(allegations)
    counts.allegations = len(made)
    kids, strands, meetings, referrals = [], [], [], []
    for allegation in made:
        for child in set(rng.sample(children, k=min(len(children), rng.choice((1, 1, 1, 2))))):
            kids.append(AllegationChild(allegation=allegation, person_id=child))
        _consider(rng, allegation, now, holidays, counts)
        strands.extend(_strands(rng, allegation, now))
        closed = [s.closed_at for s in strands[-3:]]
        if allegation.decision == "meets" and rng.random() < 0.9:
            meetings.append(_meeting(rng, allegation, now))
        if allegation.considered_at and all(c is not None and c <= now for c in closed):
            allegation.outcome = _pick(rng, OUTCOMES)
            allegation.outcome_reason = "Synthetic outcome."
            allegation.closed_at = max(c for c in closed if c is not None)
            counts.closed += 1
            referrals.extend(_referrals(rng, allegation))
    Allegation.objects.bulk_update(
        made,
        [
            "harmed_child",
            "possible_offence",
            "risk_of_harm",
            "transferable_risk",
            "considered_at",
            "decision",
            "decision_reason",
            "outcome",
            "outcome_reason",
            "closed_at",
        ],
        batch_size=500,
    )
    AllegationChild.objects.bulk_create(kids)
    Strand.objects.bulk_create(strands)
    saved = AllegationMeeting.objects.bulk_create([m for m, _ in meetings])
    MeetingAction.objects.bulk_create(
        [
            MeetingAction(meeting=meeting, action=text, owner=owner, due_on=due)
            for meeting, (_, actions) in zip(saved, meetings, strict=True)
            for text, owner, due in actions
        ]
    )
    counts.meetings = len(saved)
    RegulatorReferral.objects.bulk_create(referrals)
    counts.regulator_referrals = len(referrals)


def _consider(
    rng: random.Random,
    allegation: Allegation,
    now: datetime,
    holidays: frozenset[date],
    counts: LadoCounts,
) -> None:
    received = allegation.received_at
    if rng.random() < 0.8:
        at = add_working_hours(received, rng.uniform(1, 6), holidays=holidays)
        at = min(at, allegation.consideration_due_at)
    else:
        at = add_working_days(allegation.consideration_due_at, rng.randint(1, 5), holidays)
    if at > now:
        return
    counts.considered += 1
    counts.late += at > allegation.consideration_due_at
    roll = rng.random()
    decision = "meets" if roll < 0.4 else "advice" if roll < 0.85 else "other_route"
    criteria = [False, False, False, False]
    if decision == "meets":
        criteria = [rng.random() < p for p in (0.6, 0.4, 0.5, 0.3)]
        if not any(criteria):
            criteria[rng.randrange(4)] = True
    allegation.harmed_child, allegation.possible_offence = criteria[0], criteria[1]
    allegation.risk_of_harm, allegation.transferable_risk = criteria[2], criteria[3]
    allegation.considered_at, allegation.decision = at, decision
    allegation.decision_reason = "Synthetic consideration."


def _strands(rng: random.Random, allegation: Allegation, now: datetime) -> list[Strand]:
    start = allegation.considered_at
    made = []
    for kind in ("police", "employer", "social_care"):
        strand = Strand(allegation=allegation, kind=kind, updated_at=allegation.received_at)
        if start is not None:
            needed = allegation.decision == "meets" and (kind != "police" or rng.random() < 0.35)
            closes = start + timedelta(days=rng.randint(5, 120)) if needed else start
            strand.owner = {"police": "Police", "employer": "Employer", "social_care": "MASH"}[kind]
            strand.updated_at = min(closes, now)
            if closes <= now:
                strand.status, strand.closed_at = "closed", closes
                strand.outcome = "Synthetic outcome." if needed else "Not required"
            else:
                strand.status = "open"
        made.append(strand)
    return made


def _meeting(
    rng: random.Random, allegation: Allegation, now: datetime
) -> tuple[AllegationMeeting, list[tuple[str, str, date]]]:
    assert allegation.considered_at is not None
    held = min(allegation.considered_at + timedelta(days=rng.randint(1, 5)), now)
    meeting = AllegationMeeting(
        allegation=allegation,
        kind="management",
        held_at=held,
        attendees="LADO\nEmployer\nPolice\nChildren's social care",
        minutes="Synthetic meeting.",
        recorded_at=held,
    )
    due = held.date() + timedelta(days=rng.randint(3, 20))
    return meeting, [("Update the LADO", "Employer", due), ("Police checks", "Police", due)]


def _referrals(rng: random.Random, allegation: Allegation) -> list[RegulatorReferral]:
    if allegation.outcome != "substantiated" or rng.random() >= 0.6:
        return []
    assert allegation.closed_at is not None
    on = allegation.closed_at.date()
    bodies = ["dbs"]
    if allegation.sector == "education":
        bodies.append("tra")
    elif allegation.sector in ("early_years", "residential"):
        bodies.append("ofsted")
    return [
        RegulatorReferral(allegation=allegation, body=b, referred_on=on, made_by="Employer")
        for b in bodies
    ]
