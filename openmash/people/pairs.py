"""Possible duplicates in the person index, for a worker to resolve (issue 14): found by the
fitted match model, and every decision a labelled pair for its next fit.

- `person_pairs_find` matches every person against the index with the matcher's own blocking
  and keeps the pairs scoring at or above the possible-match threshold (after each fit, and
  whenever an administrator fits again).
- "Same person" is a merge (`services.person_merge`, which records the label); "not the same
  person" is `person_pair_reject`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openmash.core.access import restriction_allows
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.people.match_model import match_label_for_people, person_details
from openmash.people.matching import learning, weights
from openmash.people.matching.blocking import candidate_records_counted
from openmash.people.matching.scoring import levels_many
from openmash.people.matching.weights import MatchWeights
from openmash.people.models import Person, PersonPair, PersonPairRejection
from openmash.people.verbs import PeopleVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

CHUNK = 500
MIN_REJECT_REASON = 10


Found = dict[tuple[int, int], tuple[float, dict[str, str]]]


def _pairs_of(people: Sequence[Person], active: MatchWeights, floor: float) -> Found:
    found: Found = {}
    details = [person_details(p) for p in people]
    records, _ = candidate_records_counted(details)
    for person, subject, candidates in zip(people, details, records, strict=True):
        for record, levels in levels_many(subject, candidates):
            if record.pk == person.pk:
                continue
            score = learning.probability(active.bits, active.prior_bits, levels)
            if score < floor:
                continue
            key = (min(person.pk, record.pk), max(person.pk, record.pk))
            # Compared from the older record's side when both sides found each other.
            if key not in found or person.pk == key[1]:
                found[key] = (score, levels)
    return found


@transaction.atomic
def person_pairs_find(*, actor: User | None, using: MatchWeights | None = None) -> int:
    """Look for possible duplicates across the whole person index with the fitted model (or
    `using`): every pair scoring at or above the possible-match threshold, not merged and not
    already said to be different people, replaces the last list. Returns how many."""
    active = using or weights.active_weights()
    floor = settings.MATCH_POSSIBLE_THRESHOLD
    rejected = set(PersonPairRejection.objects.values_list("person_id", "other_id"))
    live = Person.objects.filter(merged_into__isnull=True, is_unborn=False)
    ids = list(live.order_by("pk").values_list("pk", flat=True))
    found: Found = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        people = list(live.filter(pk__in=chunk).prefetch_related("identifiers").order_by("pk"))
        found.update(_pairs_of(people, active, floor))
    now = timezone.now()
    PersonPair.objects.all().delete()
    PersonPair.objects.bulk_create(
        [
            PersonPair(person_id=a, other_id=b, levels=levels, score=score, found_at=now)
            for (a, b), (score, levels) in sorted(found.items())
            if (a, b) not in rejected
        ],
        batch_size=1000,
    )
    count = PersonPair.objects.count()
    audit_record(
        actor=actor,
        verb=PeopleVerb.DUPLICATES_FOUND,
        target_type="person_pair",
        summary={"people": len(ids), "pairs": count, "fit": active.fit_id},
    )
    return count


@transaction.atomic
def person_pair_reject(*, actor: User, pair: PersonPair, reason: str) -> PersonPairRejection:
    """A worker says the two records of a possible duplicate are different people: the pair
    leaves the review pile for good, and is a labelled pair ("different") for the next fit."""
    if not (getattr(actor, "is_authenticated", False) and actor.has_capability("records_contacts")):
        raise ApplicationError("You do not have permission to decide on possible duplicates.")
    people = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[pair.person_id, pair.other_id])
    }
    person, other = people.get(pair.person_id), people.get(pair.other_id)
    if person is None or other is None:
        raise ApplicationError("One of the records no longer exists.")
    for record in (person, other):
        if record.merged_into_id is not None:
            raise ApplicationError(f"{record} has already been merged into another record.")
        if not restriction_allows(actor, record):
            raise ApplicationError(
                "One of the records is restricted and you are not named on it. "
                "Ask for emergency access first."
            )
    if PersonPairRejection.objects.filter(person=person, other=other).exists():
        raise ApplicationError("Someone has already said these are different people.")
    if len(reason.strip()) < MIN_REJECT_REASON:
        raise ApplicationError(
            "Enter why these are different people, in at least 10 characters.", field="reason"
        )
    label = match_label_for_people(
        person=person,
        other=other,
        is_match=False,
        source=f"records {person.pk} and {other.pk} not the same person",
    )
    rejection = PersonPairRejection.objects.create(
        person=person, other=other, reason=reason.strip(), rejected_by=actor, label=label
    )
    PersonPair.objects.filter(pk=pair.pk).delete()
    summary = {"person": person.pk, "other": other.pk, "reason": reason.strip()}
    audit_record(actor=actor, verb=PeopleVerb.DUPLICATE_REJECTED, target=person, summary=summary)
    audit_record(actor=actor, verb=PeopleVerb.DUPLICATE_REJECTED, target=other, summary=summary)
    return rejection
