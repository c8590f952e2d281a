"""`openmash retention_review`: the monthly list of records past their retention date, for the
scheduler (cron or the worker) to run on the first of the month. It lists; it never disposes:
disposal is a person's decision, with a reason, on the retention page or the API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openmash.core.audit import audit_record
from openmash.privacy.selectors import retention_review
from openmash.privacy.verbs import PrivacyVerb


class Command(BaseCommand):
    help = "List the records past their retention date (the monthly review)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = retention_review()
        audit_record(
            actor=None,
            verb=PrivacyVerb.REVIEW_LISTED,
            target_type="contact",
            summary={"ids": [r.record_id for r in rows], "via": "retention_review command"},
        )
        for row in rows:
            held = " (on legal hold)" if row.held else ""
            self.stdout.write(
                f"{row.record_type} {row.record_id} {row.reference}: closed {row.closed_on}, "
                f"keep until {row.keep_until}{held}"
            )
        due = sum(1 for r in rows if not r.held)
        self.stdout.write(f"{len(rows)} past their date, {due} not on hold.")
