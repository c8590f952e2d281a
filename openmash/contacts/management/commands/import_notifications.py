"""`openmash import_notifications FILE`: import a CSV file of police notifications.

Exit code 0 when every row went in or was already there; 1 when any row was rejected or the file
could not be read (the rejected rows are listed on stderr, with their reasons).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.contacts.imports import (
    MAPPINGS,
    MAX_ERRORS_KEPT,
    count_rows,
    import_notifications,
    text_stream,
)
from openmash.contacts.models import ImportBatch
from openmash.core.errors import ApplicationError
from openmash.core.request_context import request_context


class Command(BaseCommand):
    help = "Import a CSV file of police notifications (see docs/imports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source-system",
            default="",
            help="The system the notifications came from (VIST, CARA...), when the file "
            "has no source system column",
        )
        parser.add_argument("--mapping", default="generic", choices=sorted(MAPPINGS))

    def handle(
        self, *args: Any, file: Path, source_system: str, mapping: str, **options: Any
    ) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with file.open("rb") as binary:
            total = count_rows(binary)

        def progress(current: ImportBatch) -> None:
            percent = 100 * current.processed_rows // max(total, 1)
            self.stderr.write(f"{current.processed_rows} of {total} rows ({percent}%)")

        try:
            with request_context(via="cli"), file.open("rb") as binary:
                result = import_notifications(
                    actor=None,
                    stream=text_stream(binary),
                    file_name=file.name,
                    source_system=source_system,
                    mapping=mapping,
                    total_rows=total,
                    on_progress=progress,
                )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        batch = result.batch
        for problem in result.errors:
            where = f"row {problem.row}" + (f", {problem.field}" if problem.field else "")
            ref = f" ({problem.reference})" if problem.reference else ""
            self.stderr.write(f"{where}{ref}: {problem.message}")
        if len(result.errors) >= MAX_ERRORS_KEPT:
            self.stderr.write(f"Only the first {MAX_ERRORS_KEPT} problems are listed.")
        self.stdout.write(
            f"{file.name}: {batch.processed_rows} rows read. "
            f"Created {result.contacts_created} contacts from {batch.created_rows} rows; "
            f"skipped {batch.skipped_rows} rows already imported; "
            f"{batch.duplicate_rows} rows flagged as possible duplicates; "
            f"rejected {batch.error_rows} rows."
        )
        if batch.status == "failed" or batch.error_rows:
            sys.exit(1)
