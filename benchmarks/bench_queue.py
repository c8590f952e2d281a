"""The MASH queue page with 100,000 contacts in the database, beside a minimal page as the floor.

Bulk-creates a realistic history: most contacts closed (spread over three years, each allocated
to a worker, so the continuity suggestion has history to search), a few thousand open ones with
mixed stages, RAG ratings (some unrated, some paused), clocks either side of now, allocations,
one to three people from a family each (families recur, as re-referrals do) and one or two
concern categories. Then, interleaved so every page sees the same machine noise, times the
queue page at 25 and 100 contacts a page, with filters, and the queue API, beside the signed-in
home page (the floor: session, user, MFA and the base template, no records). Prints p50 and p95
server time, the query count of each page, and the ratio of each median to the floor's.

    python benchmarks/bench_queue.py [sqlite|postgres] [--contacts 100000] [--open 3000]
                                     [--requests 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261122
WARMUP = 10
PAGES = [
    ("floor: signed-in home page", "/"),
    ("queue, 25 a page", "/mash/queue/?page_size=25"),
    ("queue, 100 a page", "/mash/queue/?page_size=100"),
    ("queue, 25, child + neglect", "/mash/queue/?page_size=25&who=child&category=neglect"),
    ("queue, 25, red + unallocated", "/mash/queue/?page_size=25&rag=red&worker=unallocated"),
    ("queue, 25, page 20", "/mash/queue/?page_size=25&page=20"),
    ("API queue, 100 a page", "/api/v1/queue/?page_size=100"),
]


def setup(database: str) -> None:
    """A database of this benchmark's own, so it can run while another benchmark runs."""
    from _django import setup as setup_database

    setup_database(database, "openmash_bench_queue")


