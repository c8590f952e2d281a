"""Building Annex A: the workbook, a performance lead's run of it in the background, and its
download. Every run, file written and download is audited (the files hold children's records)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.returns.annex_a import (
    BUILT_LISTS,
    LIST_HEADERS,
    LIST_TITLES,
    NOT_YET_NOTE,
    annex_a_period,
    annex_date,
)
from openmash.returns.models import AnnexARun, RunStatus
from openmash.returns.selectors import AnnexA, annex_a_build
from openmash.returns.verbs import ReturnsVerb
from openmash.returns.xlsx import Cell, write_workbook

if TYPE_CHECKING:
    from openmash.accounts.models import User


def annex_a_sheets(annex: AnnexA) -> list[tuple[str, list[list[Cell]]]]:
    """One sheet per list, "List 1" to "List 7". A list not built yet has its headers and, two
    rows down, the note saying why, so nobody takes it for an empty list."""
    sheets: list[tuple[str, list[list[Cell]]]] = []
    for number, headers in LIST_HEADERS.items():
        if number in BUILT_LISTS:
            sheets.append((f"List {number}", annex.sheet_rows(number)))
        else:
            sheets.append((f"List {number}", [list(headers), [], [NOT_YET_NOTE]]))
    period = annex.period
    about: list[list[Cell]] = [
        ["Ofsted ILACS Annex A", "OpenMASH"],
        ["Inspection date", annex_date(period.inspection_date)],
        ["Period from", annex_date(period.start)],
        ["Period to", annex_date(period.end)],
        [],
        ["List", "Rows"],
    ]
    for number, title in LIST_TITLES.items():
        rows: Cell = (
            len(annex.lists[number])
            if number in BUILT_LISTS
            else "not yet: needs child protection records"
        )
        about.append([f"List {number}: {title}", rows])
    sheets.append(("About", about))
    return sheets


def annex_a_write(inspection_date: date, out: Path) -> AnnexA:
    annex = annex_a_build(inspection_date)
    write_workbook(out, annex_a_sheets(annex))
    return annex


def _counts(annex: AnnexA) -> dict[str, int]:
    return {str(n): len(rows) for n, rows in annex.lists.items()}


def annex_a_write_file(*, actor: User | None, inspection_date: date, out: Path) -> AnnexA:
    """The command line's Annex A: written straight to `out` and audited."""
    annex = annex_a_write(inspection_date, out)
    audit_record(
        actor=actor,
        verb=ReturnsVerb.ANNEX_A_WRITTEN,
        target_type="annex_a",
        target_label=f"Annex A for {inspection_date:%d/%m/%Y}",
        summary={
            "inspection_date": inspection_date.isoformat(),
            "file": str(out),
            "rows": _counts(annex),
        },
    )
    return annex


def returns_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "returns"


def stored_path(run: AnnexARun) -> Path:
    return returns_dir() / run.stored_file


@transaction.atomic
def annex_a_run_request(*, actor: User, inspection_date: date) -> AnnexARun:
    """Queue an Annex A for `inspection_date`; the background task builds it."""
    if inspection_date > timezone.localdate():
        raise ApplicationError(
            "The inspection date must be today or in the past", field="inspection_date"
        )
    period = annex_a_period(inspection_date)
    run = AnnexARun.objects.create(
        inspection_date=inspection_date,
        period_start=period.start,
        period_end=period.end,
        requested_by=actor,
        stored_file=f"annex-a-{get_random_string(20)}.xlsx",
    )
    audit_record(
        actor=actor,
        verb=ReturnsVerb.ANNEX_A_REQUESTED,
        target=run,
        summary={"inspection_date": inspection_date.isoformat()},
    )
    from openmash.returns.tasks import annex_a_run_task

    transaction.on_commit(lambda: annex_a_run_task.enqueue(run.pk))
    return run


def annex_a_run_build(run: AnnexARun) -> AnnexARun:
    """Build the run's workbook (the background task's work). A failure is recorded on the run
    and audited, and no partial file is left."""
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run  # already built: a retried task builds nothing twice
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    directory = returns_dir()
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".{run.stored_file}.part"
    try:
        annex = annex_a_write(run.inspection_date, partial)
        partial.replace(stored_path(run))
    except Exception as error:
        partial.unlink(missing_ok=True)
        with transaction.atomic():
            run.status = RunStatus.FAILED
            run.error = f"{type(error).__name__}: {error}"[:2000]
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            audit_record(
                actor=run.requested_by, verb=ReturnsVerb.ANNEX_A_FAILED, target=run,
                summary={"error": type(error).__name__},
            )  # fmt: skip
        raise
    with transaction.atomic():
        run.status = RunStatus.DONE
        run.row_counts = _counts(annex)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "row_counts", "finished_at"])
        audit_record(
            actor=run.requested_by,
            verb=ReturnsVerb.ANNEX_A_BUILT,
            target=run,
            summary={"rows": run.row_counts},
        )
    return run


def annex_a_run_download(*, actor: User, run: AnnexARun) -> Path:
    """The run's file for `actor` (who passed the gate), the download audited."""
    path = stored_path(run)
    if run.status != RunStatus.DONE or not path.exists():
        raise ApplicationError("This Annex A has no file to download yet")
    audit_record(
        actor=actor,
        verb=ReturnsVerb.ANNEX_A_DOWNLOADED,
        target=run,
        summary={"inspection_date": run.inspection_date.isoformat(), "rows": run.row_counts},
    )
    return path
