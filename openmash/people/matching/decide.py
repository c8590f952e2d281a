"""Deciding: link a subject to one person automatically, offer possible matches, or treat the
subject as new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet

from openmash.people.matching.blocking import (
    candidate_people,
    candidate_records_counted,
    ids_in,
)
from openmash.people.matching.details import Candidate, MatchResult, SubjectDetails
from openmash.people.matching.scoring import IDENTIFIER_LABELS, rank_candidates, weight_of
from openmash.people.matching.weights import active_weights, current
from openmash.people.models import Person

# How far ahead of the next candidate an automatic link must be (in bits of match weight), so
# that two near identical records (twins, a parent and child of the same name) are never linked
# automatically.
AUTO_LINK_MARGIN_BITS = 3.0


AUTO_LINK_EVIDENCE = {
    "same date of birth",
    "date of birth with day and month swapped",
    *(f"same {label}" for label in IDENTIFIER_LABELS.values()),
}


# Partial evidence: any two together back an automatic link as one exact piece does.
AUTO_LINK_PARTIAL_EVIDENCE = {
    "date of birth differs by one part",
    "date of birth differs by one digit",
    "same postcode",
    *(f"{label} differs by one character" for label in IDENTIFIER_LABELS.values()),
}


# Never linked automatically: another NHS number or UPN.
CONFLICTS = {"different NHS number", "different UPN"}


# Nor another first name, unless an identifier agrees exactly: the same surname, date of birth
# and address with another first name is how twins look (and twins' references may be one apart).
SAME_IDENTIFIER = {f"same {label}" for label in IDENTIFIER_LABELS.values()}


def find_candidates(
    details: SubjectDetails, *, within: QuerySet[Person] | None = None, limit: int = 10
) -> list[Candidate]:
    active_weights()
    people = candidate_people(details, within=within)
    return rank_candidates(details, people, minimum=settings.MATCH_POSSIBLE_THRESHOLD)[:limit]


# How many candidates a result keeps (the best first): what a worker is offered.
OFFERED = 10


def decide(candidates: list[Candidate]) -> Literal["linked", "possible", "new"]:
    """The decision on a subject from their candidates reaching the possible-match threshold,
    best first."""
    candidates = candidates[:OFFERED]
    if not candidates:
        return "new"
    best = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    reasons = set(best.reasons)
    # Certain: above the threshold, clearly ahead of anyone else (at least 2^3 = 8 times likelier),
    # backed by a date of birth or an identifier, or two pieces of partial evidence (never by
    # names and an address alone), and nothing in conflict.
    evidence = bool(AUTO_LINK_EVIDENCE & reasons) or len(AUTO_LINK_PARTIAL_EVIDENCE & reasons) >= 2
    if (
        best.score >= auto_link_threshold()
        and weight_of(best.score) - weight_of(runner_up) >= AUTO_LINK_MARGIN_BITS
        and evidence
        and not CONFLICTS & reasons
        and ("different first name" not in reasons or SAME_IDENTIFIER & reasons)
    ):
        return "linked"
    return "possible"


def auto_link_threshold() -> float:
    """The fitted model's threshold (chosen by the precision it gives on labelled pairs), or the
    setting until a model is fitted."""
    fitted = current().auto_link_threshold
    return fitted if fitted is not None else settings.MATCH_AUTO_LINK_THRESHOLD


def match_subject(details: SubjectDetails) -> MatchResult:
    """Decide: link to one person automatically, offer possible matches, or treat as new."""
    return match_subjects([details])[0]


@dataclass(frozen=True)
class OpenMatch:
    """A subject matched against the index as it was, before the decision: every candidate
    reaching the possible-match threshold, best first (not only the ones a result offers, so
    that people written since can be weighed in: contacts/imports/linking.py), and how many
    people blocking found (CANDIDATE_LIMIT when it may have left some out)."""

    candidates: list[Candidate]
    blocked: int


def match_open(details: Sequence[SubjectDetails]) -> list[OpenMatch]:
    """Match many subjects at once against the index as it is, stopping short of the decision
    (two queries whatever their number)."""
    active_weights()
    found, blocked = candidate_records_counted(details)
    minimum = settings.MATCH_POSSIBLE_THRESHOLD
    return [
        OpenMatch(rank_candidates(subject, people, minimum=minimum), count)
        for subject, people, count in zip(details, found, blocked, strict=True)
    ]


def match_subjects(details: Sequence[SubjectDetails]) -> list[MatchResult]:
    """Match many subjects at once: the same results as `match_subject` for each, in order, in
    three queries whatever their number (the candidates; what scoring reads of them; the people
    linked, as whole records).

    Subjects are matched against the index as it is: two subjects in one call who are the same
    new person are not linked to each other.
    """
    ranked = [found.candidates[:OFFERED] for found in match_open(details)]
    decisions = [decide(candidates) for candidates in ranked]
    linked_ids = {c[0].person_id for c, d in zip(ranked, decisions, strict=True) if d == "linked"}
    linked = (
        {p.pk: p for p in Person.objects.filter(pk__in=ids_in(linked_ids))} if linked_ids else {}
    )
    return [
        MatchResult(decision, linked[c[0].person_id] if decision == "linked" else None, c)
        for c, decision in zip(ranked, decisions, strict=True)
    ]
