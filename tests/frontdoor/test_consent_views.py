"""The consent pages, the contact page's consent panel and the consent API: each with allow and
deny cases sharing the same set-up."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openmash.core.models import AuditEvent
from openmash.frontdoor.models import ConsentRecord
from openmash.frontdoor.services.consent import consent_record
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.views.consent import panel_context
from tests.conftest import client_for

REFUSAL = "Father said the school is exaggerating and will not talk to anyone."


def _url(contact, page="consent"):
    return f"/mash/contacts/{contact.pk}/{page}/"


def _red_refusal(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    return consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="yes",
        consent="refused",
        reason=REFUSAL,
        refusal_accepted=True,
    )


def test_the_form_shows_every_follow_up_question_without_javascript(world, contact):
    page = client_for(world.contact_officer).get(_url(contact))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("reason_given", "reason_refused", "refusal_accepted", "reason_not_sought"):
        assert f'name="{name}"' in html
    assert 'data-aria-controls="conditional-consent-refused"' in html
    assert world.manager.full_name in html  # the managers who can authorise


def test_a_worker_records_a_refusal_that_goes_ahead_without_consent(world, contact):
    response = client_for(world.social_worker).post(
        _url(contact),
        {
            "version": contact.version,
            "family_told": "yes",
            "consent": "refused",
            "reason_refused": REFUSAL + " The child disclosed being hit with a belt.",
            "refusal_accepted": "override",
            "authorised_by_refused": world.manager.pk,
            "reason_given": "ignored: belongs to another answer",
        },
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get(contact=contact)
    assert record.refusal_accepted is False
    assert record.authorised_by == world.manager
    assert record.reason.endswith("hit with a belt.")
    contact.refresh_from_db()
    assert contact.consent == ""  # what the referrer told us stays theirs


def test_a_refusal_without_a_reason_shows_the_error_against_its_own_question(world, contact):
    response = client_for(world.social_worker).post(
        _url(contact),
        {
            "version": contact.version,
            "family_told": "yes",
            "consent": "refused",
            "refusal_accepted": "accept",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Error: Consent" in html
    assert 'href="#id_reason_refused"' in html
    assert "Enter what the family said and why they refused" in html
    assert not ConsentRecord.objects.exists()


def test_a_stale_form_is_refused_with_a_reload_message(world, contact):
    seen = contact.version
    consent_record(contact=contact, actor=world.manager, family_told="yes", consent="given")
    response = client_for(world.social_worker).post(
        _url(contact), {"version": seen, "family_told": "no", "consent": "given"}
    )
    assert response.status_code == 200
    assert "Someone else changed this contact" in response.content.decode()
    assert ConsentRecord.objects.count() == 1


def test_accepting_a_refusal_on_a_red_contact_warns_the_worker(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    contact.refresh_from_db()
    client = client_for(world.social_worker)
    assert (
        "a manager must sign off an accepted refusal" in client.get(_url(contact)).content.decode()
    )
    response = client.post(
        _url(contact),
        {
            "version": contact.version,
            "family_told": "yes",
            "consent": "refused",
            "reason_refused": REFUSAL,
            "refusal_accepted": "accept",
        },
        follow=True,
    )
    assert "A refusal has been accepted on a red/level 4 contact" in response.content.decode()


def test_the_consent_page_is_for_workers_not_auditors_or_referrers(world, contact):
    assert client_for(world.auditor).get(_url(contact)).status_code == 403
    assert client_for(world.referrer).get(_url(contact)).status_code == 403
    assert client_for(world.social_worker).get(_url(contact)).status_code == 200


def test_a_manager_signs_off_on_the_sign_off_page(world, contact):
    record = _red_refusal(world, contact)
    contact.refresh_from_db()
    client = client_for(world.manager)
    page = client.get(_url(contact, "consent/sign-off"))
    assert REFUSAL in page.content.decode()
    response = client.post(
        _url(contact, "consent/sign-off"),
        {"record": record.pk, "version": contact.version, "note": "Police visit today."},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.signed_off_by == world.manager


def test_a_worker_cannot_open_the_sign_off_page(world, contact):
    _red_refusal(world, contact)
    assert client_for(world.social_worker).get(_url(contact, "consent/sign-off")).status_code == 403
    assert client_for(world.manager).get(_url(contact, "consent/sign-off")).status_code == 200


def test_the_sign_off_page_shows_a_missing_note_as_an_error(world, contact):
    record = _red_refusal(world, contact)
    response = client_for(world.manager).post(
        _url(contact, "consent/sign-off"), {"record": record.pk, "note": ""}
    )
    assert response.status_code == 200
    assert "Enter why the refusal can be accepted" in response.content.decode()


def test_the_panel_warns_and_offers_sign_off_to_another_manager_only(world, contact):
    _red_refusal(world, contact)
    contact.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        panel = panel_context(world.manager, contact)["consent_panel"]
    assert len(queries) <= 3
    assert panel["awaiting"] is not None
    assert panel["can_sign_off"]
    assert panel["warning"].startswith("A refusal has been accepted on a red/level 4 contact")
    assert not panel_context(world.social_worker, contact)["consent_panel"]["can_sign_off"]


def test_the_panel_renders_the_current_record_and_its_history(world, contact, rf):
    from django.template.loader import render_to_string

    consent_record(contact=contact, actor=world.social_worker, family_told="no", consent="given")
    _red_refusal(world, contact)
    contact.refresh_from_db()
    html = render_to_string(
        "frontdoor/partials/_consent_panel.html",
        {"contact": contact, **panel_context(world.manager, contact)},
    )
    assert "Earlier consent records (1)" in html
    assert REFUSAL in html
    assert f"/mash/contacts/{contact.pk}/consent/sign-off/" in html


# The API.


def _api(contact):
    return f"/api/v1/contacts/{contact.pk}/consent/"


def test_the_api_records_consent_and_lists_the_history(world, contact):
    client = client_for(world.social_worker)
    response = client.post(
        _api(contact),
        {
            "family_told": "no",
            "consent": "not_sought",
            "reason": "Asking would alert the alleged abuser.",
            "authorised_by": world.manager.pk,
            "version": contact.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["consent"] == "not_sought"
    assert body["authorised_by"] == world.manager.pk
    assert AuditEvent.objects.filter(verb="consent.recorded", actor=world.social_worker).exists()
    history = client_for(world.auditor).get(_api(contact)).json()
    assert [row["id"] for row in history] == [body["id"]]


def test_the_api_names_the_field_a_rule_refused(world, contact):
    response = client_for(world.social_worker).post(
        _api(contact),
        {"family_told": "yes", "consent": "refused", "reason": REFUSAL},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "refusal_accepted" in response.json()["errors"]
    response = client_for(world.social_worker).post(
        _api(contact), {"family_told": "maybe", "consent": "given"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "family_told" in response.json()["errors"]


def test_the_api_refuses_a_stale_version_with_409(world, contact):
    seen = contact.version
    consent_record(contact=contact, actor=world.manager, family_told="yes", consent="given")
    response = client_for(world.social_worker).post(
        _api(contact),
        {"family_told": "yes", "consent": "given", "version": seen},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_the_api_warns_of_a_refusal_awaiting_sign_off_and_a_manager_signs_it_off(world, contact):
    record = _red_refusal(world, contact)
    history = client_for(world.social_worker).get(_api(contact)).json()
    assert history[0]["awaiting_sign_off"] is True
    assert history[0]["warning"].startswith("A refusal has been accepted")
    url = f"/api/v1/consent-records/{record.pk}/sign-off/"
    refused = client_for(world.social_worker).post(
        url, {"note": "Fine"}, content_type="application/json"
    )
    assert refused.status_code == 403
    response = client_for(world.manager).post(
        url, {"note": "Police visit today."}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["signed_off_by"] == world.manager.pk
    assert client_for(world.manager).get(_api(contact)).json()[0]["awaiting_sign_off"] is False


def test_the_api_hides_consent_from_the_referrer_and_other_agencies(world, contact):
    assert client_for(world.referrer).get(_api(contact)).status_code == 403
    assert client_for(world.police_rep).get(_api(contact)).status_code == 404
    assert client_for(world.social_worker).get(_api(contact)).status_code == 200
