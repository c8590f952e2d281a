"""Working days, school holidays and Europe/London timestamps for the generator.

A small local helper: the core calendar (admin-editable bank holidays) will replace
`WorkingCalendar` later. Bank holidays come from the `holidays` package (England).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


def england_bank_holidays(first_year: int, last_year: int) -> frozenset[date]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return frozenset(found.keys())


class WorkingCalendar:
    """Working-day arithmetic (Monday to Friday, not an England bank holiday) over a date range."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.last = last
        self.bank_holidays = england_bank_holidays(first.year, last.year)
        self._days: list[int] = [
            ordinal
            for ordinal in range(first.toordinal(), last.toordinal() + 1)
            if self._is_working(date.fromordinal(ordinal))
        ]

    def _is_working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays

    def _check(self, day: date) -> None:
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside the calendar ({self.first} to {self.last})")

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        return self._is_working(day)

    def is_bank_holiday(self, day: date) -> bool:
        return day in self.bank_holidays

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, otherwise the next working day."""
        self._check(day)
        return date.fromordinal(self._days[bisect_left(self._days, day.toordinal())])

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day`; count 0 rolls `day` forward to a working day."""
        if count < 0:
            raise ValueError("count must not be negative")
        self._check(day)
        if count == 0:
            return self.next_working_day(day)
        index = bisect_right(self._days, day.toordinal()) + count - 1
        if index >= len(self._days):
            raise ValueError(f"{count} working days after {day} is beyond {self.last}")
        return date.fromordinal(self._days[index])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        self._check(start)
        self._check(end)
        return bisect_right(self._days, end.toordinal()) - bisect_right(
            self._days, start.toordinal()
        )


def window_calendar(start: date, end: date) -> WorkingCalendar:
    """A calendar wide enough for everything a window [start, end) generates or measures."""
    return WorkingCalendar(start - timedelta(days=400), end + timedelta(days=3 * 366))


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _week_containing(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def school_holidays(year: int) -> set[date]:
    """Approximate England state-school holidays that fall in calendar year `year`.

    Typical pattern, not any one council's term dates: Christmas (about 20 Dec to 3 Jan),
    February half term, two weeks around Easter, the last week of May, summer (about
    22 July to 2 September) and the last full week of October.
    """
    days: set[date] = set(_span(date(year, 1, 1), date(year, 1, 3)))
    days |= set(_span(date(year, 12, 20), date(year, 12, 31)))
    days |= set(_week_containing(date(year, 2, 17)))
    easter = easter_sunday(year)
    days |= set(_span(easter - timedelta(days=9), easter + timedelta(days=8)))
    days |= set(_week_containing(date(year, 5, 28)))
    days |= set(_span(date(year, 7, 22), date(year, 9, 2)))
    days |= set(_week_containing(date(year, 10, 27)))
    return days


def london_datetime(day: date, minute_of_day: int) -> datetime:
    """An aware Europe/London datetime for a wall-clock minute, moved out of the spring-forward gap.

    Wall times that do not exist (01:00-01:59 on the last Sunday of March) become the
    equivalent instant after the clocks change, so every timestamp has its true offset.
    """
    hour, minute = divmod(minute_of_day, 60)
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
    return local.astimezone(UTC).astimezone(LONDON)


def iso_datetime(value: datetime) -> str:
    """ISO 8601 with seconds and the Europe/London offset, e.g. 2024-06-03T09:15:00+01:00."""
    return value.astimezone(LONDON).isoformat(timespec="seconds")
