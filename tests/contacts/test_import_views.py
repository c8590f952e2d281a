"""The import pages: upload, the worker importing the file, progress and the result page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from openmash.contacts import tasks
from openmash.contacts.imports import stored_path
from openmash.contacts.models import Contact, ImportBatch
from openmash.contacts.verbs import ContactsVerb
from openmash.core.models import AuditEvent
from tests.conftest import World, client_for

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client: Any, name: str = "notifications-vist.csv", mapping: str = "vist") -> Any:
    data = (SAMPLES / name).read_bytes()
    return client.post(
        reverse("imports:upload"),
        {
            "file": SimpleUploadedFile(name, data, "text/csv"),
            "source_system": "VIST",
            "mapping": mapping,
        },
    )


def test_a_contact_officer_sees_the_upload_form(world: World) -> None:
    response = client_for(world.contact_officer).get(reverse("imports:upload"))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b"<title>Import police notifications" in response.content


@pytest.mark.parametrize("persona", ["referrer", "police_rep", "auditor"])
def test_people_who_do_not_record_contacts_cannot_upload(world: World, persona: str) -> None:
    user = world.personas()[persona]
    response = _upload(client_for(user))
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


def test_an_upload_without_a_file_shows_the_error(world: World) -> None:
    response = client_for(world.contact_officer).post(
        reverse("imports:upload"), {"source_system": "VIST", "mapping": "vist"}
    )
    assert response.status_code == 200
    assert b"<title>Error: Import police notifications" in response.content
    assert b"Select a CSV file" in response.content


def test_uploading_stores_the_file_queues_the_import_and_audits_it(world: World) -> None:
    response = _upload(client_for(world.contact_officer))

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[batch.pk])
    assert (batch.status, batch.total_rows, batch.uploaded_by) == (
        "queued",
        2,
        world.contact_officer,
    )
    assert stored_path(batch).read_bytes() == (SAMPLES / "notifications-vist.csv").read_bytes()
    event = AuditEvent.objects.get(verb="import.uploaded")
    assert (event.actor, event.target_id) == (world.contact_officer, str(batch.pk))


def test_a_queued_import_shows_progress_with_a_refresh_link_and_polls_with_htmx(
    world: World,
) -> None:
    _upload(client_for(world.contact_officer))
    batch = ImportBatch.objects.get()
    client = client_for(world.social_worker)

    page = client.get(reverse("imports:detail", args=[batch.pk]))
    partial = client.get(reverse("imports:detail", args=[batch.pk]), headers={"HX-Request": "true"})

    assert b"<progress" in page.content
    assert b"Refresh" in page.content
    assert b'hx-trigger="every 1s"' in partial.content
    assert b"<html" not in partial.content


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_the_upload_and_the_result_page_lists_rows_and_contacts(
    world: World,
) -> None:
    bad = (SAMPLES / "notifications-vist.csv").read_text() + (
        "VI-2026-000203,05/01/2026 12:00,POL,Kai,Brown,31/02/2015,Male,,1 Oak Road,"
        'SW1A 1AA,05/01/2026,DA,"Child present at incident.",PC Sam Hale,sam.hale@police.example\n'
    )
    client = client_for(world.contact_officer)
    client.post(
        reverse("imports:upload"),
        {
            "file": SimpleUploadedFile("vist.csv", bad.encode(), "text/csv"),
            "source_system": "VIST",
            "mapping": "vist",
        },
    )
    batch = ImportBatch.objects.get()

    call_command("worker", "--batch", "--no-scheduler")

    batch.refresh_from_db()
    assert (batch.status, batch.created_rows, batch.error_rows) == ("done", 2, 1)
    assert not stored_path(batch).exists()  # the file is not kept once imported
    partial = client.get(reverse("imports:detail", args=[batch.pk]), headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    page = client.get(reverse("imports:detail", args=[batch.pk]))
    content = page.content.decode()
    assert "Rows not imported" in content
    assert "Enter the date of birth as 05/01/2026" in content
    assert ">DOB<" in content
    for contact in Contact.objects.all():
        assert reverse("contacts:detail", args=[contact.pk]) in content
    listed = AuditEvent.objects.filter(verb="record.listed", actor=world.contact_officer).last()
    assert sorted(listed.summary["ids"]) == sorted(Contact.objects.values_list("pk", flat=True))
    finished = AuditEvent.objects.get(verb="import.finished")
    assert (finished.actor, finished.via) == (world.contact_officer, "task")


def test_past_imports_are_listed(world: World) -> None:
    _upload(client_for(world.contact_officer))
    response = client_for(world.manager).get(reverse("imports:list"))
    assert response.status_code == 200
    assert b"notifications-vist.csv" in response.content


def test_a_command_line_import_is_listed_with_the_contacts_it_created(world: World) -> None:
    call_command(
        "import_notifications",
        str(SAMPLES / "notifications-cara.csv"),
        "--source-system",
        "CARA",
        "--mapping",
        "cara",
    )
    batch = ImportBatch.objects.get()
    client = client_for(world.contact_officer)

    listing = client.get(reverse("imports:list")).content.decode()
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()

    assert "notifications-cara.csv" in listing
    assert "from the command line" in page
    [contact] = Contact.objects.all()
    assert contact.import_batch == batch
    assert reverse("contacts:detail", args=[contact.pk]) in page


def test_an_import_that_stops_on_an_unexpected_error_is_marked_failed_and_audited(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _upload(client_for(world.contact_officer))
    batch = ImportBatch.objects.get()

    def broken(**arguments: Any) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(tasks, "import_notifications", broken)
    with pytest.raises(RuntimeError, match="the disk went away"):
        tasks.import_notifications_task.call(batch.pk)

    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.finished_at is not None
    assert not stored_path(batch).exists()
    row = AuditEvent.objects.get(verb=ContactsVerb.IMPORT_FAILED, target_id=str(batch.pk))
    assert row.actor == world.contact_officer
    assert row.summary == {
        "file": "notifications-vist.csv",
        "error": "RuntimeError",
        "rows": 0,
        "created": 0,
    }
