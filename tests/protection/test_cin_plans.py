"""Child in need plans start after an authorised child and family assessment and end with a CIN
census reason for closure (RC1 to RC9): services, the pages, the API, and who may not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.protection.models import Assessment, CinPlan, ProtectionCase
from openmash.protection.services import cin_plan_end, cin_plan_start
from tests.conftest import World, client_for
from tests.protection.helpers import case_with_open_discussion

pytestmark = pytest.mark.clock

JSON = "application/json"


def _post(user: Any, url: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(url, body, content_type=JSON)


def _verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


def _assessment(case: ProtectionCase, *, authorised: bool) -> Assessment:
    day = timezone.localdate() - timedelta(days=10)
    return Assessment.objects.create(
        case=case,
        referral_date=day,
        started_on=day,
        due_on=day + timedelta(days=60),
        completed_on=day,
        authorised_on=day if authorised else None,
    )


def _day(prefix: str, on: Any) -> dict[str, Any]:
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


def test_the_service_starts_only_after_an_authorised_assessment_and_ends_with_a_census_reason(
    world: World, child: Any
) -> None:
    case = case_with_open_discussion(world, child)
    today = timezone.localdate()
    sw = world.social_worker
    with pytest.raises(ApplicationError, match="authorised"):
        cin_plan_start(case=case, actor=sw, started_on=today)
    assessment = _assessment(case, authorised=False)
    with pytest.raises(ApplicationError, match="authorised"):
        cin_plan_start(case=case, actor=sw, started_on=today)
    assessment.authorised_on = today - timedelta(days=10)
    assessment.save()
    with pytest.raises(ApplicationError, match="on or after"):
        cin_plan_start(case=case, actor=sw, started_on=today - timedelta(days=11))
    with pytest.raises(ApplicationError, match="future"):
        cin_plan_start(case=case, actor=sw, started_on=today + timedelta(days=1))
    plan = cin_plan_start(case=case, actor=sw, started_on=today - timedelta(days=5))
    assert plan.ended_on is None
    with pytest.raises(ApplicationError, match="already"):
        cin_plan_start(case=case, actor=sw, started_on=today)
    with pytest.raises(ApplicationError, match="why"):
        cin_plan_end(plan=plan, actor=sw, ended_on=today, reason="RC10")
    with pytest.raises(ApplicationError, match="after it starts"):
        cin_plan_end(plan=plan, actor=sw, ended_on=today - timedelta(days=6), reason="RC7")
    cin_plan_end(plan=plan, actor=sw, ended_on=today, reason="RC7")
    plan = CinPlan.objects.get(pk=plan.pk)
    assert (plan.ended_on, plan.end_reason) == (today, "RC7")
    assert plan.end_reason_label.startswith("RC7: Services ceased")
    with pytest.raises(ApplicationError, match="already ended"):
        cin_plan_end(plan=plan, actor=sw, ended_on=today, reason="RC8")
    verbs = _verbs()
    assert "protection.cin_plan_recorded" in verbs
    assert "protection.cin_plan_ended" in verbs
    # A new plan may start once the last one ended.
    assert cin_plan_start(case=case, actor=sw, started_on=today).pk != plan.pk


def test_the_pages_start_and_end_a_plan_from_what_to_do_next(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    today = timezone.localdate()
    lead = client_for(world.social_worker)
    start_url = reverse("protection:cin_start", args=[case.pk])
    end_url = reverse("protection:cin_end", args=[case.pk])
    case_url = reverse("protection:case", args=[case.pk])
    assert lead.get(start_url).status_code == 302  # nothing authorised: back to the case
    assert lead.get(end_url).status_code == 302  # no plan to end
    assert "Start a child in need plan" not in lead.get(case_url).content.decode()
    _assessment(case, authorised=True)
    page = lead.get(case_url).content.decode()
    assert start_url in page
    assert lead.get(start_url).status_code == 200
    posted = lead.post(start_url, _day("started_on", today))
    assert posted.status_code == 302, posted.content.decode()
    plan = CinPlan.objects.get(case=case)
    page = lead.get(case_url).content.decode()
    assert end_url in page
    assert start_url not in page
    shown = lead.post(end_url, _day("ended_on", today))
    assert shown.status_code == 200
    assert "Select why the plan ends" in shown.content.decode()
    ended = lead.post(end_url, {**_day("ended_on", today), "reason": "RC9"})
    assert ended.status_code == 302, ended.content.decode()
    plan.refresh_from_db()
    assert plan.end_reason == "RC9"
    assert "RC9: Case closed after assessment, referred to early help" in (
        lead.get(case_url).content.decode()
    )
    for url in (start_url, end_url):
        assert client_for(world.police_rep).get(url).status_code == 403
        assert client_for(world.referrer).get(url).status_code == 404


def test_the_api_starts_and_ends_a_plan_and_refuses_others(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    today = timezone.localdate().isoformat()
    start = reverse("api:protection_case_cin_plans", args=[case.pk])
    end = reverse("api:protection_case_cin_plan_end", args=[case.pk])
    assert _post(world.social_worker, start, {"started_on": today}).status_code == 400
    _assessment(case, authorised=True)
    body = {"started_on": today}
    assert _post(world.police_rep, start, body).status_code == 403
    assert _post(world.referrer, start, body).status_code == 404
    created = _post(world.social_worker, start, body)
    assert created.status_code == 201, created.content
    assert created.json()["CINPlanStartDate"] == today
    assert created.json()["CINPlanEndDate"] is None
    finish = {"ended_on": today, "reason": "RC8"}
    assert _post(world.social_worker, end, {"ended_on": today, "reason": "X"}).status_code == 400
    assert _post(world.police_rep, end, finish).status_code == 403
    assert _post(world.referrer, end, finish).status_code == 404
    done = _post(world.social_worker, end, finish)
    assert done.status_code == 200, done.content
    assert done.json()["ReasonForClosure"] == "RC8"
    assert _post(world.social_worker, end, finish).status_code == 400  # nothing open now
    assert CinPlan.objects.get(case=case).end_reason == "RC8"


def test_the_plan_its_reviews_and_its_end_are_in_the_child_s_chronology(
    world: World, child: Any
) -> None:
    from openmash.protection.chronology import protection_person_events
    from openmash.protection.services import cin_plan_review_record

    case = case_with_open_discussion(world, child)
    _assessment(case, authorised=True)
    today = timezone.localdate()
    sw = world.social_worker
    plan = cin_plan_start(case=case, actor=sw, started_on=today - timedelta(days=8))
    cin_plan_review_record(
        plan=plan,
        actor=sw,
        reviewed_on=today - timedelta(days=1),
        summary="Attending nursery daily",
        next_review_on=today + timedelta(days=90),
    )
    cin_plan_end(plan=plan, actor=sw, ended_on=today, reason="RC7")

    def cin_events(user: Any) -> list[tuple[str, str]]:
        events = protection_person_events(user, [child.pk])
        return [(e.kind, e.summary) for e in events if e.kind.startswith("protection.cin")]

    started, reviewed, ended = cin_events(sw)
    assert started == ("protection.cin_plan", "Child in need plan started")
    assert reviewed[0] == "protection.cin_review"
    assert reviewed[1].startswith("Child in need plan reviewed (next review ")
    assert ended[0] == "protection.cin_plan_ended"
    assert ended[1].startswith("Child in need plan ended (RC7: Services ceased")
    # The MASH's contact officer does not see the case: nothing of it in their chronology.
    assert cin_events(world.contact_officer) == []
