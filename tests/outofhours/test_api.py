"""The out-of-hours API: the same gates and services as the pages."""

from __future__ import annotations

from django.urls import reverse

from openmash.outofhours.models import EdtRecord
from tests.conftest import World, client_for
from tests.outofhours.helpers import contact_received, edt_worker, london


def _record(world: World) -> EdtRecord:
    return contact_received(world, london(2026, 11, 14, 23, 0)).edt_record


def _post(user, name: str, pk: int, body: dict):
    return client_for(user).post(
        reverse(f"api:{name}", args=[pk]), body, content_type="application/json"
    )


def test_edt_worker_records_an_action_and_a_plan_and_reads_them_back(world: World) -> None:
    record = _record(world)
    worker = edt_worker(world)
    action = _post(
        worker,
        "edt_action_create",
        record.pk,
        {"kind": "police", "taken_at": "2026-11-14T23:20:00Z", "detail": "Police attended."},
    )
    assert action.status_code == 201, action.json()
    plan = {
        "version": 0,
        "who_does_what": "Aunt keeps Mia.",
        "until": "2026-11-20T17:00:00Z",
        "how_checked": "EDT rings the aunt.",
    }
    assert _post(worker, "edt_safety_plan", record.pk, plan).status_code == 201
    again = _post(worker, "edt_safety_plan", record.pk, plan)
    assert again.status_code == 409
    assert again.headers["Content-Type"].startswith("application/problem+json")
    body = client_for(world.social_worker).get(reverse("api:edt_record_detail", args=[record.pk]))
    data = body.json()
    assert [a["kind"] for a in data["actions"]] == ["police"]
    assert data["safety_plan"]["version"] == 1
    assert data["handover_day"] == "2026-11-16"


def test_a_bad_action_is_a_400_naming_the_field(world: World) -> None:
    record = _record(world)
    response = _post(
        world.social_worker,
        "edt_action_create",
        record.pk,
        {"kind": "teleport", "taken_at": "2026-11-14T23:20:00Z", "detail": "x"},
    )
    assert response.status_code == 400
    assert "kind" in response.text
    assert not record.actions.exists()


def test_the_queue_lists_waiting_records_for_staff_and_nothing_for_a_referrer(
    world: World,
) -> None:
    record = _record(world)
    listed = client_for(world.contact_officer).get(reverse("api:edt_record_list") + "?waiting=1")
    assert [r["id"] for r in listed.json()["results"]] == [record.pk]
    assert client_for(world.referrer).get(reverse("api:edt_record_list")).status_code == 403
    detail = reverse("api:edt_record_detail", args=[record.pk])
    assert client_for(world.referrer).get(detail).status_code == 404


def test_manager_acknowledges_through_the_api_once(world: World) -> None:
    record = _record(world)
    response = _post(world.manager, "edt_handover_acknowledge", record.handover_id, {})
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == world.manager.full_name
    assert (
        _post(world.manager, "edt_handover_acknowledge", record.handover_id, {}).status_code == 409
    )
    refused = _post(world.social_worker, "edt_handover_acknowledge", record.handover_id, {})
    assert refused.status_code == 403
    hand_overs = client_for(world.auditor).get(reverse("api:edt_handover_list")).json()
    assert hand_overs["results"][0]["records"] == [record.pk]
