"""A person's chronology from every app's registered events: each kind once and in order, in
the person's and the family's chronology; workers' back-dated entries; significance; filters;
the family around a child; the cumulative-risk panel; access per role; the case summary; the
accessible PDF; the API."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from openmash.chronology.models import CaseSummary, SignificantEvent
from openmash.chronology.selectors import (
    ChronologyFilters,
    chronology_build,
    chronology_kinds,
    cumulative_risk,
    family_of,
)
from openmash.chronology.services import (
    CaseSummaryInput,
    case_summary_sign_off,
    case_summary_write,
    chronology_entry_add,
    chronology_significance_set,
)
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.audit import AuditVerb
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent
from openmash.familyhelp.services.requests import familyhelp_agreement_record
from openmash.familyhelp.services.work import familyhelp_case_close, familyhelp_review_record
from openmash.frontdoor.services.consent import consent_record
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.notes import case_note_add
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.requests import (
    information_request_respond,
    information_request_send,
)
from openmash.frontdoor.services.routes import RouteInput, route_record
from openmash.frontdoor.services.thresholds import threshold_assess
from openmash.outofhours.services import edt_action_record, edt_record_open, safety_plan_record
from openmash.people.households import relationship_add
from openmash.people.models import Household, Person, RelationshipKind
from openmash.people.registry import person_event_providers
from openmash.people.services import person_create, person_restrict
from tests.adults.helpers import whole_enquiry_about
from tests.conftest import client_for, subject_details
from tests.familyhelp.helpers import fh_setup, open_case, with_plan

# Models that name a person but tell nothing of their story, with the reason.
NOT_CHRONOLOGICAL = {
    "chronology.significantevent": "a mark on another event, not an event",
    "chronology.casesummary": "the summary of the chronology, shown beside it",
    # Information governance, not casework: kept apart from the person's chronology.
    "privacy.subjectaccessrequest": "a request for the person's records, not an event in it",
    "privacy.legalhold": "a hold on disposal of the person's records, not an event",
}
# The people app's own tables (names, identifiers, addresses, relationships, merges) describe the
# person; the chronology shows them on the family view and the person's record.
PERSON_INDEX = "people"


def _all_person_models() -> set[str]:
    found = set()
    for model in apps.get_models():
        if model._meta.app_label == PERSON_INDEX:
            continue
        for f in model._meta.get_fields():
            if (
                isinstance(f, models.ForeignKey | models.OneToOneField)
                and f.related_model is Person
            ):
                found.add(model._meta.label_lower)
    return found


def test_every_model_naming_a_person_gives_events_or_says_why_not() -> None:
    covered = {m._meta.label_lower for p in person_event_providers for m in p.models}
    missing = _all_person_models() - covered - set(NOT_CHRONOLOGICAL)
    assert not missing, f"register a chronology provider for {sorted(missing)}"


# --- A child with some of everything ------------------------------------------------------------


def _history(world: Any, contact: Any, child: Person) -> Any:
    """Each event kind the registered providers give, once, about the child."""
    subject = contact.contact_subjects.get()
    contact = contact_screen(
        contact=contact, actor=world.social_worker, rag="amber", reason="Bruise on the cheek"
    )
    request = information_request_send(
        contact=contact,
        actor=world.social_worker,
        agency=world.police,
        subjects=[subject],
        questions="Any incidents at the address?",
        shared_summary="The school reports a bruise on Ayaan's cheek.",
        lawful_basis="children_act_1989_s17",
    )
    information_request_respond(
        request=request, actor=world.police_rep, response="Two domestic incidents this year."
    )
    contact.refresh_from_db()
    consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="yes",
        consent="given",
        reason="Mother agreed to checks",
    )
    contact.refresh_from_db()
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["L3-FE-02", "L2-CD-03"],
        chosen_level=3,
    )
    contact.refresh_from_db()
    case_note_add(
        contact=contact, actor=world.manager, kind="direction", text="Check police history first"
    )
    contact.refresh_from_db()
    route_record(
        contact=contact,
        actor=world.social_worker,
        data=RouteInput(
            subject=subject,
            kind="police_protection",
            made_on=timezone.localdate(),
            reference="PP-7",
            note="",
        ),
    )
    contact.refresh_from_db()
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="assessment")],
        rationale="Injury with an inconsistent account",
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    _family_help(world, child)
    _out_of_hours(world, contact)
    _protection(world, child)
    whole_enquiry_about(world, child)  # an adults' enquiry's events (the person is who matters)
    _lado(world, child)
    _exploitation(world, child)
    _case_audit(world, contact)
    for kind, happened in (("health", date(2019, 3, 27)), ("family", date(2020, 1, 5))):
        chronology_entry_add(
            person=child,
            actor=world.social_worker,
            happened_on=happened,
            kind=kind,
            summary=f"An old {kind} event",
            agency=world.school,
        )
    for kind in ("incident", "education", "police", "court", "service", "other"):
        chronology_entry_add(
            person=child,
            actor=world.social_worker,
            happened_on=date(2021, 6, 1),
            kind=kind,
            summary=f"A {kind} event",
        )
    return contact


def _case_audit(world: Any, contact: Any) -> None:
    """A quality lead's case audit of the contact, moderated by a second quality lead."""
    from openmash.quality.audit_services import (
        Question,
        audit_answers_record,
        audit_complete,
        audit_moderate,
        audit_start,
        template_create,
    )
    from tests.quality.audit_helpers import second_auditor

    template = template_create(
        actor=world.auditor, title="Front door", questions=[Question("Threshold right?")]
    )
    audit = audit_start(actor=world.auditor, contact=contact, template=template)
    audit_answers_record(audit=audit, actor=world.auditor, answers=[("Yes", "")])
    audit = audit_complete(audit=audit, actor=world.auditor, grade="good", summary="Sound")
    audit_moderate(audit=audit, actor=second_auditor(world), agrees=True, reason="")


