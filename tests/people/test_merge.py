"""Merging two records of one person, and undoing it exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from openmash.contacts.models import ContactSubject
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.people.households import relationship_add
from openmash.people.matching import SubjectDetails, find_candidates
from openmash.people.models import (
    Address,
    Household,
    Person,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    Relationship,
)
from openmash.people.services import (
    person_create,
    person_merge,
    person_restrict,
    person_unmerge,
)
from tests.conftest import World, client_for

REASON = "Same child: same date of birth and school"


def _snapshot(*people: Person) -> dict[str, Any]:
    ids = [p.pk for p in people]
    return {
        "identifiers": sorted(
            PersonIdentifier.objects.filter(person__in=ids).values_list("pk", "person_id")
        ),
        "names": sorted(PersonName.objects.filter(person__in=ids).values_list("pk", "person_id")),
        "addresses": sorted(Address.objects.filter(person__in=ids).values_list("pk", "person_id")),
        "relationships": sorted(
            Relationship.objects.values_list("pk", "from_person_id", "to_person_id")
        ),
        "households": sorted(
            Household.members.through.objects.values_list("household_id", "person_id")
        ),
        "links": sorted(ContactSubject.objects.values_list("pk", "person_id")),
        "people": sorted(
            Person.objects.filter(pk__in=ids).values_list(
                "pk", "nhs_number", "postcode", "is_restricted", "merged_into_id"
            )
        ),
        "named": sorted(Person.restricted_to.through.objects.values_list("person_id", "user_id")),
    }


@pytest.fixture
def pair(world: World, child, contact) -> tuple[Person, Person]:
    """The child from the contact, and a second record of them from the police."""
    other = person_create(
        actor=None,
        given_name="Ayan",
        family_name="Rahmen",
        date_of_birth=date(2016, 3, 14),
        upn="A123456789012",
        postcode="LS6 2AB",
        source="police",
    )
    PersonIdentifier.objects.create(person=other, kind="police", value="WY/1")
    PersonIdentifier.objects.create(person=other, kind="nhs", value="9990000018")
    Address.objects.create(person=other, line1="1 High Street", postcode="LS6 2AB")
    mother = person_create(actor=None, given_name="Sara", family_name="Rahmen")
    relationship_add(actor=None, from_person=mother, to_person=other, kind="parent")
    relationship_add(actor=None, from_person=other, to_person=child, kind="sibling")
    household = Household.objects.create(address_line1="1 High Street", postcode="LS6 2AB")
    household.members.add(other, mother)
    ContactSubject.objects.create(
        contact=contact, person=other, given_name="Ayan", family_name="Rahmen"
    )
    return child, other


def test_a_merge_moves_everything_and_the_merged_record_leaves_searches(world: World, pair) -> None:
    survivor, merged = pair
    merge = person_merge(actor=world.social_worker, survivor=survivor, merged=merged, reason=REASON)

    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert merged.merged_into == survivor
    assert set(survivor.identifiers.values_list("kind", "value")) >= {
        ("police", "WY/1"),
        ("upn", "A123456789012"),
    }
    assert survivor.names.filter(given_name="Ayan", family_name="Rahmen").exists()
    assert survivor.addresses.filter(line1="1 High Street").exists()
    assert survivor.relationships_to.filter(kind="parent").exists()
    assert survivor.households.exists()
    assert ContactSubject.objects.filter(person=merged).count() == 0
    assert survivor.upn == "A123456789012"
    assert survivor.postcode == "LS6 2AB"
    # The relationship between the two records would be with oneself: it stays behind.
    assert Relationship.objects.filter(from_person=merged, to_person=survivor).exists()
    assert merge.moved["relationships"]["to"]
    assert not merge.moved["relationships"]["from"]
    found = find_candidates(SubjectDetails("Ayan", "Rahmen", date(2016, 3, 14)))
    assert [c.person_id for c in found] == [survivor.pk]


def test_a_merge_writes_an_audit_row_on_both_records(world: World, pair) -> None:
    survivor, merged = pair
    merge = person_merge(actor=world.social_worker, survivor=survivor, merged=merged, reason=REASON)
    rows = AuditEvent.objects.filter(actor=world.social_worker, verb__startswith="person.merged")
    assert {(r.target_id, r.verb) for r in rows} == {
        (str(survivor.pk), "person.merged"),
        (str(merged.pk), "person.merged_into"),
    }
    summary = rows.get(verb="person.merged").summary
    assert summary["merge"] == merge.pk
    assert summary["reason"] == REASON
    assert summary["moved"]["contact_subjects"] == 1


def test_undo_restores_exactly_what_was_there(world: World, pair) -> None:
    survivor, merged = pair
    before = _snapshot(survivor, merged)
    merge = person_merge(actor=world.social_worker, survivor=survivor, merged=merged, reason=REASON)
    assert _snapshot(survivor, merged) != before

    person_unmerge(actor=world.manager, merge=merge, reason="Different children: twins")

    assert _snapshot(survivor, merged) == before
    merge.refresh_from_db()
    assert merge.undone_by == world.manager
    assert merge.undo_reason == "Different children: twins"
    rows = AuditEvent.objects.filter(actor=world.manager, verb="person.unmerged")
    assert {r.target_id for r in rows} == {str(survivor.pk), str(merged.pk)}


def test_a_merge_keeps_restrictions_and_undo_lifts_only_what_it_added(world: World, pair) -> None:
    survivor, merged = pair
    person_restrict(actor=world.manager, person=merged, named_users=[world.social_worker])
    before = _snapshot(survivor, merged)
    merge = person_merge(actor=world.social_worker, survivor=survivor, merged=merged, reason=REASON)
    survivor.refresh_from_db()
    assert survivor.is_restricted
    assert list(survivor.restricted_to.all()) == [world.social_worker]
    person_unmerge(actor=world.social_worker, merge=merge, reason="Different children: twins")
    assert _snapshot(survivor, merged) == before


def test_merges_that_cannot_happen_are_refused(world: World, pair) -> None:
    survivor, merged = pair
    with pytest.raises(ApplicationError, match="cannot be merged with itself"):
        person_merge(actor=world.manager, survivor=survivor, merged=survivor, reason=REASON)
    with pytest.raises(ApplicationError, match="at least 10 characters"):
        person_merge(actor=world.manager, survivor=survivor, merged=merged, reason="same")
    with pytest.raises(ApplicationError, match="permission"):
        person_merge(actor=world.auditor, survivor=survivor, merged=merged, reason=REASON)
    person_restrict(actor=world.manager, person=merged, named_users=[world.manager])
    with pytest.raises(ApplicationError, match="restricted"):
        person_merge(actor=world.social_worker, survivor=survivor, merged=merged, reason=REASON)
    person_merge(actor=world.manager, survivor=survivor, merged=merged, reason=REASON)
    third = person_create(actor=None, given_name="Ayaan", family_name="Rahman")
    with pytest.raises(ApplicationError, match="already been merged"):
        person_merge(actor=world.manager, survivor=third, merged=merged, reason=REASON)
    assert PersonMerge.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="person.merged", actor=world.social_worker).exists()


def test_a_merge_cannot_be_undone_twice(world: World, pair) -> None:
    survivor, merged = pair
    merge = person_merge(actor=world.manager, survivor=survivor, merged=merged, reason=REASON)
    person_unmerge(actor=world.manager, merge=merge, reason="Different children: twins")
    with pytest.raises(ApplicationError, match="already been undone"):
        person_unmerge(actor=world.manager, merge=merge, reason="Different children: twins")


def test_the_merge_pages_check_both_records_and_confirm(world: World, pair) -> None:
    survivor, merged = pair
    client = client_for(world.contact_officer)
    start = client.get(f"/people/{survivor.pk}/merge/", {"q": "Ayan Rahmen"})
    assert f"/people/{survivor.pk}/merge/{merged.pk}/" in start.content.decode()
    check = client.get(f"/people/{survivor.pk}/merge/{merged.pk}/")
    assert "Check the records before merging" in check.content.decode()
    error = client.post(f"/people/{survivor.pk}/merge/{merged.pk}/", {"reason": ""})
    assert error.status_code == 400
    assert "Enter why these are the same person" in error.content.decode()
    done = client.post(f"/people/{survivor.pk}/merge/{merged.pk}/", {"reason": REASON})
    assert done.status_code == 302
    merge = PersonMerge.objects.get()
    page = client.get(f"/people/{survivor.pk}/").content.decode()
    assert f"/people/merges/{merge.pk}/undo/" in page
    undone = client.post(f"/people/merges/{merge.pk}/undo/", {"reason": "Different children"})
    assert undone.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_an_auditor_cannot_merge_through_the_pages_or_the_api(world: World, pair) -> None:
    survivor, merged = pair
    client = client_for(world.auditor)
    assert (
        client.post(f"/people/{survivor.pk}/merge/{merged.pk}/", {"reason": REASON}).status_code
        == 403
    )
    response = client.post(
        f"/api/v1/persons/{survivor.pk}/merge/",
        {"other_id": merged.pk, "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not PersonMerge.objects.exists()


def test_the_api_merges_and_undoes(world: World, pair) -> None:
    survivor, merged = pair
    client = client_for(world.social_worker)
    response = client.post(
        f"/api/v1/persons/{survivor.pk}/merge/",
        {"other_id": merged.pk, "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 201
    merge_id = response.json()["id"]
    again = client.post(
        f"/api/v1/persons/{survivor.pk}/merge/",
        {"other_id": merged.pk, "reason": REASON},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "already been merged" in again.json()["detail"]
    undo = client.post(
        f"/api/v1/person-merges/{merge_id}/undo/",
        {"reason": "Different children: twins"},
        content_type="application/json",
    )
    assert undo.status_code == 200
    assert undo.json()["undone_at"] is not None
