"""The family a contact names: roles, relationships and a household in the person index, unborn
children recorded with an expected date of delivery and matched after birth."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.drafts import referral_draft_create
from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    SubjectInput,
    contact_create,
)
from openmash.core.models import AuditEvent
from openmash.people.matching import SubjectDetails
from openmash.people.models import Household, Person, Relationship
from openmash.people.services import person_create, person_merge, person_unmerge
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock

MOTHER_BORN = date(1995, 4, 2)
FATHER_BORN = date(1990, 8, 17)


def _child(**extra: Any) -> SubjectInput:
    return SubjectInput(
        details=SubjectDetails("Amy", "Cole", date(2017, 5, 6), "F", postcode="LS6 2AB", **extra),
        address_line1="4 Mill Lane",
    )


def _adult(given: str, born: date, sex: str, role: str, relationship: str) -> SubjectInput:
    return SubjectInput(
        details=SubjectDetails(given, "Cole", born, sex, postcode="LS6 2AB"),
        role=role,
        is_child=False,
        address_line1="4 Mill Lane",
        relationship_to_subject=relationship,
    )


def _unborn(expected: date) -> SubjectInput:
    return SubjectInput(
        details=SubjectDetails(
            "Unborn", "Cole", postcode="LS6 2AB", expected_delivery_date=expected
        ),
        is_unborn=True,
        address_line1="4 Mill Lane",
    )


def _record(world: World, *subjects: SubjectInput) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Domestic incident at the family home; Amy was present.",
            subjects=list(subjects),
        ),
    )


def _person(contact: Contact, given_name: str) -> Person:
    subject = ContactSubject.objects.get(contact=contact, given_name=given_name)
    assert subject.person is not None
    return subject.person


# Relationships and the household


def test_a_contact_naming_a_child_and_her_father_records_them_once(world: World) -> None:
    first = _record(world, _child(), _adult("Dan", FATHER_BORN, "M", "household", "Dad"))
    amy, dan = _person(first, "Amy"), _person(first, "Dan")
    relationship = Relationship.objects.get()
    assert (relationship.from_person, relationship.to_person, relationship.kind) == (
        dan,
        amy,
        "parent",
    )
    assert relationship.source == f"contact {first.reference}"
    assert relationship.source_contact_id == first.pk
    assert relationship.recorded_by == world.contact_officer
    household = Household.objects.get()
    assert set(household.members.all()) == {amy, dan}
    assert (household.address_line1, household.postcode) == ("4 Mill Lane", "LS6 2AB")
    assert AuditEvent.objects.filter(
        verb="person.relationship_added", target_id=str(dan.pk)
    ).exists()

    second = _record(world, _child(), _adult("Dan", FATHER_BORN, "M", "household", "Father"))
    assert (_person(second, "Amy"), _person(second, "Dan")) == (amy, dan)
    assert Relationship.objects.count() == 1
    assert Household.objects.count() == 1
    assert amy.addresses.count() == 1  # the same address is not recorded twice


def test_the_person_page_shows_the_household_and_the_contact_that_told_us(
    world: World,
) -> None:
    contact = _record(world, _child(), _adult("Dan", FATHER_BORN, "M", "household", "Step-dad"))
    amy = _person(contact, "Amy")
    page = client_for(world.social_worker).get(f"/people/{amy.pk}/").content.decode()
    assert "Household and relationships" in page
    assert "Child of" in page
    assert "Dan Cole" in page
    assert reverse("contacts:detail", args=[contact.pk]) in page
    assert contact.reference in page
    api = client_for(world.social_worker).get(f"/api/v1/persons/{amy.pk}/").json()
    assert api["relationships"][0] | {"recorded_at": None} == {
        "description": "Child of",
        "kind": "parent",
        "person_id": _person(contact, "Dan").pk,
        "restricted": False,
        "name": "Dan Cole",
        "source": f"contact {contact.reference}",
        "contact_id": contact.pk,
        "recorded_at": None,
    }


def test_a_referrer_cannot_see_the_person_page(world: World) -> None:
    contact = _record(world, _child(), _adult("Dan", FATHER_BORN, "M", "household", "Dad"))
    amy = _person(contact, "Amy")
    assert client_for(world.referrer).get(f"/people/{amy.pk}/").status_code == 404
    assert client_for(world.social_worker).get(f"/people/{amy.pk}/").status_code == 200


def test_the_familys_relationships_move_with_a_merge_and_come_back_on_undo(
    world: World,
) -> None:
    contact = _record(world, _child(), _adult("Dan", FATHER_BORN, "M", "household", "Dad"))
    amy, dan = _person(contact, "Amy"), _person(contact, "Dan")
    school_record = person_create(
        actor=None, given_name="Amy", family_name="Cole", upn="A123456789012"
    )
    merge = person_merge(
        actor=world.social_worker,
        survivor=school_record,
        merged=amy,
        reason="Same child: the school's record of Amy",
    )
    relationship = Relationship.objects.get()
    assert relationship.to_person == school_record
    assert set(Household.objects.get().members.all()) == {school_record, dan}
    page = client_for(world.social_worker).get(f"/people/{school_record.pk}/").content.decode()
    assert "Dan Cole" in page

    person_unmerge(actor=world.manager, merge=merge, reason="Different children after all")
    relationship.refresh_from_db()
    assert relationship.to_person == amy
    assert set(Household.objects.get().members.all()) == {amy, dan}


def test_roles_give_the_relationships_they_name(world: World) -> None:
    contact = _record(
        world,
        _child(),
        _adult("Mia", MOTHER_BORN, "F", "household", "Mum"),
        _adult("Lee", FATHER_BORN, "M", "alleged_perpetrator", "Mother's partner"),
        _adult("Kai", date(1988, 1, 1), "M", "person_of_concern", ""),
    )
    amy, mia, lee, kai = (_person(contact, n) for n in ("Amy", "Mia", "Lee", "Kai"))
    found = set(Relationship.objects.values_list("from_person", "to_person", "kind"))
    assert found == {
        (mia.pk, amy.pk, "parent"),
        (lee.pk, amy.pk, "alleged_perpetrator"),
        (kai.pk, amy.pk, "other"),
    }
    # Same postcode as the child: the alleged perpetrator and the person of concern live there.
    assert set(Household.objects.get().members.all()) == {amy, mia, lee, kai}
    roles = dict(ContactSubject.objects.filter(contact=contact).values_list("given_name", "role"))
    assert roles == {
        "Amy": "subject",
        "Mia": "household",
        "Lee": "alleged_perpetrator",
        "Kai": "person_of_concern",
    }


def test_a_contact_naming_only_the_children_records_no_household(world: World) -> None:
    brother = SubjectInput(details=SubjectDetails("Ben", "Cole", date(2015, 1, 9), "M"))
    _record(world, _child(), brother)
    assert not Household.objects.exists()
    assert not Relationship.objects.exists()


# Roles through the referral form and the API


def test_the_referral_form_records_an_alleged_perpetrator(world: World) -> None:
    from tests.contacts.test_referral_form import CHILD, _complete_draft

    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    _complete_draft(client, draft)
    response = client.post(
        reverse("contacts:refer_person_add", args=[draft.pk]),
        {
            "kind": "alleged_perpetrator",
            "given_name": "Lee",
            "family_name": "Okafor",
            "relationship": "Stepfather",
            "postcode": CHILD["postcode"],
        },
    )
    assert response.status_code == 302
    people = client.get(reverse("contacts:refer_people", args=[draft.pk])).text
    assert "Alleged to have caused the harm: Stepfather" in people
    client.post(reverse("contacts:refer_check", args=[draft.pk]))
    contact = Contact.objects.get(submitted_by=world.referrer)
    lee = ContactSubject.objects.get(contact=contact, given_name="Lee")
    assert (lee.role, lee.is_child) == ("alleged_perpetrator", False)
    maisie = ContactSubject.objects.get(contact=contact, given_name="Maisie")
    kinds = set(
        Relationship.objects.filter(from_person=lee.person, to_person=maisie.person).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"alleged_perpetrator", "parent"}


def _api_body(*subjects: dict[str, Any]) -> dict[str, Any]:
    return {
        "channel": "api",
        "source": {"agency_code": "POL", "name": "PC Ada Brook"},
        "subjects": list(subjects),
        "concern": "Domestic incident; Amy was in the house.",
        "consent": {"status": "not_sought", "family_told": "no", "reason": "Police investigation"},
    }


AMY = {"given_name": "Amy", "family_name": "Cole", "date_of_birth": "2017-05-06"}


def test_the_api_takes_a_person_of_concern_and_refuses_an_unknown_role(world: World) -> None:
    concern = {"given_name": "Kai", "family_name": "Cole", "role": "person_of_concern"}
    client = client_for(world.contact_officer)
    response = client.post(
        "/api/v1/contacts/", _api_body(AMY, concern), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert [s["role"] for s in response.json()["subjects"]] == ["subject", "person_of_concern"]
    wrong = client.post(
        "/api/v1/contacts/",
        _api_body(AMY, concern | {"role": "suspect"}),
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert "subjects.1.role" in wrong.json()["errors"]


# Unborn children


def test_an_unborn_child_is_recorded_with_an_expected_date_and_no_date_of_birth(
    world: World,
) -> None:
    expected = timezone.localdate() + timedelta(days=120)
    unborn = {
        "given_name": "Unborn",
        "family_name": "Cole",
        "is_unborn": True,
        "expected_delivery_date": expected.isoformat(),
    }
    mother = {
        "given_name": "Mia",
        "family_name": "Cole",
        "date_of_birth": MOTHER_BORN.isoformat(),
        "role": "household",
        "relationship": "Mother",
        "is_child": False,
    }
    response = client_for(world.contact_officer).post(
        "/api/v1/contacts/", _api_body(unborn, mother), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    subject = response.json()["subjects"][0]
    assert (subject["is_unborn"], subject["expected_delivery_date"]) == (True, expected.isoformat())
    person = Person.objects.get(pk=subject["person_id"])
    assert (person.is_unborn, person.expected_delivery_date, person.date_of_birth) == (
        True,
        expected,
        None,
    )
    assert Relationship.objects.filter(to_person=person, kind="parent").count() == 1
    page = client_for(world.social_worker).get(f"/people/{person.pk}/").content.decode()
    assert "Expected date of delivery" in page
    assert "Unborn" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"expected_delivery_date": 400}, "expected_delivery_date", "10 months from today"),
        ({"expected_delivery_date": -40}, "expected_delivery_date", "enter their date of birth"),
        ({"expected_delivery_date": None}, "expected_delivery_date", "Enter the expected date"),
        ({"date_of_birth": -3}, "date_of_birth", "An unborn child has no date of birth"),
        ({"is_unborn": False}, "expected_delivery_date", "Only an unborn child"),
    ],
)
def test_an_expected_date_of_delivery_is_checked_on_every_channel(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    today = timezone.localdate()
    subject: dict[str, Any] = {
        "given_name": "Unborn",
        "family_name": "Cole",
        "is_unborn": True,
        "expected_delivery_date": (today + timedelta(days=30)).isoformat(),
    }
    for name, value in change.items():
        days = value if isinstance(value, int) and not isinstance(value, bool) else None
        subject[name] = (today + timedelta(days=days)).isoformat() if days is not None else value
    response = client_for(world.contact_officer).post(
        "/api/v1/contacts/", _api_body(subject), content_type="application/json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert message in " ".join(errors[f"subjects.0.{field}"])
    assert not Contact.objects.exists()


def test_the_referral_form_asks_for_an_expected_date_for_an_unborn_baby(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    url = reverse("contacts:refer_person_add", args=[draft.pk])
    too_late = timezone.localdate() + timedelta(days=400)
    response = client.post(
        url,
        {
            "kind": "unborn",
            "given_name": "Unborn",
            "family_name": "Okafor",
            "expected_delivery_date_day": str(too_late.day),
            "expected_delivery_date_month": str(too_late.month),
            "expected_delivery_date_year": str(too_late.year),
        },
    )
    assert response.status_code == 200
    assert "(10 months from today)" in response.text
    expected = timezone.localdate() + timedelta(days=100)
    response = client.post(
        url,
        {
            "kind": "unborn",
            "given_name": "Unborn",
            "family_name": "Okafor",
            "expected_delivery_date_day": str(expected.day),
            "expected_delivery_date_month": str(expected.month),
            "expected_delivery_date_year": str(expected.year),
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["subjects"][0]["expected_delivery_date"] == expected.isoformat()
    people = client.get(reverse("contacts:refer_people", args=[draft.pk])).text
    assert "Unborn baby the concern is about" in people


def test_the_same_unborn_child_named_again_with_the_mother_is_linked(world: World) -> None:
    expected = timezone.localdate() + timedelta(days=90)
    mother = _adult("Mia", MOTHER_BORN, "F", "household", "Mother")
    first = _record(world, _unborn(expected), mother)
    second = _record(world, _unborn(expected + timedelta(days=7)), mother)
    unborn = _person(first, "Unborn")
    again = ContactSubject.objects.get(contact=second, given_name="Unborn")
    assert (again.person, again.match_status) == (unborn, "linked")
    unborn.refresh_from_db()
    assert unborn.expected_delivery_date == expected + timedelta(days=7)
    assert Person.objects.filter(is_unborn=True).count() == 1


def test_an_unborn_child_is_not_matched_without_the_same_parent(world: World) -> None:
    expected = timezone.localdate() + timedelta(days=90)
    _record(world, _unborn(expected), _adult("Mia", MOTHER_BORN, "F", "household", "Mother"))
    other = _record(
        world, _unborn(expected), _adult("Jo", date(1999, 9, 9), "F", "household", "Mum")
    )
    subject = ContactSubject.objects.get(contact=other, given_name="Unborn")
    assert (subject.match_status, subject.possible_matches) == ("new", [])
    assert Person.objects.filter(is_unborn=True).count() == 2


def test_a_child_born_since_is_offered_the_unborn_record_and_choosing_it_records_the_birth(
    world: World,
) -> None:
    expected = timezone.localdate() - timedelta(days=20)
    before = _record(
        world, _unborn(expected), _adult("Mia", MOTHER_BORN, "F", "household", "Mother")
    )
    unborn = _person(before, "Unborn")
    born_on = expected - timedelta(days=12)
    baby = SubjectInput(
        details=SubjectDetails("Maya", "Cole", born_on, "F", postcode="LS6 2AB"),
        address_line1="4 Mill Lane",
    )
    after = _record(world, baby, _adult("Mia", MOTHER_BORN, "F", "household", "Mum"))
    subject = ContactSubject.objects.get(contact=after, given_name="Maya")
    assert (subject.match_status, subject.person) == ("possible", None)
    offer = subject.possible_matches[0]
    assert offer["person_id"] == unborn.pk
    assert offer["reasons"] == [
        f"unborn child of the same mother, expected {expected.day} {expected:%B %Y}"
    ]

    page = client_for(world.contact_officer).post(
        reverse("contacts:subject_resolve", args=[after.pk, subject.pk]),
        {f"s{subject.pk}-person": str(unborn.pk)},
    )
    assert page.status_code == 302
    unborn.refresh_from_db()
    assert (unborn.is_unborn, unborn.date_of_birth) == (False, born_on)
    assert AuditEvent.objects.filter(verb="person.born", target_id=str(unborn.pk)).exists()
    # The mother's relationship to the baby was recorded before birth; not again after.
    assert Relationship.objects.filter(to_person=unborn, kind="parent").count() == 1


def test_an_unborn_child_with_a_date_of_birth_is_refused_by_the_service(world: World) -> None:
    unborn = _unborn(timezone.localdate() + timedelta(days=30))
    wrong = SubjectInput(
        details=SubjectDetails(
            "Unborn",
            "Cole",
            date_of_birth=timezone.localdate() - timedelta(days=1),
            expected_delivery_date=unborn.details.expected_delivery_date,
        ),
        is_unborn=True,
    )
    with pytest.raises(ContactInvalidError) as raised:
        _record(world, wrong)
    assert raised.value.field == "subjects[0].date_of_birth"
