"""The subject access deadline, as the ICO counts it: one calendar month from the day the request
is received (or the requester's identity is verified, if later), that is the corresponding date
of the next month, or the last day of that month when it has no such date; moved to the next
working day when it falls on a weekend or a bank holiday. A complex request may be extended by a
further two months (three months from the start)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from openmash.core.calendar import is_working_day


def months_after(start: date, months: int) -> date:
    """The corresponding date `months` later, or the last day of that month if it has none:
    31 January -> 28 (or 29) February; 30 November -> 30 December."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def next_working_day_from(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def clock_start(received_on: date, identity_verified_on: date | None) -> date:
    if identity_verified_on and identity_verified_on > received_on:
        return identity_verified_on
    return received_on


def statutory_date(received_on: date, identity_verified_on: date | None, *, extended: bool) -> date:
    return months_after(clock_start(received_on, identity_verified_on), 3 if extended else 1)


def response_due(received_on: date, identity_verified_on: date | None, *, extended: bool) -> date:
    return next_working_day_from(
        statutory_date(received_on, identity_verified_on, extended=extended)
    )
