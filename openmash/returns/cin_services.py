"""Building the DfE Children in Need census: the XML file from the command line, a performance
lead's run of it in the background, and its download. Every run, file written and download is
audited (the file holds children's records)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.returns.cin_census import (
    CinCensus,
    CinPeriod,
    cin_census_build,
    cin_census_xml,
    cin_period,
)
from openmash.returns.models import CinCensusRun, RunStatus
from openmash.returns.services import returns_dir
from openmash.returns.verbs import ReturnsVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


def cin_census_write(period: CinPeriod, out: Path) -> CinCensus:
    census = cin_census_build(period)
    out.write_bytes(cin_census_xml(census))
    return census


def cin_census_write_file(*, actor: User | None, period: CinPeriod, out: Path) -> CinCensus:
    """The command line's census: written straight to `out` and audited."""
    census = cin_census_write(period, out)
    audit_record(
        actor=actor,
        verb=ReturnsVerb.CIN_WRITTEN,
        target_type="cin_census",
        target_label=f"CIN census {period.label}",
        summary={
            "period": period.label,
            "file": str(out),
            "children": len(census.children),
            "episodes": census.episode_count,
        },
    )
    return census


def cin_census_command(actor: User | None, label: str, out: Path) -> str:
    """`openmash returns cin-census --period 2025-26 --out FILE.xml`: what it says it did."""
    try:
        period = cin_period(label)
    except ValueError as error:
        raise CommandError(str(error)) from error
    census = cin_census_write_file(actor=actor, period=period, out=out)
    return (
        f"CIN census {period.label} (1 April {period.start.year} to 31 March {period.end.year}) "
        f"written to {out}: {len(census.children)} children, {census.episode_count} episodes"
    )


def cin_stored_path(run: CinCensusRun) -> Path:
    return returns_dir() / run.stored_file


@transaction.atomic
def cin_run_request(*, actor: User, label: str) -> CinCensusRun:
    """Queue the census for the year `label` (e.g. 2025-26); the background task builds it."""
    try:
        period = cin_period(label)
    except ValueError as error:
        raise ApplicationError(str(error), field="period") from error
    if period.start > timezone.localdate():
        raise ApplicationError("The census year must have started", field="period")
    run = CinCensusRun.objects.create(
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        requested_by=actor,
        stored_file=f"cin-census-{get_random_string(20)}.xml",
    )
    audit_record(
        actor=actor, verb=ReturnsVerb.CIN_REQUESTED, target=run, summary={"period": period.label}
    )
    from openmash.returns.tasks import cin_run_task

    transaction.on_commit(lambda: cin_run_task.enqueue(run.pk))
    return run


def cin_run_build(run: CinCensusRun) -> CinCensusRun:
    """Build the run's XML (the background task's work). A failure is recorded on the run and
    audited, and no partial file is left."""
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run  # already built: a retried task builds nothing twice
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    directory = returns_dir()
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".{run.stored_file}.part"
    try:
        census = cin_census_write(cin_period(run.period), partial)
        partial.replace(cin_stored_path(run))
    except Exception as error:
        partial.unlink(missing_ok=True)
        with transaction.atomic():
            run.status = RunStatus.FAILED
            run.error = f"{type(error).__name__}: {error}"[:2000]
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            audit_record(
                actor=run.requested_by, verb=ReturnsVerb.CIN_FAILED, target=run,
                summary={"error": type(error).__name__},
            )  # fmt: skip
        raise
    with transaction.atomic():
        run.status = RunStatus.DONE
        run.children = len(census.children)
        run.episodes = census.episode_count
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "children", "episodes", "finished_at"])
        audit_record(
            actor=run.requested_by,
            verb=ReturnsVerb.CIN_BUILT,
            target=run,
            summary={"children": run.children, "episodes": run.episodes},
        )
    return run


def cin_run_download(*, actor: User, run: CinCensusRun) -> Path:
    """The run's file for `actor` (who passed the gate), the download audited."""
    path = cin_stored_path(run)
    if run.status != RunStatus.DONE or not path.exists():
        raise ApplicationError("This CIN census has no file to download yet")
    audit_record(
        actor=actor,
        verb=ReturnsVerb.CIN_DOWNLOADED,
        target=run,
        summary={"period": run.period, "children": run.children, "episodes": run.episodes},
    )
    return path
