"""Background jobs of the front door, run by the scheduler (openmash.core.scheduler)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from openmash.frontdoor.services.breaches import breaches_detect


@task()
def breaches_check() -> int:
    """Every few minutes: flag breached timescales and tell the team managers."""
    return len(breaches_detect().created)


def breaches_check_every() -> timedelta:
    return timedelta(minutes=settings.BREACH_CHECK_MINUTES)
