"""Out-of-hours pages: each with who may and who may not, on the same set-up."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.outofhours.models import EdtRecord, OutOfHoursSetting
from openmash.outofhours.verbs import OutOfHoursVerb
from tests.conftest import World, client_for
from tests.outofhours.helpers import contact_received, edt_worker, london


def _record(world: World) -> EdtRecord:
    return contact_received(world, london(2026, 11, 14, 23, 0)).edt_record


def test_edt_worker_sees_the_queue_and_a_referrer_does_not(world: World) -> None:
    record = _record(world)
    worker = edt_worker(world)
    page = client_for(worker).get(reverse("outofhours:queue"))
    assert page.status_code == 200
    assert record.contact.reference in page.text
    assert "Mia Okafor" in page.text
    listed = AuditEvent.objects.filter(actor=worker, verb="record.listed").last()
    assert listed is not None
    assert listed.summary["ids"] == [record.pk]
    for outsider in (world.referrer, world.police_rep, world.admin):
        assert client_for(outsider).get(reverse("outofhours:queue")).status_code == 403


def test_edt_worker_records_a_visit_through_the_page(world: World) -> None:
    record = _record(world)
    worker = edt_worker(world)
    url = reverse("outofhours:action_add", args=[record.pk])
    with time_machine.travel(london(2026, 11, 15, 1, 0), tick=False):
        response = client_for(worker).post(
            url,
            {
                "kind": "visit",
                "taken_on_day": "15",
                "taken_on_month": "11",
                "taken_on_year": "2026",
                "taken_time": "00:20",
                "detail": "Visited: Mia safe at her aunt's.",
            },
        )
    assert response.status_code == 302
    action = record.actions.get()
    assert action.taken_at == london(2026, 11, 15, 0, 20)
    assert action.recorded_by == worker


def test_a_visit_without_details_shows_the_error_and_saves_nothing(world: World) -> None:
    record = _record(world)
    url = reverse("outofhours:action_add", args=[record.pk])
    response = client_for(world.social_worker).post(url, {"kind": "visit"})
    assert response.status_code == 200
    assert "Error: Record an action" in response.text
    assert "Enter what was done and what was found" in response.text
    assert not record.actions.exists()


def test_auditor_reads_a_record_but_cannot_record_an_action(world: World) -> None:
    record = _record(world)
    assert (
        client_for(world.auditor).get(reverse("outofhours:record", args=[record.pk])).status_code
        == 200
    )
    url = reverse("outofhours:action_add", args=[record.pk])
    assert client_for(world.auditor).get(url).status_code == 403
    assert client_for(world.referrer).get(url).status_code == 404


def test_the_day_team_updates_the_plan_from_the_contact_page(world: World) -> None:
    record = _record(world)
    worker = edt_worker(world)
    plan_url = reverse("outofhours:safety_plan", args=[record.pk])
    plan = {
        "version": "0",
        "who_does_what": "Aunt keeps Mia tonight.",
        "until_on_day": "16",
        "until_on_month": "11",
        "until_on_year": "2026",
        "until_time": "17:00",
        "how_checked": "EDT rings the aunt at 08:00.",
    }
    with time_machine.travel(london(2026, 11, 15, 1, 0), tick=False):
        assert client_for(worker).post(plan_url, plan).status_code == 302
    contact_page = client_for(world.social_worker).get(
        reverse("contacts:detail", args=[record.contact_id])
    )
    assert "Received out of hours" in contact_page.text
    assert "Aunt keeps Mia tonight." in contact_page.text
    update = {**plan, "version": "1", "until_on_day": "20", "change_reason": "Until the meeting"}
    response = client_for(world.social_worker).post(plan_url, update)
    assert response.status_code == 302
    assert record.plan_versions.count() == 2
    assert record.plan_versions.first().by_day_team
    stale = client_for(world.contact_officer).post(plan_url, update)
    assert "Someone else changed the safety plan" in stale.text


def test_the_referrer_sees_nothing_of_edt_on_their_contact(world: World) -> None:
    record = _record(world)
    page = client_for(world.referrer).get(reverse("contacts:detail", args=[record.contact_id]))
    assert page.status_code == 200
    assert "out of hours" not in page.text.lower()
    assert (
        client_for(world.referrer).get(reverse("outofhours:record", args=[record.pk])).status_code
        == 404
    )


def test_manager_acknowledges_the_handover_and_a_social_worker_cannot(world: World) -> None:
    record = _record(world)
    url = reverse("outofhours:handover_acknowledge", args=[record.handover_id])
    assert client_for(world.social_worker).post(url, {}).status_code == 403
    response = client_for(world.manager).post(url, {"note": "Sam takes Mia's contact"})
    assert response.status_code == 302
    record.handover.refresh_from_db()
    assert record.handover.acknowledged_by == world.manager
    assert AuditEvent.objects.filter(verb=OutOfHoursVerb.HANDOVER_ACKNOWLEDGED).count() == 1
    page = client_for(world.manager).get(reverse("outofhours:handover", args=[record.handover_id]))
    assert "Acknowledged by" in page.text
    assert "Acknowledge the hand-over" not in page.text


def test_admin_changes_the_period_and_a_manager_cannot(world: World) -> None:
    url = reverse("outofhours:settings")
    data = {
        "day_starts": "08:30",
        "day_ends": "17:00",
        "weekends": "on",
        "bank_holidays": "on",
        "acknowledge_by": "10:00",
        "reason": "Earlier start from January",
    }
    assert client_for(world.manager).post(url, data).status_code == 403
    assert client_for(world.admin).post(url, data).status_code == 302
    page = client_for(world.admin).get(url)
    assert "Earlier start from January" in page.text
    assert OutOfHoursSetting.objects.count() == 2


def test_the_home_page_tells_the_manager_of_the_waiting_handover(world: World) -> None:
    _record(world)
    assert "Hand-over of Monday 16 November" in client_for(world.manager).get("/").text
    assert "Hand-over of" not in client_for(world.referrer).get("/").text


def test_the_queue_and_a_handover_take_as_many_queries_for_four_records_as_for_one(
    world: World,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _record(world)
    client = client_for(world.social_worker)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queue:
            assert client.get(reverse("outofhours:queue")).status_code == 200
        url = reverse("outofhours:handover", args=[first.handover_id])
        with CaptureQueriesContext(connection) as handover:
            assert client.get(url).status_code == 200
        return len(queue), len(handover)

    queries()  # the first request of a session does more (its roles, its session)
    one = queries()
    for hour in (20, 21, 22):
        contact_received(world, london(2026, 11, 14, hour, 0))
    assert EdtRecord.objects.filter(handover=first.handover).count() == 4
    assert queries() == one
