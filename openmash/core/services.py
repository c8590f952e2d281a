from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.models import BankHoliday, BreakGlassAccess

if TYPE_CHECKING:
    from openmash.accounts.models import User


@transaction.atomic
def break_glass_review(*, grant: BreakGlassAccess, actor: User) -> BreakGlassAccess:
    if grant.user_id == actor.pk:
        raise ApplicationError("You cannot review your own emergency access.")
    if grant.reviewed_at is not None:
        raise ApplicationError("This emergency access has already been reviewed.")
    grant.reviewed_by, grant.reviewed_at = actor, timezone.now()
    grant.save(update_fields=["reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        verb=AuditVerb.BREAK_GLASS_REVIEWED,
        target_type=grant.target_type,
        target_id=grant.target_id,
        target_label=grant.target_label,
        summary={"grant": grant.pk, "user": grant.user.email},
    )
    return grant


def _holiday_values(holiday: BankHoliday) -> dict[str, Any]:
    return {
        "day": holiday.day.isoformat(),
        "name": holiday.name,
        "is_working_day": holiday.is_working_day,
        "source": holiday.source,
    }


@transaction.atomic
def bank_holiday_save(
    *,
    actor: User,
    holiday: BankHoliday | None = None,
    day: date,
    name: str,
    is_working_day: bool = False,
    source: str = "administrator",
) -> BankHoliday:
    """Add a bank holiday (holiday=None) or change one; every working-day clock follows at once.
    `is_working_day` makes the day a working day after all (an override)."""
    if not name.strip():
        raise ApplicationError("Enter the name of the holiday", field="name")
    clash = BankHoliday.objects.filter(day=day)
    if holiday is not None:
        clash = clash.exclude(pk=holiday.pk)
    if clash.exists():
        raise ApplicationError(f"{day:%d %B %Y} is already in the calendar", field="day")
    values = {"day": day, "name": name.strip(), "is_working_day": is_working_day}
    values["source"] = source.strip() or "administrator"
    if holiday is None:
        holiday = BankHoliday.objects.create(**values)
        summary = _holiday_values(holiday)
        audit_record(
            actor=actor, verb=AuditVerb.BANK_HOLIDAY_ADDED, target=holiday, summary=summary
        )
        return holiday
    holiday = BankHoliday.objects.select_for_update().get(pk=holiday.pk)
    before = _holiday_values(holiday)
    for field_name, value in values.items():
        setattr(holiday, field_name, value)
    after = _holiday_values(holiday)
    changes = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
    if changes:
        holiday.save()  # updated_at too: the calendar's cache notices the change
        audit_record(
            actor=actor, verb=AuditVerb.BANK_HOLIDAY_CHANGED, target=holiday, summary=changes
        )
    return holiday
