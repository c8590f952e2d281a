"""A few synthetic people and contacts for the demo (names invented; NHS numbers 999 range)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency, Team, User
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.demo.accounts import require_demo_mode
from openmash.frontdoor.models import ContactEvent
from openmash.frontdoor.services.breaches import breaches_detect
from openmash.frontdoor.services.consent import consent_record
from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose
from openmash.frontdoor.services.lifecycle import contact_allocate
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.requests import (
    information_request_respond,
    information_request_send,
)
from openmash.frontdoor.services.thresholds import threshold_assess
from openmash.people.matching import SubjectDetails
from openmash.people.services import person_create, person_restrict

DEMO_PEOPLE = [
    ("Ayaan", "Rahman", date(2016, 3, 14), "M", "9990000018"),
    ("Maisie", "Okafor", date(2019, 7, 2), "F", "9990000026"),
    ("Leo", "Kowalski", date(2012, 11, 23), "M", "9990000034"),
    ("Ruby", "Thompson", date(2010, 1, 5), "F", ""),
    ("Margaret", "Ellis", date(1941, 6, 30), "F", "9990000042"),
]

DEMO_CONTACTS = [
    (
        "SCH",
        "portal",
        "school.referrer@example.org",
        [0],
        "Ayaan arrived with a bruise on his cheek and said he was scared to go home.",
    ),
    (
        "POL",
        "bulk",
        None,
        [1, 2],
        "Domestic incident at the family home; children present. Officers attended at 23:10.",
    ),
    (
        "HLT",
        "phone",
        None,
        [3],
        "Ruby attended A&E after taking an overdose; discharged to mother.",
    ),
    (
        "HSG",
        "email",
        None,
        [4],
        "Neighbour reports Mrs Ellis's son takes her pension and she is often without food.",
    ),
]


@transaction.atomic
def demo_records_load() -> int:
    require_demo_mode()
    if Contact.objects.exists():
        return 0
    now = timezone.now()
    for hours, (code, channel, email, subject_ix, concern) in enumerate(DEMO_CONTACTS):
        subjects = [
            SubjectInput(
                details=SubjectDetails(
                    given_name=g, family_name=f, date_of_birth=d, sex=s, nhs_number=n
                ),
                is_child=d.year > 2008,
            )
            for g, f, d, s, n in (DEMO_PEOPLE[i] for i in subject_ix)
        ]
        contact_create(
            actor=None,
            data=ContactInput(
                source_agency=Agency.objects.get(code=code),
                channel=channel,
                concern=concern,
                subjects=subjects,
                received_at=now - timedelta(hours=hours * 5 + 1),
                submitted_by=User.objects.filter(email=email).first() if email else None,
            ),
        )
    # A member of staff's relative: only the team manager is named on the record.
    relative = person_create(
        actor=None,
        given_name="Jordan",
        family_name="Staffmember",
        date_of_birth=date(2011, 4, 9),
        sex="U",
        nhs_number="9990000050",
    )
    person_restrict(
        actor=None,
        person=relative,
        named_users=User.objects.filter(email="team.manager@example.org"),
    )
    return len(DEMO_CONTACTS) + 1


@transaction.atomic
def demo_frontdoor_load() -> int:
    """Front-door work on the demo contacts, so every role has something to do: a red contact
    with a question to health, an amber one awaiting the manager's authorisation (with police
    information, consent and a threshold assessment), and untouched ones on the queue."""
    require_demo_mode()
    demo = {
        concern: Contact.objects.filter(concern=concern).first() for *_, concern in DEMO_CONTACTS
    }
    if None in demo.values() or ContactEvent.objects.filter(contact__in=demo.values()).exists():
        return 0
    school, police, health, _housing = (demo[c[-1]] for c in DEMO_CONTACTS)
    # None is missing: checked just above.
    assert school is not None
    assert police is not None
    assert health is not None
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@example.org")}
    _police_notification(police, users)
    _school_referral(school, users)
    contact_screen(contact=health, actor=users["contact.officer"], rag="amber")
    breaches_detect()  # the worker does this every few minutes; the demo starts up to date
    return 3


def _police_notification(contact: Contact, users: dict[str, User]) -> None:
    contact = contact_screen(contact=contact, actor=users["contact.officer"], rag="red")
    contact_allocate(
        contact=contact,
        actor=users["team.manager"],
        to=users["social.worker"],
        reason="Sam knows the family from last year",
    )
    information_request_send(
        contact=contact,
        actor=users["social.worker"],
        agency=Agency.objects.get(code="HLT"),
        subjects=contact.contact_subjects.all(),
        questions="Are Maisie and Leo known to health visiting or school nursing? Any A&E "
        "attendances or missed appointments in the last year?",
        shared_summary="Police attended a domestic incident at the family home at 23:10; the "
        "children were present.",
        lawful_basis="children_act_1989_s47",
    )


def _school_referral(contact: Contact, users: dict[str, User]) -> None:
    worker = users["social.worker"]
    contact = contact_screen(contact=contact, actor=worker, rag="amber")
    request = information_request_send(
        contact=contact,
        actor=worker,
        agency=Agency.objects.get(code="POL"),
        subjects=contact.contact_subjects.all(),
        questions="Any police involvement with Ayaan's household?",
        shared_summary="School report a bruise on Ayaan's cheek; he says he is scared to go home.",
        lawful_basis="children_act_1989_s17",
    )
    information_request_respond(
        request=request,
        actor=users["police.mash"],
        response="One call-out in March 2026 for a verbal argument; no offences recorded. "
        "No other police information held.",
    )
    consent_record(
        contact=contact,
        actor=worker,
        family_told="yes",
        consent="given",
        reason="Mother agreed to checks with police and health by phone.",
    )
    # The injury indicator suggests level 4; the worker chooses 3 and says why.
    threshold_assess(
        contact=contact,
        actor=worker,
        indicator_codes=["L4-CD-01"],
        chosen_level=3,
        reason="A single bruise, no previous injuries, and a parent who is engaging; the "
        "assessment will test this.",
    )
    subject = contact.contact_subjects.get()
    decision_propose(
        contact=Contact.objects.get(pk=contact.pk),
        actor=worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="assessment")],
        rationale="Unexplained bruise and fear of going home; police hold a recent call-out. "
        "A child and family assessment is needed to understand the risk.",
        next_step="Allocate for assessment; visit within 5 working days.",
        team=Team.objects.filter(name="Assessment team").first(),
    )
