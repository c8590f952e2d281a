"""The Family Help queue: requests oldest first, the team's open cases and the families the user
leads, in the same number of queries however many there are; every list is logged."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openmash.core.models import AuditEvent
from tests.conftest import World, client_for
from tests.familyhelp.helpers import fh_setup, open_case, requested_case, sibling, with_plan


def _queries(user: Any) -> int:
    client = client_for(user)
    client.get(reverse("familyhelp:queue"))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("familyhelp:queue")).status_code == 200
    return len(queries)


def test_the_queue_costs_the_same_queries_for_one_family_or_many(world: World, child: Any) -> None:
    fh = fh_setup(world)
    with_plan(fh, open_case(fh, child))
    requested_case(fh, child)
    one = _queries(fh.worker)
    for name in ("Zain", "Lily", "Omar"):
        with_plan(fh, open_case(fh, sibling(name, "Okafor")))
        requested_case(fh, sibling(name, "Ahmed"))
    assert _queries(fh.worker) == one


def test_the_team_sees_requests_oldest_first_and_the_list_is_logged(
    world: World, child: Any, clock: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    fh = fh_setup(world)
    first = requested_case(fh, child)
    clock.move_to(timezone.now() + timedelta(hours=2))
    second = requested_case(fh, sibling())
    page = client_for(fh.worker).get(reverse("familyhelp:queue")).content.decode()
    assert page.index(first.reference) < page.index(second.reference)
    row = AuditEvent.objects.filter(actor=fh.worker, verb="record.listed").latest("id")
    assert set(row.summary["ids"]) == {first.pk, second.pk}


def test_someone_with_no_part_in_family_help_is_told_so(world: World) -> None:
    page = client_for(world.police_rep).get(reverse("familyhelp:queue"))
    assert page.status_code == 200
    assert "You have no Family Help requests or families" in page.content.decode()
