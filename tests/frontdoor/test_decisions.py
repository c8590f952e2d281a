"""Decisions: proposal with an outcome per person, authorisation by another manager (never one's
own), the statutory records it creates, and the referrer told the outcome."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from openmash.contacts.duplicates import contact_duplicate_reject
from openmash.contacts.models import ContactStatus
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import AdultEnquiry, DecisionState, EnquiryType, Referral
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
    decision_return,
)
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from openmash.people.services import person_create, person_merge, person_unmerge
from tests.conftest import subject_details

pytestmark = pytest.mark.clock


def _screened(world, contact):
    return contact_screen(contact=contact, actor=world.social_worker, rag="amber")


def _propose(world, contact, outcome="assessment", actor=None):
    subject = contact.contact_subjects.get()
    return decision_propose(
        contact=contact,
        actor=actor or world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome=outcome)],
        rationale="Injury with an inconsistent account; previous contacts about bruising.",
        next_step="Allocate for a child and family assessment.",
        team=world.assessment,
    )


def _verbs(target):
    return set(
        AuditEvent.objects.filter(
            target_type=target._meta.model_name, target_id=str(target.pk)
        ).values_list("verb", flat=True)
    )


def test_social_worker_proposes_and_the_contact_awaits_authorisation(
    world, contact, django_capture_on_commit_callbacks
):
    contact = _screened(world, contact)
    with django_capture_on_commit_callbacks(execute=True):
        decision = _propose(world, contact)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECISION_PROPOSED
    assert decision.state == DecisionState.PROPOSED
    assert decision.outcomes.get().outcome == "assessment"
    assert "decision.proposed" in _verbs(decision)
    managers_told = OutboxMessage.objects.filter(to_email=world.manager.email)
    assert managers_told.filter(subject__contains="Decision to authorise").exists()


def test_a_decision_needs_a_rationale_and_an_outcome_for_each_person(world, contact):
    contact = _screened(world, contact)
    with pytest.raises(ApplicationError, match="Enter the rationale"):
        decision_propose(contact=contact, actor=world.social_worker, outcomes=[], rationale=" ")
    with pytest.raises(ApplicationError, match="Select an outcome for Ayaan Rahman"):
        decision_propose(contact=contact, actor=world.social_worker, outcomes=[], rationale="x")
    subject = contact.contact_subjects.get()
    with pytest.raises(ApplicationError, match="'s42_enquiry' is not an outcome for a child"):
        decision_propose(
            contact=contact,
            actor=world.social_worker,
            outcomes=[OutcomeInput(subject_id=subject.pk, outcome="s42_enquiry")],
            rationale="x",
        )
    with pytest.raises(ApplicationError, match="Select the team the contact goes to"):
        decision_propose(
            contact=contact,
            actor=world.social_worker,
            outcomes=[OutcomeInput(subject_id=subject.pk, outcome="assessment")],
            rationale="x",
        )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING
    assert not contact.decisions.exists()


def test_proposing_on_a_received_contact_is_refused(world, contact):
    with pytest.raises(ApplicationError, match="cannot be given a proposed decision"):
        _propose(world, contact)


def test_manager_cannot_authorise_own_decision(world, contact):
    contact = _screened(world, contact)
    decision = _propose(world, contact, actor=world.manager)
    with pytest.raises(ApplicationError, match="cannot authorise their own decision"):
        decision_authorise(decision=decision, actor=world.manager)
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED
    assert "decision.authorised" not in _verbs(decision)


def test_manager_authorises_creating_a_referral_and_telling_the_referrer(
    world, contact, django_capture_on_commit_callbacks
):
    contact = _screened(world, contact)
    decision = _propose(world, contact)
    with django_capture_on_commit_callbacks(execute=True):
        decision_authorise(decision=decision, actor=world.manager, comment="Agreed.")
    contact.refresh_from_db()
    decision.refresh_from_db()
    assert decision.state == DecisionState.AUTHORISED
    assert decision.authorised_by == world.manager
    assert contact.status == ContactStatus.AUTHORISED
    referral = Referral.objects.get(contact=contact)
    assert referral.person == contact.contact_subjects.get().person
    assert referral.referral_source == "2A"  # a school
    assert referral.team == world.assessment
    assert referral.referral_date == contact.received_at.date()
    assert "a social worker will carry out a child and family assessment" in (
        contact.outcome_for_referrer
    )
    sent = OutboxMessage.objects.get(to_email=world.referrer.email)
    assert sent.subject == f"Outcome of your referral {contact.reference}"
    assert "decision.authorised" in _verbs(decision)
    assert "referral.created" in _verbs(referral)
    assert "contact.feedback_sent" in _verbs(contact)


def test_authorising_twice_is_refused(world, contact):
    decision = _propose(world, _screened(world, contact))
    decision_authorise(decision=decision, actor=world.manager)
    with pytest.raises(ApplicationError, match="authorised, so it cannot be authorised"):
        decision_authorise(decision=decision, actor=world.manager)
    assert Referral.objects.count() == 1


def test_referrals_in_the_last_twelve_months_count_earlier_ones(world, contact, child):
    decision_authorise(decision=_propose(world, _screened(world, contact)), actor=world.manager)
    again = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="New bruising.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
        ),
    )
    # A new incident, not a second report of the first (which the decision checks would ask).
    again = contact_duplicate_reject(actor=world.contact_officer, contact=again)
    # The first referral was a month before this one: it counts; one 13 months before does not.
    first = Referral.objects.get()
    received = again.received_at.date()
    Referral.objects.filter(pk=first.pk).update(referral_date=received - timedelta(days=30))
    decision_authorise(decision=_propose(world, _screened(world, again)), actor=world.manager)
    assert Referral.objects.get(contact=again).referrals_in_last_12_months == 1
    Referral.objects.filter(pk=first.pk).update(referral_date=received - timedelta(days=400))
    later = Referral.objects.get(contact=again)
    later.delete()
    third = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Again.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
        ),
    )
    third = contact_duplicate_reject(actor=world.contact_officer, contact=third)
    decision_authorise(decision=_propose(world, _screened(world, third)), actor=world.manager)
    assert Referral.objects.get(contact=third).referrals_in_last_12_months == 0


def test_manager_returns_a_decision_for_more_work(world, contact):
    decision = _propose(world, _screened(world, contact))
    with pytest.raises(ApplicationError, match="Enter what needs to be done"):
        decision_return(decision=decision, actor=world.manager, reason="")
    decision_return(decision=decision, actor=world.manager, reason="Ask health first.")
    contact.refresh_from_db()
    decision.refresh_from_db()
    assert decision.state == DecisionState.RETURNED
    assert contact.status == ContactStatus.INFORMATION_GATHERING
    assert "decision.returned" in _verbs(decision)
    # A new proposal can follow.
    _propose(world, contact)


def _adult_contact(world):
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Neighbour takes her pension; she has dementia.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Edith",
                        family_name="Marsh",
                        date_of_birth=date(1938, 2, 1),
                        nhs_number="9990000026",
                    ),
                    is_child=False,
                )
            ],
        ),
    )


def test_s42_enquiry_needs_all_three_tests_and_creates_the_enquiry(world):
    contact = _screened(world, _adult_contact(world))
    subject = contact.contact_subjects.get()
    with pytest.raises(ApplicationError, match="Answer the three section 42 questions"):
        decision_propose(
            contact=contact,
            actor=world.social_worker,
            outcomes=[OutcomeInput(subject_id=subject.pk, outcome="s42_enquiry")],
            rationale="x",
            team=world.assessment,
        )
    with pytest.raises(ApplicationError, match="needs all three tests met"):
        decision_propose(
            contact=contact,
            actor=world.social_worker,
            outcomes=[OutcomeInput(subject.pk, "s42_enquiry", True, True, False)],
            rationale="x",
            team=world.assessment,
        )
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject.pk, "s42_enquiry", True, True, True)],
        rationale="Dementia; cannot protect her finances.",
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    enquiry = AdultEnquiry.objects.get(contact=contact)
    assert enquiry.enquiry_type == EnquiryType.S42
    assert enquiry.unable_to_protect_self is True
    assert "adult_enquiry.created" in _verbs(enquiry)


def test_authorisation_waits_for_sign_off_of_a_refusal_accepted_on_a_red_contact(world, contact):
    from openmash.frontdoor.services.consent import consent_record, consent_sign_off

    contact = contact_screen(contact=contact, actor=world.contact_officer, rag="red")
    record = consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="yes",
        consent="refused",
        reason="Mother refused; no further concerns raised by school.",
        refusal_accepted=True,
    )
    decision = _propose(world, contact, outcome="assessment")
    with pytest.raises(ApplicationError, match="a manager must sign it off"):
        decision_authorise(decision=decision, actor=world.manager)
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED
    consent_sign_off(record=record, actor=world.manager, note="Risk reviewed; early help offered.")
    decision_authorise(decision=decision, actor=world.manager)
    decision.refresh_from_db()
    assert decision.state == DecisionState.AUTHORISED


def test_a_person_merge_takes_the_referral_with_the_child_and_undoing_it_brings_it_back(
    world, contact
):
    contact = _screened(world, contact)
    decision_authorise(decision=_propose(world, contact), actor=world.manager, comment="Agreed.")
    referral = Referral.objects.get(contact=contact)
    child = referral.person
    survivor = person_create(actor=None, given_name="Ayan", family_name="Rahmen")

    merge = person_merge(
        actor=world.social_worker, survivor=survivor, merged=child, reason="Same child"
    )
    referral.refresh_from_db()
    assert referral.person == survivor
    assert merge.moved["referrals"] == [referral.pk]
    summary = AuditEvent.objects.get(verb="person.merged", target_id=str(survivor.pk)).summary
    assert summary["moved"]["referrals"] == 1

    person_unmerge(actor=world.manager, merge=merge, reason="Different children")
    referral.refresh_from_db()
    assert referral.person == child


def test_a_person_merge_takes_the_adult_enquiry_with_the_adult(world):
    contact = _screened(world, _adult_contact(world))
    subject = contact.contact_subjects.get()
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject.pk, "s42_enquiry", True, True, True)],
        rationale="Dementia; cannot protect her finances.",
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    enquiry = AdultEnquiry.objects.get(contact=contact)
    adult = enquiry.person
    survivor = person_create(actor=None, given_name="Edie", family_name="Marsh")

    merge = person_merge(
        actor=world.social_worker, survivor=survivor, merged=adult, reason="Same NHS number"
    )
    enquiry.refresh_from_db()
    assert enquiry.person == survivor
    person_unmerge(actor=world.manager, merge=merge, reason="Different people")
    enquiry.refresh_from_db()
    assert enquiry.person == adult
