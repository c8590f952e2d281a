"""Who sees a Family Help case: the lead practitioner (a school's designated safeguarding lead
here) their own family and nothing else; the Family Help team its cases; quality leads read;
everyone else the 404 of a missing case, with the refusal in the audit log. Pages: allow and
deny with the same set-up."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.familyhelp.models import CaseStatus, FamilyHelpCase
from openmash.familyhelp.permissions import family_help_case_get_for_user
from tests.conftest import World, client_for
from tests.familyhelp.helpers import fh_setup, open_case, requested_case, sibling, with_plan


def _refusals(user: Any, case: FamilyHelpCase) -> int:
    return AuditEvent.objects.filter(
        actor=user, verb="access.refused", target_type="familyhelpcase", target_id=str(case.pk)
    ).count()


def test_a_school_lead_practitioner_reads_their_family_and_gets_404_for_another(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    theirs = open_case(fh, child)
    other = open_case(fh, sibling("Zain", "Okafor"), lead=fh.other_dsl)
    client = client_for(fh.dsl)

    mine = client.get(reverse("familyhelp:case", args=[theirs.pk]))
    refused = client.get(reverse("familyhelp:case", args=[other.pk]))
    missing = client.get(reverse("familyhelp:case", args=[987654321]))

    assert mine.status_code == 200
    assert "Ayaan Rahman" in mine.content.decode()
    assert refused.status_code == 404
    assert missing.status_code == 404
    # The same page as a missing case (tests/test_access_sweep.py compares them in full).
    assert "<h1" in refused.content.decode()
    assert refused.content.decode().count("<h1") == missing.content.decode().count("<h1")
    assert _refusals(fh.dsl, other) == 1
    assert AuditEvent.objects.filter(
        actor=fh.dsl, verb="record.viewed", target_id=str(theirs.pk)
    ).exists()
    api = client.get(reverse("api:family_help_case", args=[other.pk]))
    assert api.status_code == 404


def test_the_lead_practitioner_lists_only_the_families_they_lead(world: World, child: Any) -> None:
    fh = fh_setup(world)
    theirs = open_case(fh, child)
    other = open_case(fh, sibling("Zain", "Okafor"), lead=fh.other_dsl)
    ids = [c["id"] for c in client_for(fh.dsl).get(reverse("api:family_help_cases")).json()]
    assert ids == [theirs.pk]
    page = client_for(fh.dsl).get(reverse("familyhelp:queue")).content.decode()
    assert theirs.reference in page
    assert other.reference not in page


def test_a_requested_case_is_not_the_requesters_to_see(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)  # asked for by the school's DSL, not yet led by anyone
    with pytest.raises(Http404):
        family_help_case_get_for_user(fh.dsl, case.pk)


def test_the_family_help_team_sees_its_requests_and_mash_staff_do_not(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    assert family_help_case_get_for_user(fh.worker, case.pk) == case
    with pytest.raises(Http404):
        family_help_case_get_for_user(world.social_worker, case.pk)
    assert _refusals(world.social_worker, case) == 1


def test_a_quality_lead_reads_but_cannot_change(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    assert family_help_case_get_for_user(world.auditor, case.pk) == case
    with pytest.raises(PermissionDenied):
        family_help_case_get_for_user(world.auditor, case.pk, for_change=True)


def test_a_former_lead_loses_the_family_when_another_is_named(world: World, child: Any) -> None:
    from openmash.familyhelp.services.requests import familyhelp_lead_change

    fh = fh_setup(world)
    case = open_case(fh, child)
    familyhelp_lead_change(case=case, actor=fh.worker, lead_practitioner=fh.other_dsl)
    with pytest.raises(Http404):
        family_help_case_get_for_user(fh.dsl, case.pk)
    assert family_help_case_get_for_user(fh.other_dsl, case.pk) == case


# --- Pages: allow and deny, the same set-up ---------------------------------------------------


def test_the_team_accepts_a_request_on_its_page_and_the_lead_may_not(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    url = reverse("familyhelp:accept", args=[case.pk])
    data = {"lead_practitioner": fh.dsl.email, "version": case.version}

    refused = client_for(world.social_worker).post(url, data)
    done = client_for(fh.worker).post(url, data)

    assert refused.status_code == 404
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.lead_practitioner == fh.dsl
    # Now the lead sees it, but the team's decisions are not theirs.
    assert client_for(fh.dsl).get(url).status_code == 403


def test_the_decline_page_needs_a_reason(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    page = client_for(fh.worker).post(reverse("familyhelp:decline", args=[case.pk]), {"reason": ""})
    assert page.status_code == 200
    assert "Enter why the request is declined" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REQUESTED


def test_the_lead_records_an_assessment_and_another_dsl_cannot(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    url = reverse("familyhelp:assessment", args=[case.pk])
    data = {
        "domain_learning": "Late most days.",
        "child_voice": "I am hungry in the mornings.",
        "parents_voice": "I am tired.",
        "analysis": "Mornings need support.",
    }
    refused = client_for(fh.other_dsl).post(url, data)
    done = client_for(fh.dsl).post(url, data)
    assert refused.status_code == 404
    assert done.status_code == 302
    assert case.assessments.get().child_voice == "I am hungry in the mornings."


def test_the_plan_page_records_outcomes(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    url = reverse("familyhelp:plan", args=[case.pk])
    data = {
        "agreed_on_day": "18",
        "agreed_on_month": "11",
        "agreed_on_year": "2026",
        "o1_text": "On time for school",
        "o1_actions": "Breakfast club",
    }
    assert client_for(world.auditor).post(url, data).status_code == 403
    assert client_for(fh.dsl).post(url, data).status_code == 302
    plan = case.plans.get()
    assert [o.text for o in plan.outcomes.all()] == ["On time for school"]


def test_the_review_page_asks_for_progress_on_each_outcome(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    plan = with_plan(fh, case)
    first, second = plan.outcomes.all()
    url = reverse("familyhelp:review", args=[case.pk])
    data = {
        "held_on_day": "18",
        "held_on_month": "11",
        "held_on_year": "2026",
        "summary": "Better mornings.",
        f"outcome_{first.pk}": "achieved",
        f"outcome_{second.pk}": "some",
    }
    assert client_for(fh.other_dsl).post(url, data).status_code == 404
    assert client_for(fh.dsl).post(url, data).status_code == 302
    assert [o.progress for o in plan.outcomes.all()] == ["achieved", "some"]


def test_the_meeting_page_reads_attendees_by_agency(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    url = reverse("familyhelp:meeting", args=[case.pk])
    data = {
        "held_on_day": "18",
        "held_on_month": "11",
        "held_on_year": "2026",
        "attendees": "Sam Jones, Test School\nPat Lee, Health visiting",
        "a1_text": "Breakfast club",
        "a1_owner": "Sam Jones",
        "a1_due_on_day": "25",
        "a1_due_on_month": "11",
        "a1_due_on_year": "2026",
    }
    bad = client_for(fh.dsl).post(url, data | {"attendees": "Sam Jones"})
    assert "Enter the agency after the name" in bad.content.decode()
    assert client_for(fh.dsl).post(url, data).status_code == 302
    meeting = case.meetings.get()
    assert meeting.attendees[1] == {"name": "Pat Lee", "agency": "Health visiting"}


def test_the_step_up_page_sends_the_family_to_the_mash(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    url = reverse("familyhelp:step_up", args=[case.pk])
    data = {"reason": "Worse.", "what_tried": "Everything in the plan.", "version": case.version}
    assert client_for(world.auditor).post(url, data).status_code == 403
    assert client_for(fh.dsl).post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.handbacks.get().contact.rag == "red"


def test_a_partner_asks_for_family_help_and_an_agency_representative_may_not(
    world: World,
) -> None:
    fh = fh_setup(world)
    url = reverse("familyhelp:request")
    data = {
        "team": fh.team.pk,
        "reason": "Mum asked the school for help with routines.",
        "open_concerns": "no",
        "m1_given_name": "Ayaan",
        "m1_family_name": "Rahman",
        "m1_role": "child",
    }
    assert client_for(world.police_rep).post(url, data).status_code == 403
    assert client_for(fh.dsl).post(url, data).status_code == 302
    case = FamilyHelpCase.objects.get()
    assert (case.requested_by, case.open_concerns) == (fh.dsl, False)


def test_social_care_steps_a_family_down_and_a_school_may_not(world: World) -> None:
    fh = fh_setup(world)
    url = reverse("familyhelp:step_down", args=[])
    data = {
        "team": fh.team.pk,
        "analysis": "Risks reduced; routines fragile.",
        "handover_note": "Mum trusts the school nurse.",
        "m1_given_name": "Ayaan",
        "m1_family_name": "Rahman",
        "m1_role": "child",
    }
    assert client_for(fh.dsl).post(url, data).status_code == 403
    assert client_for(world.social_worker).post(url, data).status_code == 302
    assert FamilyHelpCase.objects.get().step_down_handover == "Mum trusts the school nurse."


def test_administrators_change_the_settings_and_others_may_not(world: World) -> None:
    url = reverse("familyhelp:settings")
    data = {"review_interval_days": "28", "step_up_rag": "amber", "domains": "Health\nSchool"}
    assert client_for(world.manager).post(url, data).status_code == 403
    assert client_for(world.admin).post(url, data).status_code == 302
    from openmash.familyhelp.services.common import settings_row

    assert settings_row().review_interval_days == 28
