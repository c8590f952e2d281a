"""When contacts arrive: weekday, time-of-day and school-holiday patterns, police batches."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from itertools import accumulate
from random import Random

from openmash.synthetic.dates import WorkingCalendar, london_datetime, school_holidays
from openmash.synthetic.sampling import below

# Relative volume by hour of day (0-23), per profile and day type.
# fmt: off
_HOURS = {
    "office": (0.05,) * 7 + (0.3, 1.5, 3, 3.5, 3.5, 2.5, 3, 3.5, 3.2, 2.5, 1.2, 0.5, 0.3, 0.2,
                             0.15, 0.1, 0.05),
    "school": (0.02,) * 7 + (0.3, 2.0, 3.5, 3.2, 3.0, 2.6, 2.8, 3.0, 3.6, 2.2, 0.8, 0.3, 0.2,
                             0.1, 0.05, 0.03, 0.02),
    "health": (0.4, 0.3, 0.3, 0.25, 0.25, 0.3, 0.4, 0.7, 1.5, 2.5, 2.8, 2.8, 2.4, 2.5, 2.7, 2.6,
               2.2, 1.5, 1.1, 1.0, 0.9, 0.8, 0.6, 0.5),
    "public": (0.2, 0.15, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.2, 2.5, 2.4, 2.0, 2.1, 2.2, 2.1,
               1.8, 1.4, 1.2, 1.1, 1.0, 0.8, 0.5, 0.3),
    "weekend": (0.3,) * 8 + (0.6,) + (1.0,) * 13 + (0.5, 0.4),
    "police": (1.2, 1.0, 0.8, 0.6, 0.4, 0.3, 0.3, 0.5, 0.6, 0.6, 0.7, 0.7, 0.7, 0.8, 0.8, 0.9,
               1.0, 1.1, 1.5, 1.7, 1.8, 1.8, 1.6, 1.4),
}
# fmt: on
BATCH_MINUTE = {"VIST": 7 * 60 + 30, "CARA": 9 * 60 + 15}
OFFICE_OPENS, OFFICE_CLOSES = 9 * 60, 17 * 60
PROFILES = ("police", "school", "health", "public", "office")


def _cumulative(weights: list[float] | tuple[float, ...]) -> list[float]:
    return list(accumulate(weights))


class Timing:
    """Samples days and times over the window [start, end)."""

    def __init__(self, calendar: WorkingCalendar, start: date, end: date) -> None:
        self.calendar = calendar
        self.start = start
        self.end = end
        self.days = [start + timedelta(days=i) for i in range((end - start).days)]
        holidays: set[date] = set()
        for year in range(start.year, end.year + 1):
            holidays |= school_holidays(year)
        self.school_holidays = frozenset(holidays)
        self._weights = {p: [self.day_weight(p, d) for d in self.days] for p in PROFILES}
        self._max = {p: max(w) for p, w in self._weights.items()}
        self._cumulative = {p: _cumulative(w) for p, w in self._weights.items()}
        self._minutes = {k: _cumulative(v) for k, v in _HOURS.items()}

    def _term_start_or_end(self, day: date) -> bool:
        if day.month == 9 and day.day <= 21:
            return True
        return (day.month == 12 and 13 <= day.day <= 19) or (day.month == 7 and 15 <= day.day <= 21)

    def day_weight(self, profile: str, day: date) -> float:
        weekday = day.weekday()
        closed = weekday >= 5 or self.calendar.is_bank_holiday(day)
        if profile == "police":
            weight = (1.0, 1.0, 1.0, 1.0, 1.1, 1.25, 1.2)[weekday]
            return weight * (1.15 if day.month == 12 and day.day >= 20 else 1.0)
        if profile == "school":
            if closed:
                return 0.01
            if day in self.school_holidays:
                return 0.04
            return 1.3 if self._term_start_or_end(day) else 1.0
        if profile in ("health", "public"):
            if not closed:
                return 1.0
            return 0.5 if profile == "health" else 0.38
        if closed:
            return 0.03
        return 0.9 if day in self.school_holidays else 1.0

    def day(self, rng: Random, profile: str) -> date:
        cumulative = self._cumulative[profile]
        return self.days[bisect_right(cumulative, rng.random() * cumulative[-1])]

    def day_after(self, rng: Random, profile: str, after: date, mean_days: float) -> date | None:
        """A later day for a follow-up (the family comes back), following the day pattern."""
        day = after + timedelta(days=7 + int(rng.expovariate(1 / mean_days)))
        weights, ceiling = self._weights[profile], self._max[profile]
        while day < self.end:
            if rng.random() * ceiling < weights[(day - self.start).days]:
                return day
            day += timedelta(days=1)
        return None

    def minute(self, rng: Random, profile: str, day: date) -> int:
        closed = day.weekday() >= 5 or self.calendar.is_bank_holiday(day)
        key = "weekend" if closed and profile != "police" else profile
        cumulative = self._minutes[key]
        hour = bisect_right(cumulative, rng.random() * cumulative[-1])
        return hour * 60 + below(rng, 60)

    def moment(self, rng: Random, profile: str, day: date) -> datetime:
        return london_datetime(day, self.minute(rng, profile, day))

    def is_out_of_hours(self, moment: datetime) -> bool:
        day = moment.date()
        minute = moment.hour * 60 + moment.minute
        closed = day.weekday() >= 5 or self.calendar.is_bank_holiday(day)
        return closed or not OFFICE_OPENS <= minute < OFFICE_CLOSES

    def police_batch(self, incident_at: datetime, system: str, lag_days: int) -> datetime:
        """The next bulk import from a police system after the incident (weekday mornings)."""
        day = self.calendar.next_working_day(incident_at.date() + timedelta(days=lag_days))
        batch = london_datetime(day, BATCH_MINUTE[system])
        while batch <= incident_at:
            day = self.calendar.add_working_days(day, 1)
            batch = london_datetime(day, BATCH_MINUTE[system])
        return batch

    def decided_at(self, received_at: datetime, hours: float) -> datetime:
        """A decision `hours` after receipt, moved into office hours on a working day."""
        moment = received_at + timedelta(hours=hours)
        day = moment.date()
        minute = moment.hour * 60 + moment.minute
        if not self.is_out_of_hours(moment):
            return moment
        if minute >= OFFICE_CLOSES or not self.calendar.is_working_day(day):
            day = self.calendar.add_working_days(day, 1)
        else:
            day = self.calendar.next_working_day(day)
        return london_datetime(day, OFFICE_OPENS + int(hours * 7) % 180)
