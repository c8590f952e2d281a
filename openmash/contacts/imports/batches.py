"""Import batches: keeping an uploaded file and queueing its import; the contacts an import made.
The access gate for batches is in `contacts/permissions.py`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from openmash.contacts.imports.parsing import MAPPINGS, SOURCE_SYSTEMS, count_rows
from openmash.contacts.models import Contact, ImportBatch
from openmash.contacts.permissions import contacts_visible_to
from openmash.contacts.selectors import contact_list_logged
from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError

if TYPE_CHECKING:
    from openmash.accounts.models import User


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def stored_path(batch: ImportBatch) -> Path:
    return upload_dir() / (batch.stored_file or f"batch-{batch.pk}.csv")


@transaction.atomic
def import_batch_create(
    *, actor: User | None, upload: UploadedFile, source_system: str, mapping: str
) -> ImportBatch:
    """Keep the uploaded file (outside anything served) and queue its import."""
    if mapping not in MAPPINGS:
        raise ApplicationError("Select the layout of the file", field="mapping")
    if source_system not in dict(SOURCE_SYSTEMS):
        raise ApplicationError(
            "Select the system the notifications came from", field="source_system"
        )
    batch = ImportBatch.objects.create(
        file_name=Path(upload.name or "upload.csv").name[:255],
        source_system=source_system,
        mapping=mapping,
        uploaded_by=actor,
        # Unguessable and unique even when several databases share one media folder.
        stored_file=f"batch-{get_random_string(16)}.csv",
    )
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".batch-{batch.pk}-{get_random_string(8)}.part"
    with partial.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    partial.replace(stored_path(batch))
    with stored_path(batch).open("rb") as binary:
        batch.total_rows = count_rows(binary)
    batch.save(update_fields=["total_rows"])
    audit_record(
        actor=actor,
        verb=ContactsVerb.IMPORT_UPLOADED,
        target=batch,
        summary={"file": batch.file_name, "mapping": mapping, "rows": batch.total_rows},
    )
    from openmash.contacts.tasks import import_notifications_task

    transaction.on_commit(lambda: import_notifications_task.enqueue(batch.pk))
    return batch


@transaction.atomic
def import_batch_fail(
    *, actor: User | None, batch: ImportBatch, error: BaseException
) -> ImportBatch:
    """Mark an import that stopped on an unexpected error as failed. The chunks recorded before
    the error stay (importing the file again adds only the rest); the error itself is in the
    worker's log, so the audit row names only its kind."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    batch.status, batch.finished_at = "failed", timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    audit_record(
        actor=actor,
        verb=ContactsVerb.IMPORT_FAILED,
        target=batch,
        summary={
            "file": batch.file_name,
            "error": type(error).__name__,
            "rows": batch.processed_rows,
            "created": batch.created_rows,
        },
    )
    return batch


def import_batch_contacts_logged(
    *, user: User, batch: ImportBatch, limit: int = 50
) -> list[Contact]:
    """The contacts a finished import created (newest first, from uploads and the command line
    alike), recorded as listed."""
    contacts = list(
        contacts_visible_to(user)
        .filter(import_batch=batch)
        .select_related("source_agency")
        .prefetch_related("subjects")
        .order_by("-pk")[:limit]
    )
    contact_list_logged(user=user, contacts=contacts)
    return contacts
