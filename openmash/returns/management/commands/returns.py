"""`openmash returns annex-a --inspection-date YYYY-MM-DD --out FILE.xlsx`: Ofsted's Annex A
lists 1-7 from the records, written to a file and audited.
`openmash returns sac --period 2025-26 --out FILE.xlsx`: the Safeguarding Adults Collection's
tables for the year, likewise.
`openmash returns cin-census --period 2025-26 --out FILE.xml`: the DfE Children in Need census."""

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
    help = (
        "Statutory returns: annex-a (Ofsted ILACS Annex A), cin-census (DfE CIN census), "
        "sac (Safeguarding Adults Collection)."
    )

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

        sac = commands.add_parser("sac", help="The Safeguarding Adults Collection as .xlsx")
        sac.add_argument("--period", required=True, help="The year, e.g. 2025-26")
        sac.add_argument("--out", required=True, help="The .xlsx file to write")
        sac.add_argument(
            "--user", default="", help="The email of the person running it, for the audit log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["return_name"] == "sac":
            self._sac(options)
            return
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

    def _sac(self, options: dict[str, Any]) -> None:
        from openmash.returns.sac import sac_period
        from openmash.returns.sac_services import sac_write_file

        try:
            sac_period(options["period"])
        except ValueError as error:
            raise CommandError(f"--period: {error}") from error
        actor = None
        if options["user"]:
            actor = User.objects.filter(email__iexact=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user with the email {options['user']}")
        out = Path(options["out"])
        sac = sac_write_file(actor=actor, period=options["period"], out=out)
        self.stdout.write(
            f"Safeguarding Adults Collection {sac.period.label} ({sac.period.start:%d/%m/%Y} to "
            f"{sac.period.end:%d/%m/%Y}) written to {out}"
        )
        for name, count in sac_counts_of(sac).items():
            self.stdout.write(f"  {name}: {count}")


def sac_counts_of(sac: Any) -> dict[str, int]:
    from openmash.returns.sac import sac_counts

    return sac_counts(sac)
