"""A match read before people were written, corrected for them (`Overlay.correct`), is what
matching the subject against the index now gives."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings

from openmash.contacts.imports.linking import SubjectLinker
from openmash.contacts.services import SubjectInput
from openmash.people.bulk import PersonChanges, people_bulk_load
from openmash.people.matching import SubjectDetails
from openmash.people.matching.decide import match_open
from openmash.people.matching.overlay import Overlay
from openmash.people.models import Person
from tests.people.test_match_batch import _synthetic_index_and_subjects

pytestmark = pytest.mark.django_db


def test_matches_read_before_many_writes_are_corrected_to_what_matching_now_gives() -> None:
    subjects = _synthetic_index_and_subjects(children=500)
    # Records of the same people side by side: the readers meet the writers' people.
    writers, readers = subjects[0:600:2], subjects[1:600:2]
    read_before = match_open(readers)
    linker = SubjectLinker(actor=None)
    # Epoch 1: the writers' people created and learnt from (new names, identifiers, addresses).
    links = linker.link([(SubjectInput(details=s), "test") for s in writers])
    statuses = {link.status for link in links}
    assert {"linked", "new"} <= statuses
    overlay = linker.changes.overlay
    assert len(overlay) > 40
    now = match_open(readers)
    minimum = settings.MATCH_POSSIBLE_THRESHOLD
    changed = 0
    for subject, before, after in zip(readers, read_before, now, strict=True):
        corrected = overlay.correct(subject, before, 0, minimum=minimum)
        assert corrected == after.candidates
        changed += corrected != before.candidates
    assert changed > 10  # the writes changed many of the matches read before them
    # Read after the writes: nothing to correct.
    assert all(
        overlay.correct(s, found, 1, minimum=minimum) is found.candidates
        for s, found in zip(readers, now, strict=True)
    )


def test_a_person_written_since_is_found_and_one_no_longer_found_is_dropped() -> None:
    people_bulk_load(
        [
            {
                "given_name": "Ada",
                "family_name": "Byron",
                "date_of_birth": "2011-12-10",
                "postcode": "LS1 1AA",
            }
        ]
    )
    ada = Person.objects.get()
    subject = SubjectDetails("Ada", "Byron", date(2011, 12, 10), postcode="LS1 1AA")
    [before] = match_open([subject])
    assert [c.person_id for c in before.candidates] == [ada.pk]
    changes = PersonChanges(actor=None)
    changes.epoch = 1
    twin = changes.create(details=subject, source="test")  # found as they are now
    changes.load([ada.pk])
    # Ada moves: her postcode is no longer the subject's, and she scores lower.
    changes.learn(
        person_id=ada.pk,
        details=SubjectDetails("Ada", "Byron", postcode="M1 1AA"),
        address_line1="",
        source="test",
    )
    minimum = settings.MATCH_POSSIBLE_THRESHOLD
    corrected = changes.overlay.correct(subject, before, 0, minimum=minimum)
    changes.flush()
    [after] = match_open([subject])
    assert corrected == after.candidates
    assert {c.person_id for c in corrected} == {ada.pk, twin.pk}
    assert corrected != before.candidates


def test_when_blocking_may_have_left_people_out_the_subject_must_be_matched_again() -> None:
    people_bulk_load([{"given_name": "Ada", "family_name": "Byron", "date_of_birth": "2011-12-10"}])
    subject = SubjectDetails("Ada", "Byron", date(2011, 12, 10))
    [before] = match_open([subject])
    assert before.blocked == 1
    changes = PersonChanges(actor=None)
    changes.overlay = Overlay(limit=1)
    changes.epoch = 1
    changes.create(details=subject, source="test")
    minimum = settings.MATCH_POSSIBLE_THRESHOLD
    assert changes.overlay.correct(subject, before, 0, minimum=minimum) is None
    other = SubjectDetails("Zed", "Quint", date(1990, 1, 1))
    [unrelated] = match_open([other])
    assert changes.overlay.correct(other, unrelated, 0, minimum=minimum) == unrelated.candidates


def test_the_linker_matches_again_against_the_database_when_blocking_reached_its_limit() -> None:
    people_bulk_load([{"given_name": "Ada", "family_name": "Byron", "date_of_birth": "2011-12-10"}])
    linker = SubjectLinker(actor=None)
    linker.changes.overlay = Overlay(limit=1)
    ada = SubjectInput(details=SubjectDetails("Ada", "Byron", date(2011, 12, 10)))
    # A new person born the same day: found by Ada's look-ups too, one more than the limit.
    new = SubjectInput(details=SubjectDetails("Zed", "Quint", date(2011, 12, 10)))
    links = linker.link([(new, "first"), (ada, "second")])
    assert linker.matched_again == 1
    assert [link.status for link in links] == ["new", "linked"]
    assert links[1].person.pk == Person.objects.get(given_name="Ada").pk
