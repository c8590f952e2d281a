"""Every change to out-of-hours work: one service each, atomic, audited (docs/outofhours.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.calendar import bank_holidays
from openmash.core.dates import govuk_date, govuk_time
from openmash.core.errors import ApplicationError, ConflictError
from openmash.outofhours.models import (
    ActionKind,
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

if TYPE_CHECKING:
    from openmash.accounts.models import User

SETTING_FIELDS = ("day_starts", "day_ends", "weekends", "bank_holidays", "acknowledge_by")


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


# --- Arrival: contacts received out of hours go to the EDT queue --------------------------------


def contacts_arrived_out_of_hours(*, contacts: Sequence[Contact], actor: User | None) -> None:
    """Registered in `contacts.registry.contacts_arrived`: every contact received out of hours
    and recorded before the day team takes it over gets an EDT record on that day's hand-over.
    A contact recorded later (a file of last week's notifications) is the day team's already."""
    now = timezone.now()
    setting, holidays = setting_current(), bank_holidays()  # once for a whole import chunk
    for contact in contacts:
        if not edt_record_is_due(contact.received_at, now=now, setting=setting, holidays=holidays):
            continue
        if handover_for(contact.received_at, setting=setting).acknowledged_at is None:
            edt_record_open(contact=contact, actor=actor, now=now, setting=setting)


def edt_record_is_due(
    received_at: datetime,
    *,
    now: datetime,
    setting: OutOfHoursSetting,
    holidays: frozenset[date] | None = None,
) -> bool:
    if not is_out_of_hours(received_at, setting=setting, holidays=holidays):
        return False
    day = handover_day(received_at, setting=setting, holidays=holidays)
    return now < day_starts_at(day, setting=setting)


def handover_for(received_at: datetime, *, setting: OutOfHoursSetting) -> HandOver:
    """The hand-over list of the day the day team takes over what came in at `received_at`."""
    day = handover_day(received_at, setting=setting)
    handover, _ = HandOver.objects.get_or_create(
        day=day, defaults={"due_at": acknowledge_due_at(day, setting=setting)}
    )
    return handover


@transaction.atomic
def edt_record_open(
    *,
    contact: Contact,
    actor: User | None,
    now: datetime | None = None,
    setting: OutOfHoursSetting | None = None,
) -> EdtRecord:
    """Put a contact received out of hours in the EDT queue, on its day's hand-over."""
    now = now or timezone.now()
    setting = setting or setting_current()
    existing = EdtRecord.objects.filter(contact=contact).first()
    if existing is not None:
        return existing
    handover = handover_for(contact.received_at, setting=setting)
    if handover.acknowledged_at is not None:
        raise ApplicationError(f"The hand-over of {handover.day:%-d %B %Y} is already acknowledged")
    record = EdtRecord.objects.create(
        contact=contact, received_at=contact.received_at, handover=handover, opened_at=now
    )
    audit_record(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=OutOfHoursVerb.RECORD_OPENED,
        target=record,
        summary={
            "contact": contact.pk,
            "received_at": _when(contact.received_at),
            "handover": handover.day.isoformat(),
            "acknowledge_by": _when(handover.due_at),
        },
    )
    return record


# --- Actions ----------------------------------------------------------------------------------


@transaction.atomic
def edt_action_record(
    *,
    record: EdtRecord,
    actor: User,
    kind: str,
    taken_at: datetime,
    detail: str,
    now: datetime | None = None,
) -> EdtAction:
    """Record something done about the contact: a visit, the police, health, a placement,
    advice."""
    now = now or timezone.now()
    detail = (detail or "").strip()
    if kind not in ActionKind.values:
        raise ApplicationError("Select the kind of action", field="kind")
    if not detail:
        raise ApplicationError("Enter what was done and what was found", field="detail")
    if taken_at > now:
        raise ApplicationError("The time of the action must be in the past", field="taken_at")
    if taken_at < record.received_at:
        raise ApplicationError(
            "The time of the action must be after the contact was received", field="taken_at"
        )
    action = EdtAction.objects.create(
        record=record,
        kind=kind,
        taken_at=taken_at,
        detail=detail,
        recorded_by=actor,
        recorded_at=now,
    )
    audit_record(
        actor=actor,
        verb=OutOfHoursVerb.ACTION_RECORDED,
        target=record,
        summary={"action": action.pk, "kind": kind, "taken_at": _when(taken_at)},
    )
    return action


# --- The interim safety plan -----------------------------------------------------------------


def safety_plan_current(record: EdtRecord) -> SafetyPlanVersion | None:
    return record.plan_versions.order_by("-number").first()


@transaction.atomic
def safety_plan_record(
    *,
    record: EdtRecord,
    actor: User,
    who_does_what: str,
    until: datetime,
    how_checked: str,
    change_reason: str = "",
    expected_version: int | None,
    now: datetime | None = None,
) -> SafetyPlanVersion:
    """Record the interim safety plan, or a new version of it. `expected_version` is the
    version the user saw (0 for none), so two people changing the plan at once cannot overwrite
    each other unseen."""
    now = now or timezone.now()
    record = EdtRecord.objects.select_for_update().get(pk=record.pk)
    current = safety_plan_current(record)
    number = current.number if current is not None else 0
    if expected_version is None or expected_version != number:
        raise ConflictError(
            "Someone else changed the safety plan since you opened it. Read it again, then "
            "make your change."
        )
    who_does_what, how_checked = (who_does_what or "").strip(), (how_checked or "").strip()
    change_reason = (change_reason or "").strip()
    if not who_does_what:
        raise ApplicationError("Enter who does what to keep the child safe", field="who_does_what")
    if not how_checked:
        raise ApplicationError("Enter how the plan is checked", field="how_checked")
    if until <= now:
        raise ApplicationError("The plan must run until a time in the future", field="until")
    if current is not None and not change_reason:
        raise ApplicationError("Enter why the plan changes", field="change_reason")
    day_team = now >= day_starts_at(record.handover.day, setting=setting_current())
    plan = SafetyPlanVersion.objects.create(
        record=record,
        number=number + 1,
        who_does_what=who_does_what,
        until=until,
        how_checked=how_checked,
        change_reason=change_reason,
        by_day_team=day_team,
        recorded_by=actor,
        recorded_at=now,
    )
    record.version += 1
    record.save(update_fields=["version"])
    changes: dict[str, Any] = {"version": plan.number, "until": _when(until)}
    if current is not None:
        changes["changed"] = [
            name
            for name in ("who_does_what", "until", "how_checked")
            if getattr(current, name) != getattr(plan, name)
        ]
        changes["reason"] = change_reason
    changes["by_day_team"] = day_team
    audit_record(
        actor=actor, verb=OutOfHoursVerb.SAFETY_PLAN_RECORDED, target=record, summary=changes
    )
    return plan


# --- The hand-over ----------------------------------------------------------------------------


@transaction.atomic
def handover_acknowledge(
    *, handover: HandOver, actor: User, note: str = "", now: datetime | None = None
) -> HandOver:
    """The day's MASH manager takes over the night's records: from the start of the day."""
    now = now or timezone.now()
    handover = HandOver.objects.select_for_update().get(pk=handover.pk)
    if handover.acknowledged_at is not None:
        raise ConflictError("This hand-over is already acknowledged")
    starts = day_starts_at(handover.day, setting=setting_current())
    if now < starts:
        local = timezone.localtime(starts)
        raise ApplicationError(
            "The hand-over can be acknowledged once the day team takes over, from "
            f"{govuk_time(local)} on {govuk_date(local)}"
        )
    handover.acknowledged_by, handover.acknowledged_at = actor, now
    handover.note = (note or "").strip()
    handover.save(update_fields=["acknowledged_by", "acknowledged_at", "note"])
    audit_record(
        actor=actor,
        verb=OutOfHoursVerb.HANDOVER_ACKNOWLEDGED,
        target=handover,
        summary={
            "day": handover.day.isoformat(),
            "records": list(handover.records.order_by("pk").values_list("pk", flat=True)),
            "late": now > handover.due_at,
        },
    )
    return handover


# --- The setting ------------------------------------------------------------------------------


def out_of_hours_setting_check(
    *, day_starts: time, day_ends: time, acknowledge_by: time, reason: str
) -> None:
    if not day_starts < day_ends:
        raise ApplicationError("The day must start before it ends", field="day_ends")
    if not day_starts <= acknowledge_by < day_ends:
        raise ApplicationError(
            "The hand-over must be acknowledged during the day team's hours",
            field="acknowledge_by",
        )
    if not (reason or "").strip():
        raise ApplicationError("Enter why the out-of-hours period changes", field="reason")


@transaction.atomic
def out_of_hours_setting_change(
    *,
    actor: User,
    day_starts: time,
    day_ends: time,
    weekends: bool,
    bank_holidays: bool,
    acknowledge_by: time,
    reason: str,
) -> OutOfHoursSetting:
    """Change the out-of-hours period: a new row, the old one kept as history. Hand-overs
    already made keep the time they were given."""
    out_of_hours_setting_check(
        day_starts=day_starts, day_ends=day_ends, acknowledge_by=acknowledge_by, reason=reason
    )
    before = setting_current()
    setting = OutOfHoursSetting(
        day_starts=day_starts,
        day_ends=day_ends,
        weekends=bool(weekends),
        bank_holidays=bool(bank_holidays),
        acknowledge_by=acknowledge_by,
        reason=reason.strip(),
        changed_by=actor,
        changed_at=timezone.now(),
    )
    changes = {
        name: {"before": _plain(getattr(before, name)), "after": _plain(getattr(setting, name))}
        for name in SETTING_FIELDS
        if getattr(before, name) != getattr(setting, name)
    }
    if not changes:
        raise ApplicationError("Change at least one of the times or days")
    setting.save()
    audit_record(
        actor=actor,
        verb=OutOfHoursVerb.SETTING_CHANGED,
        target=setting,
        summary={"setting": "Out-of-hours period", "changes": changes, "reason": setting.reason},
    )
    return setting


def _plain(value: object) -> object:
    return value.strftime("%H:%M") if isinstance(value, time) else value
