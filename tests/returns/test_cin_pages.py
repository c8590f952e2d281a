"""The CIN census for the performance lead in the browser and through the API: built in the
background, kept, downloaded (audited); the validation list with the rule's words and a link to
the record; nobody else gets in. And the build's queries do not grow with the children."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.returns.cin_census import cin_census_build
from openmash.returns.models import CinCensusRun, RunStatus
from tests.conftest import client_for
from tests.returns.cin_helpers import PERIOD, assessment, case, cp_plan, s47
from tests.returns.helpers import person, referral

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE


def _verbs(user: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, verb__startswith="returns.cin")
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def _child_on_a_plan(world: Any, n: int) -> None:
    child = person(f"Child{n}", "Test", born=date(2014, 1, 1 + n % 28))
    made = case(world, child, date(2025, 5, 1), referral=referral(world, child, date(2025, 5, 1)))
    assessment(made, date(2025, 5, 2), authorised=date(2025, 6, 10), needs_support=True)
    enquiry = s47(made, date(2025, 5, 6), icpc=date(2025, 5, 20))
    cp_plan(made, enquiry, reviews=(date(2025, 8, 20),))


def test_the_lead_builds_the_census_in_the_background_and_downloads_it(
    world, django_capture_on_commit_callbacks
) -> None:
    _child_on_a_plan(world, 1)
    client = client_for(world.auditor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:cin_index"), {"period": PERIOD.label})

    assert response.status_code == 302
    run = CinCensusRun.objects.get()
    assert (run.status, run.children, run.episodes) == (RunStatus.DONE, 1, 1)
    assert (run.period_start, run.period_end) == (date(2025, 4, 1), date(2026, 3, 31))
    page = client.get(reverse("returns:cin_index")).content.decode()
    assert "Ready to download" in page
    download = client.get(reverse("returns:cin_download", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/xml"
    assert "attachment" in download["Content-Disposition"]
    root = ET.fromstring(download.content)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert _verbs(world.auditor) == [
        "returns.cin_requested",
        "returns.cin_built",
        "returns.cin_downloaded",
    ]
    downloaded = AuditEvent.objects.get(verb="returns.cin_downloaded")
    assert downloaded.summary == {"period": "2025-26", "children": 1, "episodes": 1}


def test_a_year_not_offered_is_refused_with_a_clear_error(world) -> None:
    client = client_for(world.auditor)

    response = client.post(reverse("returns:cin_index"), {"period": "2031-32"})

    assert response.status_code == 200
    assert "Select a census year from the list" in response.content.decode()
    assert not CinCensusRun.objects.exists()


@pytest.mark.parametrize("who", ["social_worker", "manager", "referrer", "police_rep", "admin"])
def test_only_the_performance_lead_gets_in(world, who: str) -> None:
    lead = client_for(world.auditor)
    lead.post(reverse("returns:cin_index"), {"period": PERIOD.label})
    run = CinCensusRun.objects.get()
    client = client_for(getattr(world, who))

    assert client.get(reverse("returns:cin_index")).status_code == 403
    assert client.post(reverse("returns:cin_index"), {"period": "2025-26"}).status_code == 403
    assert client.get(reverse("returns:cin_validation")).status_code == 403
    assert client.get(reverse("returns:cin_download", args=[run.pk])).status_code == 404
    assert client.get(reverse("api:returns_cin_runs")).status_code == 403
    assert client.get(reverse("api:returns_cin_run_download", args=[run.pk])).status_code == 404
    assert CinCensusRun.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="returns.cin_downloaded").exists()


def test_the_api_asks_for_a_census_and_downloads_it(
    world, django_capture_on_commit_callbacks
) -> None:
    _child_on_a_plan(world, 2)
    client = client_for(world.auditor)

    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            reverse("api:returns_cin_runs"), {"period": "2025-26"}, content_type="application/json"
        )

    assert made.status_code == 202
    body = made.json()
    assert (body["kind"], body["period"], body["status"]) == ("cin_census", "2025-26", "queued")
    listed = client.get(reverse("api:returns_cin_runs")).json()
    assert listed[0]["status"] == "done"
    assert listed[0]["children"] == 1
    download = client.get(listed[0]["download"])
    assert download.status_code == 200
    assert ET.fromstring(download.content).tag == "Message"
    bad = client.post(
        reverse("api:returns_cin_runs"), {"period": "2025-27"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert AuditEvent.objects.filter(verb="returns.cin_downloaded").count() == 1


def test_the_validation_page_lists_each_failure_with_the_record_to_fix(world) -> None:
    child = person("Kai", "Brook", born=None, sex="U", ethnicity="")
    made = case(world, child, date(2025, 6, 2), closed=date(2025, 7, 1))
    assessment(made, date(2025, 6, 2))  # still open when the case closed
    client = client_for(world.auditor)

    page = client.get(reverse("returns:cin_validation"), {"period": "2025-26"}).content.decode()

    assert "DfE 8867" in page  # the rule's words
    assert "Episode closed with an assessment still open" in page
    assert reverse("protection:case", args=[made.pk]) in page
    assert reverse("people:detail", args=[child.pk]) in page
    for code in ("CIN01", "CIN02", "CIN03", "CIN04", "CIN06"):
        assert code in page
    listed = AuditEvent.objects.get(target_type="cin_census_validation")
    assert (listed.verb, listed.summary["children"]) == ("record.listed", [str(child.pk)])


def test_the_build_costs_the_same_queries_for_3_or_12_children(world) -> None:
    for n in range(3):
        _child_on_a_plan(world, n)
    with CaptureQueriesContext(connection) as few:
        assert len(cin_census_build(PERIOD).children) == 3
    for n in range(3, 12):
        _child_on_a_plan(world, n)
    with CaptureQueriesContext(connection) as many:
        assert len(cin_census_build(PERIOD).children) == 12

    assert len(few) == len(many) <= 8
