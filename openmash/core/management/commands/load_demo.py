from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openmash.accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_organisations_load
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.demo import demo_records_load
from openmash.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Load the synthetic demo data set (OPENMASH_DEMO=1 only). Running it again adds nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = demo_organisations_load()
            created += demo_records_load()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if created:
            audit_record(actor=None, verb=AuditVerb.DEMO_LOADED, summary={"created": created})
        self.stdout.write(f"Demo data: {created} new record(s).")
        self.stdout.write(f"Demo users (password {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.email:32} {user.job_title}")
