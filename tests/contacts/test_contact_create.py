from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    SubjectInput,
    contact_create,
)
from openmash.core.models import AuditEvent
from openmash.people.matching import SubjectDetails
from openmash.people.models import Person
from openmash.people.verbs import PeopleVerb
from tests.conftest import World

pytestmark = pytest.mark.clock


def _input(world: World, *subjects: SubjectDetails, **extra) -> ContactInput:
    extra.setdefault("concern", "Domestic incident; children present.")
    return ContactInput(
        source_agency=world.police,
        channel="phone",
        subjects=[SubjectInput(details=s) for s in subjects],
        **extra,
    )


def test_a_new_subject_creates_a_person_and_a_referenced_contact(world: World) -> None:
    contact = contact_create(
        actor=world.contact_officer,
        data=_input(world, SubjectDetails("Maisie", "Okafor", date(2019, 7, 2), "F", "9990000026")),
    )
    assert contact.reference == f"C{timezone.localtime(contact.received_at):%y}-{contact.pk:07d}"
    link = ContactSubject.objects.get(contact=contact)
    assert link.match_status == "new"
    assert link.person.nhs_number == "9990000026"
    assert AuditEvent.objects.filter(verb="contact.created", target_id=str(contact.pk)).exists()


def test_the_same_nhs_number_links_automatically_despite_a_nickname(world: World, child) -> None:
    contact = contact_create(
        actor=world.contact_officer,
        data=_input(world, SubjectDetails("Ayan", "Rahmen", date(2016, 3, 14), "M", "9990000018")),
    )
    link = ContactSubject.objects.get(contact=contact)
    assert link.match_status == "linked"
    assert link.person == child
    assert "same NHS number" in link.possible_matches[0]["reasons"]
    assert child.names.filter(given_name="Ayan", family_name="Rahmen").exists()


def test_what_a_contact_teaches_about_a_known_person_is_audited(world: World, child) -> None:
    details = SubjectDetails(
        "Ayan", "Rahmen", date(2016, 3, 14), "M", "9990000018", postcode="LS1 4AP"
    )
    contact = contact_create(actor=world.contact_officer, data=_input(world, details))

    child.refresh_from_db()
    assert child.postcode == "LS1 4AP"
    row = AuditEvent.objects.get(verb=PeopleVerb.DETAILS_LEARNT)
    assert (row.actor, row.target_id) == (world.contact_officer, str(child.pk))
    assert row.summary == {
        "source": f"contact {contact.reference}",
        "changed": ["postcode"],
        "added": ["address", "name"],
    }
    # The same details again teach nothing: no second row.
    contact_create(actor=world.contact_officer, data=_input(world, details))
    assert AuditEvent.objects.filter(verb=PeopleVerb.DETAILS_LEARNT).count() == 1


def test_a_likely_match_without_identifiers_is_offered_not_linked(world: World, child) -> None:
    contact = contact_create(
        actor=world.contact_officer,
        data=_input(world, SubjectDetails("Ayaan", "Rahman", date(2016, 3, 14))),
    )
    link = ContactSubject.objects.get(contact=contact)
    assert link.match_status in ("linked", "possible")
    assert link.possible_matches[0]["person_id"] == child.pk
    assert "same date of birth" in link.possible_matches[0]["reasons"]


def test_transposed_day_and_month_still_finds_the_person(world: World) -> None:
    from openmash.people.services import person_create

    maisie = person_create(
        actor=None, given_name="Maisie", family_name="Okafor", date_of_birth=date(2019, 7, 2)
    )
    contact = contact_create(
        actor=world.contact_officer,
        data=_input(world, SubjectDetails("Maisy", "Okafor", date(2019, 2, 7))),
    )
    best = ContactSubject.objects.get(contact=contact).possible_matches[0]
    assert best["person_id"] == maisie.pk
    assert "date of birth with day and month swapped" in best["reasons"]


