"""Staff intake: a contact officer records a phone or email contact on one page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact, ContactSubject
from openmash.core.models import AuditEvent
from openmash.people.models import Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock

URL = reverse("contacts:record")


def _form(world: World, **changes: str | list[str]) -> dict[str, str | list[str]]:
    now = timezone.localtime() - timedelta(minutes=5)
    data: dict[str, str | list[str]] = {
        "channel": "phone",
        "contact_kind": "referral",
        "received_date_day": str(now.day),
        "received_date_month": str(now.month),
        "received_date_year": str(now.year),
        "received_time": now.strftime("%H:%M"),
        "source_agency": str(world.police.pk),
        "referrer_name": "PC Ada Brook",
        "referrer_role": "Response officer",
        "referrer_phone": "01632 960002",
        "concern": "Called to a domestic incident; two children at home.",
        "categories_household": ["domestic_abuse_child_affected"],
        "immediate_risk": "no",
        "family_told": "yes",
        "consent": "given",
        "subject-TOTAL_FORMS": "1",
        "subject-INITIAL_FORMS": "0",
        "subject-MIN_NUM_FORMS": "1",
        "subject-MAX_NUM_FORMS": "1000",
        "subject-0-kind": "child",
        "subject-0-given_name": "Leo",
        "subject-0-family_name": "Marsh",
        "subject-0-date_of_birth_day": "9",
        "subject-0-date_of_birth_month": "11",
        "subject-0-date_of_birth_year": "2018",
        "subject-0-nhs_number": "9990000034",
        "subject-0-postcode": "M1 1AE",
    }
    data.update(changes)
    return data


def _category(world: World) -> str:
    from openmash.contacts.models import ConcernCategory

    return ConcernCategory.objects.filter(group="household").first().code


def test_a_contact_officer_records_a_phone_contact(world: World) -> None:
    client = client_for(world.contact_officer)
    assert client.get(URL, follow=True).status_code == 200
    response = client.post(URL, _form(world, categories_household=[_category(world)]))
    contact = Contact.objects.get(channel="phone")
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    assert contact.source_agency == world.police
    assert contact.recorded_by == world.contact_officer
    assert contact.submitted_by is None
    assert contact.referrer_name == "PC Ada Brook"
    assert ContactSubject.objects.get(contact=contact).nhs_number == "9990000034"
    assert AuditEvent.objects.filter(verb="contact.created", target_id=str(contact.pk)).exists()


def test_add_another_person_keeps_the_answers_and_shows_no_errors_yet(world: World) -> None:
    client = client_for(world.contact_officer)
    response = client.post(URL, _form(world, add_subject="1", concern=""))
    assert response.status_code == 200
    assert "Person 2" in response.text
    assert 'value="Leo"' in response.text
    assert "There is a problem" not in response.text
    assert Contact.objects.count() == 0


def test_two_people_are_recorded_together(world: World) -> None:
    client = client_for(world.contact_officer)
    data = _form(
        world,
        categories_household=[_category(world)],
        **{
            "subject-TOTAL_FORMS": "2",
            "subject-1-kind": "household",
            "subject-1-given_name": "Dean",
            "subject-1-family_name": "Marsh",
            "subject-1-relationship": "Father",
        },
    )
    client.post(URL, data)
    contact = Contact.objects.get()
    roles = list(contact.contact_subjects.values_list("role", "relationship_to_subject"))
    assert roles == [("subject", ""), ("household", "Father")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subject-0-nhs_number": "9990000035"}, "Enter a real NHS number"),
        ({"subject-0-postcode": "NOT A CODE"}, "Enter a real postcode, like SW1A 1AA"),
        ({"subject-0-upn": "Z801200001001"}, "Enter a real UPN"),
        ({"subject-0-date_of_birth_year": "2999"}, "Date of birth must be today or in the past"),
        ({"received_date_year": "2999"}, "Date received must be today or in the past"),
        ({"immediate_risk": "yes"}, "Describe the immediate risk"),
        ({"consent": "refused"}, "Enter what they said when they refused"),
        ({"contact_kind": "anonymous"}, "Enter why the family cannot be named"),
        ({"referrer_name": ""}, "Enter the referrer&#x27;s name"),
    ],
)
def test_staff_intake_shows_govuk_messages_and_saves_nothing(
    world: World, changes: dict, message: str
) -> None:
    client = client_for(world.contact_officer)
    counts = (Contact.objects.count(), Person.objects.count())
    response = client.post(URL, _form(world, categories_household=[_category(world)], **changes))
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error: " in response.text
    assert "There is a problem" in response.text
    assert (Contact.objects.count(), Person.objects.count()) == counts


def test_a_time_later_today_is_refused_by_the_service(world: World, clock: Any) -> None:
    clock.move_to(datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    later = timezone.localtime() + timedelta(hours=2)
    client = client_for(world.contact_officer)
    response = client.post(
        URL,
        _form(
            world, categories_household=[_category(world)], received_time=later.strftime("%H:%M")
        ),
    )
    assert "The date and time received must be in the past" in response.text
    assert Contact.objects.count() == 0


def test_referrers_and_auditors_cannot_use_staff_intake(world: World) -> None:
    for user in (world.referrer, world.auditor, world.police_rep):
        assert client_for(user).get(URL).status_code == 403
        assert client_for(user).post(URL, _form(world)).status_code == 403
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "consultation", "anonymous"),
    [("referral", False, False), ("consultation", True, False), ("anonymous", True, True)],
)
def test_staff_record_referrals_and_named_or_anonymous_consultations(
    world: World, kind: str, consultation: bool, anonymous: bool
) -> None:
    client = client_for(world.contact_officer)
    data = _form(
        world,
        categories_household=[_category(world)],
        contact_kind=kind,
        anonymous_reason="Caller would not give names" if anonymous else "",
    )
    response = client.post(URL, data)
    assert response.status_code == 302, response.text[:500]
    contact = Contact.objects.get()
    assert (contact.is_consultation, contact.is_anonymous) == (consultation, anonymous)
    assert contact.anonymous_reason == ("Caller would not give names" if anonymous else "")
