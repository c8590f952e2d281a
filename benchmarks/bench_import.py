"""Bulk notification import: rows per second, with person matching and duplicate detection.

Generates a synthetic file (default 100,000 rows: ViST and CARA notifications in the generic
format, one to three children each, people recurring from a pre-loaded person index, about 5% bad
rows, some incidents reported by both systems), imports it into a fresh database, and prints:

- the floor: rows/s of reading and validating the file without writing anything;
- rows/s of the import itself, and peak memory (resident set size) while it ran;
- rows/s of importing the same file again (every notification skipped as already imported);
- the import's rows/s as a share of the floor, and the time spent in person matching.

    python benchmarks/bench_import.py [sqlite|postgres] [--rows N] [--people N] [--floor-only]
        [--profile] [--one-by-one] [--one-process | --two-processes] [--hand-set]

The import scores with a match model fitted to the pre-loaded index first (ADR 0011), unless
--hand-set.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import itertools
import os
import pstats
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openmash.people.matching.decide import OpenMatch
    from openmash.people.matching.details import SubjectDetails

ROOT = Path(__file__).resolve().parents[1]


def _words(text: str) -> list[str]:
    return text.split()


GIVEN = _words(
    "Amelia Olivia Isla Ava Mia Ivy Lily Freya Florence Willow Rosie Sophia Isabella Grace Daisy "
    "Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maisie "
    "Ruby Aisha Fatima Zara Maryam Hana Amira Noor Leila Oliver George Noah Arthur Leo Muhammad "
    "Harry Oscar Archie Henry Theodore Freddie Jack Charlie Finley Alfie Thomas Teddy Jacob Lucas "
    "Isaac Tommy Ayaan Ibrahim Yusuf Omar Ali Hamza Tobi Kofi Kwame Chidi Emeka Jayden Tyler Kai "
    "Reuben Mason Logan Riley Jordan Alex Sam Bobby Ellie Jessica Chloe Megan Bethany Shannon"
)
FAMILY = _words(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
    "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen "
    "James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook "
    "Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson "
    "Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali "
    "Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker "
    "Fisher Stevens Jenkins Murray Dixon Harvey Okafor Adeyemi Mensah Nowak Kowalski Rahman "
    "Ahmed Chowdhury Uddin Mahmood Iqbal Sharma Gill Kaur Nguyen Santos Silva Popescu Ionescu"
)
STREETS = _words("Alder Birch Cedar Elm Hazel Larch Maple Oak Rowan Willow Ash Beech")
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random) -> str:
    """About 30,000 postcodes in six areas: a few people each, as in a real council area."""
    area = rng.choice(("LS", "BD", "HX", "WF", "HD", "M"))
    return (
        f"{area}{rng.randrange(1, 26)} {rng.randrange(10)}"
        f"{rng.choice(UNIT_LETTERS[:5])}{rng.choice(UNIT_LETTERS)}"
    )


CATEGORIES = [
    "domestic_abuse",
    "neglect",
    "missing",
    "child_criminal_exploitation",
    "child_sexual_exploitation",
    "mental_health",
    "drug_misuse",
    "physical_abuse",
]
HEADER = _words(
    "source_system source_reference received_at agency_code given_name family_name "
    "date_of_birth nhs_number address_line1 postcode incident_date categories narrative "
    "officer_name officer_email"
)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def nhs_number(serial: int) -> str:
    from openmash.core.identifiers import nhs_check_digit

    while True:
        first = f"999{serial % 1_000_000:06d}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"
        serial += 1


SYLLABLES = _words("ab al an ar ba be bo da de di el en fa fi ga ha ka ko la le li lo ma me mi")
SYLLABLES += _words("na ne ni no o ra re ri ro sa se si so ta te ti to u va vi wa ya yo za")


FAMILY_WEIGHTS = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(FAMILY))))


def family_name(rng: random.Random) -> str:
    """Common surnames by rank (Zipf-like), and a long tail of rare ones, as in a real index."""
    if rng.random() < 0.55:
        return rng.choices(FAMILY, cum_weights=FAMILY_WEIGHTS)[0]
    parts = [rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))]
    return "".join(parts).capitalize()


def person_rows(count: int, rng: random.Random) -> list[dict[str, object]]:
    people = []
    for index in range(count):
        people.append(
            {
                "given_name": rng.choice(GIVEN),
                "family_name": family_name(rng),
                "date_of_birth": date(2008, 1, 1) + timedelta(days=rng.randrange(18 * 365)),
                "sex": rng.choice("MF"),
                "nhs_number": nhs_number(index * 7 + 1) if rng.random() < 0.7 else "",
                "postcode": postcode(rng),
            }
        )
    return people


def _subject(known: list[dict[str, object]], rng: random.Random) -> dict[str, object]:
    """A person from the index (60%, spelt as the police spelt them) or someone new."""
    if known and rng.random() < 0.6:
        person = dict(rng.choice(known))
        if rng.random() < 0.3:
            person["nhs_number"] = ""  # the police often have no NHS number
        return person
    return person_rows(1, rng)[0] | {"nhs_number": ""}


def _row(system: str, ref: str, received: datetime, incident: date, person: dict, rng) -> list:
    return [
        system,
        ref,
        received.isoformat(timespec="seconds"),
        "POL",
        person["given_name"],
        person["family_name"],
        person["date_of_birth"].isoformat(),
        person["nhs_number"],
        f"{rng.randrange(1, 120)} {rng.choice(STREETS)} Road",
        person["postcode"],
        incident.isoformat(),
        ";".join(rng.sample(CATEGORIES, rng.randrange(1, 3))),
        "Police attended the home address after a report from a neighbour; children present.",
        "PC Sam Hale",
        "sam.hale@police.example",
    ]


BREAKERS = [
    ("date_of_birth", "31/02/2019"),
    ("nhs_number", "9990000019"),
    ("agency_code", "NOPE"),
    ("categories", "made_up"),
    ("narrative", ""),
]


def write_file(path: Path, rows: int, known: list[dict[str, object]], seed: int = 7) -> None:
    """ViST and CARA notifications; about 8% of incidents appear in both, about 5% rows bad."""
    rng = random.Random(seed)
    written, serial = 0, 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        received = NOW - timedelta(days=400)
        while written < rows:
            serial += 1
            received += timedelta(seconds=rng.randrange(60, 600))
            incident = (received - timedelta(hours=rng.randrange(1, 30))).date()
            children = [_subject(known, rng) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
            systems = [("VIST", f"VI-{serial:08d}", received)]
            if rng.random() < 0.08:
                later = received + timedelta(hours=rng.randrange(1, 48))
                systems.append(("CARA", f"CA-{serial:08d}", later))
            for system, ref, when in systems:
                for child in children:
                    line = _row(system, ref, when, incident, child, rng)
                    if rng.random() < 0.05:
                        column, value = rng.choice(BREAKERS)
                        line[HEADER.index(column)] = value
                    out.writerow(line)
                    written += 1


def setup(database: str) -> None:
    """A throwaway database of this benchmark's own, so it never collides with other benchmarks."""
    from _django import setup as setup_database

    setup_database(database, "openmash_bench_import")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Timer:
    seconds = 0.0
    calls = 0
    subjects = 0


