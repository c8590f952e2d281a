"""The subject access deadline as the ICO counts it."""

from __future__ import annotations

from datetime import date

import pytest

from openmash.privacy.deadlines import months_after, response_due, statutory_date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2027, 1, 31), date(2027, 2, 28)),  # no 31 February: the last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2027, 1, 29), date(2027, 2, 28)),
        (date(2027, 3, 31), date(2027, 4, 30)),
        (date(2027, 1, 15), date(2027, 2, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),  # across the year
        (date(2027, 2, 28), date(2027, 3, 28)),  # the corresponding date, not the month's end
    ],
)
def test_one_calendar_month_is_the_corresponding_date_or_the_months_last_day(
    received: date, due: date
) -> None:
    assert months_after(received, 1) == due
    assert statutory_date(received, None, extended=False) == due


def test_an_extension_adds_two_further_months() -> None:
    assert statutory_date(date(2027, 1, 31), None, extended=True) == date(2027, 4, 30)
    assert statutory_date(date(2026, 11, 30), None, extended=True) == date(2027, 2, 28)


def test_the_clock_starts_when_identity_is_verified_if_that_is_later() -> None:
    assert statutory_date(date(2027, 1, 10), date(2027, 1, 20), extended=False) == date(2027, 2, 20)
    assert statutory_date(date(2027, 1, 10), date(2027, 1, 2), extended=False) == date(2027, 2, 10)


def test_a_deadline_on_a_weekend_or_bank_holiday_moves_to_the_next_working_day(db: None) -> None:
    # 28 February 2027 is a Sunday.
    assert response_due(date(2027, 1, 31), None, extended=False) == date(2027, 3, 1)
    # 25 and 26 December 2027 fall on a Saturday and Sunday; the 27th and 28th are bank holidays.
    assert response_due(date(2027, 11, 25), None, extended=False) == date(2027, 12, 29)
