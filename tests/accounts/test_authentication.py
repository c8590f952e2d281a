from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openmash.accounts.middleware import SESSION_LAST_SEEN
from openmash.accounts.models import User
from openmash.accounts.services import api_key_create, users_disable_dormant
from openmash.core.models import AuditEvent
from openmash.core.signals import SESSION_STARTED
from tests.conftest import PASSWORD, World, client_for, make_user

pytestmark = pytest.mark.clock


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_user_without_mfa_must_set_it_up_before_anything_else(world: World) -> None:
    newcomer = make_user("new@council.test", world.la, "social_worker", mfa=False)
    client = Client()
    _sign_in(client, newcomer.email)

    response = client.get(reverse("contacts:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403


def test_a_user_with_mfa_is_asked_for_a_code_and_then_signed_in(world: World) -> None:
    client = Client()
    response = _sign_in(client, world.social_worker.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("contacts:list")).status_code == 302  # not signed in yet

    totp = Authenticator.objects.get(user=world.social_worker, type="totp")
    secret = totp.wrap().instance.data["secret"]
    counter = next(yield_hotp_counters_from_time())
    code = f"{hotp_value(secret, counter):06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("contacts:list")).status_code == 200
    assert AuditEvent.objects.filter(actor=world.social_worker, verb="auth.login").exists()


def test_a_wrong_password_is_audited_without_the_password(world: World) -> None:
    _sign_in(Client(), world.social_worker.email, "not-the-password")
    row = AuditEvent.objects.get(verb="auth.login_failed")
    assert row.actor is None
    assert row.summary == {"login": world.social_worker.email}
    assert "not-the-password" not in str(row.summary)


def test_repeated_failures_lock_out_that_username_from_that_address(
    world: World, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _sign_in(client, world.social_worker.email, "wrong-password-123")

    response = _sign_in(client, world.social_worker.email)  # the right password, too late

    assert response.status_code == 429
    assert AuditEvent.objects.filter(verb="auth.locked_out").exists()
    # Another person behind the same council address is not locked out.
    assert _sign_in(Client(), world.manager.email).status_code == 302


def test_many_failures_behind_one_address_do_not_lock_out_someone_else(world: World) -> None:
    # A council's staff often share one outbound address. Four colleagues each mistype their
    # password four times within a minute (under the username+address lockout of five), and a
    # fifth colleague can still sign in: only that username at that address is ever locked.
    colleagues = [world.social_worker, world.contact_officer, world.auditor, world.admin]
    for colleague in colleagues:
        for _ in range(4):
            assert _sign_in(Client(), colleague.email, "wrong-password-123").status_code == 200

    response = _sign_in(Client(), world.manager.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_every_signed_in_response_tells_the_browser_not_to_keep_it(world: World) -> None:
    response = client_for(world.social_worker).get(reverse("contacts:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_api_response_to_a_key_is_not_kept_either(world: World) -> None:
    _, token = api_key_create(actor=world.social_worker, user=world.social_worker, name="t")
    response = Client().get("/api/v1/me/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_idle_session_is_signed_out(world: World, settings: Any) -> None:
    client = client_for(world.social_worker)
    assert client.get(reverse("contacts:list")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()

    response = client.get(reverse("contacts:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("contacts:list")).status_code == 302
    assert AuditEvent.objects.filter(
        actor=world.social_worker, verb="auth.session_expired"
    ).exists()


def test_a_session_ends_after_its_absolute_limit_even_when_busy(
    world: World, settings: Any
) -> None:
    client = client_for(world.social_worker)
    client.get(reverse("home"))
    session = client.session
    session[SESSION_STARTED] = time.time() - settings.SESSION_ABSOLUTE_HOURS * 3600 - 5
    session[SESSION_LAST_SEEN] = time.time()
    session.save()

    assert client.get(reverse("home")).status_code == 302


def test_accounts_unused_for_90_days_are_deactivated(world: World) -> None:
    old = timezone.now() - timedelta(days=91)
    User.objects.filter(pk=world.outsider.pk).update(last_login=old)
    User.objects.filter(pk=world.police_rep.pk).update(last_login=None, date_joined=old)
    User.objects.filter(pk=world.referrer.pk).update(last_login=timezone.now() - timedelta(days=89))

    disabled = users_disable_dormant()

    assert {u.email for u in disabled} == {world.outsider.email, world.police_rep.email}
    world.outsider.refresh_from_db()
    assert not world.outsider.is_active
    assert world.outsider.deactivated_reason == "Not used for 90 days"
    assert AuditEvent.objects.filter(
        verb="user.deactivated", target_id=str(world.outsider.pk)
    ).exists()


def test_a_deactivated_user_is_signed_out_at_their_next_request(world: World) -> None:
    client = client_for(world.social_worker)
    User.objects.filter(pk=world.social_worker.pk).update(is_active=False)
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("demo_mode", [True, False])
def test_demo_accounts_work_only_in_demo_mode(world: World, settings: Any, demo_mode: bool) -> None:
    settings.DEMO_MODE = demo_mode
    User.objects.filter(pk=world.social_worker.pk).update(is_demo=True)
    response = client_for(world.social_worker).get(reverse("home"))
    assert (response.status_code == 200) is demo_mode


def test_sign_up_is_closed(db: None) -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "self@example.org",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert not User.objects.filter(email="self@example.org").exists()
    assert response.status_code in (200, 302, 403)


def test_an_account_used_only_through_its_api_key_is_not_dormant(world: World) -> None:
    old = timezone.now() - timedelta(days=200)
    key, _ = api_key_create(actor=None, user=world.police_rep, name="Police system")
    User.objects.filter(pk=world.police_rep.pk).update(last_login=old, date_joined=old)
    type(key).objects.filter(pk=key.pk).update(last_used_at=timezone.now() - timedelta(days=1))

    assert world.police_rep.email not in {u.email for u in users_disable_dormant()}