def _time_matching() -> type[_Timer]:
    """Time person matching inside the import (one `match_open` call per chunk, and one for
    each subject matched again)."""
    import openmash.contacts.imports.linking as linking

    original = linking.match_open

    def timed(details: Sequence[SubjectDetails]) -> list[OpenMatch]:
        start = time.perf_counter()
        try:
            return original(details)
        finally:
            _Timer.seconds += time.perf_counter() - start
            _Timer.calls += 1
            _Timer.subjects += len(details)

    linking.match_open = timed
    return _Timer


def _print_profile(profiler: cProfile.Profile, database: str) -> None:
    """The functions the import spent its time in (cumulative), for whoever speeds them up."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"openmash|django/db/models/query\.py", 30)
    print(f"[{database}] profile of the import (cumulative seconds, top 30 of our code):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
    if os.environ.get("BENCH_PROFILE_ALL"):
        stats.stream = sys.stdout  # type: ignore[attr-defined]
        stats.sort_stats("tottime").print_stats(40)


def run(
    database: str,
    rows: int,
    people: int,
    *,
    floor_only: bool = False,
    profile: bool = False,
    one_by_one: bool = False,
    learnt: bool = True,
) -> None:
    setup(database)
    from openmash.accounts.models import AgencyType
    from openmash.accounts.services import agency_create
    from openmash.contacts.imports import (
        MAPPINGS,
        Vocabulary,
        import_notifications,
        read_notifications,
        text_stream,
    )
    from openmash.people.bulk import people_bulk_load
    from openmash.people.matching_process import MatchingProcess

    agency_create(actor=None, code="POL", name="Bench Police", agency_type=AgencyType.POLICE)
    rng = random.Random(3)
    known = person_rows(people, rng)
    start = time.perf_counter()
    people_bulk_load(known)
    print(f"[{database}] loaded {people:,} people in {time.perf_counter() - start:.1f}s")
    if learnt:
        # The import scores with the match model fitted to the index, as in production (ADR 0011).
        from openmash.people.match_model import match_model_fit
        from openmash.people.matching import weights

        fit = match_model_fit(actor=None, trigger="command")
        weights.activate(fit.weights())
        print(
            f"[{database}] match model fitted in {fit.seconds:.1f}s on {fit.blocked_pairs:,} "
            f"blocked pairs; auto-link threshold {fit.auto_link_threshold}"
        )
    else:
        print(f"[{database}] hand-set match weights")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notifications.csv"
        write_file(path, rows, known)
        size = path.stat().st_size / 1024 / 1024
        print(f"[{database}] file: {rows:,} rows, {size:.1f} MiB")

        def parse() -> int:
            with path.open("rb") as binary:
                groups = read_notifications(
                    text_stream(binary),
                    mapping=MAPPINGS["generic"],
                    default_system="",
                    vocabulary=Vocabulary(),
                )
                return sum(len(group) for group in groups)

        start = time.perf_counter()
        parsed = parse()
        floor = parsed / (time.perf_counter() - start)
        tracemalloc.start()
        parse()
        heap = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        print(
            f"[{database}] floor (read and validate, no writes): {floor:,.0f} rows/s; "
            f"peak Python heap while reading the {size:.1f} MiB file: {heap:.1f} MiB"
        )
        if floor_only:
            return
        before = _peak_mib()
        timer = _time_matching()

        passes = []
        # The file's notifications were received 400 to about 190 days before NOW: import them as
        # on a day when all of them are within the 365 days the import accepts, whatever today is.
        import time_machine

        clock = time_machine.travel(NOW - timedelta(days=40), tick=True)
        clock.start()
        for label in ("import", "re-import"):
            profiler = cProfile.Profile() if profile and label == "import" else None
            start = time.perf_counter()
            with path.open("rb") as binary:
                if profiler:
                    profiler.enable()
                result = import_notifications(
                    actor=None,
                    stream=text_stream(binary),
                    file_name=path.name,
                    source_system="",
                    mapping="generic",
                    total_rows=rows + 1,  # as an upload or the command counts them first
                    one_by_one=one_by_one,
                )
                if profiler:
                    profiler.disable()
            elapsed = time.perf_counter() - start
            batch = result.batch
            matching, calls, subjects = timer.seconds, timer.calls, timer.subjects
            timer.seconds, timer.calls, timer.subjects = 0.0, 0, 0
            helper, MatchingProcess.last = MatchingProcess.last, None
            beside = (
                f"; and {helper.seconds:.1f}s matching {helper.lists} chunks in the second process"
                if helper
                else "; one process"
            )
            passes.append(batch.processed_rows / elapsed)
            print(
                f"[{database}] {label}: {batch.processed_rows:,} rows in {elapsed:.1f}s = "
                f"{batch.processed_rows / elapsed:,.0f} rows/s; created {batch.created_rows:,} "
                f"rows as {result.contacts_created:,} contacts, skipped {batch.skipped_rows:,}, "
                f"rejected {batch.error_rows:,}, duplicates flagged {batch.duplicate_rows:,}; "
                f"{matching:.1f}s of it ({100 * matching / elapsed:.0f}%) in person matching "
                f"({calls:,} match_open calls for {subjects:,} subjects in the importing process)"
                f"{beside}"
            )
            if profiler:
                _print_profile(profiler, database)
        clock.stop()
        print(
            f"[{database}] import {passes[0]:,.0f} rows/s = {passes[0] / floor:.3f} of the floor "
            f"({floor / passes[0]:.1f}x slower); re-import {passes[1]:,.0f} rows/s; "
            f"peak resident memory {_peak_mib():.0f} MiB (before importing {before:.0f} MiB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", nargs="?", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument(
        "--floor-only", action="store_true", help="Only read and validate the file (no import)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="Print a cProfile summary of the import"
    )
    parser.add_argument(
        "--one-by-one",
        action="store_true",
        help="Record each notification through contact_create (the old path), for comparison",
    )
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="Match in the importing process too (OPENMASH_IMPORT_MATCHING_PROCESS=never)",
    )
    parser.add_argument(
        "--two-processes",
        action="store_true",
        help="Match in a second process on SQLite too (OPENMASH_IMPORT_MATCHING_PROCESS=always)",
    )
    parser.add_argument(
        "--hand-set",
        action="store_true",
        help="Score with the hand-set weights instead of a model fitted to the index first",
    )
    args = parser.parse_args()
    if args.one_process:
        os.environ["OPENMASH_IMPORT_MATCHING_PROCESS"] = "never"
    elif args.two_processes:
        os.environ["OPENMASH_IMPORT_MATCHING_PROCESS"] = "always"
    run(
        args.database,
        args.rows,
        args.people,
        floor_only=args.floor_only,
        profile=args.profile,
        one_by_one=args.one_by_one,
        learnt=not args.hand_set,
    )


if __name__ == "__main__":
    main()
