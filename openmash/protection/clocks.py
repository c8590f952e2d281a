"""The statutory and local clocks of child protection, on the front door's working-day calendar
(Europe/London, England's bank holidays from `core.BankHoliday`). docs/protection.md, "Clocks",
works the Must-show dates through day by day."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openmash.core.calendar import DEFAULT_HOURS, LONDON, add_working_days, is_working_day

ICPC_WORKING_DAYS = 15
ASSESSMENT_WORKING_DAYS = 45
FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


def working_days_after(day: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The date `days` working days after `day` (`day` itself is day 0, counted or not)."""
    return add_working_days(datetime.combine(day, time(12, 0), LONDON), days, holidays).date()


def end_of_day(day: date) -> datetime:
    """A date-based clock runs out at the end of its day, London time."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), LONDON)


def strategy_target(trigger_at: datetime, *, days: int) -> datetime:
    """When a strategy discussion must be held by: `days` working days after the trigger, or,
    for 0, by the end of the trigger's working day (a trigger after hours or on a non-working
    day: the end of the next working day)."""
    if days > 0:
        return add_working_days(trigger_at, days)
    local = timezone.localtime(trigger_at, LONDON)
    day = local.date()
    if not is_working_day(day) or local.time() >= DEFAULT_HOURS.end:
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return datetime.combine(day, DEFAULT_HOURS.end, LONDON)


def icpc_target(strategy_on: date, holidays: frozenset[date] | None = None) -> date:
    """`InitialCPCtarget`: the strategy discussion's date plus 15 working days."""
    return working_days_after(strategy_on, ICPC_WORKING_DAYS, holidays)


def assessment_due(referral_date: date, holidays: frozenset[date] | None = None) -> date:
    """An assessment concludes within 45 working days of the referral."""
    return working_days_after(referral_date, ASSESSMENT_WORKING_DAYS, holidays)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_review_due(icpc_on: date) -> date:
    return add_months(icpc_on, FIRST_REVIEW_MONTHS)


def later_review_due(review_on: date) -> date:
    return add_months(review_on, LATER_REVIEW_MONTHS)