def _protection(world: Any, child: Person) -> None:
    """The child's protection case (the decision's assessment opened it): a strategy discussion,
    the s47 enquiry, the ICPC and the plan; and, before them, a child in need plan, reviewed and
    ended (created as it stood before this episode began, then reviewed and ended by the
    services)."""
    from openmash.protection.models import CinPlan
    from openmash.protection.services import cin_plan_end, cin_plan_review_record
    from tests.protection.helpers import chain

    case = chain(world, child)["case"]
    today = timezone.localdate()
    cin = CinPlan.objects.create(case=case, started_on=today - timedelta(days=90))
    cin_plan_review_record(
        plan=cin,
        actor=world.social_worker,
        reviewed_on=today - timedelta(days=60),
        summary="School attendance up; keep the plan",
        next_review_on=today - timedelta(days=30),
    )
    cin_plan_end(
        plan=cin, actor=world.social_worker, ended_on=today - timedelta(days=40), reason="RC7"
    )


def _family_help(world: Any, child: Person) -> None:
    """A Family Help case for the child, from request to closure."""
    fh = fh_setup(world)
    case = open_case(fh, child)
    case = familyhelp_agreement_record(
        case=case, actor=fh.dsl, agreed=True, note="Mum agreed at the school gate"
    )
    plan = with_plan(fh, case, agreed_on=timezone.localdate())
    familyhelp_review_record(
        case=case,
        actor=fh.dsl,
        held_on=timezone.localdate(),
        summary="Breakfast club is working",
        progress={o.pk: "achieved" for o in plan.outcomes.all()},
    )
    case.refresh_from_db()
    familyhelp_case_close(case=case, actor=fh.dsl, reason="outcomes_met", note="On time daily")


