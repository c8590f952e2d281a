"""Building the Safeguarding Adults Collection: the workbook, a performance lead's run of it in
the background, and its download. Every run, file written and download is audited (the tables
are counts, but the file names no one; the runs still say who asked for what)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.returns.models import RunStatus, SacRun
from openmash.returns.sac import Sac, sac_build, sac_counts, sac_period, sac_sheets
from openmash.returns.services import returns_dir
from openmash.returns.verbs import ReturnsVerb
from openmash.returns.xlsx import write_workbook

if TYPE_CHECKING:
    from openmash.accounts.models import User


def sac_write(period_label: str, out: Path) -> Sac:
    sac = sac_build(sac_period(period_label))
    write_workbook(out, sac_sheets(sac))
    return sac


def sac_write_file(*, actor: User | None, period: str, out: Path) -> Sac:
    """The command line's SAC: written straight to `out` and audited."""
    sac = sac_write(period, out)
    audit_record(
        actor=actor,
        verb=ReturnsVerb.SAC_WRITTEN,
        target_type="sac",
        target_label=f"Safeguarding Adults Collection {sac.period.label}",
        summary={"period": sac.period.label, "file": str(out), "counts": sac_counts(sac)},
    )
    return sac


def sac_stored_path(run: SacRun) -> Path:
    return returns_dir() / run.stored_file


@transaction.atomic
def sac_run_request(*, actor: User, period: str) -> SacRun:
    """Queue the SAC for `period` ("2025-26"); the background task builds it. A year that has
    not started yet is refused."""
    try:
        found = sac_period(period)
    except ValueError as error:
        raise ApplicationError(str(error), field="period") from error
    if found.start > timezone.localdate():
        raise ApplicationError("The year has not started yet", field="period")
    run = SacRun.objects.create(
        period=found.label,
        period_start=found.start,
        period_end=found.end,
        requested_by=actor,
        stored_file=f"sac-{get_random_string(20)}.xlsx",
    )
    audit_record(
        actor=actor, verb=ReturnsVerb.SAC_REQUESTED, target=run, summary={"period": found.label}
    )
    from openmash.returns.tasks import sac_run_task

    transaction.on_commit(lambda: sac_run_task.enqueue(run.pk))
    return run


def sac_run_build(run: SacRun) -> SacRun:
    """Build the run's workbook (the background task's work). A failure is recorded on the run
    and audited, and no partial file is left."""
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    directory = returns_dir()
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".{run.stored_file}.part"
    try:
        sac = sac_write(run.period, partial)
        partial.replace(sac_stored_path(run))
    except Exception as error:
        partial.unlink(missing_ok=True)
        with transaction.atomic():
            run.status = RunStatus.FAILED
            run.error = f"{type(error).__name__}: {error}"[:2000]
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            audit_record(
                actor=run.requested_by, verb=ReturnsVerb.SAC_FAILED, target=run,
                summary={"error": type(error).__name__},
            )  # fmt: skip
        raise
    with transaction.atomic():
        run.status = RunStatus.DONE
        run.row_counts = sac_counts(sac)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "row_counts", "finished_at"])
        audit_record(
            actor=run.requested_by,
            verb=ReturnsVerb.SAC_BUILT,
            target=run,
            summary={"counts": run.row_counts},
        )
    return run


def sac_run_download(*, actor: User, run: SacRun) -> Path:
    """The run's file for `actor` (who passed the gate), the download audited."""
    path = sac_stored_path(run)
    if run.status != RunStatus.DONE or not path.exists():
        raise ApplicationError("This return has no file to download yet")
    audit_record(
        actor=actor,
        verb=ReturnsVerb.SAC_DOWNLOADED,
        target=run,
        summary={"period": run.period, "counts": run.row_counts},
    )
    return path
