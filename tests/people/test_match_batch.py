"""Matching many subjects at once gives each exactly what matching it alone gives."""

from __future__ import annotations

import zlib
from datetime import date

import pytest

from openmash.people.bulk import people_bulk_load
from openmash.people.matching import (
    CANDIDATE_LIMIT,
    SubjectDetails,
    candidate_people_many,
    match_subject,
    match_subjects,
    rank_candidates,
)
from openmash.people.matching.blocking import ids_in
from openmash.people.models import Person
from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.records import HouseholdBatch
from openmash.synthetic.stream import generate

pytestmark = pytest.mark.django_db


def _synthetic_index_and_subjects(children: int) -> list[SubjectDetails]:
    """Load most people's register records into the index; return every other agency's records
    of them (some of people not in the index) as subjects to match."""
    register: list[dict[str, object]] = []
    subjects: list[SubjectDetails] = []
    for batch in generate(GeneratorConfig(seed=7, children=children)):
        if not isinstance(batch, HouseholdBatch):
            continue
        for record in batch.records:
            if record.source_system == "register":
                if zlib.crc32(record.true_person_id.encode()) % 100 < 85:
                    register.append(
                        {
                            "given_name": record.given_name,
                            "family_name": record.family_name,
                            "date_of_birth": record.date_of_birth,
                            "sex": record.sex,
                            "nhs_number": record.nhs_number,
                            "postcode": record.postcode,
                        }
                    )
                continue
            subjects.append(
                SubjectDetails(
                    given_name=record.given_name,
                    family_name=record.family_name,
                    date_of_birth=record.date_of_birth,
                    sex=record.sex if record.sex in ("M", "F") else "",
                    nhs_number=record.nhs_number.replace(" ", ""),
                    postcode=record.postcode,
                )
            )
    people_bulk_load(register)
    return subjects


def test_matching_a_batch_gives_each_subject_what_matching_it_alone_gives(
    django_assert_max_num_queries: pytest.FixtureRequest,
) -> None:
    subjects = _synthetic_index_and_subjects(children=600)[:300]
    assert len(subjects) >= 200
    # One query finds every candidate, one brings their details, one their other names and
    # identifiers, one more fetches those linked: four, whatever the number of subjects.
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        batched = match_subjects(subjects)
    alone = [match_subject(subject) for subject in subjects]
    assert [r.decision for r in batched] == [r.decision for r in alone]
    assert [r.candidates for r in batched] == [r.candidates for r in alone]
    assert [r.person.pk if r.person else None for r in batched] == [
        r.person.pk if r.person else None for r in alone
    ]
    decisions = {r.decision for r in batched}
    assert decisions == {"linked", "possible", "new"}


def test_a_linked_result_holds_the_whole_person() -> None:
    people_bulk_load([{"given_name": "Ada", "family_name": "Byron", "date_of_birth": "2011-12-10"}])
    [result] = match_subjects([SubjectDetails("Ada", "Byron", Person.objects.get().date_of_birth)])
    assert result.decision == "linked"
    assert isinstance(result.person, Person)
    assert result.person.get_deferred_fields() == set()


def test_an_empty_batch_needs_no_query(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert match_subjects([]) == []


def test_a_common_name_never_crowds_out_the_person_with_the_same_date_of_birth() -> None:
    # More namesakes than the candidate limit: the one who also shares the date of birth is
    # found by two look-ups, so is kept first.
    people_bulk_load(
        {"given_name": "John", "family_name": "Smith", "date_of_birth": date(1980, 1, 1)}
        for _ in range(CANDIDATE_LIMIT + 20)
    )
    people_bulk_load(
        [{"given_name": "John", "family_name": "Smith", "date_of_birth": "2012-07-09"}]
    )
    wanted = Person.objects.get(date_of_birth=date(2012, 7, 9))
    [result] = match_subjects([SubjectDetails("Jon", "Smith", date(2012, 7, 9))])
    assert result.candidates[0].person_id == wanted.pk
    assert result.decision == "linked"


def test_very_many_ids_are_looked_up_in_one_parameter() -> None:
    people_bulk_load([{"given_name": "Ada", "family_name": "Byron"}] * 3)
    ids = set(Person.objects.values_list("pk", flat=True))
    wanted = ids | set(range(10**6, 10**6 + 5000))
    assert set(Person.objects.filter(pk__in=ids_in(wanted)).values_list("pk", flat=True)) == ids


def test_weighing_first_keeps_every_candidate_that_scoring_in_full_keeps() -> None:
    # Scoring with a minimum skips the names (and the reasons) of candidates that cannot reach
    # it; it must keep exactly those that scoring everyone in full keeps.
    subjects = _synthetic_index_and_subjects(children=400)[:250]
    minimum = 0.55
    compared = kept = 0
    for subject, people in zip(subjects, candidate_people_many(subjects), strict=True):
        in_full = [c for c in rank_candidates(subject, people, minimum=0.0) if c.score >= minimum]
        assert rank_candidates(subject, people, minimum=minimum) == in_full
        compared += len(people)
        kept += len(in_full)
    assert compared > 5 * kept > 0  # most candidates fall below the minimum
