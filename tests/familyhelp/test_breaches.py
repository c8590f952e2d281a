"""The review clock: a plan whose review date has passed is overdue, on the front door's breach
list through `frontdoor.registry.breach_clocks`, and resolved once the review is recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from openmash.familyhelp.models import Progress
from openmash.familyhelp.selectors import reviews_overdue
from openmash.familyhelp.services.work import (
    OutcomeInput,
    familyhelp_plan_record,
    familyhelp_review_record,
)
from openmash.frontdoor.models import Breach
from openmash.frontdoor.registry import breach_clocks
from openmash.frontdoor.services.breaches import breaches_detect
from tests.conftest import World, client_for, make_user
from tests.familyhelp.helpers import fh_setup, open_case, with_plan

LONDON = ZoneInfo("Europe/London")
KIND = "familyhelp.review_overdue"


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_the_review_clock_is_registered_with_the_front_doors_breach_job() -> None:
    clock = breach_clocks.get(KIND)
    assert clock is not None
    assert clock.label == "Family Help plan review overdue"


def test_a_review_is_due_by_the_end_of_its_day_and_overdue_the_next(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    plan = with_plan(fh, case, agreed_on=date(2026, 11, 1))
    due = plan.next_review_due
    assert due == date(2026, 12, 13)
    assert list(reviews_overdue(_at(due, 23))) == []
    [overdue] = reviews_overdue(_at(due + timedelta(days=1), 0))
    assert overdue.target == case
    assert overdue.due_at == datetime(2026, 12, 14, 0, 0, tzinfo=LONDON)
    assert overdue.team_id == fh.team.pk


def test_only_the_current_plan_of_an_open_case_counts(world: World, child: Any) -> None:
    from openmash.familyhelp.services.work import familyhelp_case_close

    fh = fh_setup(world)
    case = open_case(fh, child)
    with_plan(fh, case, agreed_on=date(2026, 9, 1))  # long overdue
    familyhelp_plan_record(
        case=case,
        actor=fh.dsl,
        agreed_on=date(2026, 11, 18),
        outcomes=[OutcomeInput(text="A new start")],
    )
    assert list(reviews_overdue(_at(date(2026, 12, 1)))) == []
    later = _at(date(2027, 1, 31))
    assert len(list(reviews_overdue(later))) == 1
    familyhelp_case_close(case=case, actor=fh.dsl, reason="moved_away")
    assert list(reviews_overdue(later)) == []


def test_the_breach_job_flags_an_overdue_review_and_resolves_it_once_reviewed(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    manager = make_user("fh.manager@council.test", world.la, "team_manager")
    manager.teams.add(fh.team)
    case = open_case(fh, child)
    plan = with_plan(fh, case, agreed_on=date(2026, 10, 1))  # review due 12 November
    now = _at(date(2026, 11, 18), 10)

    run = breaches_detect(now=now)

    [breach] = Breach.objects.filter(kind=KIND)
    assert breach in run.created
    assert (breach.target_type, breach.target_id) == ("familyhelp.familyhelpcase", case.pk)
    assert breach.due_at == datetime(2026, 11, 13, 0, 0, tzinfo=LONDON)
    assert breach.resolved_at is None
    # Flagged once per due time.
    breaches_detect(now=now + timedelta(hours=1))
    assert Breach.objects.filter(kind=KIND).count() == 1

    with time_machine.travel(now, tick=False):
        familyhelp_review_record(
            case=case,
            actor=fh.dsl,
            held_on=date(2026, 11, 18),
            summary="Late, but on track.",
            progress={o.pk: Progress.SOME for o in plan.outcomes.all()},
        )
    breaches_detect(now=now + timedelta(hours=2))
    breach.refresh_from_db()
    assert breach.resolved_at is not None


def test_the_breach_list_shows_the_overdue_review_to_those_the_gate_lets_see_it(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with_plan(fh, case, agreed_on=date(2026, 10, 1))
    breaches_detect(now=_at(date(2026, 11, 18), 10))
    url = reverse("frontdoor:breaches")

    seen = client_for(world.auditor).get(url).content.decode()
    hidden = client_for(world.social_worker).get(url).content.decode()

    assert f"Family Help {case.reference}: plan review overdue" in seen
    assert case.reference not in hidden
