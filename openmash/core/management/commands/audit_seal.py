from typing import Any

from django.core.management.base import BaseCommand

from openmash.core.audit import audit_seal


class Command(BaseCommand):
    help = "Seal waiting audit rows into the hash chain (the worker does this every few seconds)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sealed {audit_seal()} row(s).")
