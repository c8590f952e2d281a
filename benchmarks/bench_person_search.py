"""Person search latency at scale, beside an exact NHS-number look-up as the floor.

Loads synthetic people (the generator's clean register records) with `people_bulk_load`, then
times ~200 realistic searches through `person_search` (the same selector the page and the API
call: blocking, scoring, masking and the audit row): names misspelt, nicknames, sound-alike
surnames, first name and surname swapped, half of a double-barrelled surname, day and month
transposed, with or without a date of birth or postcode. Each is taken from a loaded person
with noise applied. The floor is `Person.objects.filter(nhs_number=...)` on its index. Also
prints how often the searched-for person came first and in the top 10.

    python benchmarks/bench_person_search.py [sqlite|postgres] [--people 200000,1000000] [--reuse]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Any

from bench_matching import setup_named

DATABASE_NAME = "openmash_bench_search"

SEARCHES = 200
SEED = 20240501


@dataclass
class Target:
    person_id: int
    criteria: Any
    kind: str


def synthetic_rows(seed: int) -> Iterator[dict[str, Any]]:
    """Register records of synthetic people, household by household, without end."""
    from openmash.synthetic.config import GeneratorConfig
    from openmash.synthetic.records import HouseholdBatch
    from openmash.synthetic.stream import generate

    round_ = 0
    while True:
        config = GeneratorConfig(seed=seed + round_, children=250_000)
        for batch in generate(config):
            if not isinstance(batch, HouseholdBatch):
                continue
            for record in batch.records:
                if record.source_system == "register":
                    yield {
                        "given_name": record.given_name,
                        "family_name": record.family_name,
                        "date_of_birth": record.date_of_birth,
                        "sex": record.sex if record.sex in ("M", "F") else "U",
                        "nhs_number": record.nhs_number,
                        "upn": record.upn,
                        "postcode": record.postcode,
                    }
        round_ += 1


def _noisy(rng: Random, person: Any) -> tuple[Any, str]:
    from openmash.people.nicknames import NICKNAMES
    from openmash.people.selectors import PersonSearchCriteria
    from openmash.synthetic.messiness import typo

    given, family, dob = person.given_name, person.family_name, person.date_of_birth
    kind = rng.choice(
        [
            "typo_family",
            "typo_given",
            "nickname",
            "swapped_dob",
            "swapped_names",
            "no_dob",
            "postcode",
            "exact",
        ]
    )
    if kind == "typo_family":
        family = typo(rng, family)
    elif kind == "typo_given":
        given = typo(rng, given)
    elif kind == "nickname":
        shorts = NICKNAMES.get(given.lower())
        given = rng.choice(shorts).title() if shorts else typo(rng, given)
    elif kind == "swapped_dob" and dob and dob.day <= 12 and dob.day != dob.month:
        dob = date(dob.year, dob.day, dob.month)
    elif kind == "swapped_names":
        given, family = family, given
    if "-" in family and rng.random() < 0.5:
        family = rng.choice(family.split("-"))
    if kind in ("no_dob", "postcode"):
        dob = None
    postcode = person.postcode if kind == "postcode" else ""
    return PersonSearchCriteria(q=f"{given} {family}", date_of_birth=dob, postcode=postcode), kind


def _targets(rng: Random) -> list[Target]:
    from openmash.people.models import Person

    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), SEARCHES)
    targets = []
    for person in Person.objects.filter(pk__in=ids):
        criteria, kind = _noisy(rng, person)
        targets.append(Target(person.pk, criteria, kind))
    return targets


def _worker() -> Any:
    from openmash.accounts.models import AgencyType, Role
    from openmash.accounts.services import agency_create, user_create

    la = agency_create(
        actor=None, code="LA", name="Bench Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    return user_create(
        actor=None,
        email="bench@council.test",
        full_name="Bench Worker",
        agency=la,
        roles=Role.objects.filter(code="social_worker"),
        password="bench-password-123456",
    )


def _pct(values: list[float]) -> tuple[float, float]:
    return statistics.median(values) * 1000, statistics.quantiles(values, n=20)[-1] * 1000


def measure(worker: Any, people: int, rng: Random) -> None:
    from openmash.people.models import Person
    from openmash.people.selectors import PersonSearchCriteria, person_search

    targets = _targets(rng)
    nhs = [
        n
        for n in Person.objects.filter(pk__in=[t.person_id for t in targets]).values_list(
            "nhs_number", flat=True
        )
        if n
    ]
    for target in targets[:20]:  # warm the caches
        person_search(user=worker, criteria=target.criteria)
    floor = []
    for number in nhs:
        started = time.perf_counter()
        list(Person.objects.filter(nhs_number=number)[:10])
        floor.append(time.perf_counter() - started)
    by_nhs = []
    for number in nhs:
        started = time.perf_counter()
        person_search(user=worker, criteria=PersonSearchCriteria(nhs_number=number))
        by_nhs.append(time.perf_counter() - started)
    timings, first, top10 = [], 0, 0
    for target in targets:
        started = time.perf_counter()
        results = person_search(user=worker, criteria=target.criteria)
        timings.append(time.perf_counter() - started)
        ids = [r.person.pk for r in results]
        first += bool(ids and ids[0] == target.person_id)
        top10 += target.person_id in ids[:10]
    f50, f95 = _pct(floor)
    n50, n95 = _pct(by_nhs)
    s50, s95 = _pct(timings)
    print(f"  {people:>9,} people, {len(targets)} fuzzy searches, {len(nhs)} NHS look-ups")
    print(f"    floor: exact NHS-number query    p50 {f50:7.2f} ms   p95 {f95:7.2f} ms")
    print(f"    person_search by NHS number      p50 {n50:7.2f} ms   p95 {n95:7.2f} ms")
    print(
        f"    person_search, fuzzy             p50 {s50:7.2f} ms   p95 {s95:7.2f} ms   "
        f"(x{s50 / f50:.0f} / x{s95 / f95:.0f} the floor)"
    )
    print(
        f"    the person searched for: first {first / len(targets):.1%}, "
        f"in the top 10 {top10 / len(targets):.1%}"
    )


def _measure_again(database: str) -> None:
    import os
    import sys

    import django
    from _django import ROOT

    sys.path.insert(0, str(ROOT))
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / f'{DATABASE_NAME}.sqlite3'}"
    else:
        url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{DATABASE_NAME}"
    setup_env = {"SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"}
    for key, value in setup_env.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("OPENMASH_HTTPS", "false")
    os.environ.setdefault("OPENMASH_STATIC_MANIFEST", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from openmash.accounts.models import User
    from openmash.people.models import Person

    print(f"Person search on {database}, measured again on the people already loaded")
    measure(User.objects.get(email="bench@council.test"), Person.objects.count(), Random(SEED + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", nargs="?", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--people", default="200000,1000000", help="comma-separated sizes")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the people a previous run on this database left (no loading)",
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.people.split(","))
    if args.reuse:
        _measure_again(args.database)
        return
    setup_named(args.database, DATABASE_NAME)
    from django.db import connection

    from openmash.people.bulk import people_bulk_load

    worker = _worker()
    rows = synthetic_rows(SEED)
    rng = Random(SEED)
    loaded = 0
    print(f"Person search on {args.database} (generator seed {SEED})")
    for size in sizes:
        started = time.perf_counter()
        loaded += people_bulk_load(next(rows) for _ in range(size - loaded))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  loaded {loaded:,} people in {time.perf_counter() - started:.0f} s")
        measure(worker, loaded, rng)


if __name__ == "__main__":
    main()
