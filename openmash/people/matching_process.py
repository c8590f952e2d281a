"""Matching lists of subjects in a process of its own (`MatchingProcess`): a bulk import sends each
chunk's subjects as soon as it has read them, and records the chunk before meanwhile, so matching
runs on a second core (contacts/imports/ahead.py).

Each list is matched in one read transaction (REPEATABLE READ on PostgreSQL; a read transaction
in SQLite's WAL mode), in which the helper also reads one field of one row, the `marker` (an
import's count of rows processed), so the sender knows which of its commits the match saw.

This module imports nothing of Django's models at the top: the helper process imports it before
it sets Django up.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openmash.people.matching.decide import OpenMatch
    from openmash.people.matching.details import SubjectDetails


class MatchingProcess:
    """The helper process and the lists sent to it (answered in the order sent)."""

    last: MatchingProcess | None = None  # the latest helper started (for benchmarks and tests)

    def __init__(self, *, marker: tuple[str, int, str]) -> None:
        """`marker`: ("app_label.Model", pk, field) read with each match."""
        from django.db import connection

        # A fresh interpreter: nothing inherited (no open connection, no lock held by a thread).
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=serve,
            args=(
                child,
                os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"),
                dict(connection.settings_dict),
                marker,
            ),
            name="openmash-matching",
            daemon=True,
        )
        self._process.start()
        child.close()
        self.seconds = 0.0  # spent matching in the helper (for benchmarks and logs)
        self.lists = 0
        MatchingProcess.last = self

    def answered(self, timeout: float) -> bool:
        """Whether an answer is waiting (within `timeout` seconds)."""
        return self._conn.poll(timeout)

    def send(self, subjects: list[SubjectDetails]) -> None:
        self._conn.send(subjects)

    def receive(self) -> tuple[Any, list[OpenMatch]]:
        """The oldest list's (marker, matches); raises RuntimeError if the helper failed on it,
        EOFError if it has gone."""
        answer = self._conn.recv()
        if isinstance(answer, str):
            raise RuntimeError(answer)
        marker, found, seconds = answer
        self.seconds += seconds
        self.lists += 1
        return marker, found

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send(None)
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
        self._conn.close()


def serve(
    conn: Connection, settings_module: str, database: dict[str, Any], marker: tuple[str, int, str]
) -> None:
    """The helper: match each list of subjects received, until None."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection, transaction

    from openmash.people.matching.decide import match_open

    connection.settings_dict.update(database)  # the sender's database (a test's too)
    label, pk, field = marker
    rows = apps.get_model(label).objects.filter(pk=pk).values_list(field, flat=True)
    while (subjects := conn.recv()) is not None:
        start = time.perf_counter()
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                seen = rows.get()
                found = match_open(subjects) if subjects else []
        except Exception as error:
            conn.send(f"{type(error).__name__}: {error}")
            continue
        conn.send((seen, found, time.perf_counter() - start))
    connection.close()
