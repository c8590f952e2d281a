from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.core.audit import audit_seal, audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-seal", action="store_true", help="Do not seal waiting rows before checking"
        )

    def handle(self, *args: Any, no_seal: bool, **options: Any) -> None:
        if not no_seal:
            sealed = audit_seal()
            if sealed:
                self.stdout.write(f"Sealed {sealed} waiting row(s) first.")
        result = audit_verify()
        if not result.ok:
            where = f"sequence {result.broken_seq}" + (
                f" (audit row id {result.broken_id})" if result.broken_id else ""
            )
            raise CommandError(
                f"Audit chain broken at {where}: {result.reason}. "
                f"{result.checked} row(s) before it are intact."
            )
        self.stdout.write(
            f"Audit chain intact: {result.checked} sealed row(s) checked, "
            f"{result.unsealed} waiting to be sealed."
        )
