"""Recording a chunk one notification at a time through `contact_create`, each in its own
savepoint: the reference behaviour the batched path (batched.py) reproduces, and its fallback when
another import records some of the same notifications at the same time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from openmash.contacts.imports.outcome import (
    Counts,
    contact_input_for,
    existing_references,
    problem_errors,
)
from openmash.contacts.imports.parsing import Mapping, NotificationKey, ParsedRow, Vocabulary
from openmash.contacts.models import Contact, ImportBatch
from openmash.contacts.services import ContactInvalidError, contact_create

if TYPE_CHECKING:
    from openmash.accounts.models import User


def record_chunk_one_by_one(
    *,
    actor: User | None,
    batch: ImportBatch,
    chunk: list[list[ParsedRow]],
    mapping: Mapping,
    vocabulary: Vocabulary,
    counts: Counts,
    seen: set[NotificationKey],
) -> set[NotificationKey]:
    """Record the chunk's notifications; returns the keys of those recorded."""
    existing = existing_references(chunk, vocabulary) | seen
    recorded: set[NotificationKey] = set()
    for group in chunk:
        key = group[0].key
        if key in existing and not group[0].errors:
            counts.processed += len(group)
            counts.skipped += len(group)
            continue
        if _record_group(actor, batch, group, mapping, vocabulary, counts):
            recorded.add(key)
    return recorded


def _record_group(
    actor: User | None,
    batch: ImportBatch,
    group: list[ParsedRow],
    mapping: Mapping,
    vocabulary: Vocabulary,
    counts: Counts,
) -> bool:
    """Record one notification, or its rows' errors; True when it went in."""
    counts.processed += len(group)
    bad = [error for row in group for error in row.errors]
    if not bad:
        try:
            with transaction.atomic():
                contact = contact_create(actor=actor, data=contact_input_for(group, vocabulary))
                Contact.objects.filter(pk=contact.pk).update(import_batch=batch)
        except ContactInvalidError as invalid:
            bad = problem_errors(group, invalid.problems, mapping)
        except IntegrityError:
            counts.skipped += len(group)  # recorded meanwhile by another import of the same
            return False
        else:
            counts.created += len(group)
            counts.contacts += 1
            counts.duplicates += len(group) if contact.duplicate_of_id else 0
            return True
    counts.reject(group, bad)
    return False
