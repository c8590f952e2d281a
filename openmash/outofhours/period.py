"""The out-of-hours period (weekday evenings and nights, weekends, bank holidays from the
calendar) and the hand-over day a moment in it belongs to, in Europe/London."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from openmash.core.calendar import LONDON, bank_holidays
from openmash.outofhours.models import OutOfHoursSetting

# Never more than this many days to the next day the day team works (a fortnight's holiday).
_LONGEST_GAP = 31


def setting_current() -> OutOfHoursSetting:
    """The setting in force: the newest row, or the defaults when none was ever saved."""
    return OutOfHoursSetting.objects.order_by("-pk").first() or OutOfHoursSetting()


def is_day_team_day(
    day: date, *, setting: OutOfHoursSetting, holidays: frozenset[date] | None = None
) -> bool:
    """Whether the day team works on `day` (from day_starts to day_ends)."""
    if setting.weekends and day.weekday() >= 5:
        return False
    holidays = bank_holidays() if holidays is None else holidays
    return not (setting.bank_holidays and day in holidays)


def is_out_of_hours(
    moment: datetime,
    *,
    setting: OutOfHoursSetting | None = None,
    holidays: frozenset[date] | None = None,
) -> bool:
    setting = setting_current() if setting is None else setting
    local = timezone.localtime(moment, LONDON)
    if not is_day_team_day(local.date(), setting=setting, holidays=holidays):
        return True
    return not setting.day_starts <= local.time() < setting.day_ends


def handover_day(
    moment: datetime,
    *,
    setting: OutOfHoursSetting | None = None,
    holidays: frozenset[date] | None = None,
) -> date:
    """The day the day team takes over what came in at `moment`: the first day-team day whose
    day starts after it (the same day before its start, else a later one)."""
    setting = setting_current() if setting is None else setting
    holidays = bank_holidays() if holidays is None else holidays
    local = timezone.localtime(moment, LONDON)
    day = local.date()
    if local.time() >= setting.day_starts:
        day += timedelta(days=1)
    for _ in range(_LONGEST_GAP):
        if is_day_team_day(day, setting=setting, holidays=holidays):
            return day
        day += timedelta(days=1)
    return day


def day_starts_at(day: date, *, setting: OutOfHoursSetting) -> datetime:
    return datetime.combine(day, setting.day_starts, LONDON)


def acknowledge_due_at(day: date, *, setting: OutOfHoursSetting) -> datetime:
    return datetime.combine(day, setting.acknowledge_by, LONDON)
