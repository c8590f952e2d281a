"""What counts as evidence for a match, and what keeps a match from being made automatically."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from openmash.people.matching import (
    SubjectDetails,
    candidate_people,
    find_candidates,
    match_subject,
    rank_candidates,
)
from openmash.people.models import Person, PersonIdentifier
from openmash.people.services import person_create

pytestmark = pytest.mark.django_db


def _person(given: str, family: str, dob: date | None = None, **extra: Any) -> Person:
    return person_create(
        actor=None, given_name=given, family_name=family, date_of_birth=dob, **extra
    )


def test_a_postcode_written_without_its_space_still_agrees() -> None:
    person = _person("Oliver", "Bennett", date(2014, 2, 2), postcode="LS6 2AB")
    result = match_subject(SubjectDetails("Oliver", "Bennett", date(2014, 2, 2), postcode="ls62ab"))
    assert result.person == person
    assert "same postcode" in result.candidates[0].reasons


def test_a_police_reference_one_character_out_is_a_slip_not_another_person() -> None:
    person = _person("Ruby", "Hughes", date(2013, 5, 6))
    PersonIdentifier.objects.create(person=person, kind="police", value="WY/2024/1234")
    [best] = find_candidates(
        SubjectDetails("Ruby", "Hughes", identifiers=(("police", "WY/2024/1243"),))
    )
    assert best.person_id == person.pk
    assert "police reference differs by one character" in best.reasons
    assert "different police reference" not in best.reasons


def test_an_nhs_number_one_digit_out_is_another_nhs_number() -> None:
    _person("Ruby", "Hughes", date(2013, 5, 6), nhs_number="9990000018")
    details = SubjectDetails("Ruby", "Hughes", nhs_number="9990000081")
    [best] = rank_candidates(details, candidate_people(details))
    assert "different NHS number" in best.reasons
    assert find_candidates(details) == []


def test_a_date_of_birth_one_digit_out_and_the_same_postcode_link_automatically() -> None:
    person = _person("Maisie", "Clarke", date(2015, 4, 17), postcode="LS6 2AB")
    # Two digits of the year swapped.
    result = match_subject(
        SubjectDetails("Maisie", "Clarke", date(2051, 4, 17), postcode="LS6 2AB")
    )
    assert result.decision == "linked"
    assert result.person == person


def test_a_stray_space_in_a_first_name_is_a_slip() -> None:
    person = _person("Isabella", "Weaver", date(2010, 3, 27))
    [best] = find_candidates(SubjectDetails("Isabe lla", "Weaver", date(2010, 3, 27)))
    assert best.person_id == person.pk
    assert "first name spelt similarly" in best.reasons


def test_one_twin_is_never_linked_automatically_to_the_other() -> None:
    _person("Jayden", "Cole", date(2015, 9, 9), postcode="LS6 2AB")
    result = match_subject(SubjectDetails("Marcus", "Cole", date(2015, 9, 9), postcode="LS6 2AB"))
    assert result.decision != "linked"
    assert "different first name" in result.candidates[0].reasons


def test_a_twin_whose_reference_is_one_apart_is_still_not_linked() -> None:
    twin = _person("Jayden", "Cole", date(2015, 9, 9), postcode="LS6 2AB")
    PersonIdentifier.objects.create(person=twin, kind="council", value="LA1000234")
    result = match_subject(
        SubjectDetails(
            "Marcus",
            "Cole",
            date(2015, 9, 9),
            postcode="LS6 2AB",
            identifiers=(("council", "LA1000235"),),
        )
    )
    assert result.decision != "linked"


def test_the_same_reference_links_despite_another_first_name() -> None:
    person = _person("Jayden", "Cole", date(2015, 9, 9))
    PersonIdentifier.objects.create(person=person, kind="council", value="LA1000234")
    result = match_subject(
        SubjectDetails("Jaydee", "Coles", date(2015, 9, 9), identifiers=(("council", "LA1000234"),))
    )
    assert result.decision == "linked"
    assert result.person == person
