"""Audit overhead per request, and sealing throughput.

For each database: the median server time of a contact page (which writes one access row) with
the access gate's audit write in place, beside the same page with that one write skipped (the
floor); the difference is the audit overhead per request. Then how fast rows are sealed into the
hash chain, and whether readers wait for a sealer (median page time while a sealer runs).

    python benchmarks/bench_audit.py [sqlite|postgres] [--requests N]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from typing import Any

from _django import setup

WARMUP = 30


def _world() -> tuple[Any, Any]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from openmash.accounts.models import AgencyType, Role
    from openmash.accounts.services import agency_create, user_create
    from openmash.contacts.services import ContactInput, SubjectInput, contact_create
    from openmash.people.matching import SubjectDetails
    from openmash.people.services import person_create

    la = agency_create(
        actor=None, code="LA", name="Bench Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    worker = user_create(
        actor=None,
        email="bench@council.test",
        full_name="Bench Worker",
        agency=la,
        roles=Role.objects.filter(code="social_worker"),
        password="bench-password-123456",
    )
    TOTP.activate(worker, generate_totp_secret())
    child = person_create(actor=None, given_name="Bench", family_name="Child")
    contact = contact_create(
        actor=None,
        data=ContactInput(
            source_agency=la,
            channel="phone",
            concern="x",
            subjects=[SubjectInput(details=SubjectDetails("Bench", "Child"), person=child)],
        ),
    )
    return worker, contact


def _time_requests(client: Any, url: str, n: int, *, warmup: int = WARMUP) -> list[float]:
    for _ in range(warmup):
        client.get(url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def run(database: str, n: int) -> None:
    setup(database)
    from django.test import Client

    import openmash.contacts.permissions as gate
    from openmash.core.audit import audit_seal
    from openmash.core.models import AuditEvent

    worker, contact = _world()
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/contacts/{contact.pk}/"

    # Interleaved, so both sides see the same machine noise.
    real_record_read = gate.record_read
    _time_requests(client, url, WARMUP)
    with_audit_times, floor_times = [], []
    try:
        for _ in range(n):
            gate.record_read = real_record_read
            with_audit_times += _time_requests(client, url, 1, warmup=0)
            gate.record_read = lambda *a, **k: None  # the floor: the same page, no access row
            floor_times += _time_requests(client, url, 1, warmup=0)
    finally:
        gate.record_read = real_record_read
    with_audit, floor = statistics.median(with_audit_times), statistics.median(floor_times)

    rows = AuditEvent.objects.filter(seq__isnull=True).count()
    start = time.perf_counter()
    sealed = audit_seal()
    seal_s = time.perf_counter() - start

    # Readers while a sealer works through a backlog: do page times change?
    for _ in range(10):  # a backlog of unsealed rows for the sealer to work through
        _time_requests(client, url, n)
    stop = threading.Event()

    def sealer() -> None:
        from django.db import connection

        while not stop.is_set():  # as the scheduler does, but waking every 0.2 s
            if audit_seal() == 0:
                stop.wait(0.2)
        connection.close()

    thread = threading.Thread(target=sealer)
    thread.start()
    during_seal = statistics.median(_time_requests(client, url, n))
    stop.set()
    thread.join()

    print(f"[{database}] contact page, median of {n} requests")
    print(f"  with access audit row   {with_audit:8.2f} ms")
    print(f"  floor (no audit write)  {floor:8.2f} ms")
    print(
        f"  audit overhead          {with_audit - floor:8.2f} ms per request "
        f"(ratio to floor {with_audit / floor:.2f})"
    )
    print(
        f"  while a sealer runs     {during_seal:8.2f} ms "
        f"(ratio to floor {during_seal / floor:.2f})"
    )
    print(
        f"  sealing                 {sealed} rows in {seal_s:.2f} s "
        f"= {sealed / seal_s:,.0f} rows/s ({rows} waiting)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", choices=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    run(args.database, args.requests)


if __name__ == "__main__":
    main()
