"""The staff contact page: completeness, matching subjects and duplicates (previous contacts:
tests/frontdoor/test_history.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from openmash.contacts.duplicates import (
    contact_duplicate_confirm,
    contact_duplicate_reject,
    duplicate_flag,
)
from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.services import (
    ContactInput,
    SubjectInput,
    contact_create,
    contact_subject_resolve,
)
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.people.matching import SubjectDetails
from openmash.people.models import Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock


def _phone_contact(world: World, details: SubjectDetails, **extra: Any) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Domestic incident; child present.",
            subjects=[SubjectInput(details=details)],
            **extra,
        ),
    )


@pytest.fixture
def _offer_not_link(settings: Any) -> None:
    # Same name and date of birth but no identifier: a worker should check it.
    settings.MATCH_AUTO_LINK_THRESHOLD = 1.01  # never automatic


def _possible(world: World, child: Any) -> ContactSubject:
    contact = _phone_contact(world, SubjectDetails("Ayaan", "Rahman", date(2016, 3, 14)))
    subject = contact.contact_subjects.get()
    assert subject.match_status == "possible"
    return subject


def test_staff_see_completeness_and_missing_items(world: World, contact: Contact) -> None:
    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk])).text
    assert f"Completeness: {contact.completeness}%" in page
    assert "Concern categories" in page
    assert "Ayaan Rahman: Address and postcode" in page


@pytest.mark.usefixtures("_offer_not_link")
def test_the_page_offers_candidates_with_scores_and_reasons(world: World, child: Any) -> None:
    subject = _possible(world, child)
    page = (
        client_for(world.contact_officer)
        .get(reverse("contacts:detail", args=[subject.contact_id]))
        .text
    )
    assert "Possible matches to check" in page
    assert "Ayaan Rahman, born 14 March 2016" in page
    assert "same date of birth" in page
    assert "None of these: create a new person" in page


@pytest.mark.usefixtures("_offer_not_link")
def test_a_worker_chooses_the_matching_person(world: World, child: Any) -> None:
    subject = _possible(world, child)
    url = reverse("contacts:subject_resolve", args=[subject.contact_id, subject.pk])
    response = client_for(world.contact_officer).post(url, {f"s{subject.pk}-person": str(child.pk)})
    assert response.status_code == 302
    subject.refresh_from_db()
    assert (subject.person_id, subject.match_status) == (child.pk, "confirmed")
    row = AuditEvent.objects.get(verb="contact.subject_resolved")
    assert row.target_id == str(subject.contact_id)
    assert row.actor == world.contact_officer
    assert row.summary["person"] == child.pk


@pytest.mark.usefixtures("_offer_not_link")
def test_a_worker_creates_a_new_person_instead(world: World, child: Any) -> None:
    subject = _possible(world, child)
    before = Person.objects.count()
    contact_subject_resolve(actor=world.social_worker, subject=subject, person_or_none=None)
    subject.refresh_from_db()
    assert subject.match_status == "new"
    assert subject.person_id != child.pk
    assert Person.objects.count() == before + 1
    assert AuditEvent.objects.filter(
        verb="contact.subject_resolved", summary__choice="new person"
    ).exists()


def test_a_matched_subject_cannot_be_matched_again(world: World, contact: Contact) -> None:
    subject = contact.contact_subjects.get()
    with pytest.raises(ApplicationError, match="already been matched"):
        contact_subject_resolve(actor=world.contact_officer, subject=subject, person_or_none=None)


@pytest.mark.usefixtures("_offer_not_link")
def test_an_auditor_and_the_referrer_cannot_match_subjects(world: World, child: Any) -> None:
    subject = _possible(world, child)
    url = reverse("contacts:subject_resolve", args=[subject.contact_id, subject.pk])
    for user in (world.auditor, world.referrer):
        response = client_for(user).post(url, {f"s{subject.pk}-person": str(child.pk)})
        assert response.status_code in (403, 404)
    subject.refresh_from_db()
    assert subject.person_id is None


def _duplicate_pair(world: World) -> tuple[Contact, Contact]:
    details = SubjectDetails("Leo", "Marsh", date(2018, 11, 9), "M", "9990000034")
    first = _phone_contact(world, details, source_system="VIST", source_reference="V1")
    second = _phone_contact(world, details, source_system="CARA", source_reference="C1")
    assert second.duplicate_of == first
    assert second.duplicate_status == "suspected"
    return first, second


def test_the_duplicate_banner_names_the_original(world: World) -> None:
    first, second = _duplicate_pair(world)
    page = client_for(world.contact_officer).get(reverse("contacts:detail", args=[second.pk])).text
    assert "This may be the same incident as" in page
    assert first.reference in page
    assert "Not the same incident" in page


def test_a_worker_confirms_a_duplicate(world: World) -> None:
    _, second = _duplicate_pair(world)
    url = reverse("contacts:duplicate_confirm", args=[second.pk])
    client_for(world.contact_officer).post(url)
    second.refresh_from_db()
    assert second.duplicate_status == "confirmed"
    assert AuditEvent.objects.filter(
        verb="contact.duplicate_confirmed", target_id=str(second.pk)
    ).exists()
    # Screened once: the duplicate leaves the queue, closed, and both chronologies say why.
    assert second.status == "closed"
    assert second.events.filter(detail=f"Same incident as {_.reference}").exists()
    assert _.events.filter(summary__contains=f"{second.reference} confirmed").exists()


def test_a_duplicate_already_decided_stays_decided_when_confirmed(world: World) -> None:
    from openmash.frontdoor.models import DecisionCheck
    from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose
    from openmash.frontdoor.services.rag import contact_screen

    # A council that lets a decision through while a duplicate is unresolved (the decision check
    # refuses it by default).
    DecisionCheck.objects.filter(code="duplicate_unresolved").update(action="off")
    _, second = _duplicate_pair(world)
    second = contact_screen(contact=second, actor=world.contact_officer, rag="green")
    decision_propose(
        contact=second,
        actor=world.social_worker,
        outcomes=[OutcomeInput(second.contact_subjects.get(role="subject").pk, "advice")],
        rationale="Advice only.",
    )
    contact_duplicate_confirm(actor=world.contact_officer, contact=second)
    second.refresh_from_db()
    assert (second.status, second.duplicate_status) == ("decision_proposed", "confirmed")


def test_a_rejected_pair_is_not_suggested_again(world: World) -> None:
    _first, second = _duplicate_pair(world)
    client_for(world.social_worker).post(reverse("contacts:duplicate_reject", args=[second.pk]))
    second.refresh_from_db()
    assert second.duplicate_status == "rejected"
    assert AuditEvent.objects.filter(
        verb="contact.duplicate_rejected", target_id=str(second.pk)
    ).exists()
    person_ids = [s.person_id for s in second.contact_subjects.all() if s.person_id is not None]
    assert duplicate_flag(second, person_ids) is None
    with pytest.raises(ApplicationError):
        contact_duplicate_confirm(actor=world.contact_officer, contact=second)


def test_an_auditor_cannot_decide_duplicates(world: World) -> None:
    _, second = _duplicate_pair(world)
    response = client_for(world.auditor).post(
        reverse("contacts:duplicate_reject", args=[second.pk])
    )
    assert response.status_code == 403
    second.refresh_from_db()
    assert second.duplicate_status == "suspected"
    contact_duplicate_reject(actor=world.manager, contact=second)


def test_a_referrer_cannot_search_the_person_index(world: World) -> None:
    assert (
        client_for(world.referrer).get(reverse("people:search"), {"q": "Rahman"}).status_code == 403
    )
    assert (
        client_for(world.referrer).get("/api/v1/persons/search/", {"q": "Rahman"}).status_code
        == 403
    )
    assert (
        client_for(world.contact_officer).get(reverse("people:search"), {"q": "Rahman"}).status_code
        == 200
    )


def test_a_referrer_cannot_see_another_agencys_contact(world: World, contact: Contact) -> None:
    police = _phone_contact(world, SubjectDetails("Leo", "Marsh", date(2018, 11, 9)))
    assert (
        client_for(world.referrer).get(reverse("contacts:detail", args=[police.pk])).status_code
        == 404
    )
    assert (
        client_for(world.outsider).get(reverse("contacts:detail", args=[contact.pk])).status_code
        == 404
    )
    assert (
        client_for(world.referrer).get(reverse("contacts:detail", args=[contact.pk])).status_code
        == 200
    )


@pytest.mark.usefixtures("_offer_not_link")
def test_a_restricted_candidate_is_not_offered_and_cannot_be_chosen(
    world: World, child: Any
) -> None:
    from openmash.people.services import person_restrict

    person_restrict(actor=None, person=child, named_users=[])
    subject = _possible(world, child)
    client = client_for(world.contact_officer)
    page = client.get(reverse("contacts:detail", args=[subject.contact_id])).text
    assert "A restricted record may be this person" in page
    assert "Ayaan Rahman, born" not in page
    url = reverse("contacts:subject_resolve", args=[subject.contact_id, subject.pk])
    client.post(url, {f"s{subject.pk}-person": str(child.pk)})
    subject.refresh_from_db()
    assert subject.person_id is None