def _lado(world: Any, child: Person) -> None:
    """An allegation concerning the child, from referral to outcome; the quality lead reads it
    with break-glass (LADO records are restricted to the LADO's staff)."""
    from datetime import timedelta

    from openmash.core.access import break_glass_open
    from openmash.lado.services import (
        allegation_conclude,
        allegation_consider,
        allegation_refer,
        meeting_record,
        strand_update,
    )
    from tests.lado.helpers import lado_officer, referral

    officer = lado_officer(world)
    received = timezone.now() - timedelta(hours=3)
    allegation = allegation_refer(
        actor=world.referrer,
        data=referral(children=[], child_people=[child], received_at=received),
    )
    allegation_consider(
        allegation=allegation,
        actor=officer,
        harmed_child=True,
        possible_offence=False,
        risk_of_harm=False,
        transferable_risk=False,
        decision="meets",
        reason="A bruise seen by staff",
    )
    meeting_record(
        allegation=allegation,
        actor=officer,
        kind="management",
        held_at=received + timedelta(hours=1),
        attendees="LADO",
        minutes="Strands agreed",
    )
    for strand in allegation.strands.all():
        strand_update(strand=strand, actor=officer, owner="Owner", status="closed", outcome="NFA")
    allegation_conclude(allegation=allegation, actor=officer, outcome="unfounded", reason="None")
    break_glass_open(user=world.auditor, target=allegation, reason="Annual chronology audit")


def _exploitation(world: Any, child: Person) -> None:
    """A missing episode and its return home interview, a screening, a meeting and a link."""
    from openmash.exploitation.services import (
        MissingReport,
        meeting_record,
        missing_episode_report,
        missing_episode_return,
        network_link_record,
        return_interview_record,
        screening_record,
    )

    now = timezone.now()
    episode = missing_episode_report(
        actor=world.police_rep,
        agency=world.police,
        report=MissingReport(
            given_name="",
            family_name="",
            date_of_birth=None,
            missing_from="home",
            started_at=now - timedelta(days=5),
            risk_level="medium",
            person=child,
        ),
    )
    episode = missing_episode_return(
        episode=episode,
        actor=world.police_rep,
        ended_at=now - timedelta(days=4),
        where_found="At a friend's house",
    )
    return_interview_record(
        episode=episode,
        actor=world.social_worker,
        offered_at=now - timedelta(days=3),
        outcome="declined",
    )
    screening_record(person=child, actor=world.social_worker, indicators=["missing"])
    meeting_record(
        person=child,
        actor=world.social_worker,
        held_at=now - timedelta(days=2),
        attendees="Shield team; police",
        summary="Low risk; keep in touch with school",
    )
    network_link_record(
        person=child,
        actor=world.social_worker,
        kind="place",
        label="Skate park, Wellington Road",
        relationship="Goes there after school",
    )


def _out_of_hours(world: Any, contact: Any) -> None:
    """The emergency duty team's action and interim safety plan on the child's contact."""
    record = edt_record_open(contact=contact, actor=None)
    edt_action_record(
        record=record,
        actor=world.social_worker,
        kind="visit",
        taken_at=timezone.now(),
        detail="Visited: Ayaan asleep, mother sober",
    )
    safety_plan_record(
        record=record,
        actor=world.social_worker,
        who_does_what="Grandmother stays overnight",
        until=timezone.now() + timedelta(days=1),
        how_checked="Day team rings at 10am",
        expected_version=0,
    )


@pytest.fixture
def history(world, contact, child):
    return _history(world, contact, child)


def test_every_kind_of_every_app_appears_exactly_once_in_order(world, child, history) -> None:
    # The quality lead reads every app's records (Family Help's too, which the MASH does not).
    items = chronology_build(world.auditor, [child], ChronologyFilters(oldest_first=True))
    kinds = [i.event.kind for i in items.items]
    assert sorted(set(kinds)) == sorted(chronology_kinds()), "a kind with no event in the test"
    assert len(kinds) == len(set(kinds)), "each kind exactly once"
    keys = [i.event.key for i in items.items]
    assert len(keys) == len(set(keys))
    times = [i.event.at for i in items.items]
    assert times == sorted(times)


