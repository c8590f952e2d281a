from __future__ import annotations

import pytest
from django.core.management import call_command
from django.http import Http404

from openmash.contacts.permissions import contact_get_for_user
from openmash.core.access import RecordRestricted, break_glass_open
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.people.permissions import person_get_for_user
from openmash.people.services import person_restrict
from tests.conftest import World, client_for


def test_a_referrer_sees_their_own_contact_and_its_outcome(world: World, contact) -> None:
    assert contact_get_for_user(world.referrer, contact.pk) == contact


def test_a_referrer_cannot_see_another_agencys_contact(world: World, contact) -> None:
    with pytest.raises(Http404):
        contact_get_for_user(world.outsider, contact.pk)


def test_missing_and_forbidden_look_the_same(world: World, contact) -> None:
    forbidden = client_for(world.outsider).get(f"/contacts/{contact.pk}/")
    missing = client_for(world.outsider).get("/contacts/999999/")
    assert forbidden.status_code == missing.status_code == 404


def test_an_agency_representative_sees_no_contact_without_a_request(world: World, contact) -> None:
    with pytest.raises(Http404):
        contact_get_for_user(world.police_rep, contact.pk)


def test_a_referrer_cannot_search_the_person_index(world: World, child) -> None:
    assert client_for(world.referrer).get("/people/?q=Rahman").status_code == 403
    assert client_for(world.referrer).get("/api/v1/persons/search/?q=Rahman").status_code == 403


def test_a_search_is_audited_with_its_terms_and_result_count(world: World, child) -> None:
    client_for(world.social_worker).get("/people/?q=Rahman")
    row = AuditEvent.objects.get(verb="record.searched")
    assert row.summary == {"terms": "Rahman", "result_count": 1}


def test_a_restricted_person_is_visible_only_to_named_users(world: World, child) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    assert person_get_for_user(world.manager, child.pk) == child
    with pytest.raises(RecordRestricted):
        person_get_for_user(world.social_worker, child.pk)
    response = client_for(world.social_worker).get(f"/people/{child.pk}/")
    assert response.status_code == 403
    assert b"This record is restricted" in response.content


def test_a_contact_about_a_restricted_person_is_restricted_too(
    world: World, child, contact
) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    with pytest.raises(RecordRestricted):
        contact_get_for_user(world.social_worker, contact.pk)
    # The referrer who reported it still sees their own referral.
    assert contact_get_for_user(world.referrer, contact.pk) == contact


def test_break_glass_needs_a_reason(world: World, child) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    with pytest.raises(ApplicationError, match="Enter the reason"):
        break_glass_open(user=world.social_worker, target=child, reason="  ")


@pytest.mark.django_db(transaction=True)  # the real worker commits and reconnects
def test_break_glass_gives_access_is_logged_and_managers_are_told(world: World, child) -> None:
    person_restrict(actor=world.auditor, person=child, named_users=[world.auditor])
    response = client_for(world.social_worker).post(
        f"/restricted/person/{child.pk}/",
        {"reason": "Police report the child missing tonight"},
    )
    assert response.status_code == 302

    assert person_get_for_user(world.social_worker, child.pk) == child
    row = AuditEvent.objects.get(verb="record.break_glass")
    assert row.actor == world.social_worker
    assert row.summary["reason"] == "Police report the child missing tonight"

    call_command("worker", "--batch", "--no-scheduler")
    message = OutboxMessage.objects.get(to_email=world.manager.email)
    assert "Police report the child missing tonight" in message.body


def test_a_manager_cannot_review_their_own_break_glass(world: World, child) -> None:
    from openmash.core.services import break_glass_review

    person_restrict(actor=world.auditor, person=child, named_users=[world.auditor])
    grant = break_glass_open(user=world.manager, target=child, reason="Urgent strategy discussion")
    with pytest.raises(ApplicationError, match="your own"):
        break_glass_review(grant=grant, actor=world.manager)
    break_glass_review(grant=grant, actor=world.auditor)
    grant.refresh_from_db()
    assert grant.reviewed_by == world.auditor


def test_a_contact_page_shows_who_has_seen_it(world: World, contact) -> None:
    client_for(world.manager).get(f"/contacts/{contact.pk}/")
    html = client_for(world.social_worker).get(f"/contacts/{contact.pk}/").content.decode()
    assert "Who has seen or changed this record" in html
    assert world.manager.full_name in html
    assert "Viewed" in html


def test_an_auditor_finds_a_users_reads_by_email_and_date(world: World, contact) -> None:
    client_for(world.social_worker).get(f"/contacts/{contact.pk}/")
    response = client_for(world.auditor).get(
        "/audit/",
        {"user": world.social_worker.email, "target_type": "contact", "date_from": "2000-01-01"},
    )
    page = response.context["page"]
    assert [e.verb for e in page.object_list] == ["record.viewed"]
    assert AuditEvent.objects.filter(actor=world.auditor, verb="audit.viewed").exists()


def test_an_audit_search_with_dates_the_wrong_way_round_is_explained(world: World) -> None:
    response = client_for(world.auditor).get(
        "/audit/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "The &#x27;to&#x27; date must be the same as or after" in response.content.decode()
    assert response.context["page"] is None


def test_search_and_lists_hide_a_restricted_persons_details(world: World, child, contact) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    html = client_for(world.social_worker).get("/people/?q=Rahman").content.decode()
    assert "Restricted record" in html
    assert "Ayaan" not in html
    assert "9990000018" not in html
    api = client_for(world.social_worker).get("/api/v1/persons/search/?q=Rahman").json()
    assert api["results"][0]["restricted"] is True
    assert api["results"][0]["nhs_number"] == ""
    listed = client_for(world.social_worker).get("/api/v1/contacts/").json()["results"]
    assert listed[0]["restricted"] is True
    assert "Ayaan" not in client_for(world.social_worker).get("/contacts/").content.decode()
    # The named manager still sees it all.
    assert "Ayaan" in client_for(world.manager).get("/people/?q=Rahman").content.decode()


def test_a_refused_read_of_a_real_record_is_audited_with_the_route(world: World, contact) -> None:
    response = client_for(world.outsider).get(f"/contacts/{contact.pk}/")
    missing = client_for(world.outsider).get(f"/contacts/{contact.pk + 1000}/")

    assert (response.status_code, missing.status_code) == (404, 404)  # alike to the outsider
    row = AuditEvent.objects.get(verb="access.refused")
    assert row.actor == world.outsider
    assert (row.target_type, row.target_id) == ("contact", str(contact.pk))
    assert row.summary == {"why": "not visible", "route": f"GET /contacts/{contact.pk}/"}


def test_a_refused_read_of_a_restricted_person_is_audited_as_restricted(
    world: World, child
) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    with pytest.raises(RecordRestricted):
        person_get_for_user(world.social_worker, child.pk)
    row = AuditEvent.objects.get(verb="access.refused")
    assert (row.actor, row.target_type, row.summary["why"]) == (
        world.social_worker,
        "person",
        "restricted",
    )


def test_repeated_refusals_tell_the_auditors_once(world: World, contact) -> None:
    client = client_for(world.outsider)
    for _ in range(7):
        assert client.get(f"/contacts/{contact.pk}/").status_code == 404
    assert AuditEvent.objects.filter(verb="access.refused", actor=world.outsider).count() == 7
    told = OutboxMessage.objects.filter(to_email=world.auditor.email)
    assert [m.subject for m in told] == ["Repeated refused access"]
    assert world.outsider.email in told[0].body
