"""Going ahead without consent on a manager's authority (not sought, or a refusal overridden) is
not taken on the worker's word: the named manager confirms it, and until then the decision cannot
be authorised (issue 12 finding 3). Through the service, the pages and the API."""

from __future__ import annotations

import pytest

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import ConsentRecord, DecisionState
from openmash.frontdoor.services.consent import (
    consent_awaiting_sign_off,
    consent_record,
    consent_sign_off,
)
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.views.consent import panel_context
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.clock

NOT_SOUGHT = "Asking would alert the stepfather, who is the alleged abuser."


@pytest.fixture
def other_manager(world):
    manager = make_user("second.manager@council.test", world.la, "team_manager")
    manager.teams.add(world.mash)
    return manager


def _not_sought(world, contact, *, actor=None, manager=None):
    return consent_record(
        contact=contact,
        actor=actor or world.social_worker,
        family_told="no",
        consent="not_sought",
        reason=NOT_SOUGHT,
        authorised_by=manager or world.manager,
    )


def _overridden(world, contact):
    return consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="yes",
        consent="refused",
        reason="Father refused; the child disclosed being hit with a belt.",
        refusal_accepted=False,
        authorised_by=world.manager,
    )


def _propose(world, contact):
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="amber")
    subject = contact.contact_subjects.get()
    return decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="assessment")],
        rationale="Injury with an inconsistent account.",
        team=world.assessment,
    )


def _audit(contact, verb):
    return AuditEvent.objects.filter(verb=verb, target_id=str(contact.pk))


# The service.


