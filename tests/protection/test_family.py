"""Family network meetings (family group decision making: offered, answered in the family's
words, held with who came and the family's plan) and child in need plan reviews (issue 15 items
5 and 6): services, the pages, the API, the chronology, and who may not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.protection.models import CinPlan, FamilyNetworkMeeting
from openmash.protection.services import (
    cin_plan_review_record,
    family_meeting_answer,
    family_meeting_hold,
    family_meeting_offer,
)
from tests.conftest import World, client_for
from tests.protection.helpers import case_with_open_discussion, other_child

pytestmark = pytest.mark.clock

JSON = "application/json"


def _post(user: Any, url: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(url, body, content_type=JSON)


def _verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


def test_a_meeting_offered_accepted_and_held_keeps_the_familys_words(
    world: World, child: Any
) -> None:
    case = case_with_open_discussion(world, child)
    today = timezone.localdate()
    meeting = family_meeting_offer(case=case, actor=world.social_worker, offered_on=today)
    with pytest.raises(ApplicationError):  # one open offer at a time
        family_meeting_offer(case=case, actor=world.social_worker, offered_on=today)
    with pytest.raises(ApplicationError):  # not held before the family accepts
        family_meeting_hold(
            meeting=meeting, actor=world.social_worker, held_on=today, attended="x", family_plan="y"
        )
    with pytest.raises(ApplicationError):  # the family's words are needed
        family_meeting_answer(
            meeting=meeting,
            actor=world.social_worker,
            accepted=True,
            responded_on=today,
            family_words=" ",
        )
    family_meeting_answer(
        meeting=meeting,
        actor=world.social_worker,
        accepted=True,
        responded_on=today,
        family_words="We want nan there.",
    )
    family_meeting_hold(
        meeting=meeting,
        actor=world.social_worker,
        held_on=today,
        attended="Mum, nan",
        family_plan="Nan has him after school.",
    )
    meeting.refresh_from_db()
    assert (meeting.response, meeting.family_words) == ("accepted", "We want nan there.")
    assert meeting.family_plan == "Nan has him after school."
    assert [v for v in _verbs() if "family_meeting" in v] == [
        "protection.family_meeting_offered",
        "protection.family_meeting_answered",
        "protection.family_meeting_held",
    ]
    page = client_for(world.social_worker).get(reverse("protection:case", args=[case.pk]))
    assert "Nan has him after school." in page.content.decode()
    assert "We want nan there." in page.content.decode()


def test_a_declined_meeting_closes_and_another_may_be_offered(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    today = timezone.localdate()
    meeting = family_meeting_offer(case=case, actor=world.social_worker, offered_on=today)
    family_meeting_answer(
        meeting=meeting,
        actor=world.social_worker,
        accepted=False,
        responded_on=today,
        family_words="Not now, we are managing.",
    )
    with pytest.raises(ApplicationError):
        family_meeting_hold(
            meeting=meeting, actor=world.social_worker, held_on=today, attended="x", family_plan="y"
        )
    family_meeting_offer(case=case, actor=world.social_worker, offered_on=today)
    assert FamilyNetworkMeeting.objects.filter(case=case).count() == 2


def test_the_page_takes_the_meeting_step_by_step(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    url = reverse("protection:family_meeting", args=[case.pk])
    lead = client_for(world.social_worker)
    today = timezone.localdate()
    day = {"day": today.day, "month": today.month, "year": today.year}
    assert "Offer a family network meeting" in lead.get(url).content.decode()
    wrong = lead.post(url, {"offered_on_day": "x"})
    assert wrong.status_code == 200
    assert "Error:" in wrong.content.decode()
    offered = lead.post(url, {f"offered_on_{k}": v for k, v in day.items()})
    assert offered.status_code == 302
    answered = lead.post(
        url,
        {
            "accepted": "yes",
            "family_words": "Yes please.",
            **{f"responded_on_{k}": v for k, v in day.items()},
        },
    )
    assert answered.status_code == 302
    held = lead.post(
        url,
        {
            "attended": "Mum, nan",
            "family_plan": "Nan stays at weekends.",
            **{f"held_on_{k}": v for k, v in day.items()},
        },
    )
    assert held.status_code == 302, held.content.decode()
    assert FamilyNetworkMeeting.objects.get(case=case).family_plan == "Nan stays at weekends."
    assert client_for(world.police_rep).get(url).status_code == 403  # a member who may not
    assert client_for(world.referrer).get(url).status_code == 404  # an outsider


def test_the_api_offers_answers_records_and_lists_meetings(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    url = reverse("api:protection_case_family_meetings", args=[case.pk])
    today = timezone.localdate().isoformat()
    assert _post(world.police_rep, url, {"offered_on": today}).status_code == 403
    assert _post(world.referrer, url, {"offered_on": today}).status_code == 404
    bad = _post(world.social_worker, url, {"offered_on": "soon"})
    assert bad.status_code == 400
    assert "offered_on" in bad.json()["errors"]
    offered = _post(world.social_worker, url, {"offered_on": today})
    assert offered.status_code == 201, offered.content
    fnm = offered.json()["id"]
    answer = reverse("api:protection_case_family_meeting_answer", args=[case.pk, fnm])
    body = {"accepted": True, "responded_on": today, "family_words": "Yes."}
    assert _post(world.referrer, answer, body).status_code == 404
    assert _post(world.social_worker, answer, body).status_code == 200
    held = reverse("api:protection_case_family_meeting_held", args=[case.pk, fnm])
    body = {"held_on": today, "attended": "Mum", "family_plan": "Mum walks him to school."}
    done = _post(world.social_worker, held, body)
    assert done.status_code == 200
    assert done.json()["family_plan"] == "Mum walks him to school."
    other = case_with_open_discussion(world, other_child())
    wrong_case = reverse("api:protection_case_family_meeting_held", args=[other.pk, fnm])
    assert _post(world.social_worker, wrong_case, body).status_code == 404
    listed = client_for(world.police_rep).get(url)  # the police member reads
    assert listed.status_code == 200
    assert [m["response"] for m in listed.json()["family_network_meetings"]] == ["accepted"]
    assert client_for(world.referrer).get(url).status_code == 404


def test_a_cin_plan_review_by_service_page_and_api(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    today = timezone.localdate()
    page_url = reverse("protection:cin_review", args=[case.pk])
    lead = client_for(world.social_worker)
    assert lead.get(page_url).status_code == 302  # no CIN plan yet: back to the case
    plan = CinPlan.objects.create(case=case, started_on=today - timedelta(days=30))
    with pytest.raises(ApplicationError):
        cin_plan_review_record(
            plan=plan,
            actor=world.social_worker,
            reviewed_on=today,
            summary="Fine",
            next_review_on=today,
        )
    review = cin_plan_review_record(
        plan=plan,
        actor=world.social_worker,
        reviewed_on=today,
        summary="School attendance up.",
        next_review_on=today + timedelta(days=90),
    )
    assert review.plan == plan
    assert "protection.cin_plan_reviewed" in _verbs()
    day = {"day": today.day, "month": today.month, "year": today.year}
    posted = lead.post(
        page_url,
        {"summary": "Still going well.", **{f"reviewed_on_{k}": v for k, v in day.items()}},
    )
    assert posted.status_code == 302, posted.content.decode()
    page = lead.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "School attendance up." in page
    assert "Still going well." in page
    api = reverse("api:protection_case_cin_reviews", args=[case.pk])
    body = {"reviewed_on": today.isoformat(), "summary": "Third review."}
    assert _post(world.police_rep, api, body).status_code == 403
    assert _post(world.referrer, api, body).status_code == 404
    created = _post(world.social_worker, api, body)
    assert created.status_code == 201, created.content
    assert created.json()["CINPlanStartDate"] == plan.started_on.isoformat()
    assert plan.reviews.count() == 3
    assert client_for(world.police_rep).get(page_url).status_code == 403
    assert client_for(world.referrer).get(page_url).status_code == 404


def test_the_meeting_is_in_the_childs_chronology(world: World, child: Any) -> None:
    from openmash.protection.chronology import protection_person_events
    from tests.protection.helpers import chain

    work = chain(world, child)
    events = [
        e
        for e in protection_person_events(world.social_worker, [child.pk])
        if e.kind == "protection.family_meeting"
    ]
    assert len(events) == 1
    assert events[0].summary == "Family network meeting held"
    assert events[0].detail == work["meeting"].family_plan
