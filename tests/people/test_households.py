"""Households and relationships in the person index, and unborn children's records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.people.households import household_record, relationship_add, relationship_from_text
from openmash.people.matching import SubjectDetails
from openmash.people.matching.family import born_candidates, unborn_candidates
from openmash.people.models import Household, Relationship
from openmash.people.services import person_create, person_learn_from_details, person_merge
from tests.conftest import World

pytestmark = pytest.mark.clock


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Father", ("parent", True)),
        ("Mum", ("parent", True)),
        ("Step-dad", ("parent", True)),
        ("stepfather", ("parent", True)),
        ("Father (not living at home)", ("parent", True)),
        ("Brother", ("sibling", True)),
        ("half-sister", ("sibling", True)),
        ("Partner", ("partner", True)),
        ("Boyfriend", ("partner", True)),
        ("Foster carer", ("carer", True)),
        ("Son", ("parent", False)),
        ("Mother's partner", None),
        ("Mum's boyfriend", None),
        ("Grandmother", None),
        ("Lodger", None),
        ("", None),
    ],
)
def test_a_referrers_words_are_read_as_a_kind_of_relationship(words: str, expected) -> None:
    found = relationship_from_text(words)
    assert (None if found is None else (found[0].value, found[1])) == expected


def test_a_symmetric_relationship_is_stored_once_whichever_way_round(world: World) -> None:
    one = person_create(actor=None, given_name="Amy", family_name="Cole")
    two = person_create(actor=None, given_name="Ben", family_name="Cole")
    first = relationship_add(
        actor=world.contact_officer, from_person=one, to_person=two, kind="sibling"
    )
    again = relationship_add(
        actor=world.contact_officer, from_person=two, to_person=one, kind="sibling"
    )
    assert again == first
    assert Relationship.objects.count() == 1
    assert first.recorded_by == world.contact_officer
    rows = AuditEvent.objects.filter(verb="person.relationship_added")
    assert [(r.target_id, r.summary["kind"]) for r in rows] == [(str(one.pk), "sibling")]


def test_a_parent_relationship_has_a_direction(world: World) -> None:
    mother = person_create(actor=None, given_name="Sara", family_name="Cole")
    child = person_create(actor=None, given_name="Amy", family_name="Cole")
    relationship_add(actor=None, from_person=mother, to_person=child, kind="parent")
    relationship_add(actor=None, from_person=child, to_person=mother, kind="parent")
    assert Relationship.objects.count() == 2  # both ways is a different claim, not a duplicate
    with pytest.raises(ApplicationError, match="with themselves"):
        relationship_add(actor=None, from_person=child, to_person=child, kind="sibling")


def test_a_household_is_found_again_at_the_same_postcode_and_only_new_members_are_audited(
    world: World,
) -> None:
    mother = person_create(actor=None, given_name="Sara", family_name="Cole")
    child = person_create(actor=None, given_name="Amy", family_name="Cole")
    baby = person_create(actor=None, given_name="Zac", family_name="Cole")
    first = household_record(
        actor=world.contact_officer, members=[mother, child], postcode="ls6 2ab", source="contact A"
    )
    again = household_record(
        actor=world.contact_officer, members=[child, baby], postcode="LS6 2AB", source="contact B"
    )
    assert first is not None
    assert again == first
    assert first.postcode == "LS6 2AB"
    assert set(first.members.all()) == {mother, child, baby}
    joined = AuditEvent.objects.filter(verb="person.household_joined")
    assert sorted(int(r.target_id) for r in joined) == sorted([mother.pk, child.pk, baby.pk])
    moved = household_record(actor=None, members=[mother, child], postcode="M1 1AE")
    assert moved != first  # another address is another household; the first is kept as history
    assert household_record(actor=None, members=[mother]) is None
    assert Household.objects.count() == 2


def test_a_new_person_from_a_contact_has_their_address_recorded_with_its_source(
    world: World,
) -> None:
    person = person_create(
        actor=None,
        given_name="Amy",
        family_name="Cole",
        postcode="ls6 2ab",
        address_line1="4 Mill Lane",
        source="contact C26-0000001",
    )
    address = person.addresses.get()
    assert (address.line1, address.postcode, address.source) == (
        "4 Mill Lane",
        "LS6 2AB",
        "contact C26-0000001",
    )
    assert address.valid_from == timezone.localdate()
    learnt = person_learn_from_details(
        actor=None,
        person=person,
        details=SubjectDetails("Amy", "Cole", postcode="M1 1AE"),
        address_line1="2 Canal Street",
        source="contact C26-0000002",
    )
    assert learnt is not None
    assert "address" in learnt["added"]
    assert list(person.addresses.values_list("line1", flat=True).order_by("pk")) == [
        "4 Mill Lane",
        "2 Canal Street",
    ]  # the earlier address is kept


def _unborn(expected: date, family_name: str = "Cole"):
    return person_create(
        actor=None,
        given_name="Unborn",
        family_name=family_name,
        expected_delivery_date=expected,
        source="contact C26-0000001",
    )


def test_an_unborn_child_has_an_expected_date_and_no_date_of_birth(world: World) -> None:
    expected = timezone.localdate() + timedelta(days=90)
    unborn = _unborn(expected)
    assert (unborn.is_unborn, unborn.expected_delivery_date, unborn.date_of_birth) == (
        True,
        expected,
        None,
    )
    with pytest.raises(ApplicationError, match="not a birth date"):
        person_create(
            actor=None,
            given_name="Unborn",
            family_name="Cole",
            date_of_birth=date(2020, 1, 1),
            expected_delivery_date=expected,
        )


def test_an_unborn_child_is_found_through_their_parents_never_by_date(world: World) -> None:
    expected = timezone.localdate() + timedelta(days=60)
    mother = person_create(actor=None, given_name="Sara", family_name="Cole", sex="F")
    unborn = _unborn(expected)
    relationship_add(actor=None, from_person=mother, to_person=unborn, kind="parent")
    other_mother = person_create(actor=None, given_name="Jo", family_name="Cole", sex="F")

    same = unborn_candidates(parent_ids=[mother.pk], expected=expected + timedelta(days=5))
    assert [c.person_id for c in same] == [unborn.pk]
    assert same[0].reasons == (
        f"unborn child of the same mother, expected {expected.day} {expected:%B %Y}",
    )
    assert unborn_candidates(parent_ids=[other_mother.pk], expected=expected) == []
    assert unborn_candidates(parent_ids=[mother.pk], expected=expected + timedelta(days=60)) == []
    # A born child: their date of birth near the expected date, through the same mother.
    born = born_candidates(parent_ids=[mother.pk], date_of_birth=expected - timedelta(days=10))
    assert [c.person_id for c in born] == [unborn.pk]
    assert (
        born_candidates(parent_ids=[mother.pk], date_of_birth=expected + timedelta(days=45)) == []
    )


def test_learning_a_date_of_birth_records_the_birth_of_an_unborn_child(world: World) -> None:
    expected = timezone.localdate() + timedelta(days=10)
    unborn = _unborn(expected)
    born_on = timezone.localdate() - timedelta(days=3)
    person_learn_from_details(
        actor=world.contact_officer,
        person=unborn,
        details=SubjectDetails("Maya", "Cole", date_of_birth=born_on),
        source="contact C26-0000009",
    )
    unborn.refresh_from_db()
    assert (unborn.is_unborn, unborn.date_of_birth, unborn.expected_delivery_date) == (
        False,
        born_on,
        expected,
    )
    born = AuditEvent.objects.get(verb="person.born", target_id=str(unborn.pk))
    assert born.actor == world.contact_officer
    assert born.summary == {"source": "contact C26-0000009"}
    learnt = AuditEvent.objects.get(verb="person.details_learnt", target_id=str(unborn.pk))
    assert set(learnt.summary["changed"]) == {"date_of_birth", "is_unborn"}


def test_merging_an_unborn_record_into_the_born_childs_is_undone_exactly(world: World) -> None:
    from openmash.people.services import person_unmerge

    expected = timezone.localdate() - timedelta(days=5)
    unborn = _unborn(expected)
    born = person_create(actor=None, given_name="Maya", family_name="Cole", date_of_birth=expected)
    merge = person_merge(
        actor=world.contact_officer,
        survivor=unborn,
        merged=born,
        reason="The unborn baby of the March contact, now born",
    )
    unborn.refresh_from_db()
    assert (unborn.is_unborn, unborn.date_of_birth) == (False, expected)
    person_unmerge(actor=world.contact_officer, merge=merge, reason="Not the same baby after all")
    unborn.refresh_from_db()
    assert (unborn.is_unborn, unborn.date_of_birth, unborn.expected_delivery_date) == (
        True,
        None,
        expected,
    )
