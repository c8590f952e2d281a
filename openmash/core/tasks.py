"""Background jobs of the kernel (django-tasks). Enqueued by services after commit, or by the
scheduler."""

from __future__ import annotations

from django_tasks import task

from openmash.core.audit import audit_seal


@task()
def seal_audit_log() -> int:
    return audit_seal()
