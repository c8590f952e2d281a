"""Permission rules for bulk notification imports: staff who record contacts, no one else."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import Rule

RECORDERS = frozenset({"contact_officer", "social_worker", "manager"})


def finished_batch(fx: Any) -> dict[str, Any]:
    from openmash.contacts.models import ImportBatch

    batch = ImportBatch.objects.create(
        file_name="vist.csv",
        source_system="VIST",
        uploaded_by=fx.world.contact_officer,
        status="done",
        errors=[{"row": 2, "field": "DOB", "message": "Enter the date of birth", "ref": "V-1"}],
    )
    return {"batch_id": batch.pk}


def upload(fx: Any) -> dict[str, Any]:
    # Without a file, so allowed users get the form back with its error and nothing is stored.
    return {"source_system": "VIST", "mapping": "generic"}


RULES = {
    "imports:list": Rule(RECORDERS),
    "imports:upload": Rule(RECORDERS, method="post", body=upload, content_type="multipart"),
    "imports:detail": Rule(RECORDERS, kwargs=finished_batch, reads=True),
}