def test_the_family_chronology_holds_each_event_once_saying_whom_it_is_about(
    world, child, history
) -> None:
    mother = person_create(actor=None, given_name="Sara", family_name="Rahman")
    relationship_add(
        from_person=mother,
        to_person=child,
        kind=RelationshipKind.PARENT,
        source="test",
        actor=None,
    )
    chronology_entry_add(
        person=mother,
        actor=world.social_worker,
        happened_on=date(2018, 2, 2),
        kind="court",
        summary="Non-molestation order against her former partner",
    )
    family = chronology_build(world.social_worker, [child, mother])
    keys = [i.event.key for i in family.items]
    assert len(keys) == len(set(keys))
    about = {i.event.summary: i.person for i in family.items}
    assert about["Non-molestation order against her former partner"] == mother
    assert about["An old health event"] == child
    [member] = family_of(world.social_worker, child)
    assert (member.person, member.relation) == (mother, "Parent")


def test_a_back_dated_entry_sorts_by_when_it_happened_not_when_it_was_recorded(
    world, child, contact
) -> None:
    entry = chronology_entry_add(
        person=child,
        actor=world.social_worker,
        happened_on=date(2019, 3, 27),
        kind="health",
        summary="Admitted to hospital with a head injury",
        agency=world.la,
        source="Hospital discharge letter",
    )
    assert entry.recorded_at > datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone())
    newest_first = chronology_build(world.social_worker, [child]).items
    assert newest_first[-1].event.summary == "Admitted to hospital with a head injury"
    assert newest_first[0].event.kind == "frontdoor.contact"
    assert AuditEvent.objects.filter(verb="chronology.entry_added", target_id=str(entry.pk))
    with pytest.raises(ApplicationError, match="today or in the past"):
        chronology_entry_add(
            person=child,
            actor=world.social_worker,
            happened_on=timezone.localdate() + timedelta(days=1),
            kind="health",
            summary="Tomorrow",
        )


def test_filters_by_agency_kind_period_and_significance(world, child, history) -> None:
    police = chronology_build(
        world.social_worker, [child], ChronologyFilters(agency=world.police.pk)
    )
    # The police's answer to an information request, and the missing episode they reported.
    assert sorted(i.event.kind for i in police.items) == [
        "exploitation.missing",
        "frontdoor.information",
    ]
    assert police.total > len(police.items)
    decisions = chronology_build(
        world.social_worker, [child], ChronologyFilters(kind="frontdoor.decision")
    )
    assert [i.event.summary for i in decisions.items] == [
        "MASH decision: Child and family assessment (section 17), to Assessment team 1"
    ]
    old = chronology_build(
        world.social_worker, [child], ChronologyFilters(until=date(2019, 12, 31))
    )
    assert [i.event.summary for i in old.items] == ["An old health event"]
    key = decisions.items[0].event.key
    assert chronology_significance_set(
        person=child, actor=world.social_worker, event_key=key, significant=True
    )
    significant = chronology_build(
        world.social_worker, [child], ChronologyFilters(significant_only=True)
    )
    assert [i.event.key for i in significant.items] == [key]
    assert AuditEvent.objects.filter(verb="chronology.significance_marked").count() == 1
    assert chronology_significance_set(
        person=child, actor=world.social_worker, event_key=key, significant=False
    )
    assert not SignificantEvent.objects.exists()
    with pytest.raises(ApplicationError, match="not in this person's chronology"):
        chronology_significance_set(
            person=child, actor=world.social_worker, event_key="made.up:1", significant=True
        )


def test_the_timeline_pages_through_events_keeping_the_filters(
    world, child, history, monkeypatch
) -> None:
    from openmash.chronology import views

    monkeypatch.setattr(views, "TIMELINE_PAGE_SIZE", 3)
    everything = chronology_build(world.social_worker, [child]).items
    client = client_for(world.social_worker)
    url = reverse("chronology:person", args=[child.pk])
    first = client.get(url)
    assert first.text.count('class="moj-timeline__item"') == 3
    assert f"{len(everything)} events." in first.text
    assert "Showing 1 to 3." in first.text
    assert 'aria-label="Pages of events"' in first.text
    newest = sorted(everything, key=lambda i: (i.event.at, i.event.key))[-1]
    assert newest.event.summary in first.text
    last_page = (len(everything) + 2) // 3
    last = client.get(f"{url}?page={last_page}&order=oldest")
    oldest_first = sorted(everything, key=lambda i: (i.event.at, i.event.key))
    assert oldest_first[-1].event.summary in last.text
    assert "order=oldest" in last.text  # the page links keep the filters


