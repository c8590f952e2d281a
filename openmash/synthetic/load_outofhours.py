"""`--into-db`: the emergency duty team's work on the loaded contacts received out of hours.

Run by `load_into_db` after the contacts are in (one line there). Every loaded contact received
in the out-of-hours period (openmash.outofhours: weekday evenings and nights, weekends, bank
holidays) gets an EDT record on its day's hand-over, with actions and, for some, an interim
safety plan, at these rates (docs/synthetic-data.md, "Out of hours"):

- actions, each drawn on its own: advice 55%, police 30%, a visit 18% (60% when the referrer
  said a child is at immediate risk), health 7%, a placement 3%; a record that draws none gets
  advice, the EDT's least response;
- an interim safety plan on 30% of records, and always after a visit or a placement; the day
  team changes 40% of the plans it takes over (a second version);
- hand-overs whose day has started are acknowledged: 90% by their acknowledge-by time (10 to 55
  minutes after the day starts), 10% late (5 to 150 minutes after it), as a busy Monday runs.

Deterministic for a seed. Written with `bulk_create`, as the loader writes contacts; the counts
go in one `edt.synthetic_loaded` audit row beside the load's own.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import User
from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.calendar import LONDON, bank_holidays
from openmash.outofhours.models import (
    EdtAction,
    EdtRecord,
    HandOver,
    OutOfHoursSetting,
    SafetyPlanVersion,
)
from openmash.outofhours.period import (
    acknowledge_due_at,
    day_starts_at,
    handover_day,
    is_out_of_hours,
    setting_current,
)
from openmash.outofhours.verbs import OutOfHoursVerb

ACTION_RATES = {"advice": 0.55, "police": 0.30, "visit": 0.18, "health": 0.07, "placement": 0.03}
VISIT_RATE_IMMEDIATE_RISK = 0.60
PLAN_RATE = 0.30
PLAN_CHANGED_BY_DAY_TEAM = 0.40
ACKNOWLEDGED_ON_TIME = 0.90
CHUNK = 2000

DETAILS = {
    "advice": "Advice by phone to the caller; the family were told the day team will follow up.",
    "police": "Asked the police to attend; officers confirmed the children were seen and safe.",
    "visit": "Home visit: the child was seen and spoken to alone; no injuries seen.",
    "health": "Spoke to the hospital's safeguarding nurse; the child stays on the ward overnight.",
    "placement": "Emergency placement with a foster carer for the night, with parental agreement.",
}


@dataclass
class OutOfHoursCounts:
    records: int = 0
    actions: int = 0
    plans: int = 0
    handovers: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def load_out_of_hours(seed: int, *, now: datetime | None = None) -> OutOfHoursCounts:
    """EDT records for loaded contacts received out of hours that have none yet."""
    now = now or timezone.now()
    rng = random.Random(f"out-of-hours-{seed}")
    setting, holidays = setting_current(), bank_holidays()
    edt = User.objects.filter(roles__code="edt", is_active=True).order_by("pk").first()
    manager = (
        User.objects.filter(roles__authorises_decisions=True, is_active=True).order_by("pk").first()
    )
    counts = OutOfHoursCounts()
    contacts = (
        Contact.objects.filter(edt_record__isnull=True)
        .order_by("pk")
        .values_list("pk", "received_at", "immediate_risk")
    )
    chunk: list[tuple[int, datetime, bool]] = []
    for pk, received_at, immediate in contacts.iterator(chunk_size=CHUNK):
        if is_out_of_hours(received_at, setting=setting, holidays=holidays):
            chunk.append((pk, received_at, immediate))
        if len(chunk) >= CHUNK:
            _load_chunk(chunk, rng, setting, holidays, edt, counts)
            chunk = []
    _load_chunk(chunk, rng, setting, holidays, edt, counts)
    _acknowledge(rng, setting, manager, now)
    audit_record(
        actor=None,
        verb=OutOfHoursVerb.SYNTHETIC_LOADED,
        summary={"seed": seed, **counts.as_dict()},
    )
    return counts


@transaction.atomic
def _load_chunk(
    chunk: list[tuple[int, datetime, bool]],
    rng: random.Random,
    setting: OutOfHoursSetting,
    holidays: frozenset[date],
    edt: User | None,
    counts: OutOfHoursCounts,
) -> None:
    if not chunk:
        return
    days = {pk: handover_day(at, setting=setting, holidays=holidays) for pk, at, _ in chunk}
    handovers = _handovers(set(days.values()), setting, counts)
    records = EdtRecord.objects.bulk_create(
        [
            EdtRecord(contact_id=pk, received_at=at, handover=handovers[days[pk]], opened_at=at)
            for pk, at, _ in chunk
        ]
    )
    actions: list[EdtAction] = []
    plans: list[SafetyPlanVersion] = []
    for record, (_, at, immediate) in zip(records, chunk, strict=True):
        day_start = day_starts_at(days[record.contact_id], setting=setting)
        kinds = _kinds(rng, immediate)
        for kind in kinds:
            taken = min(at + timedelta(minutes=rng.randint(5, 180)), day_start)
            actions.append(
                EdtAction(
                    record=record,
                    kind=kind,
                    taken_at=taken,
                    detail=DETAILS[kind],
                    recorded_by=edt,
                    recorded_at=taken + timedelta(minutes=rng.randint(5, 40)),
                )
            )
        if "visit" in kinds or "placement" in kinds or rng.random() < PLAN_RATE:
            plans.extend(_plan(record, rng, at, day_start, edt))
    EdtAction.objects.bulk_create(actions)
    SafetyPlanVersion.objects.bulk_create(plans)
    counts.records += len(records)
    counts.actions += len(actions)
    counts.plans += len(plans)


def _handovers(
    days: Iterable[date], setting: OutOfHoursSetting, counts: OutOfHoursCounts
) -> dict[date, HandOver]:
    days = set(days)
    existing = {h.day: h for h in HandOver.objects.filter(day__in=days)}
    missing = [
        HandOver(day=d, due_at=acknowledge_due_at(d, setting=setting), created_at=timezone.now())
        for d in sorted(days - set(existing))
    ]
    HandOver.objects.bulk_create(missing)
    counts.handovers += len(missing)
    existing.update({h.day: h for h in HandOver.objects.filter(day__in=days)})
    return existing


def _kinds(rng: random.Random, immediate: bool) -> list[str]:
    kinds = []
    for kind, rate in ACTION_RATES.items():
        if kind == "visit" and immediate:
            rate = VISIT_RATE_IMMEDIATE_RISK
        if rng.random() < rate:
            kinds.append(kind)
    return kinds or ["advice"]


def _plan(
    record: EdtRecord, rng: random.Random, at: datetime, day_start: datetime, edt: User | None
) -> list[SafetyPlanVersion]:
    until = datetime.combine(day_start.date(), time(17, 0), LONDON)
    first = SafetyPlanVersion(
        record=record,
        number=1,
        who_does_what="A relative keeps the child overnight; the other parent stays away.",
        until=until,
        how_checked="EDT rings the relative in the morning; the day team visits.",
        by_day_team=False,
        recorded_by=edt,
        recorded_at=min(at + timedelta(minutes=rng.randint(30, 240)), day_start),
    )
    if rng.random() >= PLAN_CHANGED_BY_DAY_TEAM:
        return [first]
    second = SafetyPlanVersion(
        record=record,
        number=2,
        who_does_what=first.who_does_what + " The day team's social worker visits daily.",
        until=until + timedelta(days=2),
        how_checked="The social worker checks with the school and the relative each day.",
        change_reason="Extended until the strategy discussion",
        by_day_team=True,
        recorded_by=None,
        recorded_at=day_start + timedelta(minutes=rng.randint(60, 400)),
    )
    return [first, second]


def _acknowledge(
    rng: random.Random, setting: OutOfHoursSetting, manager: User | None, now: datetime
) -> None:
    """Acknowledge, one by one (few: one a working day), the loaded hand-overs already begun."""
    waiting = HandOver.objects.filter(acknowledged_at=None, due_at__lt=now).order_by("day")
    for handover in waiting.iterator():
        start = day_starts_at(handover.day, setting=setting)
        if rng.random() < ACKNOWLEDGED_ON_TIME:
            at = min(start + timedelta(minutes=rng.randint(10, 55)), handover.due_at)
        else:
            at = handover.due_at + timedelta(minutes=rng.randint(5, 150))
        handover.acknowledged_at, handover.acknowledged_by = at, manager
        handover.save(update_fields=["acknowledged_at", "acknowledged_by"])