def _staff() -> dict[str, Any]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from openmash.accounts.models import AgencyType, Role, TeamKind
    from openmash.accounts.services import agency_create, team_create, user_create

    la = agency_create(
        actor=None, code="LA", name="Bench Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    kinds = [AgencyType.POLICE, AgencyType.SCHOOL, AgencyType.HEALTH, AgencyType.GP]
    sources = [la] + [
        agency_create(actor=None, code=f"A{i}", name=f"Agency {i}", agency_type=kind)
        for i, kind in enumerate(kinds * 3)
    ]
    children = team_create(actor=None, agency=la, name="MASH", kind=TeamKind.MASH_SCREENING)
    adults = team_create(actor=None, agency=la, name="Adults MASH", kind=TeamKind.ADULTS_MASH)

    def user(n: int, role: str, team: Any) -> Any:
        made = user_create(
            actor=None,
            email=f"{role}{n}@council.test",
            full_name=f"{role.replace('_', ' ').title()} {n}",
            agency=la,
            roles=Role.objects.filter(code=role),
            password="bench-password-123456",
        )
        made.teams.add(team)
        return made

    workers = [user(n, "social_worker", children if n % 4 else adults) for n in range(24)]
    manager = user(0, "team_manager", children)
    TOTP.activate(manager, generate_totp_secret())
    return {"sources": sources, "teams": (children, adults), "workers": workers, "manager": manager}


def _people(rng: Random, families: int) -> list[list[int]]:
    """Families of one to three people (children mostly, an adult now and then)."""
    from openmash.people.models import Person

    given = ["Ava", "Noah", "Mia", "Leo", "Isla", "Alfie", "Ivy", "Theo", "Zara", "Omar"]
    family = ["Smith", "Khan", "Jones", "Patel", "Brown", "Okafor", "Nowak", "Evans", "Ali"]
    rows, sizes = [], []
    for _ in range(families):
        size = rng.choice([1, 1, 2, 2, 3])
        sizes.append(size)
        surname = f"{rng.choice(family)}{rng.randint(1, 999)}"
        for _ in range(size):
            born = date(2008, 1, 1) + timedelta(days=rng.randint(0, 6000))
            rows.append(
                Person(given_name=rng.choice(given), family_name=surname, date_of_birth=born)
            )
    ids = [p.pk for p in Person.objects.bulk_create(rows, batch_size=2000)]
    if ids[0] is None:  # databases that do not return ids from bulk inserts
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    out, at = [], 0
    for size in sizes:
        out.append(ids[at : at + size])
        at += size
    return out


def _open_fields(rng: Random, now: datetime, staff: dict[str, Any]) -> dict[str, Any]:
    from openmash.contacts.models import ContactStatus

    status = rng.choices(
        [
            ContactStatus.RECEIVED,
            ContactStatus.SCREENING,
            ContactStatus.INFORMATION_GATHERING,
            ContactStatus.DECISION_PROPOSED,
        ],
        weights=[3, 3, 3, 1],
    )[0]
    received = now - timedelta(hours=rng.uniform(0, 120))
    fields: dict[str, Any] = {
        "status": status,
        "received_at": received,
        "decision_due_at": received + timedelta(hours=24),
    }
    if status != ContactStatus.RECEIVED or rng.random() < 0.2:
        rag = rng.choices(["red", "amber", "green", "blue"], weights=[1, 4, 4, 1])[0]
        fields.update(rag=rag, rated_at=received + timedelta(minutes=30))
        if rag != "blue":
            fields["rag_due_at"] = now + timedelta(hours=rng.uniform(-10, 72))
        if rag not in ("red", "blue") and rng.random() < 0.05:
            fields["rag_paused_at"] = now - timedelta(hours=1)
    if status != ContactStatus.RECEIVED and rng.random() < 0.8:
        fields.update(
            allocated_to=rng.choice(staff["workers"]), allocated_at=received + timedelta(hours=1)
        )
    return fields


def _contacts(rng: Random, total: int, open_count: int, staff: dict[str, Any]) -> None:
    from django.utils import timezone

    from openmash.contacts.models import ConcernCategory, Contact, ContactStatus, ContactSubject

    now = timezone.now()
    families = _people(rng, total // 2)
    categories = list(ConcernCategory.objects.filter(is_active=True).values_list("pk", flat=True))
    open_at = set(rng.sample(range(total), open_count))
    # A quarter of families account for most contacts (re-referrals), as in real MASH data.
    busy = families[: len(families) // 4]
    batch, subjects, links = [], [], []
    for n in range(total):
        chosen = rng.choice(busy) if rng.random() < 0.6 else rng.choice(families)
        is_child = rng.random() < 0.85
        team = staff["teams"][0 if is_child else 1]
        if n in open_at:
            fields = _open_fields(rng, now, staff)
        else:
            received = now - timedelta(days=rng.uniform(6, 3 * 365))
            fields = {
                "status": ContactStatus.CLOSED,
                "received_at": received,
                "decision_due_at": received + timedelta(hours=24),
                "closed_at": received + timedelta(days=2),
                "rag": rng.choice(["red", "amber", "green", "blue"]),
                "allocated_to": rng.choice(staff["workers"]),
                "allocated_at": received + timedelta(hours=2),
            }
        batch.append(
            Contact(
                reference=f"C{fields['received_at']:%y}-{n:07d}",
                channel=rng.choice(["portal", "phone", "email", "bulk"]),
                source_agency=rng.choice(staff["sources"]),
                concern="Synthetic concern for the queue benchmark.",
                team=team,
                **fields,
            )
        )
        subjects.append((chosen, is_child))
        links.append(rng.sample(categories, rng.choice([1, 1, 2])))
        if len(batch) == 5000 or n == total - 1:
            _save(batch, subjects, links, ContactSubject)
            batch, subjects, links = [], [], []


def _save(batch: list[Any], subjects: list[Any], links: list[Any], subject_model: Any) -> None:
    from openmash.contacts.models import Contact

    made = Contact.objects.bulk_create(batch)
    if made[0].pk is None:
        refs = {c.reference: c for c in made}
        for pk, ref in Contact.objects.filter(reference__in=refs).values_list("pk", "reference"):
            refs[ref].pk = pk
    rows, through = [], []
    for contact, (people, is_child), categories in zip(made, subjects, links, strict=True):
        for person_id in people:
            rows.append(
                subject_model(
                    contact_id=contact.pk,
                    person_id=person_id,
                    is_child=is_child,
                    given_name="Bench",
                    family_name=f"Person{person_id}",
                    match_status="linked",
                )
            )
        for category_id in categories:
            through.append(
                Contact.categories.through(contact_id=contact.pk, concerncategory_id=category_id)
            )
    subject_model.objects.bulk_create(rows, batch_size=5000)
    Contact.categories.through.objects.bulk_create(through, batch_size=5000)


def _time_one(client: Any, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def _queries(client: Any, url: str) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response["Content-Type"].startswith("application/json"):
        return len(captured), len(response.json()["results"])
    rows = response.content.count(b'class="govuk-table__row"')
    return len(captured), max(rows - 1, 0)


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def run(database: str, total: int, open_count: int, n: int) -> None:
    setup(database)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # Bench users only: hashing 25 passwords with the real hasher would take longer than the data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    rng = Random(SEED)
    started = time.perf_counter()
    staff = _staff()
    _contacts(rng, total, open_count, staff)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_s = time.perf_counter() - started
    client = Client()
    client.force_login(staff["manager"], backend="django.contrib.auth.backends.ModelBackend")
    print(
        f"[{database}] MASH queue: {total:,} contacts ({open_count:,} open) loaded in "
        f"{load_s:.0f} s; {n} requests a page, interleaved; signed in as a team manager"
    )
    # The queue's covering index (contact_queue_cover_idx, migration contacts 0006) is in place.
    _report(client, PAGES, n)


def _report(client: Any, pages: list[tuple[str, str]], n: int) -> None:
    for _, url in pages:
        for _ in range(WARMUP):
            _time_one(client, url)
    times: dict[str, list[float]] = {url: [] for _, url in pages}
    for _ in range(n):
        for _, url in pages:
            times[url].append(_time_one(client, url))
    floor = statistics.median(times["/"])
    print(f"  {'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'rows':>5} {'p50/floor':>10}")
    for label, url in pages:
        queries, rows = _queries(client, url)
        p50 = statistics.median(times[url])
        print(
            f"  {label:32} {p50:8.2f} {_p95(times[url]):8.2f} {queries:8d} {rows:5d} "
            f"{p50 / floor:10.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", choices=["sqlite", "postgres"])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--open", type=int, default=3_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    run(args.database, args.contacts, args.open, args.requests)


if __name__ == "__main__":
    main()
