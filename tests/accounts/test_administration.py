from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from openmash.accounts.models import Agency, Role, User
from openmash.accounts.services import user_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from tests.conftest import World, client_for


def test_create_agency_command_maps_the_cin_referral_source(db: None, capsys) -> None:
    call_command("create_agency", "pol2", "Another Police", "--type", "police")
    agency = Agency.objects.get(code="POL2")
    assert agency.cin_referral_source == "6"
    assert AuditEvent.objects.filter(verb="agency.created", target_id=str(agency.pk)).exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_agency", "POL2", "Again", "--type", "police")


def test_create_user_command_prints_a_set_password_link(world: World, capsys) -> None:
    call_command(
        "create_user",
        "--email",
        "New.Person@Council.test",
        "--name",
        "New Person",
        "--agency",
        "LA",
        "--role",
        "social_worker",
    )
    out = capsys.readouterr().out
    user = User.objects.get(email="new.person@council.test")
    assert not user.has_usable_password()
    assert "/accounts/password/reset/key/" in out
    assert user.has_capability("sees_front_door")


def test_create_user_command_explains_unknown_roles(world: World) -> None:
    with pytest.raises(CommandError, match="Unknown role"):
        call_command(
            "create_user",
            "--email",
            "a@b.test",
            "--name",
            "A",
            "--agency",
            "LA",
            "--role",
            "wizard",
        )


def test_front_door_roles_are_for_council_staff_only(world: World) -> None:
    with pytest.raises(ApplicationError, match="Only council staff"):
        user_create(
            actor=world.admin,
            email="pc@police.test",
            full_name="PC",
            agency=world.police,
            roles=Role.objects.filter(code="social_worker"),
        )


def test_an_administrator_adds_a_user_in_the_admin_and_it_is_audited(world: World) -> None:
    client = client_for(world.admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "added@council.test",
            "full_name": "Added Person",
            "job_title": "",
            "phone": "",
            "agency": world.la.pk,
            "roles": [Role.objects.get(code="contact_officer").pk],
            "teams": [],
        },
    )
    assert response.status_code == 302, response.content[:2000]
    added = User.objects.get(email="added@council.test")
    row = AuditEvent.objects.get(verb="user.created", target_id=str(added.pk))
    assert row.actor == world.admin
    assert row.summary["roles"] == ["contact_officer"]


def test_the_admin_refuses_a_police_officer_as_social_worker(world: World) -> None:
    client = client_for(world.admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "pc2@police.test",
            "full_name": "PC Two",
            "agency": world.police.pk,
            "roles": [Role.objects.get(code="social_worker").pk],
            "teams": [],
        },
    )
    assert response.status_code == 200
    assert b"Only council staff can hold these roles" in response.content
    assert not User.objects.filter(email="pc2@police.test").exists()


def test_nothing_can_be_deleted_in_the_admin(world: World) -> None:
    client = client_for(world.admin)
    response = client.get(f"/admin/accounts/user/{world.referrer.pk}/delete/")
    assert response.status_code == 403


def test_an_administrator_resets_a_lost_authenticator_and_reactivates_a_user(world: World) -> None:
    from allauth.mfa.models import Authenticator

    from openmash.accounts.services import user_deactivate

    client = client_for(world.admin)
    url = "/admin/accounts/user/"
    client.post(url, {"action": "reset_mfa", "_selected_action": [world.social_worker.pk]})
    assert not Authenticator.objects.filter(user=world.social_worker).exists()
    assert AuditEvent.objects.filter(verb="user.mfa_reset", actor=world.admin).exists()

    user_deactivate(actor=world.admin, user=world.referrer, reason="Left")
    client.post(url, {"action": "reactivate_users", "_selected_action": [world.referrer.pk]})
    world.referrer.refresh_from_db()
    assert world.referrer.is_active
    assert AuditEvent.objects.filter(verb="user.reactivated").exists()