def test_invalid_input_saves_nothing(world: World) -> None:
    before = (Contact.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ContactInvalidError) as error:
        contact_create(
            actor=world.contact_officer,
            data=_input(
                world,
                SubjectDetails(
                    "Leo",
                    "Kowalski",
                    timezone.localdate() + timedelta(days=1),
                    nhs_number="9990000019",
                    postcode="NOT A POSTCODE",
                ),
                immediate_risk=True,
            ),
        )
    fields = {f for f, _ in error.value.problems}
    assert fields == {
        "subjects[0].date_of_birth",
        "subjects[0].nhs_number",
        "subjects[0].postcode",
        "immediate_risk_details",
    }
    assert (Contact.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before


def test_completeness_lists_what_is_missing(world: World) -> None:
    contact = contact_create(
        actor=world.contact_officer,
        data=_input(
            world, SubjectDetails("Leo", "Kowalski", date(2012, 11, 23)), referrer_phone="0100 000"
        ),
    )
    assert contact.completeness == 25  # 2 of 8 expected items
    assert "Leo Kowalski: NHS number or UPN" in contact.missing_items
    assert "Leo Kowalski: Date of birth" not in contact.missing_items
    assert "Consent" in contact.missing_items


def test_the_same_incident_from_two_police_systems_is_flagged(world: World, child) -> None:
    details = SubjectDetails("Ayaan", "Rahman", date(2016, 3, 14), "M", "9990000018")
    first = contact_create(
        actor=None,
        data=_input(
            world,
            details,
            source_system="VIST",
            source_reference="V-1",
            incident_date=date(2026, 1, 5),
        ),
    )
    second = contact_create(
        actor=None,
        data=_input(
            world,
            details,
            source_system="CARA",
            source_reference="C-9",
            incident_date=date(2026, 1, 5),
        ),
    )
    assert first.duplicate_of is None
    assert second.duplicate_of == first
    assert second.duplicate_status == "suspected"


def test_a_source_reference_is_unique_within_its_agency_only(world: World) -> None:
    details = SubjectDetails("Ayaan", "Rahman")
    reference = {"source_system": "VIST", "source_reference": "SQUAT-777"}
    school = replace(_input(world, details, **reference), source_agency=world.school)
    contact_create(actor=None, data=school)
    police = contact_create(actor=None, data=_input(world, details, **reference))
    assert police.source_agency == world.police
    with pytest.raises(IntegrityError), transaction.atomic():
        contact_create(actor=None, data=_input(world, details, **reference))
    assert Contact.objects.filter(source_reference="SQUAT-777").count() == 2


@pytest.mark.parametrize(
    ("details", "extra", "field", "message"),
    [
        (
            SubjectDetails("Ayaan", "Rahman", date(1800, 1, 1)),
            {},
            "subjects[0].date_of_birth",
            "Date of birth must be within the last 120 years",
        ),
        (
            SubjectDetails("Ayaan", "Rahman"),
            {"received_at": datetime(1990, 1, 5, 9, 0, tzinfo=UTC)},
            "received_at",
            "The date received must be within the last 365 days",
        ),
        (
            SubjectDetails("Ayaan", "Rahman"),
            {"incident_date": date(1850, 1, 1)},
            "incident_date",
            "The date of the incident must be within the last 120 years",
        ),
        (
            SubjectDetails("Ayaan", "Rahman"),
            {"concern": "Hit at home\x00; scared"},
            "concern",
            "Remove the control characters (such as a null byte) from this text",
        ),
        (
            SubjectDetails("Ayaan", "Rahman"),
            {"source_system": "VIST", "source_reference": "V-1\n2"},
            "source_reference",
            "Remove the control characters",
        ),
        (
            SubjectDetails("Ay\u202eaan", "Rahman"),
            {},
            "subjects[0].given_name",
            "Remove the hidden formatting characters from this name: U+202E RIGHT-TO-LEFT OVERRIDE",
        ),
        (
            SubjectDetails("Ayaan", "Rah\u200bman"),
            {},
            "subjects[0].family_name",
            "U+200B ZERO WIDTH SPACE",
        ),
    ],
)
def test_implausible_dates_and_hidden_characters_are_refused_and_nothing_is_saved(
    world: World, details: SubjectDetails, extra: dict, field: str, message: str
) -> None:
    counts = (Contact.objects.count(), Person.objects.count())
    with pytest.raises(ContactInvalidError) as refused:
        contact_create(actor=world.contact_officer, data=_input(world, details, **extra))
    assert any(f == field and message in m for f, m in refused.value.problems)
    assert (Contact.objects.count(), Person.objects.count()) == counts


def test_free_text_keeps_its_line_breaks_and_tabs(world: World) -> None:
    contact = contact_create(
        actor=world.contact_officer,
        data=_input(
            world, SubjectDetails("Ayaan", "Rahman"), concern="Line one\n\tLine two\r\nThree"
        ),
    )
    assert contact.concern == "Line one\n\tLine two\r\nThree"
