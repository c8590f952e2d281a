"""The chronology pages of a family with 500 events, and the PDF export, beside a minimal page.

A child and their mother are named together in 100 contacts over a year, each rated once, and
each has 50 entries a worker added from other records (the mother 49 and an open adults'
safeguarding enquiry): 250 events each, 500 for the family. The family page also asks every app
what is open now about the mother (the 100 contacts are open, and her enquiry). Signed
in as a social worker, the benchmark requests each page in turn (interleaved, after a warm-up) and
prints p50 and p95 server time, the query count, and each median's ratio to the floor's (the
signed-in home page, measured in the same run). The machine is small and shared: the ratios are
the comparable figures.

    python benchmarks/bench_chronology.py sqlite|postgres [--requests 40] [--name DB]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

CONTACTS = 100
ENTRIES = 50  # per person
WARMUP = 3


def setup(database: str, name: str = "openmash_bench_chronology") -> None:
    from _django import setup as setup_database

    setup_database(database, name)


def _family() -> tuple[Any, Any, Any]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from openmash.accounts.models import AgencyType, Role, TeamKind
    from openmash.accounts.roles import roles_load_defaults
    from openmash.accounts.services import agency_create, team_create, user_create
    from openmash.adults.models import SafeguardingEnquiry
    from openmash.chronology.models import ChronologyEntry, EntryKind
    from openmash.contacts.services import ContactInput, SubjectInput, contact_create
    from openmash.frontdoor.models import RagRating
    from openmash.people.households import relationship_add
    from openmash.people.matching import SubjectDetails
    from openmash.people.models import RelationshipKind
    from openmash.people.services import person_create

    roles_load_defaults()
    la = agency_create(
        actor=None, code="LA", name="Bench Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    police = agency_create(
        actor=None, code="POL", name="Bench Police", agency_type=AgencyType.POLICE
    )
    team = team_create(actor=None, agency=la, name="MASH", kind=TeamKind.MASH_SCREENING)
    worker = user_create(
        actor=None,
        email="worker@council.test",
        full_name="Bench Worker",
        agency=la,
        roles=Role.objects.filter(code="social_worker"),
        password="bench-password-123456",
    )
    worker.teams.add(team)
    TOTP.activate(worker, generate_totp_secret())
    child = person_create(
        actor=None, given_name="Maya", family_name="Bench", date_of_birth=date(2016, 1, 9)
    )
    mother = person_create(
        actor=None, given_name="Lena", family_name="Bench", date_of_birth=date(1990, 6, 2)
    )
    relationship_add(
        from_person=mother,
        to_person=child,
        kind=RelationshipKind.PARENT,
        source="bench",
        actor=None,
    )
    # Contacts are received within the last year (older history goes in as entries).
    start = timezone.now() - timedelta(days=360)
    ratings = []
    for n in range(CONTACTS):
        contact = contact_create(
            actor=None,
            data=ContactInput(
                source_agency=police if n % 2 else la,
                channel="phone",
                concern=f"Incident {n}: police called to the address; neighbours heard shouting",
                subjects=[
                    SubjectInput(
                        details=SubjectDetails(given_name="Maya", family_name="Bench"), person=child
                    ),
                    SubjectInput(
                        details=SubjectDetails(given_name="Lena", family_name="Bench"),
                        person=mother,
                    ),
                ],
                received_at=start + timedelta(hours=84 * n),
            ),
        )
        ratings.append(
            RagRating(
                contact=contact,
                rating="amber",
                reason="Repeat incidents",
                rated_by=worker,
                rated_at=contact.received_at + timedelta(hours=2),
            )
        )
    RagRating.objects.bulk_create(ratings)
    kinds = list(EntryKind.values)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            person=person,
            happened_on=date(2015, 1, 1) + timedelta(days=40 * n),
            kind=kinds[n % len(kinds)],
            summary=f"Event {n} from another agency's record",
            detail="A paragraph of what the record says happened, as a worker copied it across.",
            agency=police if n % 3 else None,
            recorded_by=worker,
        )
        for person in (child, mother)
        for n in range(ENTRIES if person == child else ENTRIES - 1)
    )
    SafeguardingEnquiry.objects.create(
        reference="ASE-BENCH-1",
        person=mother,
        enquiry_type="s42",
        team=team,
        started_on=timezone.localdate() - timedelta(days=20),
        target_date=timezone.localdate() + timedelta(days=20),
    )
    return worker, child, mother


def _time_one(client: Any, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def run(database: str, n: int, name: str) -> None:
    setup(database, name)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from openmash.chronology.selectors import chronology_build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.perf_counter()
    worker, child, mother = _family()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    family_events = chronology_build(worker, [child, mother]).total
    child_events = chronology_build(worker, [child]).total
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    print(
        f"[{database}] chronology: a family of 2 with {family_events} events ({child_events} "
        f"the child's) loaded in {time.perf_counter() - started:.0f} s; {n} requests a page, "
        "interleaved"
    )
    pages = [
        ("floor: signed-in home page", "/"),
        (f"child's chronology ({child_events})", f"/chronology/people/{child.pk}/"),
        (f"family page ({family_events}, open now)", f"/chronology/people/{child.pk}/family/"),
        ("child's chronology, police only", f"/chronology/people/{child.pk}/?agency=2"),
        (f"PDF export ({child_events} events)", f"/chronology/people/{child.pk}/chronology.pdf"),
    ]
    for _, url in pages:
        for _ in range(WARMUP):
            _time_one(client, url)
    times: dict[str, list[float]] = {url: [] for _, url in pages}
    for _ in range(n):
        for _, url in pages:
            times[url].append(_time_one(client, url))
    floor = statistics.median(times["/"])
    print(f"  {'page':36} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p50/floor':>10}")
    for label, url in pages:
        p50 = statistics.median(times[url])
        print(
            f"  {label:36} {p50:8.2f} {_p95(times[url]):8.2f} {_queries(client, url):8d} "
            f"{p50 / floor:10.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", choices=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--name", default="openmash_bench_chronology", help="database name")
    args = parser.parse_args()
    run(args.database, args.requests, args.name)


if __name__ == "__main__":
    main()