def test_the_cumulative_risk_panel_counts_a_year_of_contacts_and_repeated_categories(
    world, child, contact
) -> None:
    for _ in range(2):
        contact_create(
            actor=world.police_rep,
            data=ContactInput(
                source_agency=world.police,
                channel="api",
                concern="Domestic incident at the address; Ayaan present.",
                subjects=[SubjectInput(details=subject_details(child), person=child)],
                categories=["domestic_abuse"],
            ),
        )
    risk = cumulative_risk(world.social_worker, child, now=timezone.now())
    assert risk.contacts_12_months == 3
    assert ("Domestic abuse", 2) in risk.repeated_categories
    assert {"Test School", "Test Police"} <= set(risk.agencies)
    assert risk.lasting == []


def test_the_cumulative_risk_panel_lists_earlier_plans_however_old(world, child) -> None:
    """A child protection plan three years ago still shows, with its category; the year's
    counts leave it out."""
    from tests.protection.helpers import chain

    with time_machine.travel(timezone.now() - timedelta(days=3 * 365), tick=False):
        chain(world, child)
    risk = cumulative_risk(world.social_worker, child, now=timezone.now())
    [plan] = risk.lasting
    assert plan.kind == "protection.plan"
    assert plan.summary.startswith("Child protection plan (")
    assert "Child protection plan" not in dict(risk.events_by_kind)
    page = client_for(world.social_worker).get(reverse("chronology:person", args=[child.pk]))
    assert "Plans at any time" in page.text
    assert plan.summary in page.text


def test_a_restricted_contact_shows_in_outline_only(world, child, contact) -> None:
    other = person_create(actor=None, given_name="Jordan", family_name="Staffmember")
    person_restrict(actor=None, person=other, named_users=[])
    secret = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Allegation about a member of staff.",
            subjects=[
                SubjectInput(details=subject_details(child), person=child),
                SubjectInput(details=subject_details(other), person=other),
            ],
            submitted_by=world.referrer,
        ),
    )
    items = chronology_build(world.social_worker, [child]).items
    [outline] = [i for i in items if i.event.key.startswith(f"contacts.contact:{secret.pk}:")]
    assert outline.event.restricted
    assert outline.event.detail == ""
    assert "Allegation" not in outline.event.summary


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("contact_officer", 200),
        ("social_worker", 200),
        ("manager", 200),
        ("auditor", 200),
        ("referrer", 404),
        ("outsider", 404),
        ("police_rep", 404),
    ],
)
def test_who_reads_a_chronology(world, child, contact, persona, status) -> None:
    user = world.personas()[persona]
    page = client_for(user).get(reverse("chronology:person", args=[child.pk]))
    api = client_for(user).get(f"/api/v1/persons/{child.pk}/chronology/")
    assert page.status_code == status
    assert api.status_code == status
    if status == 404:
        refused = AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=user)
        assert refused.filter(target_id=str(child.pk)).exists()
    else:
        assert "Bruise on cheek" in page.text
        assert AuditEvent.objects.filter(verb="chronology.viewed", actor=user).count() == 2


