"""Periodic jobs, run by `openmash worker` beside the task worker.

Each job is claimed with one conditional UPDATE on its PeriodicJobRun row, so any number of
schedulers (one per worker host) run each job once per interval between them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from openmash.core import registry
from openmash.core.models import PeriodicJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


def _seal() -> object:
    from openmash.core.audit import audit_seal

    # Inline rather than enqueued: sealing every few seconds would fill the task table.
    return audit_seal()


def periodic_jobs() -> list[PeriodicJob]:
    """Sealing the audit log, then the jobs apps register (`core.registry.periodic_jobs`)."""
    seal = PeriodicJob("audit_seal", timedelta(seconds=settings.AUDIT_SEAL_INTERVAL_SECONDS), _seal)
    return [seal] + [
        PeriodicJob(name, entry.every(), entry.run)
        for name, entry in registry.periodic_jobs.items()
    ]


def claim(job: PeriodicJob, now: datetime) -> bool:
    PeriodicJobRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    return PeriodicJobRun.objects.filter(due, name=job.name).update(last_started_at=now) == 1


def run_due_jobs(now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    ran = []
    for job in periodic_jobs():
        if not claim(job, now):
            continue
        error = ""
        try:
            job.run()
        except Exception as exc:
            logger.exception("Periodic job %s failed", job.name)
            error = repr(exc)[:2000]
        PeriodicJobRun.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=error
        )
        ran.append(job.name)
    return ran


def run_forever(stop: threading.Event, *, tick_seconds: float = 1.0) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            run_due_jobs()
        except Exception:
            logger.exception("Scheduler tick failed; retrying")
        stop.wait(tick_seconds)
    close_old_connections()
