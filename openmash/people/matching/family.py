"""Unborn children, found through their parents rather than by name and date.

An unborn child's record has an expected date of delivery (EDD) and no date of birth, and often a
name like "Unborn Smith". Names and dates cannot tell two pregnancies apart, so the index is not
searched for them: the candidates are the unborn children of the parents the same contact names
(a `parent` relationship from the parent's record).

- An unborn child named again (a second contact during the pregnancy): the parents' unborn
  children expected within `SAME_PREGNANCY_DAYS` of the EDD given.
- A child named after birth: the parents' unborn children whose EDD is at most
  `BORN_EARLY_DAYS` after or `BORN_LATE_DAYS` before the date of birth (a baby may come weeks
  early, rarely more than two weeks late). Never linked automatically: offered to the worker as a
  strong candidate, and choosing it records the birth (`person_learn_from_details`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from openmash.people.matching.details import Candidate
from openmash.people.models import Person, Relationship, RelationshipKind

SAME_PREGNANCY_DAYS = 31
# An unborn child expected this close to the date given is the same pregnancy, and linked
# automatically when they are the only one.
SAME_PREGNANCY_LINK_DAYS = 14
BORN_EARLY_DAYS = 16 * 7  # born at 24 weeks
BORN_LATE_DAYS = 31

SAME_PREGNANCY_SCORE = 0.95
NEAR_PREGNANCY_SCORE = 0.8
BORN_SCORE = 0.9


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _unborn_children(
    parent_ids: Iterable[int], *, earliest: date, latest: date
) -> list[tuple[Person, Person]]:
    """(parent, unborn child) for each unborn child of these parents expected in the window."""
    rows = (
        Relationship.objects.filter(
            from_person_id__in=sorted(set(parent_ids)),
            kind=RelationshipKind.PARENT,
            to_person__is_unborn=True,
            to_person__merged_into__isnull=True,
            to_person__expected_delivery_date__range=(earliest, latest),
        )
        .select_related("from_person", "to_person")
        .order_by("to_person_id", "from_person_id")
    )
    return [(r.from_person, r.to_person) for r in rows]


def _parent_word(parent: Person) -> str:
    return {"F": "mother", "M": "father"}.get(parent.sex, "parent")


def unborn_candidates(*, parent_ids: Iterable[int], expected: date) -> list[Candidate]:
    """The unborn children of these parents who may be the unborn child expected on `expected`,
    best first."""
    window = timedelta(days=SAME_PREGNANCY_DAYS)
    found: dict[int, Candidate] = {}
    for parent, child in _unborn_children(
        parent_ids, earliest=expected - window, latest=expected + window
    ):
        edd = child.expected_delivery_date or expected  # the filter asks for one
        close = abs((edd - expected).days) <= SAME_PREGNANCY_LINK_DAYS
        reason = f"unborn child of the same {_parent_word(parent)}, expected {_long_date(edd)}"
        found.setdefault(
            child.pk,
            Candidate(
                person_id=child.pk,
                score=SAME_PREGNANCY_SCORE if close else NEAR_PREGNANCY_SCORE,
                reasons=(reason,),
            ),
        )
    return sorted(found.values(), key=lambda c: (-c.score, c.person_id))


def unborn_is_certain(candidates: list[Candidate]) -> bool:
    """Link an unborn child automatically only to the one unborn child of the same parents
    expected within a fortnight of the date given (twins are offered, never linked)."""
    return len(candidates) == 1 and candidates[0].score >= SAME_PREGNANCY_SCORE


def born_candidates(*, parent_ids: Iterable[int], date_of_birth: date) -> list[Candidate]:
    """The unborn children of these parents a child born on `date_of_birth` may be."""
    found: dict[int, Candidate] = {}
    for parent, child in _unborn_children(
        parent_ids,
        earliest=date_of_birth - timedelta(days=BORN_LATE_DAYS),
        latest=date_of_birth + timedelta(days=BORN_EARLY_DAYS),
    ):
        edd = child.expected_delivery_date or date_of_birth  # the filter asks for one
        reason = f"unborn child of the same {_parent_word(parent)}, expected {_long_date(edd)}"
        found.setdefault(
            child.pk, Candidate(person_id=child.pk, score=BORN_SCORE, reasons=(reason,))
        )
    return sorted(found.values(), key=lambda c: c.person_id)
