from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from openmash.accounts.models import Agency, Role, User
from openmash.accounts.services import (
    agency_update,
    api_key_create,
    role_update,
    team_update,
    user_create,
    user_update,
)
from openmash.core.audit import AuditVerb
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, OutboxMessage
from tests.conftest import World, client_for, make_user


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


def test_an_administrator_renames_an_agency_in_the_admin_and_it_is_audited(world: World) -> None:
    client = client_for(world.admin)
    url = f"/admin/accounts/agency/{world.police.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Test Police Service", "agency_type": "police", "is_active": "on"}
    )
    assert response.status_code == 302, response.content[:2000]
    world.police.refresh_from_db()
    assert world.police.name == "Test Police Service"
    row = AuditEvent.objects.get(verb=AuditVerb.AGENCY_UPDATED, target_id=str(world.police.pk))
    assert row.actor == world.admin
    assert row.summary == {"name": ["Test Police", "Test Police Service"]}


def test_an_agency_update_records_only_what_changed(world: World) -> None:
    agency_update(
        actor=world.admin,
        agency=world.school,
        name="Test School",
        agency_type="school",
        is_active=True,
    )
    assert not AuditEvent.objects.filter(verb=AuditVerb.AGENCY_UPDATED).exists()

    agency_update(
        actor=world.admin,
        agency=world.school,
        name="Test School",
        agency_type="education",
        is_active=False,
    )
    row = AuditEvent.objects.get(verb=AuditVerb.AGENCY_UPDATED)
    assert row.summary == {"agency_type": ["school", "education"], "is_active": [True, False]}
    world.school.refresh_from_db()
    assert world.school.cin_referral_source == "2B"
    assert not world.school.is_active


def test_an_administrator_changes_a_team_in_the_admin_and_it_is_audited(world: World) -> None:
    client = client_for(world.admin)
    team = world.assessment
    url = f"/admin/accounts/team/{team.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"agency": world.la.pk, "name": "Assessment team A", "kind": "assessment"}
    )
    assert response.status_code == 302, response.content[:2000]
    team.refresh_from_db()
    assert (team.name, team.is_active) == ("Assessment team A", False)
    row = AuditEvent.objects.get(verb=AuditVerb.TEAM_UPDATED, target_id=str(team.pk))
    assert row.actor == world.admin
    assert row.summary == {
        "name": ["Assessment team 1", "Assessment team A"],
        "is_active": [True, False],
    }


def test_a_team_cannot_take_the_name_of_another_in_its_agency(world: World) -> None:
    assert world.assessment is not None
    with pytest.raises(ApplicationError, match="already has a team called mash"):
        team_update(
            actor=world.admin,
            team=world.assessment,
            agency=world.la,
            name="mash",
            kind="assessment",
            is_active=True,
        )
    response = client_for(world.admin).post(
        f"/admin/accounts/team/{world.assessment.pk}/change/",
        {"agency": world.la.pk, "name": "mash", "kind": "assessment", "is_active": "on"},
    )
    assert response.status_code == 200
    assert b"already has a team called mash" in response.content
    assert not AuditEvent.objects.filter(verb=AuditVerb.TEAM_UPDATED).exists()


def test_an_administrator_adds_a_local_role_in_the_admin_and_it_is_audited(world: World) -> None:
    response = client_for(world.admin).post(
        "/admin/accounts/role/add/",
        {
            "code": "shield_worker",
            "name": "Shield worker",
            "description": "Domestic abuse specialist",
            "sees_front_door": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    role = Role.objects.get(code="shield_worker")
    assert (role.sees_front_door, role.records_contacts) == (True, False)
    row = AuditEvent.objects.get(verb=AuditVerb.ROLE_CREATED, target_id=str(role.pk))
    assert row.actor == world.admin
    assert row.summary == {
        "code": "shield_worker",
        "name": "Shield worker",
        "capabilities": ["sees_front_door"],
    }


def test_an_administrator_changes_a_roles_capabilities_and_it_is_audited(world: World) -> None:
    role = Role.objects.get(code="referrer")
    url = f"/admin/accounts/role/{role.pk}/change/"
    client = client_for(world.admin)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": role.code,
            "name": role.name,
            "description": role.description,
            "submits_contacts": "on",
            "answers_agency_requests": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert world.referrer.has_capability("answers_agency_requests")
    row = AuditEvent.objects.get(verb=AuditVerb.ROLE_UPDATED, target_id=str(role.pk))
    assert row.actor == world.admin
    assert row.summary == {"answers_agency_requests": [False, True]}


def test_api_keys_are_read_only_in_the_admin_but_can_be_revoked(world: World) -> None:
    key, _ = api_key_create(actor=world.admin, user=world.referrer, name="School MIS")
    client = client_for(world.admin)
    url = f"/admin/accounts/apikey/{key.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(url, {}).status_code == 403

    client.post("/admin/accounts/apikey/", {"action": "revoke_keys", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
    row = AuditEvent.objects.get(verb=AuditVerb.API_KEY_REVOKED, target_id=str(key.pk))
    assert row.actor == world.admin


def _roles(*codes: str) -> list[Role]:
    return list(Role.objects.filter(code__in=codes))


def test_an_administrator_cannot_give_themselves_a_case_role(world: World) -> None:
    with pytest.raises(ApplicationError, match="Another administrator must give you access"):
        user_update(
            actor=world.admin,
            user=world.admin,
            full_name=world.admin.full_name,
            job_title="",
            agency=world.la,
            roles=_roles("administrator", "team_manager"),
            teams=[],
        )
    world.admin.refresh_from_db()
    assert not world.admin.has_capability("sees_front_door")
    assert not AuditEvent.objects.filter(verb=AuditVerb.USER_UPDATED).exists()


def test_the_admin_page_refuses_it_too(world: World) -> None:
    response = client_for(world.admin).post(
        f"/admin/accounts/user/{world.admin.pk}/change/",
        {
            "email": world.admin.email,
            "full_name": world.admin.full_name,
            "job_title": "",
            "phone": "",
            "agency": world.la.pk,
            "roles": [r.pk for r in _roles("administrator", "social_worker")],
            "teams": [],
        },
    )
    assert response.status_code == 200
    assert "Another administrator must give you access to case records" in response.text
    assert not User.objects.get(pk=world.admin.pk).has_capability("sees_front_door")


def test_a_second_administrator_may_and_the_auditors_are_told(
    world: World, django_capture_on_commit_callbacks
) -> None:
    second = make_user("second.admin@council.test", world.la, "administrator")
    with django_capture_on_commit_callbacks(execute=True):
        user_update(
            actor=second,
            user=world.admin,
            full_name=world.admin.full_name,
            job_title="",
            agency=world.la,
            roles=_roles("administrator", "team_manager"),
            teams=[],
        )
    assert User.objects.get(pk=world.admin.pk).has_capability("authorises_decisions")
    row = AuditEvent.objects.get(verb=AuditVerb.USER_UPDATED, target_id=str(world.admin.pk))
    assert "authorises_decisions" in row.summary["grants_case_access"]
    told = OutboxMessage.objects.get(to_email=world.auditor.email)
    assert told.subject == "Access to case records given"
    assert world.admin.email in told.body


def test_an_administrator_cannot_give_their_own_role_case_capabilities(world: World) -> None:
    role = Role.objects.get(code="administrator")
    with pytest.raises(ApplicationError, match="Another administrator must give you access"):
        role_update(
            actor=world.admin,
            role=role,
            code=role.code,
            name=role.name,
            description=role.description,
            capabilities=["administers", "sees_front_door"],
        )
    role.refresh_from_db()
    assert not role.sees_front_door
