"""The generator's working-day helper and Europe/London timestamps."""

from __future__ import annotations

from datetime import date

import pytest

from openmash.synthetic.dates import (
    WorkingCalendar,
    easter_sunday,
    iso_datetime,
    london_datetime,
    school_holidays,
)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar(date(2023, 1, 1), date(2026, 12, 31))


def test_weekends_and_england_bank_holidays_are_not_working_days(calendar: WorkingCalendar) -> None:
    assert not calendar.is_working_day(date(2024, 12, 25))  # Christmas Day
    assert not calendar.is_working_day(date(2024, 5, 6))  # early May bank holiday
    assert not calendar.is_working_day(date(2024, 3, 29))  # Good Friday
    assert not calendar.is_working_day(date(2024, 6, 1))  # a Saturday
    assert calendar.is_working_day(date(2024, 3, 27))


def test_adding_working_days_skips_christmas(calendar: WorkingCalendar) -> None:
    # Tuesday 24 December 2024 + 1 working day is Friday 27 December.
    assert calendar.add_working_days(date(2024, 12, 24), 1) == date(2024, 12, 27)
    assert calendar.add_working_days(date(2024, 12, 24), 3) == date(2024, 12, 31)
    assert calendar.add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)


def test_zero_working_days_rolls_a_weekend_forward(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(date(2024, 6, 1), 0) == date(2024, 6, 3)
    assert calendar.add_working_days(date(2024, 6, 3), 0) == date(2024, 6, 3)


def test_working_days_between_counts_the_end_day_not_the_start(calendar: WorkingCalendar) -> None:
    assert calendar.working_days_between(date(2024, 6, 3), date(2024, 6, 3)) == 0
    assert calendar.working_days_between(date(2024, 6, 3), date(2024, 6, 10)) == 5
    start = date(2024, 4, 2)
    assert calendar.working_days_between(start, calendar.add_working_days(start, 45)) == 45


def test_dates_outside_the_calendar_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="outside the calendar"):
        calendar.add_working_days(date(2030, 1, 1), 1)


def test_easter_matches_known_dates() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)


def test_school_holidays_cover_august_and_not_a_term_day() -> None:
    holidays = school_holidays(2024)
    assert date(2024, 8, 15) in holidays
    assert date(2024, 12, 24) in holidays
    assert date(2024, 11, 13) not in holidays


def test_timestamps_carry_the_offset_daylight_saving_dictates() -> None:
    assert iso_datetime(london_datetime(date(2024, 1, 15), 9 * 60)) == "2024-01-15T09:00:00+00:00"
    assert iso_datetime(london_datetime(date(2024, 7, 15), 9 * 60)) == "2024-07-15T09:00:00+01:00"


def test_a_wall_time_in_the_spring_gap_becomes_the_real_instant() -> None:
    # Clocks went forward at 01:00 on 31 March 2024: 01:30 did not exist.
    stamp = iso_datetime(london_datetime(date(2024, 3, 31), 90))
    assert stamp == "2024-03-31T02:30:00+01:00"
