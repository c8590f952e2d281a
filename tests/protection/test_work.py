"""The work on a child's case: the s47 enquiry, the assessment and its authorisation, the
conferences and the plan, My work's order and query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openmash.core.dates import govuk_date
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.protection.clocks import working_days_after
from openmash.protection.models import NextStep, PlanActivityKind, S47Outcome
from openmash.protection.selectors import my_work
from openmash.protection.services import (
    assessment_authorise,
    assessment_record,
    plan_activity_record,
    plan_end,
    protection_setting_change,
    section47_record,
)
from tests.conftest import World, client_for, make_user
from tests.protection.helpers import chain, held, open_case, other_child

pytestmark = pytest.mark.clock


def test_the_childs_wishes_are_needed_once_the_child_is_seen(world: World, child: Any) -> None:
    case = open_case(world, child)
    from tests.protection.helpers import convened

    sd = convened(world, case, timezone.now() - timedelta(hours=2))
    held(world, sd, timezone.now() - timedelta(hours=1))
    with pytest.raises(ApplicationError, match="wishes and feelings"):
        section47_record(
            enquiry=sd.enquiry,
            actor=world.social_worker,
            child_seen_on=timezone.localdate(),
            seen_alone=True,
            seen_by="SW",
            child_wishes="",
        )


def test_no_conference_with_a_cin_plan_starts_the_cin_plan(world: World, child: Any) -> None:
    from tests.protection.helpers import convened

    case = open_case(world, child)
    sd = convened(world, case, timezone.now() - timedelta(hours=2))
    held(world, sd, timezone.now() - timedelta(hours=1))
    enquiry = section47_record(
        enquiry=sd.enquiry,
        actor=world.social_worker,
        child_seen_on=timezone.localdate(),
        seen_alone=False,
        seen_by="SW",
        child_wishes="I am fine at home now.",
        analysis="Harm not likely; needs support.",
        outcome=S47Outcome.NO_ICPC,
        next_step=NextStep.CIN_PLAN,
    )
    assert enquiry.completed_on == timezone.localdate()
    assert case.cin_plans.get().started_on == timezone.localdate()
    case.refresh_from_db()
    assert case.next_due_what == "Assessment"  # no conference clock any more


def test_a_manager_of_the_team_authorises_the_completed_assessment(
    world: World, child: Any
) -> None:
    work = chain(world, child)
    assessment = work["assessment"]
    with pytest.raises(ApplicationError, match="Complete the assessment"):
        assessment_authorise(assessment=assessment, actor=world.manager, on=timezone.localdate())
    assessment_record(
        assessment=assessment,
        actor=world.social_worker,
        factors=["3B", "18C"],
        child_voice="Dad scares me.",
        analysis="Continuing risk of physical harm.",
        needs_support=True,
        completed_on=timezone.localdate(),
    )
    with pytest.raises(ApplicationError, match="No factors"):
        assessment_record(
            assessment=assessment,
            actor=world.social_worker,
            factors=["21", "3B"],
            child_voice="x",
            analysis="y",
            needs_support=True,
            completed_on=None,
        )
    team_manager = make_user("cp.manager@council.test", world.la, "team_manager")
    assert world.assessment is not None
    team_manager.teams.add(world.assessment)
    url = reverse("protection:assessment_authorise", args=[work["case"].pk])
    assert client_for(world.manager).get(url).status_code == 404  # not their team's case
    page = client_for(team_manager).get(url)
    assert page.status_code == 200
    assessment_authorise(assessment=assessment, actor=team_manager, on=timezone.localdate())
    assert AuditEvent.objects.filter(verb="protection.assessment_authorised").exists()


def test_visits_move_the_next_visit_and_the_plan_ends_with_a_reason(
    world: World, child: Any
) -> None:
    work = chain(world, child)
    plan = work["plan"]
    plan_activity_record(
        plan=plan,
        actor=world.social_worker,
        kind=PlanActivityKind.VISIT,
        on=timezone.localdate(),
        seen_alone=True,
        note="Seen alone in his room.",
    )
    plan.refresh_from_db()
    # 10 working days after the visit (today, at whichever "now" the test runs)
    assert plan.next_visit_on == working_days_after(timezone.localdate(), 10)
    assert plan.next_visit_on >= timezone.localdate() + timedelta(days=14)
    plan_end(plan=plan, actor=world.social_worker, ended_on=timezone.localdate(), reason="cin")
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason, plan.next_review_on) == (
        timezone.localdate(),
        "cin",
        None,
    )
    assert work["case"].cin_plans.exists()


def test_the_visit_frequency_is_a_local_setting_with_history(world: World, child: Any) -> None:
    protection_setting_change(
        actor=world.admin,
        strategy_days_urgent=0,
        strategy_days=1,
        visit_every_working_days=15,
        reason="Local practice standard 2027",
    )
    plan = chain(world, child)["plan"]
    assert plan.visit_every_working_days == 15
    assert AuditEvent.objects.filter(verb="protection.setting_changed").exists()


def test_my_work_is_sorted_by_time_left_in_a_fixed_number_of_queries(
    world: World, child: Any
) -> None:
    first = chain(world, child)["case"]  # plan: next visit in 10 working days
    from tests.protection.helpers import convened

    soon = open_case(world, other_child())
    convened(world, soon, timezone.now() - timedelta(hours=1))  # due tomorrow
    found = list(my_work(world.social_worker))
    assert found == [soon, first]
    client = client_for(world.social_worker)
    url = reverse("protection:my_work")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        case = open_case(world, other_child())
        convened(world, case, timezone.now() - timedelta(minutes=n + 1))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert page.content.decode().count('class="govuk-table__row"') == 1 + 7


def test_the_home_page_shows_the_soonest_deadlines_to_the_lead(world: World, child: Any) -> None:
    plan = chain(world, child)["plan"]
    home = client_for(world.social_worker).get("/").content.decode()
    assert "Child protection" in home
    assert f"Statutory visit by {govuk_date(plan.next_visit_on)}" in home
    assert "Child protection" not in client_for(world.referrer).get("/").content.decode()
