"""`openmash generate`: write a synthetic MASH data set and/or print its realism report."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openmash.synthetic.config import (
    DEFAULT_START,
    DEFAULT_YEARS,
    SCALES,
    MessinessRates,
    config_from_options,
)
from openmash.synthetic.report import format_report, realism_report, report_passes
from openmash.synthetic.stream import run, summary_lines


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from error


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic population with contacts, referrals, assessments, "
        "child protection and adult safeguarding records (see docs/synthetic-data.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--scale", choices=list(SCALES), default="demo", help="Population size (default demo)."
        )
        parser.add_argument("--children", type=int, help="Number of children, overriding --scale.")
        parser.add_argument(
            "--years",
            type=int,
            default=DEFAULT_YEARS,
            help=f"Years of history (default {DEFAULT_YEARS}).",
        )
        parser.add_argument(
            "--start",
            type=_iso_date,
            default=DEFAULT_START,
            help=f"First day of the history (default {DEFAULT_START}).",
        )
        parser.add_argument("--out", type=Path, help="Write the CSV files into this folder.")
        parser.add_argument(
            "--into-db",
            action="store_true",
            help="Load people, households and contacts into OpenMASH's database (bulk; one audit "
            "marker for the load).",
        )
        parser.add_argument(
            "--report",
            action="store_true",
            help="Print each calibrated figure beside its national target.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="With --report: fail when a figure is outside its tolerance.",
        )
        parser.add_argument(
            "--variant-rate",
            type=float,
            default=1.0,
            help="Multiply every messiness rate (0 gives clean agency records).",
        )
        parser.add_argument(
            "--messiness",
            action="append",
            default=[],
            metavar="NAME=RATE",
            help="Set one messiness rate (repeatable), e.g. nickname=0.2. Names: "
            + ", ".join(MessinessRates.rate_names()),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["out"] is None and not options["report"] and not options["into_db"]:
            raise CommandError("Nothing to do: give --out DIR, --report, --into-db, or several.")
        if options["strict"] and not options["report"]:
            raise CommandError("--strict only applies with --report.")
        try:
            config = config_from_options(
                seed=options["seed"],
                scale=options["scale"],
                children=options["children"],
                years=options["years"],
                start=options["start"],
                variant_rate=options["variant_rate"],
                messiness=options["messiness"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["into_db"]:
            from openmash.synthetic.loader import load_into_db

            counts = load_into_db(config)
            self.stdout.write(
                f"Loaded {counts.people:,} people ({counts.name_variants:,} other spellings), "
                f"{counts.households:,} households, {counts.contacts:,} contacts "
                f"({counts.duplicates:,} duplicate notifications linked) and "
                f"{counts.adult_concerns:,} adult concerns."
            )
            if options["out"] is None and not options["report"]:
                return
        result = run(
            config,
            out_dir=options["out"],
            with_stats=options["report"],
            progress=lambda n: self.stderr.write(f"{n:,} households generated"),
        )
        for line in summary_lines(result, options["out"]):
            self.stdout.write(line)
        if result.stats is None:
            return
        lines = realism_report(result.stats)
        self.stdout.write(format_report(lines, result.stats))
        if options["strict"] and not report_passes(lines):
            raise CommandError("Some figures are outside their tolerance (see the report above).")
