"""The SAC and the reconciliation for the performance lead: a run built in the background and
downloaded (audited), the same through the API, the reconciliation page and endpoint, and
nobody else let in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.returns.models import SacRun
from openmash.returns.sac_services import sac_run_build, sac_run_request
from openmash.returns.xlsx import read_workbook
from tests.conftest import client_for
from tests.returns.cp_helpers import adult_enquiry, case, icpc, s47
from tests.returns.helpers import person

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE


def _verbs(user: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, verb__startswith="returns.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_the_lead_builds_the_sac_and_downloads_it(
    world, tmp_path, django_capture_on_commit_callbacks
) -> None:
    adult_enquiry(person("Ann", "Adult", born=date(1950, 6, 1)), date(2025, 5, 1))
    client = client_for(world.auditor)
    assert "Safeguarding Adults Collection" in client.get(reverse("returns:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:sac"), {"period": "2025-26"})
    assert response.status_code == 302
    run = SacRun.objects.get()
    assert (run.status, run.row_counts["s42_started"]) == ("done", 1)
    page = client.get(reverse("returns:sac")).content.decode()
    assert reverse("returns:sac_download", args=[run.pk]) in page

    download = client.get(reverse("returns:sac_download", args=[run.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    saved = tmp_path / "sac.xlsx"
    saved.write_bytes(download.content)
    assert read_workbook(saved)["SG1d"][4] == ["Section 42 enquiries started", "1"]
    assert _verbs(world.auditor) == [
        "returns.sac_requested",
        "returns.sac_built",
        "returns.sac_downloaded",
    ]


def test_a_year_not_started_or_odd_is_refused(world) -> None:
    client = client_for(world.auditor)
    response = client.post(reverse("returns:sac"), {"period": "2031-32"})
    assert response.status_code == 200
    assert "Error:" in response.content.decode()
    api = client.post(
        reverse("api:returns_sac_runs"), {"period": "2031-32"}, content_type="application/json"
    )
    assert api.status_code == 400
    odd = client.post(
        reverse("api:returns_sac_runs"), {"period": "2025-27"}, content_type="application/json"
    )
    assert odd.status_code == 400
    assert not SacRun.objects.exists()


def test_only_the_quality_lead_reaches_the_sac_and_the_reconciliation(world) -> None:
    run = sac_run_build(sac_run_request(actor=world.auditor, period="2025-26"))
    for user in (world.social_worker, world.manager, world.referrer):
        client = client_for(user)
        assert client.get(reverse("returns:sac")).status_code == 403
        assert client.get(reverse("returns:reconciliation")).status_code == 403
        assert client.get(reverse("returns:sac_download", args=[run.pk])).status_code == 404
        assert client.get(reverse("api:returns_sac_runs")).status_code == 403
        assert client.get(reverse("api:returns_reconciliation")).status_code == 403
        assert client.get(reverse("api:returns_sac_run_download", args=[run.pk])).status_code == 404
    refused = AuditEvent.objects.filter(actor=world.social_worker, verb="access.refused").first()
    assert refused is not None
    assert (refused.target_type, refused.target_id) == ("sacrun", str(run.pk))


def test_the_api_makes_a_sac_run_lists_it_and_downloads(
    world, django_capture_on_commit_callbacks
) -> None:
    client = client_for(world.auditor)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            reverse("api:returns_sac_runs"), {"period": "2025-26"}, content_type="application/json"
        )
    assert made.status_code == 202, made.content
    listed = client.get(reverse("api:returns_sac_runs")).json()
    assert [(r["kind"], r["status"], r["period"]) for r in listed] == [("sac", "done", "2025-26")]
    assert client.get(listed[0]["download"]).status_code == 200
    assert "returns.sac_downloaded" in _verbs(world.auditor)


def test_the_reconciliation_page_and_api_list_the_difference(world) -> None:
    child = person()
    c = case(world, child, date(2026, 4, 1))
    early = s47(c, date(2026, 5, 1), outcome="icpc")
    icpc(c, date(2026, 5, 20), enquiry=early, plan=False)
    client = client_for(world.auditor)

    page = client.get(
        reverse("returns:reconciliation") + "?inspection_date=2026-11-18&period=2025-26"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Differs" in html
    assert "Only in the records" in html
    assert reverse("protection:case", args=[c.pk]) in html
    data = client.get(
        reverse("api:returns_reconciliation"),
        {"inspection_date": "2026-11-18", "period": "2025-26"},
    ).json()
    icpcs = next(x for x in data["annex_a"] if x["name"].startswith("Initial"))
    assert (icpcs["agrees"], icpcs["in_return"], icpcs["in_records"]) == (False, 0, 1)
    assert icpcs["only_records"][0]["url"] == reverse("protection:case", args=[c.pk])
    assert [x["agrees"] for x in data["sac"]] == [True, True, True, True]
    listed = AuditEvent.objects.filter(
        actor=world.auditor, verb="record.listed", target_type="reconciliation"
    )
    assert listed.count() == 2
    assert all(e.summary["differences"] == 1 for e in listed)
    for odd in ({"period": "nonsense"}, {"period": "0000-01"}, {"inspection_date": "0001-01-01"}):
        assert client.get(reverse("api:returns_reconciliation"), odd).status_code == 400, odd
    page = client.get(reverse("returns:reconciliation") + "?inspection_date=0001-01-01")
    assert page.status_code == 200
    # Odd input on the page falls back to today and this year rather than failing.
    assert (
        client.get(reverse("returns:reconciliation") + "?period=x&inspection_date=y").status_code
        == 200
    )
