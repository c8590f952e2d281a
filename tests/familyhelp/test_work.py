"""The lead practitioner's work: the assessment and its history, the plan and its reviews with
progress on each outcome, Team Around the Family and family network meetings, and closure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.familyhelp.models import (
    AssessmentDomain,
    CaseStatus,
    ClosureReason,
    HandbackKind,
    MashHandback,
    NetworkStatus,
    Progress,
)
from openmash.familyhelp.services.settings import familyhelp_settings_update
from openmash.familyhelp.services.work import (
    ActionInput,
    AttendeeInput,
    OutcomeInput,
    familyhelp_assessment_record,
    familyhelp_case_close,
    familyhelp_meeting_record,
    familyhelp_network_meeting_record,
    familyhelp_plan_record,
    familyhelp_review_record,
)
from tests.conftest import World
from tests.familyhelp.helpers import fh_setup, open_case, requested_case, with_plan

TODAY = date(2026, 11, 18)  # the tests' fixed now


def _assess(fh: Any, case: Any, analysis: str) -> Any:
    return familyhelp_assessment_record(
        case=case,
        actor=fh.dsl,
        domains={"health": "Well", "housing_money": "Rent arrears"},
        child_voice="I worry about mum.",
        parents_voice="We are behind on rent.",
        analysis=analysis,
    )


def test_an_assessment_copies_the_domains_labels_and_keeps_the_familys_words(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    assessment = _assess(fh, case, "Money worries drive the stress at home.")
    entries = {d["code"]: d for d in assessment.domains}
    assert entries["housing_money"] == {
        "code": "housing_money",
        "label": "Housing, money and work",
        "text": "Rent arrears",
    }
    assert entries["parenting"]["text"] == ""  # every local domain, in order
    assert assessment.child_voice == "I worry about mum."
    row = AuditEvent.objects.get(verb="family_help.assessment_recorded")
    assert row.summary["domains"] == ["health", "housing_money"]


def test_a_new_version_of_the_assessment_keeps_the_old_one_as_history(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    first = _assess(fh, case, "First view.")
    second = _assess(fh, case, "Second view after the home visit.")
    assert list(case.assessments.all()) == [second, first]


def test_renaming_a_domain_does_not_rewrite_an_old_assessment(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    assessment = _assess(fh, case, "View.")
    labels = [d.label for d in AssessmentDomain.objects.filter(is_active=True)]
    labels[labels.index("Housing, money and work")] = "Housing and money"
    familyhelp_settings_update(
        actor=world.admin, review_interval_days=42, step_up_rag="red", domains=labels
    )
    assessment.refresh_from_db()
    assert {d["label"] for d in assessment.domains} >= {"Housing, money and work"}
    assert AssessmentDomain.objects.filter(label="Housing and money", is_active=True).exists()
    assert not AssessmentDomain.objects.get(code="housing_money").is_active


def test_an_assessment_needs_the_childs_words(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="child's own words"):
        familyhelp_assessment_record(
            case=case,
            actor=fh.dsl,
            domains={"health": "Well"},
            child_voice="",
            parents_voice="Fine",
            analysis="Fine",
        )


def test_a_request_not_yet_accepted_cannot_be_assessed(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    with pytest.raises(ApplicationError, match="requested"):
        _assess(fh, case, "Too early.")


def test_a_plan_is_reviewed_after_the_councils_interval(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    plan = with_plan(fh, case, agreed_on=TODAY)
    assert plan.review_interval_days == 42
    assert plan.next_review_due == TODAY + timedelta(days=42)
    assert [o.progress for o in plan.outcomes.all()] == [Progress.NOT_STARTED] * 2


def test_a_changed_review_interval_applies_to_new_plans(world: World, child: Any) -> None:
    fh = fh_setup(world)
    labels = [d.label for d in AssessmentDomain.objects.filter(is_active=True)]
    familyhelp_settings_update(
        actor=world.admin, review_interval_days=28, step_up_rag="amber", domains=labels
    )
    case = open_case(fh, child)
    plan = with_plan(fh, case, agreed_on=TODAY)
    assert plan.next_review_due == TODAY + timedelta(days=28)
    row = AuditEvent.objects.get(verb="family_help.settings_changed")
    assert row.summary["before"] == {"review_interval_days": 42, "step_up_rag": "red"}


def test_a_plan_needs_an_outcome(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="at least one outcome"):
        familyhelp_plan_record(
            case=case, actor=fh.dsl, agreed_on=TODAY, outcomes=[OutcomeInput(text=" ")]
        )


def test_a_review_records_progress_on_each_outcome_and_sets_the_next_review(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    plan = with_plan(fh, case, agreed_on=TODAY - timedelta(days=50))
    first, second = plan.outcomes.all()
    review = familyhelp_review_record(
        case=case,
        actor=fh.dsl,
        held_on=TODAY,
        summary="On time three days in five; mum goes to the group.",
        progress={first.pk: Progress.SOME, second.pk: Progress.ACHIEVED},
    )
    plan.refresh_from_db()
    assert review.due_on == TODAY - timedelta(days=8)
    assert plan.next_review_due == TODAY + timedelta(days=42)
    assert [o.progress for o in plan.outcomes.all()] == [Progress.SOME, Progress.ACHIEVED]
    assert review.progress[0]["progress"] == Progress.SOME
    row = AuditEvent.objects.get(verb="family_help.review_recorded")
    assert row.summary["late"] is True


def test_a_review_needs_progress_on_every_outcome(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    plan = with_plan(fh, case)
    first = plan.outcomes.first()
    with pytest.raises(ApplicationError, match="Select the progress"):
        familyhelp_review_record(
            case=case, actor=fh.dsl, held_on=TODAY, summary="Some", progress={first.pk: "some"}
        )
    assert not plan.reviews.exists()


def test_a_team_around_the_family_meeting_records_agencies_and_actions(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    meeting = familyhelp_meeting_record(
        case=case,
        actor=fh.dsl,
        held_on=TODAY,
        attendees=[
            AttendeeInput(name="Sam Jones", agency="Test School"),
            AttendeeInput(name="Pat Lee", agency="Health visiting"),
        ],
        notes="Mum came with the baby.",
        actions=[
            ActionInput(text="Breakfast club place", owner="Sam Jones", due_on=TODAY),
        ],
    )
    assert meeting.attendees == [
        {"name": "Sam Jones", "agency": "Test School"},
        {"name": "Pat Lee", "agency": "Health visiting"},
    ]
    assert [(a.text, a.owner, a.due_on) for a in meeting.actions.all()] == [
        ("Breakfast club place", "Sam Jones", TODAY)
    ]
    row = AuditEvent.objects.get(verb="family_help.meeting_recorded")
    assert row.summary["agencies"] == ["Health visiting", "Test School"]


def test_a_meeting_needs_each_attendees_agency(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="agency"):
        familyhelp_meeting_record(
            case=case,
            actor=fh.dsl,
            held_on=TODAY,
            attendees=[AttendeeInput(name="Sam", agency="")],
            notes="",
            actions=[],
        )


def test_a_family_network_meeting_is_offered_accepted_and_held_with_the_familys_plan(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    offered = familyhelp_network_meeting_record(
        case=case, actor=fh.dsl, status=NetworkStatus.OFFERED, on=TODAY - timedelta(days=7)
    )
    familyhelp_network_meeting_record(
        case=case, actor=fh.dsl, status=NetworkStatus.ACCEPTED, on=TODAY - timedelta(days=5)
    )
    held = familyhelp_network_meeting_record(
        case=case,
        actor=fh.dsl,
        status=NetworkStatus.HELD,
        on=TODAY,
        family_plan="Nan takes the children to school on Mondays and Wednesdays.",
    )
    assert held.pk == offered.pk
    assert held.offered_on == TODAY - timedelta(days=7)
    assert held.held_on == TODAY
    assert held.family_plan.startswith("Nan takes")


def test_a_network_meeting_cannot_be_held_before_it_is_offered(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="Offer the family"):
        familyhelp_network_meeting_record(
            case=case, actor=fh.dsl, status=NetworkStatus.HELD, on=TODAY, family_plan="Plan"
        )


def test_closing_with_outcomes_met_closes_quietly(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    case = familyhelp_case_close(case=case, actor=fh.dsl, reason=ClosureReason.OUTCOMES_MET)
    assert case.status == CaseStatus.CLOSED
    assert not MashHandback.objects.exists()
    assert AuditEvent.objects.get(verb="family_help.closed").summary["reason"] == "outcomes_met"


def test_a_family_no_longer_engaging_with_open_concerns_goes_back_to_the_mash(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    familyhelp_case_close(
        case=case,
        actor=fh.dsl,
        reason=ClosureReason.NO_LONGER_ENGAGING,
        note="Three missed visits; mum does not answer.",
    )
    assert MashHandback.objects.get(case=case).kind == HandbackKind.REFUSED


def test_a_case_cannot_be_closed_as_stepped_up_without_the_step_up(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="Step up to social care"):
        familyhelp_case_close(case=case, actor=fh.dsl, reason=ClosureReason.STEPPED_UP)


def test_a_stale_version_is_refused(world: World, child: Any) -> None:
    from openmash.core.errors import ConflictError

    fh = fh_setup(world)
    case = open_case(fh, child)
    stale = case.version - 1
    with pytest.raises(ConflictError):
        familyhelp_case_close(
            case=case, actor=fh.dsl, reason=ClosureReason.MOVED_AWAY, expected_version=stale
        )