def test_an_agency_representative_reads_only_what_their_agency_shared(
    world, child, contact
) -> None:
    """The police and the school were each asked about the child and answered: each agency's
    representative reads its own answers, and none of the MASH's own records."""
    from tests.conftest import make_user

    school_rep = make_user("dsl.rep@school.test", world.school, "agency_representative")
    subject = contact.contact_subjects.get()
    contact = contact_screen(
        contact=contact, actor=world.social_worker, rag="amber", reason="Bruise on the cheek"
    )
    for agency, rep, answer in (
        (world.police, world.police_rep, "Two domestic incidents this year."),
        (world.school, school_rep, "Attendance is 71%."),
    ):
        asked = information_request_send(
            contact=contact,
            actor=world.social_worker,
            agency=agency,
            subjects=[subject],
            questions="What do you know?",
            shared_summary="A bruise on Ayaan's cheek.",
            lawful_basis="children_act_1989_s17",
        )
        information_request_respond(request=asked, actor=rep, response=answer)
        contact.refresh_from_db()
    chronology_significance_set(
        person=child,
        actor=world.social_worker,
        event_key=next(
            i.event.key
            for i in chronology_build(world.social_worker, [child]).items
            if i.event.kind == "frontdoor.information" and "Test Police" in i.event.summary
        ),
        significant=True,
    )
    client = client_for(world.police_rep)
    page = client.get(reverse("chronology:person", args=[child.pk]))
    assert page.status_code == 200
    assert "Two domestic incidents this year." in page.text
    for hidden in ("Attendance is 71%", "Bruise on the cheek"):
        assert hidden not in page.text
    # Significance is the council's judgement, not shown to a partner (nor filtered on).
    assert ">Significant</strong>" not in page.text
    assert "Significant events only" not in page.text
    items = chronology_build(world.police_rep, [child]).items
    assert [i.event.kind for i in items] == ["frontdoor.information"]
    assert items[0].event.url == reverse(
        "frontdoor:request_detail", args=[items[0].event.key.split(":")[1]]
    )
    api = client.get(f"/api/v1/persons/{child.pk}/chronology/")
    assert [e["kind"] for e in api.json()["results"]] == ["frontdoor.information"]
    assert client.get(reverse("chronology:person_pdf", args=[child.pk])).status_code == 200
    # The list of people their agency was asked about, and nothing more of the child's records.
    listing = client.get(reverse("chronology:agency_people"))
    assert listing.status_code == 200
    assert "Ayaan" in listing.text
    assert client_for(school_rep).get(reverse("chronology:agency_people")).status_code == 200
    for name in ("family", "summary", "entry_add", "summary_pdf"):
        assert client.get(reverse(f"chronology:{name}", args=[child.pk])).status_code == 404
    assert (
        client_for(world.social_worker).get(reverse("chronology:agency_people")).status_code == 403
    )
    # A person the police were never asked about is a 404, logged.
    other = person_create(actor=None, given_name="Nobody", family_name="Asked")
    assert client.get(reverse("chronology:person", args=[other.pk])).status_code == 404
    refused = AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=world.police_rep)
    assert refused.filter(target_id=str(other.pk)).exists()


def test_only_those_who_record_work_add_to_it_and_only_a_manager_signs_off(
    world, child, contact
) -> None:
    client = client_for(world.auditor)
    assert client.get(reverse("chronology:entry_add", args=[child.pk])).status_code == 403
    with pytest.raises(ApplicationError, match="front-door staff who record work"):
        chronology_entry_add(
            person=child,
            actor=world.auditor,
            happened_on=date(2020, 1, 1),
            kind="other",
            summary="x",
        )


# --- Case summary -------------------------------------------------------------------------------

SUMMARY = CaseSummaryInput(
    family="Ayaan (10) lives with his mother Sara.",
    history="Three contacts this year, two about domestic abuse.",
    risks="Domestic abuse in the home; a bruise with no account.",
    strengths="Sara works with the school and took Ayaan to the GP.",
    voice="Ayaan: 'I don't like it when they shout.'",
)


