"""Case audit, template, dip sample and analytics pages and API: the flow, and who may see
what (allow and deny share each set-up)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.quality.models import AuditState, CaseAudit
from tests.conftest import World, client_for
from tests.quality.audit_helpers import a_template, decided, second_auditor
from tests.quality.test_audits import completed_audit


def test_a_case_audit_on_the_pages_from_start_to_moderation(world: World) -> None:
    decision = decided(world)
    lead = client_for(world.auditor)
    page = lead.post(
        reverse("quality:template_new"),
        {
            "title": "Front door decisions",
            "questions": "Was the threshold right? | Compare with the continuum\nVoice?",
        },
    )
    assert page.status_code == 302
    template = a_template(world).__class__.objects.order_by("pk").first()
    assert template is not None
    assert template.current.questions[0]["guidance"] == "Compare with the continuum"
    started = lead.post(
        reverse("quality:audits"),
        {"contact_reference": decision.contact.reference, "template": template.pk},
    )
    audit = CaseAudit.objects.get()
    assert started["Location"] == reverse("quality:audit", args=[audit.pk])
    lead.post(
        reverse("quality:audit_answers", args=[audit.pk]),
        {"answer_1": "Yes", "finding_1": "Level 2 right", "answer_2": "No", "finding_2": ""},
    )
    lead.post(
        reverse("quality:audit_complete", args=[audit.pk]),
        {"grade": "good", "summary": "Sound"},
    )
    audit.refresh_from_db()
    assert audit.state == AuditState.COMPLETED
    # The auditor is offered no moderation of their own audit, and a post is refused.
    own = lead.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "Moderate the grade" not in own
    refused = lead.post(
        reverse("quality:audit_moderate", args=[audit.pk]), {"agrees": "yes", "reason": ""}
    )
    assert "cannot moderate their own audit" in refused.content.decode()
    # The worker sees it and responds.
    worker = client_for(world.social_worker)
    home = worker.get(reverse("home")).content.decode()
    assert f"Case audit of {decision.contact.reference}" in home
    assert "Sound" in worker.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    worker.post(reverse("quality:audit_respond", args=[audit.pk]), {"response": "Agreed"})
    # A second auditor disagrees.
    other = client_for(second_auditor(world))
    form = other.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "Moderate the grade" in form
    other.post(
        reverse("quality:audit_moderate", args=[audit.pk]),
        {"agrees": "no", "grade": "requires_improvement", "reason": "Voice missing"},
    )
    audit.refresh_from_db()
    assert audit.worker_response == "Agreed"
    assert audit.moderated_grade == "requires_improvement"


PAGES = ["quality:audits", "quality:templates", "quality:samples", "quality:analytics"]


@pytest.mark.clock
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("auditor", set(PAGES)),
        ("social_worker", {"quality:audits"}),
        ("manager", {"quality:audits"}),
        ("police_rep", {"quality:audits"}),
        ("referrer", {"quality:audits"}),
    ],
)
def test_quality_pages_by_role(world: World, persona: str, allowed: set[str]) -> None:
    audit = completed_audit(world)
    client = client_for(getattr(world, persona))
    for name in PAGES:
        status = client.get(reverse(name)).status_code
        assert status == (200 if name in allowed else 403), (persona, name)
    detail = client.get(reverse("quality:audit", args=[audit.pk])).status_code
    # The quality lead and the worker whose case it is see the audit; nobody else.
    assert detail == (200 if persona in ("auditor", "social_worker") else 404)
    analytics = client.get(reverse("api:decision_analytics")).status_code
    assert analytics == (200 if persona == "auditor" else 403)


def test_the_api_runs_an_audit_from_template_to_moderation(world: World) -> None:
    decision = decided(world)
    lead = client_for(world.auditor)
    made = lead.post(
        reverse("api:audit_template_list"),
        {
            "title": "Front door decisions",
            "questions": [{"text": "Threshold right?", "guidance": "Continuum"}],
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    template_id = made.json()["id"]
    revised = lead.put(
        reverse("api:audit_template_detail", args=[template_id]),
        {"title": "Front door decisions", "questions": [{"text": "Q1"}, {"text": "Q2"}]},
        content_type="application/json",
    )
    assert revised.json()["current"]["number"] == 2
    started = lead.post(
        reverse("api:audit_list"),
        {"contact_id": decision.contact_id, "template_id": template_id},
        content_type="application/json",
    )
    assert started.status_code == 201
    audit_id = started.json()["id"]
    assert started.json()["template_version"] == 2
    assert started.json()["worker_id"] == world.social_worker.pk
    url = lambda name: reverse(f"api:{name}", args=[audit_id])  # noqa: E731
    answers = [{"answer": "Yes", "finding": "Right"}, {"answer": "Partly", "finding": ""}]
    ok = lead.post(url("audit_answers"), {"answers": answers}, content_type="application/json")
    assert ok.status_code == 200
    assert len(ok.json()["answers"]) == 2
    bad = lead.post(url("audit_complete"), {"grade": "brilliant"}, content_type="application/json")
    assert bad.status_code == 400
    done = lead.post(
        url("audit_complete"),
        {"grade": "good", "summary": "Sound"},
        content_type="application/json",
    )
    assert done.json()["state"] == "completed"
    own = lead.post(url("audit_moderate"), {"agrees": True}, content_type="application/json")
    assert own.status_code == 400
    assert "own audit" in own.json()["detail"]
    worker = client_for(world.social_worker)
    assert worker.get(url("audit_detail")).status_code == 200
    denied = worker.post(url("audit_moderate"), {"agrees": True}, content_type="application/json")
    assert denied.status_code == 403
    responded = worker.post(
        url("audit_respond"), {"response": "Agreed"}, content_type="application/json"
    )
    assert responded.json()["worker_response"] == "Agreed"
    moderated = client_for(second_auditor(world)).post(
        url("audit_moderate"), {"agrees": True}, content_type="application/json"
    )
    assert moderated.json()["final_grade"] == "good"
    assert moderated.json()["state"] == "moderated"
    assert client_for(world.manager).get(url("audit_detail")).status_code == 404
    assert (
        client_for(world.social_worker).get(reverse("api:audit_template_list")).status_code == 403
    )


@pytest.mark.clock
def test_the_api_draws_a_dip_sample_again_from_its_seed(world: World) -> None:
    for n in range(4):
        decided(world, days_ago=1 + n)
    template = a_template(world)
    today = timezone.localdate()
    body: dict[str, Any] = {
        "title": "Half of last month",
        "template_id": template.pk,
        "criteria": {
            "date_from": (today - timedelta(days=30)).isoformat(),
            "date_to": today.isoformat(),
            "percentage": 50,
        },
        "seed": 42,
        "auditor_ids": [world.auditor.pk],
    }
    lead = client_for(world.auditor)
    first = lead.post(reverse("api:dip_sample_list"), body, content_type="application/json")
    again = lead.post(reverse("api:dip_sample_list"), body, content_type="application/json")
    assert first.status_code == 201
    picked = [a["decision_id"] for a in first.json()["audits"]]
    assert len(picked) == 2
    assert [a["decision_id"] for a in again.json()["audits"]] == picked
    detail = lead.get(reverse("api:dip_sample_detail", args=[first.json()["id"]])).json()
    assert (detail["audited"], detail["total"], detail["population"]) == (0, 2, 4)
    both = {**body, "criteria": {**body["criteria"], "count": 3}}
    assert (
        lead.post(reverse("api:dip_sample_list"), both, content_type="application/json").status_code
        == 400
    )
    refused = client_for(world.manager).post(
        reverse("api:dip_sample_list"), body, content_type="application/json"
    )
    assert refused.status_code == 403