def test_not_seeking_consent_awaits_the_named_managers_confirmation(
    world, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = _not_sought(world, contact)
    assert record.needs_sign_off
    assert record.awaiting_sign_off
    assert consent_awaiting_sign_off(contact) == record
    assert _audit(contact, "consent.recorded").get().summary["needs_sign_off"] is True
    told = OutboxMessage.objects.filter(subject__startswith="Confirm you authorised")
    assert [m.to_email for m in told] == [world.manager.email]


def test_going_ahead_over_a_refusal_awaits_the_named_managers_confirmation(world, contact):
    record = _overridden(world, contact)
    assert record.needs_sign_off
    assert consent_awaiting_sign_off(contact) == record


def test_only_the_named_manager_can_confirm(world, contact, other_manager):
    record = _not_sought(world, contact)
    with pytest.raises(ApplicationError, match="Only Manager, named as authorising this"):
        consent_sign_off(record=record, actor=other_manager, note="I agree")
    with pytest.raises(ApplicationError, match="Only a team manager"):
        consent_sign_off(record=record, actor=world.social_worker, note="")
    record.refresh_from_db()
    assert record.signed_off_at is None
    assert not _audit(contact, "consent.confirmed").exists()


def test_the_named_manager_confirms_and_it_is_audited_and_in_the_chronology(world, contact):
    record = _not_sought(world, contact)
    consent_sign_off(record=record, actor=world.manager, note="")
    record.refresh_from_db()
    assert record.signed_off_by == world.manager
    assert record.signed_off_at is not None
    assert consent_awaiting_sign_off(contact) is None
    row = _audit(contact, "consent.confirmed").get()
    assert row.actor == world.manager
    assert row.summary == {"consent_record": record.pk, "note": ""}
    assert contact.events.filter(
        summary="Manager confirmed authorising not seeking consent"
    ).exists()
    with pytest.raises(ApplicationError, match="already been confirmed"):
        consent_sign_off(record=record, actor=world.manager, note="")


def test_a_manager_who_records_it_on_their_own_authority_has_confirmed_it(world, contact):
    record = _not_sought(world, contact, actor=world.manager)
    assert record.signed_off_by == world.manager
    assert record.signed_off_at == record.recorded_at
    assert consent_awaiting_sign_off(contact) is None


def test_a_record_made_before_confirmation_existed_still_awaits_it(world, contact):
    """Records written before this rule carry needs_sign_off=False: the rule reads authorised_by."""
    record = _not_sought(world, contact)
    ConsentRecord.objects.filter(pk=record.pk).update(needs_sign_off=False)
    assert consent_awaiting_sign_off(contact) == ConsentRecord.objects.get(pk=record.pk)


def test_a_decision_cannot_be_authorised_until_the_named_manager_confirms(
    world, contact, other_manager
):
    record = _not_sought(world, contact)
    decision = _propose(world, contact)
    with pytest.raises(ApplicationError, match="awaiting confirmation by Manager"):
        decision_authorise(decision=decision, actor=other_manager)
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED
    consent_sign_off(record=record, actor=world.manager, note="Agreed on the phone at 10:15.")
    decision_authorise(decision=decision, actor=other_manager)
    decision.refresh_from_db()
    assert decision.state == DecisionState.AUTHORISED


# The pages.


def _page(contact, page="consent/sign-off"):
    return f"/mash/contacts/{contact.pk}/{page}/"


def test_the_worker_sees_awaiting_confirmation_by_the_manager(world, contact):
    _not_sought(world, contact)
    html = client_for(world.social_worker).get(f"/contacts/{contact.pk}/").content.decode()
    assert "Awaiting confirmation by Manager" in html
    assert _page(contact) not in html


def test_the_panel_offers_confirmation_to_the_named_manager_only(world, contact, other_manager):
    _not_sought(world, contact)
    contact.refresh_from_db()
    named = panel_context(world.manager, contact)["consent_panel"]
    assert named["can_sign_off"]
    assert named["warning"] == "Awaiting confirmation by Manager"
    assert not panel_context(other_manager, contact)["consent_panel"]["can_sign_off"]
    html = client_for(world.manager).get(f"/contacts/{contact.pk}/").content.decode()
    assert _page(contact) in html
    assert "Confirm you authorised this" in html


def test_the_named_manager_confirms_on_the_sign_off_page(world, contact, other_manager):
    record = _not_sought(world, contact)
    contact.refresh_from_db()
    refused = client_for(other_manager).post(
        _page(contact), {"record": record.pk, "version": contact.version, "note": ""}
    )
    assert refused.status_code == 200
    assert "Only Manager, named as authorising this" in refused.content.decode()
    page = client_for(world.manager).get(_page(contact))
    assert NOT_SOUGHT in page.content.decode()
    assert "Confirm you authorised not seeking consent" in page.content.decode()
    response = client_for(world.manager).post(
        _page(contact), {"record": record.pk, "version": contact.version, "note": ""}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.signed_off_by == world.manager


def test_the_authorise_page_says_why_it_cannot_authorise_yet(world, contact, other_manager):
    _not_sought(world, contact)
    decision = _propose(world, contact)
    contact.refresh_from_db()
    client = client_for(other_manager)
    page = client.get(_page(contact, "authorise"))
    assert "awaiting confirmation by Manager" in page.content.decode()
    response = client.post(
        _page(contact, "authorise"), {"authorise": "1", "version": contact.version, "comment": ""}
    )
    assert response.status_code == 200
    assert "awaiting confirmation by Manager" in response.content.decode()
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED


# The API.


def test_the_api_shows_whose_confirmation_is_awaited(world, contact):
    _not_sought(world, contact)
    current = client_for(world.social_worker).get(f"/api/v1/contacts/{contact.pk}/consent/")
    body = current.json()[0]
    assert body["awaiting_sign_off"] is True
    assert body["awaiting_confirmation_by"] == world.manager.pk
    assert body["warning"] == "Awaiting confirmation by Manager"


def test_the_api_lets_only_the_named_manager_confirm(world, contact, other_manager):
    record = _not_sought(world, contact)
    url = f"/api/v1/consent-records/{record.pk}/sign-off/"
    refused = client_for(other_manager).post(url, {"note": ""}, content_type="application/json")
    assert refused.status_code == 400
    assert "Only Manager, named as authorising this" in refused.json()["detail"]
    response = client_for(world.manager).post(url, {"note": ""}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["signed_off_by"] == world.manager.pk
    assert response.json()["awaiting_confirmation_by"] is None


def test_the_api_refuses_to_authorise_while_consent_awaits_confirmation(
    world, contact, other_manager
):
    _not_sought(world, contact)
    _propose(world, contact)
    url = f"/api/v1/contacts/{contact.pk}/authorise/"
    response = client_for(other_manager).post(url, {}, content_type="application/json")
    assert response.status_code == 400
    assert "awaiting confirmation by Manager" in response.json()["detail"]
