"""Subject access and retention services: the everything-held search, redaction in the PDF,
the open list, the review of records past their date, disposal and legal holds."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from openmash.contacts.models import Contact, ContactSubject
from openmash.core.errors import ApplicationError, ConflictError
from openmash.frontdoor.models import Decision, DecisionOutcome
from openmash.people.models import Person
from openmash.privacy.models import DisposalStub, Redaction, RetentionRule, SubjectAccessRequest
from openmash.privacy.pdf import disclosure_pdf
from openmash.privacy.permissions import requests_visible_to
from openmash.privacy.selectors import holdings, request_list_open, retention_review
from openmash.privacy.services import (
    RecordRef,
    legal_hold_lift,
    legal_hold_place,
    records_dispose,
    redaction_add,
    retention_rule_change,
    sar_close,
    sar_extend,
    sar_log,
)
from openmash.privacy.verbs import PrivacyVerb
from tests.conftest import World
from tests.privacy.helpers import (
    POLICE_INTEL,
    THIRD_PARTY,
    a_child,
    closed_nfa_contact,
    count,
    grown_up,
    police_contact,
    privacy_officer,
)


def _sar(world: World, person: Person, *, days_ago: int = 3) -> SubjectAccessRequest:
    return sar_log(
        actor=privacy_officer(world),
        person=person,
        requester_name="Karen Thornton",
        requester_relationship="Mother, with parental responsibility",
        received_on=timezone.localdate() - timedelta(days=days_ago),
        identity_verified_on=timezone.localdate() - timedelta(days=days_ago),
        identity_evidence="Passport and council tax bill seen",
    )


def test_everything_held_finds_the_person_their_contacts_events_and_who_looked(
    world: World,
) -> None:
    from openmash.chronology.services import chronology_entry_add

    child = a_child()
    contact = police_contact(world, child)
    chronology_entry_add(
        actor=world.social_worker,
        person=child,
        happened_on=timezone.localdate() - timedelta(days=40),
        kind="health",
        summary="A&E attendance for a burn",
        detail="Seen at the Royal; discharged",
        source="Health visitor",
    )
    officer = privacy_officer(world)
    sections = {s.title: s.items for s in holdings(officer, child)}
    keys = {i.key for items in sections.values() for i in items}
    assert f"person:{child.pk}" in keys
    assert f"contacts.contact:{contact.pk}" in keys
    texts = " ".join(i.text + i.title for items in sections.values() for i in items)
    assert THIRD_PARTY in texts
    assert "A&E attendance for a burn" in texts  # the chronology app's own entries
    assert f"contacts.contact:{contact.pk}:{child.pk}" in keys  # the front door's provider
    assert any(k.startswith("chronology.chronologyentry:") for k in keys)  # the chronology's
    looked = sections["Who has looked at or changed their record"]
    assert any(world.contact_officer.email in i.text for i in looked)


def test_a_span_redaction_is_absent_from_the_pdf_and_the_reason_is_shown(world: World) -> None:
    child = a_child()
    contact = police_contact(world, child)
    sar = _sar(world, child)
    officer = privacy_officer(world)
    redaction_add(
        actor=officer,
        request=sar,
        item_key=f"contacts.contact:{contact.pk}",
        span=THIRD_PARTY,
        reason="third_party",
    )
    redaction_add(
        actor=officer,
        request=sar,
        item_key=f"contacts.contact:{contact.pk}",
        span=POLICE_INTEL,
        reason="crime",
    )
    pdf = disclosure_pdf(actor=officer, request=sar)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Dorian Kell" not in flat
    assert "Nightjar" not in flat
    assert "Redacted: Information about a third party" in flat
    assert "The child was asleep upstairs" in flat
    assert count(verb=PrivacyVerb.DISCLOSURE_EXPORTED, target_id=str(sar.pk)) == 1
    assert count(verb=PrivacyVerb.REDACTION_ADDED, target_id=str(sar.pk)) == 2


def test_a_whole_item_redaction_leaves_only_its_date_and_reason(world: World) -> None:
    child = a_child()
    contact = police_contact(world, child)
    sar = _sar(world, child)
    officer = privacy_officer(world)
    redaction_add(
        actor=officer,
        request=sar,
        item_key=f"contacts.contact:{contact.pk}",
        reason="other",
        reason_other="Subject to a court order",
    )
    pdf = disclosure_pdf(actor=officer, request=sar)
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "domestic incident" not in flat
    assert "Redacted: Subject to a court order" in flat


def test_a_redaction_needs_a_reason_and_text_that_is_in_the_item(world: World) -> None:
    child = a_child()
    contact = police_contact(world, child)
    sar = _sar(world, child)
    officer = privacy_officer(world)
    with pytest.raises(ApplicationError, match="copied exactly"):
        redaction_add(
            actor=officer,
            request=sar,
            item_key=f"contacts.contact:{contact.pk}",
            span="Not there",
            reason="third_party",
        )
    with pytest.raises(ApplicationError, match="Enter the reason"):
        redaction_add(
            actor=officer, request=sar, item_key=f"contacts.contact:{contact.pk}", reason="other"
        )
    with pytest.raises(ApplicationError, match="Select an item"):
        redaction_add(actor=officer, request=sar, item_key="contact:0", reason="crime")
    assert Redaction.objects.count() == 0


@pytest.mark.clock
def test_open_requests_list_the_soonest_first_and_flag_the_overdue(world: World) -> None:
    child, other = a_child(), a_child("Leo", "Pryce")
    recent = _sar(world, child, days_ago=2)
    late = _sar(world, other, days_ago=45)
    rows = request_list_open(requests_visible_to(privacy_officer(world)))
    assert [r.request.pk for r in rows] == [late.pk, recent.pk]
    assert [r.overdue for r in rows] == [True, False]
    sar_close(actor=privacy_officer(world), request=late, disclosed_on=timezone.localdate())
    assert [
        r.request.pk for r in request_list_open(requests_visible_to(privacy_officer(world)))
    ] == [recent.pk]
    with pytest.raises(ConflictError):
        sar_extend(actor=privacy_officer(world), request=late, reason="Many records")


def test_only_the_privacy_officer_sees_requests(world: World) -> None:
    child = a_child()
    _sar(world, child)
    for user in (world.social_worker, world.manager, world.auditor, world.admin):
        assert not requests_visible_to(user).exists()
    assert requests_visible_to(privacy_officer(world)).count() == 1


# --- Retention ------------------------------------------------------------------------------


@pytest.mark.clock
def test_the_review_lists_contacts_past_their_date_and_not_those_within_it(
    world: World,
) -> None:
    due = closed_nfa_contact(world, grown_up(world, age=30), closed_years_ago=7)
    young = closed_nfa_contact(world, a_child("Tia", "Bell"), closed_years_ago=7)  # not yet 25
    recent = closed_nfa_contact(world, grown_up(world, age=30, given="Ross"), closed_years_ago=2)
    ids = [r.record_id for r in retention_review()]
    assert due.pk in ids
    assert young.pk not in ids
    assert recent.pk not in ids


@pytest.mark.clock
def test_a_changed_rule_keeps_its_history_and_changes_the_review(world: World) -> None:
    contact = closed_nfa_contact(world, grown_up(world, age=30), closed_years_ago=7)
    officer = privacy_officer(world)
    retention_rule_change(
        actor=officer,
        record_type="contact_nfa",
        years_after_closure=10,
        until_age=25,
        source="Local schedule 2027",
    )
    assert contact.pk not in [r.record_id for r in retention_review()]
    assert RetentionRule.objects.filter(record_type="contact_nfa").count() == 2
    assert count(verb=PrivacyVerb.RULE_CHANGED) == 1


@pytest.mark.clock
def test_disposal_removes_personal_data_and_leaves_a_stub_without_it(world: World) -> None:
    person = grown_up(world, age=30)
    contact = closed_nfa_contact(world, person, closed_years_ago=7)
    officer = privacy_officer(world)
    [stub] = records_dispose(
        actor=officer,
        records=[RecordRef("contact_nfa", contact.pk)],
        reason="Past retention; reviewed in the monthly review",
    )
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not ContactSubject.objects.filter(contact_id=contact.pk).exists()
    assert not Decision.objects.filter(contact_id=contact.pk).exists()
    assert not DecisionOutcome.objects.filter(decision__contact_id=contact.pk).exists()
    stub = DisposalStub.objects.get(pk=stub.pk)
    assert (stub.record_type, stub.record_id, stub.disposed_by) == (
        "contact_nfa",
        contact.pk,
        officer,
    )
    assert stub.rule.record_type == "contact_nfa"
    kept = str([stub.record_type, stub.record_id, stub.reason, stub.rows_deleted])
    for personal in ("Jodie", "Marsh", "Kell", "domestic", contact.reference):
        assert personal not in kept
    assert count(verb=PrivacyVerb.RECORD_DISPOSED, target_id=str(contact.pk)) == 1


def test_a_legal_hold_on_the_person_blocks_disposal_until_lifted(world: World) -> None:
    person = grown_up(world, age=30)
    contact = closed_nfa_contact(world, person, closed_years_ago=7)
    officer = privacy_officer(world)
    hold = legal_hold_place(actor=officer, person=person, reason="Civil claim pending")
    assert [r.held for r in retention_review() if r.record_id == contact.pk] == [True]
    with pytest.raises(ConflictError, match="legal hold"):
        records_dispose(
            actor=officer, records=[RecordRef("contact_nfa", contact.pk)], reason="Past date"
        )
    assert Contact.objects.filter(pk=contact.pk).exists()
    legal_hold_lift(actor=officer, hold=hold)
    records_dispose(actor=officer, records=[RecordRef("contact_nfa", contact.pk)], reason="Past")
    assert not Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.clock
def test_a_hold_on_one_record_blocks_it_and_no_partial_disposal_happens(world: World) -> None:
    first = closed_nfa_contact(world, grown_up(world, age=30), closed_years_ago=7)
    second = closed_nfa_contact(world, grown_up(world, age=31, given="Ross"), closed_years_ago=7)
    officer = privacy_officer(world)
    legal_hold_place(
        actor=officer, record_type="contact_nfa", record_id=second.pk, reason="Inquiry"
    )
    with pytest.raises(ConflictError):
        records_dispose(
            actor=officer,
            records=[RecordRef("contact_nfa", first.pk), RecordRef("contact_nfa", second.pk)],
            reason="Past date",
        )
    # The first was deleted before the second was refused: all of it rolled back.
    assert Contact.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert Decision.objects.filter(contact_id=first.pk).exists()
    assert not DisposalStub.objects.exists()
    assert count(verb=PrivacyVerb.RECORD_DISPOSED) == 0


@pytest.mark.clock
def test_open_contacts_and_types_not_yet_disposable_are_refused(world: World) -> None:
    contact = police_contact(world, grown_up(world, age=30))
    officer = privacy_officer(world)
    with pytest.raises(ApplicationError, match="not a closed contact"):
        records_dispose(
            actor=officer, records=[RecordRef("contact_nfa", contact.pk)], reason="Past"
        )
    with pytest.raises(ApplicationError, match="cannot be disposed of yet"):
        records_dispose(actor=officer, records=[RecordRef("lado_allegation", 1)], reason="Past")
    recent = closed_nfa_contact(world, grown_up(world, age=30, given="Ross"), closed_years_ago=2)
    with pytest.raises(ApplicationError, match="not past its retention date"):
        records_dispose(actor=officer, records=[RecordRef("contact_nfa", recent.pk)], reason="Past")
