"""The statutory clocks on the front door's working-day calendar (Europe/London, England's bank
holidays from `core.BankHoliday`); docs/protection.md, "Clocks", works each date through."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from openmash.core.calendar import bank_holidays
from openmash.protection import clocks
from openmash.protection.services import assessment_start
from tests.conftest import World
from tests.protection.helpers import at, open_case, with_enquiry

pytestmark = pytest.mark.clock


def test_the_calendar_holds_christmas_2026_and_easter_2027(world: World) -> None:
    holidays = bank_holidays()
    # Boxing Day 2026 is a Saturday: its substitute is Monday 28 December.
    for day in (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)):
        assert day in holidays
    for day in (date(2027, 3, 26), date(2027, 3, 29)):  # Good Friday, Easter Monday
        assert day in holidays
    # No local Christmas closure days: the expected dates need none (24, 29-31 Dec work).
    for day in (date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)):
        assert day not in holidays


def test_a_strategy_discussion_on_wednesday_16_december_2026_gives_an_icpc_target_of_monday_11_january_2027(  # noqa: E501
    world: World,
) -> None:
    assert clocks.icpc_target(date(2026, 12, 16)) == date(2027, 1, 11)


def test_an_assessment_from_a_referral_on_friday_18_december_2026_is_due_wednesday_24_february_2027(
    world: World,
) -> None:
    assert clocks.assessment_due(date(2026, 12, 18)) == date(2027, 2, 24)


def test_a_strategy_discussion_on_wednesday_24_march_2027_gives_an_icpc_target_of_friday_16_april_2027(  # noqa: E501
    world: World,
) -> None:
    assert clocks.icpc_target(date(2027, 3, 24)) == date(2027, 4, 16)


def test_the_enquiry_a_strategy_discussion_starts_carries_its_icpc_target(
    world: World, child: Any, clock: Any
) -> None:
    enquiry = with_enquiry(world, child, clock, date(2026, 12, 16))
    assert enquiry.started_on == date(2026, 12, 16)
    assert enquiry.icpc_target_on == date(2027, 1, 11)


def test_the_easter_enquiry_carries_its_icpc_target(world: World, child: Any, clock: Any) -> None:
    enquiry = with_enquiry(world, child, clock, date(2027, 3, 24))
    assert enquiry.icpc_target_on == date(2027, 4, 16)


def test_an_assessment_started_from_the_december_referral_is_due_on_24_february(
    world: World, child: Any, clock: Any
) -> None:
    clock.move_to(at(date(2026, 12, 21)))
    case = open_case(world, child)
    assessment = assessment_start(
        case=case,
        actor=world.social_worker,
        referral_date=date(2026, 12, 18),
        started_on=date(2026, 12, 21),
    )
    assert assessment.due_on == date(2027, 2, 24)
    case.refresh_from_db()
    assert case.next_due_what == "Assessment"


def test_review_conferences_first_within_3_months_then_every_6() -> None:
    assert clocks.first_review_due(date(2027, 1, 11)) == date(2027, 4, 11)
    assert clocks.later_review_due(date(2027, 4, 8)) == date(2027, 10, 8)
    assert clocks.first_review_due(date(2026, 11, 30)) == date(2027, 2, 28)


def test_an_urgent_strategy_discussion_is_due_by_the_end_of_the_same_working_day(
    world: World,
) -> None:
    assert clocks.strategy_target(at(date(2026, 12, 16), 11), days=0) == at(date(2026, 12, 16), 17)
    # After hours on Christmas Eve: the next working day is Tuesday 29 December.
    assert clocks.strategy_target(at(date(2026, 12, 24), 18), days=0) == at(date(2026, 12, 29), 17)


def test_otherwise_a_strategy_discussion_is_due_one_working_day_on(world: World) -> None:
    assert clocks.strategy_target(at(date(2026, 12, 24), 11), days=1) == at(date(2026, 12, 29), 11)
