"""Importing a file of notifications: chunks of rows, each recorded in one transaction with the
batch's counters, then the batch's result and audit row."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from functools import partial
from typing import IO, TYPE_CHECKING, Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from openmash.contacts.imports.ahead import Ahead, matched_ahead, wanted
from openmash.contacts.imports.batched import record_chunk
from openmash.contacts.imports.linking import SubjectLinker
from openmash.contacts.imports.outcome import Counts, ImportResult
from openmash.contacts.imports.parsing import (
    MAPPINGS,
    ImportFileError,
    NotificationKey,
    ParsedRow,
    RowError,
    Vocabulary,
    read_notifications,
)
from openmash.contacts.imports.sequential import record_chunk_one_by_one
from openmash.contacts.models import ImportBatch
from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import audit_record
from openmash.core.bulk import fewer_collections
from openmash.core.errors import ApplicationError

if TYPE_CHECKING:
    from openmash.accounts.models import User

CHUNK_ROWS = 500  # rows per transaction (and per progress update)


@fewer_collections()
def import_notifications(
    *,
    actor: User | None,
    stream: IO[str],
    file_name: str,
    source_system: str,
    mapping: str,
    batch: ImportBatch | None = None,
    total_rows: int = 0,
    on_progress: Callable[[ImportBatch], None] | None = None,
    one_by_one: bool = False,
) -> ImportResult:
    """Record every good notification in the file; report every bad row; skip what is already in.

    The file is read as a stream and recorded in chunks of CHUNK_ROWS rows, each chunk in one
    transaction with the batch's counters, so progress is visible and a failure part-way keeps
    the chunks before it (importing the file again adds only the rest). A chunk is recorded in
    bulk (batched.py) unless `one_by_one`: then through `contact_create` for each notification,
    the reference the batched path must equal (and its fallback when another import records some
    of the same notifications at the same time).
    """
    if mapping not in MAPPINGS:
        raise ApplicationError(f"Select a file layout ({', '.join(MAPPINGS)})", field="mapping")
    layout = MAPPINGS[mapping]
    system = source_system.strip().upper()
    if batch is None:
        batch = ImportBatch.objects.create(
            file_name=file_name[:255],
            source_system=system,
            mapping=mapping,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    batch.status, batch.total_rows = "running", total_rows or batch.total_rows
    counts = Counts()
    _save_progress(batch, counts)
    vocabulary = Vocabulary()
    linker = SubjectLinker(actor=actor)
    # The linker's epoch when each chunk committed, by the batch's processed_rows then; matches
    # read by the helper (ahead.py) before `trusted_from` are not used.
    committed, trusted_from = {counts.processed: linker.epoch}, counts.processed
    seen: set[NotificationKey] = set()
    before, first_row = counts.snapshot(), 2
    try:
        groups = read_notifications(
            stream, mapping=layout, default_system=system, vocabulary=vocabulary
        )
        chunks: Iterable[tuple[list[list[ParsedRow]], Ahead | None]]
        if not one_by_one and wanted(total_rows=batch.total_rows, chunk_rows=CHUNK_ROWS):
            chunks = matched_ahead(_chunks(groups), batch_id=batch.pk, vocabulary=vocabulary)
        else:
            chunks = ((chunk, None) for chunk in _chunks(groups))
        with closing(iter(chunks)) as paired:  # type: ignore[type-var]
            for chunk, ahead in paired:
                before, first_row = counts.snapshot(), chunk[0][0].number
                arguments = {
                    "actor": actor,
                    "batch": batch,
                    "chunk": chunk,
                    "mapping": layout,
                    "vocabulary": vocabulary,
                    "counts": counts,
                    "seen": seen,
                }
                found = None
                if ahead is not None and ahead.processed_rows >= trusted_from:
                    found = (ahead.groups, committed[ahead.processed_rows])
                record = (
                    record_chunk_one_by_one
                    if one_by_one
                    else partial(record_chunk, linker=linker, found=found)
                )
                try:
                    seen |= _in_transaction(record, batch, counts, arguments)
                except IntegrityError:
                    # Another import recorded some of these meanwhile: one by one, they are
                    # skipped. What it writes is not in the linker's overlay, so matches read
                    # before it are not used.
                    linker.reset()
                    counts.restore(before)
                    seen |= _in_transaction(record_chunk_one_by_one, batch, counts, arguments)
                    trusted_from = counts.processed
                committed[counts.processed] = linker.epoch
                if on_progress:
                    on_progress(batch)
    except ImportFileError as error:
        counts.errors.append(RowError(1, error.field or "", error.message))
        batch.status = "failed"
    except (UnicodeDecodeError, csv.Error) as error:
        counts.errors.append(
            RowError(counts.processed + 1, "", f"The file cannot be read: {error}")
        )
        batch.status = "failed"
    except DatabaseError as error:
        counts.restore(before)
        counts.errors.append(
            RowError(
                first_row,
                "",
                f"Stopped at row {first_row}: the database refused the rows from here ({error}). "
                "Nothing from them was saved; import the file again to add them.",
            )
        )
        batch.status = "failed"
    else:
        batch.status = "done"
    return _finish(actor, batch, counts)


def _in_transaction(
    record: Callable[..., set[NotificationKey]],
    batch: ImportBatch,
    counts: Counts,
    arguments: dict[str, Any],
) -> set[NotificationKey]:
    with transaction.atomic():
        recorded = record(**arguments)
        _save_progress(batch, counts)
    return recorded


def _chunks(groups: Iterator[list[ParsedRow]]) -> Iterator[list[list[ParsedRow]]]:
    chunk: list[list[ParsedRow]] = []
    rows = 0
    for group in groups:
        chunk.append(group)
        rows += len(group)
        if rows >= CHUNK_ROWS:
            yield chunk
            chunk, rows = [], 0
    if chunk:
        yield chunk


def _save_progress(batch: ImportBatch, counts: Counts, *, final: bool = False) -> None:
    batch.processed_rows = counts.processed
    batch.created_rows = counts.created
    batch.skipped_rows = counts.skipped
    batch.error_rows = counts.rejected
    batch.duplicate_rows = counts.duplicates
    fields = ["processed_rows", "created_rows", "skipped_rows", "error_rows", "duplicate_rows"]
    fields += ["status", "total_rows"]
    if final:  # the problems are written once, not with every chunk's progress
        batch.errors = [e.as_dict() for e in counts.errors]
        fields += ["errors", "finished_at"]
    batch.save(update_fields=fields)


@transaction.atomic
def _finish(actor: User | None, batch: ImportBatch, counts: Counts) -> ImportResult:
    batch.finished_at = timezone.now()
    batch.total_rows = max(batch.total_rows, counts.processed)
    _save_progress(batch, counts, final=True)
    audit_record(
        actor=actor,
        verb=ContactsVerb.IMPORT_FINISHED,
        target=batch,
        summary={
            "file": batch.file_name,
            "mapping": batch.mapping,
            "status": batch.status,
            "rows": counts.processed,
            "created": counts.created,
            "contacts": counts.contacts,
            "skipped": counts.skipped,
            "rejected": counts.rejected,
            "duplicates": counts.duplicates,
        },
    )
    return ImportResult(batch=batch, contacts_created=counts.contacts, errors=counts.errors)
