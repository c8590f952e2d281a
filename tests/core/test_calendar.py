from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from openmash.core.audit import AuditVerb
from openmash.core.calendar import (
    add_working_days,
    add_working_hours,
    seed_bank_holidays,
    working_days_between,
)
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, BankHoliday
from openmash.core.services import bank_holiday_save
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def holidays(db: None) -> None:
    seed_bank_holidays(2022, 2027)


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_a_referral_received_on_christmas_eve_is_due_on_the_29th(holidays: None) -> None:
    # Thursday 24 December 2026, 16:00: Christmas Day and the Boxing Day substitute (28th) skip.
    assert add_working_days(at(2026, 12, 24, 16, 0), 1) == at(2026, 12, 29, 16, 0)


def test_a_friday_afternoon_contact_is_due_on_monday(holidays: None) -> None:
    assert add_working_days(at(2026, 11, 20, 15, 30), 1) == at(2026, 11, 23, 15, 30)


def test_a_weekend_contact_counts_from_the_start_of_monday(holidays: None) -> None:
    assert add_working_days(at(2026, 11, 21, 22, 0), 1) == at(2026, 11, 24, 9, 0)


def test_the_2023_coronation_was_not_a_working_day(holidays: None) -> None:
    assert add_working_days(at(2023, 5, 5, 12, 0), 1) == at(2023, 5, 9, 12, 0)


def test_working_hours_skip_evenings_weekends_and_holidays(holidays: None) -> None:
    # 4 working hours from Thursday 24 Dec 2026 15:00: 2 that day, then 2 on Tuesday 29th.
    assert add_working_hours(at(2026, 12, 24, 15, 0), 4) == at(2026, 12, 29, 11, 0)
    assert add_working_hours(at(2026, 11, 23, 8, 0), 4) == at(2026, 11, 23, 13, 0)


def test_clocks_cross_the_clock_change_in_local_time(holidays: None) -> None:
    # British Summer Time ends on Sunday 25 October 2026.
    due = add_working_days(at(2026, 10, 23, 10, 0), 1)
    assert due == at(2026, 10, 26, 10, 0)
    assert due.utcoffset().total_seconds() == 0


def test_assessment_length_in_working_days(holidays: None) -> None:
    # 22-24 Dec, 29-31 Dec and 4 Jan: Christmas, the Boxing Day substitute and New Year skip.
    assert working_days_between(date(2026, 12, 21), date(2027, 1, 4)) == 7


def test_an_administrator_adds_a_one_off_holiday_and_clocks_follow(
    holidays: None, world: World
) -> None:
    assert add_working_days(at(2026, 11, 23, 10, 0), 1) == at(2026, 11, 24, 10, 0)
    client_for(world.admin).post(
        "/admin/core/bankholiday/add/",
        {"day": "2026-11-24", "name": "State occasion", "source": "administrator"},
    )
    holiday = BankHoliday.objects.get(day=date(2026, 11, 24))
    row = AuditEvent.objects.get(verb=AuditVerb.BANK_HOLIDAY_ADDED, actor=world.admin)
    assert row.target_id == str(holiday.pk)
    assert row.summary == {
        "day": "2026-11-24",
        "name": "State occasion",
        "is_working_day": False,
        "source": "administrator",
    }
    assert add_working_days(at(2026, 11, 23, 10, 0), 1) == at(2026, 11, 25, 10, 0)


def test_an_administrator_makes_a_bank_holiday_a_working_day_and_it_is_audited(
    holidays: None, world: World
) -> None:
    # Boxing Day 2026 falls on a Saturday; Monday 28 December is the substitute.
    substitute = BankHoliday.objects.get(day=date(2026, 12, 28))
    url = f"/admin/core/bankholiday/{substitute.pk}/change/"
    client = client_for(world.admin)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "day": "2026-12-28",
            "name": substitute.name,
            "is_working_day": "on",
            "source": "administrator",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    row = AuditEvent.objects.get(verb=AuditVerb.BANK_HOLIDAY_CHANGED, actor=world.admin)
    assert row.target_id == str(substitute.pk)
    assert row.summary == {
        "is_working_day": [False, True],
        "source": ["holidays package", "administrator"],
    }
    substitute.refresh_from_db()
    assert substitute.is_working_day


def test_a_day_already_in_the_calendar_cannot_be_added_again(holidays: None, world: World) -> None:
    with pytest.raises(ApplicationError, match="25 December 2026 is already in the calendar"):
        bank_holiday_save(actor=world.admin, day=date(2026, 12, 25), name="Christmas again")
    assert not AuditEvent.objects.filter(verb=AuditVerb.BANK_HOLIDAY_ADDED).exists()
