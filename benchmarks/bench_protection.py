"""Child protection "My work" for a team with 5,000 open children, beside a minimal page as the
floor (the signed-in home page) measured in the same run.

Bulk-creates 5,000 children with open protection cases on one assessment team (and 5,000
closed ones), 40 social workers leading them, a police member on one in five, and a deadline
for each ("what is due next", kept on the case by the services) either side of now. Then,
interleaved so every page sees the same machine noise, times the team's page (the soonest 50),
a worker's own page and the plans API, and prints p50 and p95 server time, the query count of
each page and the ratio of each median to the floor's.

    python benchmarks/bench_protection.py [sqlite|postgres] [--children 5000] [--requests 200]
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261207
WHAT = ["Strategy discussion", "Initial conference", "Assessment", "Review conference"]


def setup(database: str) -> None:
    from _django import setup as setup_database

    setup_database(database, "openmash_bench_protection")


def _staff() -> dict[str, Any]:
    from openmash.accounts.models import AgencyType, Role, TeamKind
    from openmash.accounts.services import agency_create, team_create, user_create

    la = agency_create(
        actor=None, code="LA", name="Bench Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    police = agency_create(
        actor=None, code="POL", name="Bench Police", agency_type=AgencyType.POLICE
    )
    team = team_create(actor=None, agency=la, name="Assessment 1", kind=TeamKind.ASSESSMENT)

    def user(email: str, role: str, agency: Any) -> Any:
        return user_create(
            actor=None,
            email=email,
            full_name=email.split("@")[0].replace(".", " ").title(),
            agency=agency,
            roles=Role.objects.filter(code=role),
            password="bench-password-123456",
        )

    workers = [user(f"worker{n}@council.test", "social_worker", la) for n in range(40)]
    for worker in workers:
        worker.teams.add(team)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(workers[0], generate_totp_secret())
    officer = user("pc.bench@police.test", "agency_representative", police)
    return {"team": team, "workers": workers, "police": officer}


def _cases(rng: Random, children: int, staff: dict[str, Any]) -> None:
    from django.utils import timezone

    from openmash.people.models import Person
    from openmash.protection.models import ProtectionCase, ProtectionMember

    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(
                given_name=rng.choice(["Ava", "Leo", "Mia", "Omar", "Ivy", "Theo"]),
                family_name=f"Family{n}",
                date_of_birth=date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000)),
            )
            for n in range(children * 2)
        ],
        batch_size=2000,
    )
    if people[0].pk is None:
        people = list(Person.objects.order_by("pk"))
    rows = []
    for n, person in enumerate(people):
        closed = n >= children
        due = (
            None
            if closed or rng.random() < 0.05
            else now + timedelta(hours=rng.uniform(-200, 2000))
        )
        rows.append(
            ProtectionCase(
                person=person,
                team=staff["team"],
                lead_practitioner=staff["workers"][n % len(staff["workers"])],
                opened_at=now - timedelta(days=rng.randint(1, 700)),
                closed_at=now - timedelta(days=1) if closed else None,
                next_due_at=due,
                next_due_what=rng.choice(WHAT) if due else "",
            )
        )
    cases = ProtectionCase.objects.bulk_create(rows, batch_size=2000)
    if cases[0].pk is None:
        cases = list(ProtectionCase.objects.order_by("pk"))
    ProtectionMember.objects.bulk_create(
        [
            ProtectionMember(case=case, user=staff["police"], role="police")
            for case in cases[:children:5]
        ],
        batch_size=2000,
    )


def run(database: str, children: int, n: int) -> None:
    setup(database)
    import bench_queue as q
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    rng = Random(SEED)
    started = time.perf_counter()
    staff = _staff()
    _cases(rng, children, staff)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_s = time.perf_counter() - started
    client = Client()
    client.force_login(staff["workers"][0], backend="django.contrib.auth.backends.ModelBackend")
    team = staff["team"].pk
    print(
        f"[{database}] My work: a team with {children:,} open children ({children:,} closed) "
        f"loaded in {load_s:.0f} s; {n} requests a page, interleaved; signed in as a worker"
    )
    q._report(
        client,
        [
            ("floor: signed-in home page", "/"),
            ("My work: team of 5,000, first 50", f"/protection/?team={team}"),
            ("My work: a worker's own 250", "/protection/"),
            ("API plans, first page", "/api/v1/plans/"),
        ],
        n,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", choices=["sqlite", "postgres"])
    parser.add_argument("--children", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    run(args.database, args.children, args.requests)


if __name__ == "__main__":
    main()