def test_the_case_summary_is_versioned_and_a_manager_who_did_not_write_it_signs_it_off(
    world, child
) -> None:
    first = case_summary_write(person=child, actor=world.social_worker, data=SUMMARY)
    assert first.version == 1
    written_by_manager = case_summary_write(
        person=child, actor=world.manager, data=SUMMARY, expected_version=1
    )
    with pytest.raises(ApplicationError, match="cannot sign off a summary they wrote"):
        case_summary_sign_off(summary=written_by_manager, actor=world.manager)
    assert CaseSummary.objects.filter(person=child).count() == 2
    with pytest.raises(ConflictError, match="Someone else saved version 2"):
        case_summary_write(
            person=child, actor=world.social_worker, data=SUMMARY, expected_version=1
        )
    third = case_summary_write(
        person=child, actor=world.social_worker, data=SUMMARY, expected_version=2
    )
    with pytest.raises(ApplicationError, match="sign off the newest version"):
        case_summary_sign_off(summary=first, actor=world.manager)
    signed = case_summary_sign_off(summary=third, actor=world.manager)
    assert signed.signed_off_by == world.manager
    assert AuditEvent.objects.filter(verb="case_summary.signed_off").count() == 1
    with pytest.raises(ApplicationError, match="Enter the current risks"):
        case_summary_write(
            person=child,
            actor=world.social_worker,
            data=CaseSummaryInput(**{**SUMMARY.__dict__, "risks": " "}),
        )


# --- PDF ----------------------------------------------------------------------------------------


def test_the_pdf_is_tagged_its_text_extractable_and_its_export_audited(
    world, child, history
) -> None:
    response = client_for(world.social_worker).get(
        reverse("chronology:person_pdf", args=[child.pk]), {"agency": world.police.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root: Any = reader.trailer["/Root"]  # the document catalogue, a dictionary
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("en")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Test Police shared what they know" in text
    assert "Two domestic incidents this year." in text
    assert "Exported by" in text
    assert world.social_worker.email in text
    assert "An old health event" not in text  # filtered to the police
    exported = AuditEvent.objects.get(verb="chronology.exported")
    assert exported.target_id == str(child.pk)


# --- API ----------------------------------------------------------------------------------------


def test_the_api_gives_the_person_s_and_the_household_s_chronology_with_filters(
    world, child, history
) -> None:
    client = client_for(world.social_worker)
    response = client.get(
        f"/api/v1/persons/{child.pk}/chronology/", {"kind": "frontdoor.information"}
    )
    assert response.status_code == 200
    [event] = response.json()["results"]
    assert (event["agency"], event["agency_id"]) == ("Test Police", world.police.pk)
    assert event["detail"] == "Two domestic incidents this year."
    bad = client.get(f"/api/v1/persons/{child.pk}/chronology/", {"since": "2026-02-30"})
    assert bad.status_code == 400
    household = Household.objects.create(address_line1="1 Test Street")
    sister = person_create(actor=None, given_name="Mina", family_name="Rahman")
    household.members.add(child, sister)
    chronology_entry_add(
        person=sister,
        actor=world.social_worker,
        happened_on=date(2022, 9, 1),
        kind="education",
        summary="Started at the primary school",
    )
    both = client.get(f"/api/v1/households/{household.pk}/chronology/", {"page_size": 100})
    assert both.status_code == 200
    people = {e["person_id"] for e in both.json()["results"]}
    assert people == {child.pk, sister.pk}
    marked = client.post(
        f"/api/v1/persons/{child.pk}/chronology/significance/",
        {"event_key": event["key"], "significant": True},
        content_type="application/json",
    )
    assert marked.status_code == 200
    assert marked.json()["changed"] is True
    written = client.post(
        f"/api/v1/persons/{child.pk}/case-summary/",
        {"expected_version": 0, **SUMMARY.__dict__},
        content_type="application/json",
    )
    assert written.status_code == 201
    stale = client.post(
        f"/api/v1/persons/{child.pk}/case-summary/",
        {"expected_version": 0, **SUMMARY.__dict__},
        content_type="application/json",
    )
    assert stale.status_code == 409
    state = client.get(f"/api/v1/persons/{child.pk}/case-summary/").json()
    assert state["current"]["version"] == 1
    assert [v["version"] for v in state["versions"]] == [1]
