"""Matching a contact's subject to the person index despite how each agency spelt them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from openmash.people.bulk import people_bulk_load
from openmash.people.matching import (
    SubjectDetails,
    find_candidates,
    match_keys,
    match_subject,
    normalise,
)
from openmash.people.models import Person, PersonIdentifier
from openmash.people.services import person_create, person_learn_from_details

pytestmark = pytest.mark.django_db


def _person(given: str, family: str, dob: date | None = None, **extra: Any) -> Person:
    return person_create(
        actor=None, given_name=given, family_name=family, date_of_birth=dob, **extra
    )


def _best(details: SubjectDetails) -> tuple[int | None, tuple[str, ...]]:
    candidates = find_candidates(details)
    return (candidates[0].person_id, candidates[0].reasons) if candidates else (None, ())


def test_normalise_removes_accents_hyphens_and_apostrophes() -> None:
    assert normalise("  Zoë O'Brien-Smith ") == "zoe obrien smith"


def test_match_keys_give_each_part_of_a_double_barrelled_surname() -> None:
    keys = match_keys("Amelia", "Smith-Jones")
    assert keys["family_first_phonetic"] == match_keys("", "Smith")["family_phonetic"]
    assert keys["family_last_phonetic"] == match_keys("", "Jones")["family_phonetic"]


def test_a_nickname_finds_the_full_name() -> None:
    robert = _person("Robert", "Walsh", date(2012, 5, 2))
    person_id, reasons = _best(SubjectDetails("Bobby", "Walsh", date(2012, 5, 2)))
    assert person_id == robert.pk
    assert "first name is a known short form" in reasons


def test_a_surname_that_sounds_alike_is_found_without_a_date_of_birth() -> None:
    khan = _person("Imran", "Khan", date(2010, 1, 20), postcode="LS1 4AB")
    person_id, reasons = _best(SubjectDetails("Imran", "Kahn", postcode="LS1 4AB"))
    assert person_id == khan.pk
    assert "surname sounds alike" in reasons


def test_a_misspelt_surname_with_the_same_date_of_birth_is_found() -> None:
    thompson = _person("Grace", "Thompson", date(2014, 7, 9))
    _person("Grace", "Thomas", date(2011, 2, 3))
    person_id, reasons = _best(SubjectDetails("Grace", "Tomson", date(2014, 7, 9)))
    assert person_id == thompson.pk
    assert "same date of birth" in reasons


def test_day_and_month_transposed_still_finds_the_person() -> None:
    maisie = _person("Maisie", "Clarke", date(2015, 4, 7))
    person_id, reasons = _best(SubjectDetails("Maisie", "Clarke", date(2015, 7, 4)))
    assert person_id == maisie.pk
    assert "date of birth with day and month swapped" in reasons


def test_first_name_and_surname_swapped_are_found() -> None:
    person = _person("Wei", "Zhang", date(2013, 11, 30))
    person_id, reasons = _best(SubjectDetails("Zhang", "Wei", date(2013, 11, 30)))
    assert person_id == person.pk
    assert "first name and surname swapped" in reasons


def test_half_of_a_double_barrelled_surname_finds_the_person() -> None:
    person = _person("Amelia", "Smith-Jones", date(2016, 1, 12))
    person_id, reasons = _best(SubjectDetails("Amelia", "Jones", date(2016, 1, 12)))
    assert person_id == person.pk
    assert "part of a double-barrelled surname" in reasons


def test_a_former_surname_is_found_through_the_names_known_by() -> None:
    person = _person("Chloe", "Baker", date(2009, 6, 1))
    person_learn_from_details(
        actor=None, person=person, details=SubjectDetails("Chloe", "Okafor"), source="school"
    )
    person_id, reasons = _best(SubjectDetails("Chloe", "Okafor", date(2009, 6, 1)))
    assert person_id == person.pk
    assert "matches another name they are known by" in reasons


def test_an_nhs_number_outranks_a_closer_name() -> None:
    named = _person("Leo", "Marsh", date(2012, 3, 3))
    numbered = _person("Leon", "Marshall", date(2012, 3, 3), nhs_number="9990000026")
    candidates = find_candidates(
        SubjectDetails("Leo", "Marsh", date(2012, 3, 3), nhs_number="9990000026")
    )
    assert [c.person_id for c in candidates[:2]] == [numbered.pk, named.pk]
    assert candidates[0].reasons[0] == "same NHS number"


def test_a_police_reference_finds_the_person() -> None:
    person = _person("Ruby", "Hughes")
    PersonIdentifier.objects.create(person=person, kind="police", value="WY/2024/1234")
    person_id, reasons = _best(
        SubjectDetails("Rubi", "Hughes", identifiers=(("police", "wy/2024/1234"),))
    )
    assert person_id == person.pk
    assert "same police reference" in reasons


def test_an_exact_match_links_automatically() -> None:
    person = _person("Oliver", "Bennett", date(2014, 2, 2), postcode="LS6 2AB")
    result = match_subject(
        SubjectDetails("Oliver", "Bennett", date(2014, 2, 2), postcode="LS6 2AB")
    )
    assert result.decision == "linked"
    assert result.person == person


def test_a_conflicting_nhs_number_never_links_automatically() -> None:
    _person("Oliver", "Bennett", date(2014, 2, 2), nhs_number="9990000018", postcode="LS6 2AB")
    result = match_subject(
        SubjectDetails(
            "Oliver", "Bennett", date(2014, 2, 2), nhs_number="9990000026", postcode="LS6 2AB"
        )
    )
    assert result.decision != "linked"


def test_twins_with_similar_names_are_offered_not_linked() -> None:
    _person("Jayden", "Cole", date(2015, 9, 9))
    _person("Jaydon", "Cole", date(2015, 9, 9))
    result = match_subject(SubjectDetails("Jaiden", "Cole", date(2015, 9, 9)))
    assert result.decision == "possible"
    assert len(result.candidates) == 2


def test_a_name_and_address_alone_never_link_automatically() -> None:
    _person("Oliver", "Bennett", postcode="LS6 2AB")
    result = match_subject(SubjectDetails("Oliver", "Bennett", postcode="LS6 2AB"))
    assert result.decision == "possible"


def test_someone_unlike_anyone_is_new() -> None:
    _person("Oliver", "Bennett", date(2014, 2, 2))
    assert match_subject(SubjectDetails("Priya", "Sharma", date(2001, 1, 1))).decision == "new"


def test_a_merged_person_is_never_a_candidate(world) -> None:
    from openmash.people.services import person_merge

    keep = _person("Oliver", "Bennett", date(2014, 2, 2))
    gone = _person("Olly", "Bennett", date(2014, 2, 2))
    person_merge(actor=world.manager, survivor=keep, merged=gone, reason="Same child, same school")
    ids = [
        c.person_id for c in find_candidates(SubjectDetails("Olly", "Bennett", date(2014, 2, 2)))
    ]
    assert ids == [keep.pk]


def test_bulk_load_inserts_people_with_match_keys_and_identifiers() -> None:
    count = people_bulk_load(
        [
            {
                "given_name": "Ada",
                "family_name": "Lovelace-Byron",
                "date_of_birth": "2011-12-10",
                "nhs_number": "999 000 0018",
                "upn": "a123456789012",
                "postcode": "ls1 4ab",
            },
            {"given_name": "Alan", "family_name": "Turing", "date_of_birth": date(2010, 6, 23)},
        ],
        batch_size=1,
    )
    assert count == 2
    ada = Person.objects.get(given_name="Ada")
    assert ada.family_first_phonetic == match_keys("", "Lovelace")["family_phonetic"]
    assert ada.postcode == "LS1 4AB"
    assert set(ada.identifiers.values_list("kind", "value")) == {
        ("nhs", "9990000018"),
        ("upn", "A123456789012"),
    }
    assert _best(SubjectDetails("Ada", "Lovelace", date(2011, 12, 10)))[0] == ada.pk
