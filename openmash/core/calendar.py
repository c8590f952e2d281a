"""Working days and working hours in Europe/London, with England's bank holidays.

Statutory clocks (the one-working-day referral decision, 45 working days for an assessment, 15
for an ICPC) count working days; local MASH RAG clocks may count working hours or elapsed time.
Bank holidays come from an administrator-editable table, seeded from the `holidays` package, so
a one-off holiday (a coronation, a state funeral) can be added without a release.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class WorkingHours:
    start: time = time(9, 0)
    end: time = time(17, 0)

    @property
    def length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)


DEFAULT_HOURS = WorkingHours()


def bank_holidays() -> frozenset[date]:
    return _bank_holidays_cached(_holiday_version())


def _holiday_version() -> int:
    from openmash.core.models import BankHoliday

    # Cheap: a count and the latest change; the cache refreshes whenever an administrator edits.
    latest = (
        BankHoliday.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    )
    return hash((BankHoliday.objects.count(), latest))


@lru_cache(maxsize=4)
def _bank_holidays_cached(version: int) -> frozenset[date]:
    from openmash.core.models import BankHoliday

    return frozenset(BankHoliday.objects.filter(is_working_day=False).values_list("day", flat=True))


def is_working_day(day: date, holidays: frozenset[date] | None = None) -> bool:
    holidays = bank_holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def is_working_time(
    moment: datetime,
    *,
    working: WorkingHours = DEFAULT_HOURS,
    holidays: frozenset[date] | None = None,
) -> bool:
    """Whether `moment` falls in working hours on a working day (Europe/London); outside them
    the out-of-hours service (the emergency duty team) answers for the council."""
    local = timezone.localtime(moment, LONDON)
    if not is_working_day(local.date(), holidays):
        return False
    return working.start <= local.time() < working.end


def add_working_days(
    moment: datetime, days: int, holidays: frozenset[date] | None = None
) -> datetime:
    """The same local time of day, `days` working days later (a received time on a non-working day
    counts from the start of the next working day)."""
    holidays = bank_holidays() if holidays is None else holidays
    local = timezone.localtime(moment, LONDON)
    day = local.date()
    if not is_working_day(day, holidays):
        while not is_working_day(day, holidays):
            day += timedelta(days=1)
        local = datetime.combine(day, DEFAULT_HOURS.start, LONDON)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), LONDON)


def add_working_hours(
    moment: datetime,
    hours: float,
    *,
    working: WorkingHours = DEFAULT_HOURS,
    holidays: frozenset[date] | None = None,
) -> datetime:
    """`hours` of working time after `moment`, counting only working hours on working days."""
    holidays = bank_holidays() if holidays is None else holidays
    local = timezone.localtime(moment, LONDON)
    remaining = timedelta(hours=hours)
    cursor = local
    while True:
        day = cursor.date()
        start = datetime.combine(day, working.start, LONDON)
        end = datetime.combine(day, working.end, LONDON)
        if is_working_day(day, holidays) and cursor < end:
            cursor = max(cursor, start)
            available = end - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        cursor = datetime.combine(day + timedelta(days=1), working.start, LONDON)


def working_time_between(
    start: datetime, end: datetime, holidays: frozenset[date] | None = None
) -> timedelta:
    """Working time (working hours on working days, Europe/London) from `start` to `end`."""
    if end <= start:
        return timedelta(0)
    holidays = bank_holidays() if holidays is None else holidays
    total = timedelta(0)
    day = timezone.localtime(start, LONDON).date()
    last = timezone.localtime(end, LONDON).date()
    while day <= last:
        if is_working_day(day, holidays):
            open_at = datetime.combine(day, DEFAULT_HOURS.start, LONDON)
            close_at = datetime.combine(day, DEFAULT_HOURS.end, LONDON)
            total += max(min(close_at, end) - max(open_at, start), timedelta(0))
        day += timedelta(days=1)
    return total


def working_days_between(start: date, end: date, holidays: frozenset[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holidays = bank_holidays() if holidays is None else holidays
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, holidays)
    return count


def seed_bank_holidays(first_year: int, last_year: int) -> int:
    """Add England's bank holidays from the `holidays` package (existing days are left alone)."""
    import holidays as holidays_package

    from openmash.core.models import BankHoliday

    calendar = holidays_package.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1)
    )
    created = 0
    for day, name in sorted(calendar.items()):
        _, made = BankHoliday.objects.get_or_create(
            day=day, defaults={"name": name, "source": "holidays package"}
        )
        created += made
    return created


REFERRAL_DECISION_WORKING_DAYS = 1


def referral_decision_due(received_at: datetime) -> datetime:
    """The statutory clock: a decision on a contact within one working day of its receipt
    (Working Together to Safeguard Children), in Europe/London with England's bank holidays."""
    return add_working_days(received_at, REFERRAL_DECISION_WORKING_DAYS)
