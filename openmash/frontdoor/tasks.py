"""Background jobs of the front door, run by the scheduler (openmash.core.scheduler)."""

from __future__ import annotations

from django_tasks import task

from openmash.frontdoor.services.breaches import breaches_detect


@task()
def breaches_check() -> int:
    """Every few minutes: flag breached timescales and tell the team managers."""
    return len(breaches_detect().created)
