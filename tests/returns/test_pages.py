"""The performance lead in the browser and through the API: Annex A built in the background,
kept, downloaded, every step audited; the validation list; nobody else gets in."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse

from openmash.contacts.models import ContactSubject
from openmash.core.models import AuditEvent
from openmash.returns.models import AnnexARun, RunStatus
from openmash.returns.services import annex_a_run_build
from openmash.returns.xlsx import read_workbook
from tests.conftest import client_for
from tests.returns.helpers import contact, person, referral

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


def test_the_lead_builds_annex_a_in_the_background_and_downloads_it(
    world, tmp_path, django_capture_on_commit_callbacks
) -> None:
    child = person()
    contact(world, date(2026, 6, 1), child)
    client = client_for(world.auditor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("returns:index"),
            {
                "inspection_date_day": "18",
                "inspection_date_month": "11",
                "inspection_date_year": "2026",
            },
        )

    assert response.status_code == 302
    run = AnnexARun.objects.get()
    assert (run.status, run.row_counts) == (
        RunStatus.DONE,
        {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0},
    )
    assert (run.period_start, run.period_end) == (date(2026, 5, 18), date(2026, 11, 17))
    page = client.get(reverse("returns:index")).content.decode()
    assert "Ready to download" in page
    assert reverse("returns:annex_a_download", args=[run.pk]) in page

    download = client.get(reverse("returns:annex_a_download", args=[run.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    saved = tmp_path / "got.xlsx"
    saved.write_bytes(download.content)
    assert read_workbook(saved)["List 1"][1][0] == str(child.pk)
    assert _verbs(world.auditor) == [
        "returns.annex_a_requested",
        "returns.annex_a_built",
        "returns.annex_a_downloaded",
    ]


def test_a_future_inspection_date_is_refused(world) -> None:
    response = client_for(world.auditor).post(
        reverse("returns:index"),
        {"inspection_date_day": "1", "inspection_date_month": "1", "inspection_date_year": "2027"},
    )
    assert response.status_code == 200
    assert "Inspection date must be today or in the past" in response.content.decode()
    assert not AnnexARun.objects.exists()


def test_a_failed_build_is_recorded_and_audited(world, monkeypatch) -> None:
    from openmash.returns import services

    run = AnnexARun.objects.create(
        inspection_date=date(2026, 11, 18),
        period_start=date(2026, 5, 18),
        period_end=date(2026, 11, 17),
        requested_by=world.auditor,
        stored_file="annex-a-x.xlsx",
    )

    def broken(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "annex_a_write", broken)
    with pytest.raises(RuntimeError):
        annex_a_run_build(run)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "disk full" in run.error
    assert _verbs(world.auditor) == ["returns.annex_a_failed"]
    page = client_for(world.auditor).get(reverse("returns:annex_a_download", args=[run.pk]))
    assert page.status_code == 302  # no file: back to the list, with a message


def test_only_the_quality_lead_reaches_returns(world) -> None:
    run = annex_a_run_build(
        AnnexARun.objects.create(
            inspection_date=date(2026, 11, 18),
            period_start=date(2026, 5, 18),
            period_end=date(2026, 11, 17),
            requested_by=world.auditor,
            stored_file="annex-a-y.xlsx",
        )
    )
    worker = client_for(world.social_worker)
    assert worker.get(reverse("returns:index")).status_code == 403
    assert worker.get(reverse("returns:annex_a_validation")).status_code == 403
    assert worker.get(reverse("returns:annex_a_download", args=[run.pk])).status_code == 404
    refused = AuditEvent.objects.get(actor=world.social_worker, verb="access.refused")
    assert (refused.target_type, refused.target_id) == ("annexarun", str(run.pk))
    assert client_for(world.social_worker).get(reverse("api:returns_runs")).status_code == 403


def test_the_api_lists_runs_makes_one_and_downloads(
    world, tmp_path, django_capture_on_commit_callbacks
) -> None:
    client = client_for(world.auditor)
    person_ = person()
    contact(world, date(2026, 7, 1), person_)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            reverse("api:returns_runs"),
            {"inspection_date": "2026-11-18"},
            content_type="application/json",
        )
    assert made.status_code == 202, made.content
    listed = client.get(reverse("api:returns_runs")).json()
    assert [r["status"] for r in listed] == ["done"]
    assert listed[0]["row_counts"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0}
    download = client.get(listed[0]["download"])
    assert download.status_code == 200
    data = BytesIO(download.content)
    saved = tmp_path / "api.xlsx"
    saved.write_bytes(data.getvalue())
    assert read_workbook(saved)["List 1"][1][5] == "01/07/2026"
    assert "returns.annex_a_downloaded" in _verbs(world.auditor)


def test_the_validation_list_names_each_failure_with_its_rule_and_a_link(world) -> None:
    no_dob = person("Nadia", born=None)
    no_ethnicity = person("Ella", ethnicity="")
    unknown_sex = person("Sam", sex="U")
    fine = person("Finn")
    contact(world, date(2026, 6, 1), no_dob, no_ethnicity, unknown_sex, fine)
    # A referral whose contact is about another child: a referral without its contact.
    other_contact = contact(world, date(2026, 6, 2), fine)
    wrong = referral(world, fine, date(2026, 6, 2), made_from=other_contact)
    ContactSubject.objects.filter(pk=wrong.subject_id).update(person=no_dob)
    unmatched = contact(world, date(2026, 6, 3), None)

    page = client_for(world.auditor).get(
        reverse("returns:annex_a_validation") + "?inspection_date=2026-11-18"
    )

    html = page.content.decode()
    assert page.status_code == 200
    for words, url in [
        ("Date of birth missing", reverse("people:detail", args=[no_dob.pk])),
        ("Ethnicity missing", reverse("people:detail", args=[no_ethnicity.pk])),
        ("Gender not known", reverse("people:detail", args=[unknown_sex.pk])),
        ("Referral without a contact", reverse("contacts:detail", args=[other_contact.pk])),
        ("Child not in the person index", reverse("contacts:detail", args=[unmatched.pk])),
    ]:
        assert words in html, words
        assert url in html, words
    assert "Every child in Annex A needs a date of birth" in html
    assert reverse("people:detail", args=[fine.pk]) not in html
    assert "Nadia" in html
    event = AuditEvent.objects.get(actor=world.auditor, verb="record.listed")
    assert str(no_dob.pk) in event.summary["children"]


def test_a_restricted_child_is_not_named_on_the_validation_list(world) -> None:
    hidden = person("Hidden", "Staffchild", ethnicity="", is_restricted=True)
    contact(world, date(2026, 6, 1), hidden)
    html = (
        client_for(world.auditor)
        .get(reverse("returns:annex_a_validation") + "?inspection_date=2026-11-18")
        .content.decode()
    )
    assert "Ethnicity missing" in html
    assert "Restricted record" in html
    assert "Staffchild" not in html
