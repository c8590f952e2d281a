"""Background jobs for contacts: importing an uploaded file of notifications."""

from __future__ import annotations

from django_tasks import task

from openmash.contacts.imports import (
    import_batch_fail,
    import_notifications,
    stored_path,
    text_stream,
)
from openmash.contacts.models import ImportBatch


@task()
def import_notifications_task(batch_id: int) -> int:
    """Import the file kept for the batch, then delete it: the contacts hold what is needed."""
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status != "queued":
        return 0  # already run (a retried task must not import twice, though it would skip all)
    path = stored_path(batch)
    try:
        with path.open("rb") as binary:
            result = import_notifications(
                actor=batch.uploaded_by,
                stream=text_stream(binary),
                file_name=batch.file_name,
                source_system=batch.source_system,
                mapping=batch.mapping,
                batch=batch,
            )
    except Exception as error:
        import_batch_fail(actor=batch.uploaded_by, batch=batch, error=error)
        raise
    finally:
        path.unlink(missing_ok=True)
    return result.contacts_created
