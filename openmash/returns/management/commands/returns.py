"""`openmash returns annex-a --inspection-date YYYY-MM-DD --out FILE.xlsx`: Ofsted's Annex A
lists 1-3 from the records (lists 4-7 as headers with a "not yet" note), written to a file and
audited. The CIN census and the Safeguarding Adults Collection are not built yet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.accounts.models import User
from openmash.returns.annex_a import BUILT_LISTS
from openmash.returns.cin_services import cin_census_command
from openmash.returns.services import annex_a_write_file


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--inspection-date must be YYYY-MM-DD, not {text!r}") from error


class Command(BaseCommand):
    help = "Statutory returns: annex-a (Ofsted ILACS Annex A), cin-census (DfE CIN census)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="return_name", required=True)
        annex = commands.add_parser("annex-a", help="Ofsted ILACS Annex A as an .xlsx workbook")
        annex.add_argument("--inspection-date", required=True, help="YYYY-MM-DD")
        annex.add_argument("--out", required=True, help="The .xlsx file to write")
        annex.add_argument(
            "--user", default="", help="The email of the person running it, for the audit log"
        )
        cin = commands.add_parser("cin-census", help="The DfE Children in Need census as XML")
        cin.add_argument("--period", required=True, help="The census year, e.g. 2025-26")
        cin.add_argument("--out", required=True, help="The .xml file to write")
        cin.add_argument(
            "--user", default="", help="The email of the person running it, for the audit log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["user"]:
            actor = User.objects.filter(email__iexact=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user with the email {options['user']}")
        out = Path(options["out"])
        if options["return_name"] == "cin-census":
            self.stdout.write(cin_census_command(actor, options["period"], out))
            return
        inspection_date = _day(options["inspection_date"])
        annex = annex_a_write_file(actor=actor, inspection_date=inspection_date, out=out)
        period = annex.period
        self.stdout.write(
            f"Annex A for {inspection_date:%d/%m/%Y} (period {period.start:%d/%m/%Y} to "
            f"{period.end:%d/%m/%Y}) written to {out}"
        )
        for number in BUILT_LISTS:
            self.stdout.write(f"  List {number}: {len(annex.lists[number])} rows")
        self.stdout.write("  Lists 4-7: not yet (they need child protection records)")
