from __future__ import annotations

from django.core.management import call_command
from django.test import Client

from openmash.accounts.models import ApiKey
from openmash.accounts.services import api_key_create, user_deactivate
from openmash.core.models import AuditEvent
from tests.conftest import World


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_key_acts_with_its_users_permissions(world: World, contact) -> None:
    _, referrer_key = api_key_create(actor=None, user=world.referrer, name="School MIS")
    _, outsider_key = api_key_create(actor=None, user=world.outsider, name="Other MIS")

    assert _bearer(referrer_key).get(f"/api/v1/contacts/{contact.pk}/").status_code == 200
    assert _bearer(outsider_key).get(f"/api/v1/contacts/{contact.pk}/").status_code == 404
    assert _bearer(referrer_key).get("/api/v1/persons/search/?q=Rahman").status_code == 403


def test_the_key_is_stored_only_as_a_hash(world: World) -> None:
    key, secret = api_key_create(actor=world.admin, user=world.referrer, name="School MIS")
    stored = ApiKey.objects.get(pk=key.pk)
    assert secret.split("_", 2)[2] not in stored.key_hash
    assert len(stored.key_hash) == 64


def test_a_revoked_or_wrong_key_is_refused_with_a_reason(world: World) -> None:
    key, secret = api_key_create(actor=None, user=world.referrer, name="School MIS")
    client = _bearer(secret)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post(f"/api/v1/api-keys/{key.pk}/revoke/").status_code == 200

    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key is not valid or has been revoked."
    assert _bearer(secret + "x").get("/api/v1/me/").status_code == 401
    assert _bearer("nonsense").get("/api/v1/me/").status_code == 401


def test_deactivating_a_user_revokes_their_keys(world: World) -> None:
    _, secret = api_key_create(actor=None, user=world.referrer, name="School MIS")
    user_deactivate(actor=world.admin, user=world.referrer, reason="Left the school")
    assert _bearer(secret).get("/api/v1/me/").status_code == 401


def test_key_use_is_audited_with_the_key_named(world: World, contact) -> None:
    key, secret = api_key_create(actor=None, user=world.referrer, name="School MIS")
    _bearer(secret).get(f"/api/v1/contacts/{contact.pk}/")

    used = AuditEvent.objects.get(verb="api_key.used")
    assert used.actor == world.referrer
    viewed = AuditEvent.objects.get(verb="record.viewed", target_id=str(contact.pk))
    assert viewed.via == f"api:{key.prefix}"


def test_create_api_key_command_prints_the_key_once(world: World, capsys) -> None:
    call_command("create_api_key", "--user", world.referrer.email, "--name", "MIS")
    out = capsys.readouterr()
    secret = out.out.strip()
    assert secret.startswith("om_")
    assert "shown only once" in out.err
    assert _bearer(secret).get("/api/v1/me/").json()["email"] == world.referrer.email


def test_lists_are_paginated_up_to_500(world: World) -> None:
    _, secret = api_key_create(actor=None, user=world.admin, name="Admin")
    body = _bearer(secret).get("/api/v1/users/?page_size=1000").json()
    assert set(body) >= {"count", "next", "results"}
    assert body["count"] == 8
    first = _bearer(secret).get("/api/v1/users/?page_size=3").json()
    assert len(first["results"]) == 3
    assert "page=2" in first["next"]
