from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.models import AuditEvent, PeriodicJobRun
from openmash.core.scheduler import claim, periodic_jobs, run_due_jobs

pytestmark = pytest.mark.clock


def test_a_job_is_claimed_once_per_interval(db: None) -> None:
    job = next(j for j in periodic_jobs() if j.name == "disable_dormant_accounts")
    now = timezone.now()
    assert claim(job, now) is True
    assert claim(job, now) is False  # a second scheduler at the same moment gets nothing
    assert claim(job, now + job.every - timedelta(seconds=1)) is False
    assert claim(job, now + job.every) is True


def test_due_jobs_seal_the_audit_log(db: None) -> None:
    audit_record(actor=None, verb=AuditVerb.RECORD_VIEWED, target_type="contact", target_id="1")
    ran = run_due_jobs()
    assert "audit_seal" in ran
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 0
    assert PeriodicJobRun.objects.get(name="audit_seal").last_error == ""


@pytest.mark.django_db(transaction=True)  # the real worker commits and reconnects
def test_worker_batch_runs_due_jobs_and_waiting_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    audit_record(actor=None, verb=AuditVerb.RECORD_VIEWED, target_type="contact", target_id="1")
    call_command("worker", "--batch")
    out = capsys.readouterr().out
    assert "audit_seal" in out
    assert "disable_dormant_accounts" in out
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 0
