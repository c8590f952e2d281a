"""What the referrer told us about consent and what the MASH recorded are two records (issue 12
finding 2): recording consent at the front door never rewrites the referrer's words, the worker
sees both, labelled, and the referrer sees only their own."""

from __future__ import annotations

import pytest

from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.models import AuditEvent
from openmash.frontdoor.services.consent import consent_latest, consent_record
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_consent_blocker,
    decision_propose,
)
from openmash.frontdoor.services.rag import contact_screen
from tests.conftest import client_for, subject_details

pytestmark = pytest.mark.clock

REFERRER_SAID = "Mum said she would rather we did not involve social care."
MASH_REASON = "Asking again would alert the stepfather, who is the alleged abuser."


@pytest.fixture
def referred(world, child):
    """A school's referral in which the referrer told us the mother refused consent."""
    return contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Bruise on cheek; says he is scared to go home.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
            family_told="yes",
            consent="refused",
            consent_reason=REFERRER_SAID,
        ),
    )


def _not_sought(world, contact):
    return consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="no",
        consent="not_sought",
        reason=MASH_REASON,
        authorised_by=world.manager,
    )


def test_recording_consent_leaves_what_the_referrer_told_us_as_they_said_it(world, referred):
    version = referred.version
    record = _not_sought(world, referred)
    referred.refresh_from_db()
    assert (referred.family_told, referred.consent, referred.consent_reason) == (
        "yes",
        "refused",
        REFERRER_SAID,
    )
    assert consent_latest(referred) == record
    assert (record.family_told, record.consent, record.reason) == (
        "no",
        "not_sought",
        MASH_REASON,
    )
    assert referred.version == version + 1  # still refuses forms read before the record
    row = AuditEvent.objects.get(verb="consent.recorded", target_id=str(referred.pk))
    assert row.summary["reason"] == MASH_REASON


def test_a_second_record_replaces_the_first_as_the_mash_position_but_not_the_referrers(
    world, referred
):
    _not_sought(world, referred)
    given = consent_record(
        contact=referred,
        actor=world.social_worker,
        family_told="yes",
        consent="given",
        reason="Mum agreed after the school nurse explained.",
    )
    referred.refresh_from_db()
    assert consent_latest(referred) == given
    assert referred.consent_records.count() == 2
    assert referred.consent_reason == REFERRER_SAID


def test_the_workers_contact_page_shows_both_labelled(world, referred):
    _not_sought(world, referred)
    html = client_for(world.social_worker).get(f"/contacts/{referred.pk}/").content.decode()
    told = html.index("What the referrer told us")
    recorded = html.index("Consent recorded by the MASH")
    assert REFERRER_SAID in html[told:recorded]
    assert MASH_REASON in html[recorded:]
    assert MASH_REASON not in html[:recorded]


def test_the_workers_page_says_when_the_mash_has_recorded_nothing_yet(world, referred):
    html = client_for(world.social_worker).get(f"/contacts/{referred.pk}/").content.decode()
    assert REFERRER_SAID in html
    assert "No consent has been recorded by the MASH yet" in html


def test_the_referrers_page_shows_only_what_they_told_us(world, referred):
    _not_sought(world, referred)
    page = client_for(world.referrer).get(f"/contacts/{referred.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "What you told us" in html
    assert REFERRER_SAID in html
    assert MASH_REASON not in html
    assert "Not sought" not in html


def test_the_referrer_facing_api_never_carries_the_mash_reason(world, referred):
    _not_sought(world, referred)
    client = client_for(world.referrer)
    detail = client.get(f"/api/v1/contacts/{referred.pk}/")
    assert detail.status_code == 200
    assert MASH_REASON not in detail.content.decode()
    listed = client.get("/api/v1/contacts/")
    assert listed.status_code == 200
    assert MASH_REASON not in listed.content.decode()
    assert client.get(f"/api/v1/contacts/{referred.pk}/consent/").status_code == 403


def test_the_front_door_decides_on_its_own_record_not_the_referrers_words(world, referred):
    """The referrer told us of a refusal on what is now a red contact; the MASH recorded consent
    given, so nothing waits for a manager and the decision can be authorised."""
    contact = contact_screen(contact=referred, actor=world.social_worker, rag="red")
    consent_record(contact=contact, actor=world.social_worker, family_told="yes", consent="given")
    subject = contact.contact_subjects.get()
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="early_help")],
        rationale="Mum engages; early help offered.",
        team=world.assessment,
        # Early help on a red contact asks for a reason (docs/frontdoor-decision-checks.md); the
        # family's agreement is the MASH's record, so the refusal rule does not apply.
        check_reason="The risk that made it red was removed by the police last night.",
    )
    assert [w["code"] for w in decision.check_warnings] == ["low_outcome_on_high_risk"]
    assert decision_consent_blocker(contact) == ""
    decision_authorise(decision=decision, actor=world.manager, acknowledge_checks=True)
    contact.refresh_from_db()
    assert contact.consent == "refused"  # what the referrer told us, still
