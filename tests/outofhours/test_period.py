"""The out-of-hours period and the hand-over day, at its edges."""

from __future__ import annotations

from datetime import date, time

import pytest

from openmash.core.models import BankHoliday
from openmash.outofhours.models import OutOfHoursSetting
from openmash.outofhours.period import handover_day, is_out_of_hours
from tests.outofhours.helpers import london


@pytest.fixture
def calendar(world: object) -> None:
    """The bank holidays come from the seeded calendar (tests/conftest.py)."""


def test_the_calendar_has_the_substitute_boxing_day_of_2026(calendar: None) -> None:
    assert BankHoliday.objects.filter(day=date(2026, 12, 28), is_working_day=False).exists()
    assert BankHoliday.objects.filter(day=date(2026, 12, 25)).exists()


@pytest.mark.parametrize(
    ("moment", "out"),
    [
        (london(2026, 11, 20, 16, 59), False),  # Friday, the last minute of the day
        (london(2026, 11, 20, 17, 0), True),  # Friday 17:00: the EDT takes over
        (london(2026, 11, 21, 12, 0), True),  # Saturday noon
        (london(2026, 11, 23, 8, 59), True),  # Monday 08:59
        (london(2026, 11, 23, 9, 0), False),  # Monday 09:00: the day team takes over
        (london(2026, 12, 28, 11, 0), True),  # the substitute Boxing Day, at 11:00
        (london(2026, 12, 29, 11, 0), False),  # the Tuesday after
        (london(2026, 3, 30, 8, 30), True),  # just after the clocks went forward (BST)
    ],
)
def test_a_moment_is_out_of_hours_at_the_periods_edges(calendar: None, moment, out) -> None:
    assert is_out_of_hours(moment) is out


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (london(2026, 12, 26, 3, 0), date(2026, 12, 29)),  # Saturday night, over Christmas
        (london(2026, 11, 20, 17, 0), date(2026, 11, 23)),  # Friday evening: Monday
        (london(2026, 11, 23, 8, 59), date(2026, 11, 23)),  # Monday before nine: that Monday
        (london(2026, 11, 18, 22, 0), date(2026, 11, 19)),  # a weeknight: the next morning
        (london(2026, 12, 24, 17, 30), date(2026, 12, 29)),  # Christmas Eve evening
    ],
)
def test_the_handover_day_is_the_next_day_the_day_team_works(calendar: None, moment, day) -> None:
    assert handover_day(moment) == day


def test_a_setting_that_keeps_weekends_in_hours_changes_the_period(calendar: None) -> None:
    setting = OutOfHoursSetting(day_starts=time(8, 0), day_ends=time(18, 0), weekends=False)
    assert not is_out_of_hours(london(2026, 11, 21, 12, 0), setting=setting)
    assert is_out_of_hours(london(2026, 11, 20, 18, 0), setting=setting)
    assert handover_day(london(2026, 11, 20, 18, 0), setting=setting) == date(2026, 11, 21)
