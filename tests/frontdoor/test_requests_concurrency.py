"""Two workers asking the same agency at the same moment: the contact's row lock makes the second
wait, see the first request and be refused, so one request per agency holds (PostgreSQL only:
SQLite runs one writer at a time anyway)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import InformationRequest
from tests.frontdoor.test_requests_support import screened, send

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_two_workers_asking_the_same_agency_at_once_make_one_request(world, contact):
    contact = screened(world, contact)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def ask(worker) -> None:
        from django.db import connections

        barrier.wait()
        try:
            send(world, contact, actor=worker)
            outcomes.append("sent")
        except ApplicationError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=ask, args=(worker,))
        for worker in (world.social_worker, world.contact_officer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2
    assert outcomes.count("sent") == 1
    (refusal,) = [outcome for outcome in outcomes if outcome != "sent"]
    assert "Test Police already has an open request" in refusal
    assert InformationRequest.objects.filter(contact=contact).count() == 1
