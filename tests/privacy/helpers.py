"""Privacy test set-up: the privacy officer (Priya), a child with a contact from the police that
names a third party, and a contact closed with no further action long ago."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from openmash.accounts.models import User
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.calendar import LONDON
from openmash.frontdoor.services.decisions import OutcomeInput, decision_authorise, decision_propose
from openmash.frontdoor.services.lifecycle import contact_close
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.models import Person
from openmash.people.services import person_create
from tests.conftest import World, make_user, subject_details

THIRD_PARTY = "Mr Dorian Kell of 14 Larch Road"
POLICE_INTEL = "Operation Nightjar intelligence grade B2"


def privacy_officer(world: World) -> User:
    found = User.objects.filter(email="priya.officer@council.test").first()
    return found or make_user("priya.officer@council.test", world.la, "privacy_officer")


def years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def a_child(given: str = "Maisie", family: str = "Thornton", *, born: date | None = None) -> Person:
    return person_create(
        actor=None,
        given_name=given,
        family_name=family,
        date_of_birth=born or years_ago(9),
        sex="F",
        nhs_number="9990000026",
    )


def office_hours() -> datetime:
    """11:00 on a Wednesday one to two weeks ago: a contact received then has no out-of-hours
    (EDT) record, which disposal does not yet take (it refuses it as later work)."""
    day = timezone.localdate() - timedelta(days=7)
    while day.weekday() != 2:
        day -= timedelta(days=1)
    return datetime.combine(day, time(11, 0), tzinfo=LONDON)


def police_contact(world: World, person: Person, *, received_at: datetime | None = None) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern=(
                f"Police attended a domestic incident. {THIRD_PARTY} was arrested. "
                f"{POLICE_INTEL}. The child was asleep upstairs."
            ),
            subjects=[SubjectInput(details=subject_details(person), person=person)],
            referrer_name="PC Hollis",
            received_at=received_at,
        ),
    )


def closed_nfa_contact(world: World, person: Person, *, closed_years_ago: int = 7) -> Contact:
    """A contact decided no further action, closed, and dated `closed_years_ago` years back."""
    contact = police_contact(world, person, received_at=office_hours())
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="green")
    subject = contact.contact_subjects.get()
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject.pk, "nfa")],
        rationale="Parents acted protectively; no further action needed.",
        team=world.mash,
    )
    decision_authorise(decision=decision, actor=world.manager)
    contact_close(contact=Contact.objects.get(pk=contact.pk), actor=world.manager)
    closed = timezone.now() - timedelta(days=365 * closed_years_ago + 2)
    # Set-up only: the contact's history, as if it had happened then.
    Contact.objects.filter(pk=contact.pk).update(closed_at=closed, received_at=closed)
    return Contact.objects.get(pk=contact.pk)


def grown_up(world: World, *, age: int = 30, given: str = "Jodie") -> Person:
    return a_child(given, "Marsh", born=years_ago(age))


def count(**filters: Any) -> int:
    from openmash.core.models import AuditEvent

    return AuditEvent.objects.filter(**filters).count()


def sample_request(world: World) -> Any:
    """A subject access request about a child, for the matrix and the sweep."""
    from openmash.privacy.models import SubjectAccessRequest
    from openmash.privacy.services import sar_log

    found = SubjectAccessRequest.objects.first()
    if found is not None:
        return found
    return sar_log(
        actor=privacy_officer(world),
        person=a_child("Sample", "Requested"),
        requester_name="Karen Requested",
        requester_relationship="Mother",
        received_on=timezone.localdate(),
    )


def sample_redaction(world: World) -> Any:
    from openmash.privacy.services import redaction_add

    sar = sample_request(world)
    found = sar.redactions.first()
    return found or redaction_add(
        actor=privacy_officer(world),
        request=sar,
        item_key=f"person:{sar.person_id}",
        span="Sample",
        reason="third_party",
    )


def sample_hold(world: World) -> Any:
    from openmash.privacy.models import LegalHold
    from openmash.privacy.services import legal_hold_place

    found = LegalHold.objects.first()
    return found or legal_hold_place(
        actor=privacy_officer(world), person=a_child("Held", "Sample"), reason="Civil claim"
    )
