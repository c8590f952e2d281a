from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.demo.accounts import DEMO_PASSWORD, DEMO_USERS, demo_organisations_load
from openmash.demo.adults import demo_adults_load
from openmash.demo.familyhelp import demo_familyhelp_load
from openmash.demo.outofhours import demo_out_of_hours_load
from openmash.demo.work import demo_frontdoor_load, demo_records_load
from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.loader import load_into_db
from openmash.synthetic.verbs import SyntheticVerb


class Command(BaseCommand):
    help = "Load the synthetic demo data set (OPENMASH_DEMO=1 only). Running it again adds nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = demo_organisations_load()
            created += demo_records_load()
            created += demo_frontdoor_load()
            created += demo_familyhelp_load()
            created += demo_out_of_hours_load()
            created += demo_adults_load()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if not AuditEvent.objects.filter(verb=SyntheticVerb.LOADED).exists():
            # Two years of a small council's front door, from the synthetic generator.
            counts = load_into_db(GeneratorConfig(seed=2026, scale="demo"))
            created += counts.people + counts.contacts + counts.adult_concerns
            self.stdout.write(
                f"Synthetic history: {counts.people:,} people, {counts.contacts:,} contacts, "
                f"{counts.adult_concerns:,} adult concerns."
            )
        if created:
            audit_record(actor=None, verb=AuditVerb.DEMO_LOADED, summary={"created": created})
        self.stdout.write(f"Demo data: {created} new record(s).")
        self.stdout.write(f"Demo users (password {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.email:32} {user.job_title}")
