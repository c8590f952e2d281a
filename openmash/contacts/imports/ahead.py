"""Matching the next chunk's subjects in a second process while this one records the current chunk.

Matching (blocking queries and scoring) is about 40% of a bulk import's work, and reads only the
person index. A process of its own matches each chunk as soon as it is read, against the index as
committed at that moment, while the import records the chunk before it; the import then corrects
the match for the people it wrote since (people/matching/overlay.py), exactly as it corrects a
match it made itself. So the import uses two cores and records the same rows.

The helper reads the batch's `processed_rows` in the same snapshot as the match (one read
transaction: REPEATABLE READ on PostgreSQL, a read transaction in SQLite's WAL mode), which says
which chunks the match saw. A match read before a chunk that was recorded one by one (the
fallback, whose writes the overlay does not hold) is not used: that chunk is matched again here.
Anything going wrong with the helper (it cannot start, dies, or fails) makes the import match in
its own process from then on: slower, never different.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from openmash.contacts.imports.outcome import contact_input_for, existing_references
from openmash.contacts.imports.parsing import ParsedRow, Vocabulary
from openmash.people.matching.decide import OpenMatch
from openmash.people.matching.details import SubjectDetails
from openmash.people.matching_process import MatchingProcess

logger = logging.getLogger(__name__)

Chunk = list[list[ParsedRow]]


@dataclass
class Ahead:
    """A chunk's matches from the helper: each group's subjects' (none for a group with
    errors), and the batch's `processed_rows` when they were read."""

    groups: list[list[OpenMatch]]
    processed_rows: int


def wanted(*, total_rows: int, chunk_rows: int) -> bool:
    """Whether matching in a second process is worth it and possible here: a file of more than
    two chunks (starting the helper takes a second or two), not inside a transaction (the
    helper would not see it: tests, or a caller's atomic block), a database the helper can open,
    and the setting (IMPORT_MATCHING_PROCESS: on PostgreSQL only, by default)."""
    mode = settings.IMPORT_MATCHING_PROCESS
    if mode == "never" or (mode == "postgresql" and connection.vendor != "postgresql"):
        return False
    if total_rows <= 2 * chunk_rows:
        return False
    if connection.in_atomic_block or connection.vendor not in ("postgresql", "sqlite"):
        return False
    name = str(connection.settings_dict["NAME"])
    return not (connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name))


def _details(chunk: Chunk, vocabulary: Vocabulary) -> list[list[SubjectDetails]]:
    """Each group's subjects as `record_chunk` will link them (none for a group with errors, or
    already imported: a file imported again needs no matching)."""
    existing = existing_references(chunk, vocabulary)
    return [
        []
        if any(row.errors for row in group) or group[0].key in existing
        else [s.details for s in contact_input_for(group, vocabulary).subjects]
        for group in chunk
    ]


def matched_ahead(
    chunks: Iterator[Chunk], *, batch_id: int, vocabulary: Vocabulary
) -> Iterator[tuple[Chunk, Ahead | None]]:
    """The chunks, each with its matches from the helper (None: match it here), the next chunk
    sent to the helper before the current one is handed out. The first chunk is matched here,
    while the helper starts."""
    try:
        helper: MatchingProcess | None = MatchingProcess(
            marker=("contacts.ImportBatch", batch_id, "processed_rows")
        )
    except (OSError, RuntimeError) as error:
        logger.warning("Import: matching in this process (no helper: %s)", error)
        helper = None
    try:
        previous: tuple[Chunk, list[list[SubjectDetails]] | None] | None = None
        for chunk in chunks:
            details = None
            if helper is not None and previous is not None:
                details = _details(chunk, vocabulary)
                if any(details):
                    helper = _sent(helper, details)
                else:
                    details = None  # nothing to match (a file imported again): not sent
            if previous is not None:
                helper, ahead = _received(helper, previous[1])
                yield previous[0], ahead
            previous = (chunk, details)
        if previous is not None:
            helper, ahead = _received(helper, previous[1])
            yield previous[0], ahead
    finally:
        if helper is not None:
            logger.info(
                "Import: %d chunks matched in a second process in %.1fs",
                helper.lists,
                helper.seconds,
            )
            helper.close()


def _sent(helper: MatchingProcess, details: list[list[SubjectDetails]]) -> MatchingProcess | None:
    try:
        helper.send([d for group in details for d in group])
    except (OSError, ValueError) as error:
        _given_up(helper, error)
        return None
    return helper


def _received(
    helper: MatchingProcess | None, details: list[list[SubjectDetails]] | None
) -> tuple[MatchingProcess | None, Ahead | None]:
    """The helper's answer for a chunk sent to it (`details`; None: not sent)."""
    if helper is None or details is None:
        return helper, None
    try:
        marker, found = helper.receive()
    except (EOFError, OSError, RuntimeError) as error:
        _given_up(helper, error)
        return None, None
    flat = iter(found)
    return helper, Ahead([[next(flat) for _ in group] for group in details], int(marker))


def _given_up(helper: MatchingProcess, error: BaseException) -> None:
    """Close the helper after it failed (None: match in this process from here)."""
    logger.warning("Import: matching in this process from here (the helper failed: %s)", error)
    helper.close()
