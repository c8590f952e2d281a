"""Fitting the match model to the council's own records, and the labels workers' decisions give
(matching/learning.py has the statistics; ADR 0011 the choice of our own implementation)."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import User
from openmash.core.audit import audit_record
from openmash.people.matching import learning, weights
from openmash.people.matching.blocking import _records, candidate_records_counted
from openmash.people.matching.details import MatchRecord, SubjectDetails
from openmash.people.matching.learning import Levels
from openmash.people.matching.scoring import comparison_levels, levels_many
from openmash.people.models import (
    MatchLabel,
    MatchModelFit,
    MatchModelTrigger,
    Person,
    PersonMerge,
)
from openmash.people.registry import match_training_subjects
from openmash.people.verbs import PeopleVerb

# How many subjects a fit reads (the latest), random pairs it counts u on, and subjects matched
# at once to find blocked pairs.
FIT_SUBJECTS = 20000
RANDOM_PAIRS = 60000
CHUNK = 500
# Fewer recorded subjects than this and the person index is matched against itself too.
FEW_SUBJECTS = 500


def _person_subjects(n: int) -> list[tuple[SubjectDetails, int]]:
    people = Person.objects.filter(merged_into__isnull=True, is_unborn=False).order_by("-pk")[:n]
    return [
        (
            SubjectDetails(
                given_name=p.given_name,
                family_name=p.family_name,
                date_of_birth=p.date_of_birth,
                sex=p.sex,
                nhs_number=p.nhs_number,
                upn=p.upn,
                postcode=p.postcode,
            ),
            p.pk,
        )
        for p in people
    ]


def _training_subjects(n: int) -> list[tuple[SubjectDetails, int | None]]:
    found: list[tuple[SubjectDetails, int | None]] = []
    # Subjects as they arrived (people.registry.match_training_subjects); the person index itself
    # too when they are few.
    for _, provider in match_training_subjects.items():
        found += [(d, None) for d in provider(n)]
    if len(found) < FEW_SUBJECTS:
        found += _person_subjects(n)
    return found[:n]


def _blocked_pairs(
    subjects: Sequence[tuple[SubjectDetails, int | None]],
) -> tuple[list[Levels], list[list[Levels]]]:
    """The comparison levels of every blocked pair, and of each subject's pairs apart (for the
    model's expected precision on each subject's best candidate, scored after the fit)."""
    pairs: list[Levels] = []
    best_levels: list[list[Levels]] = []
    for start in range(0, len(subjects), CHUNK):
        chunk = subjects[start : start + CHUNK]
        found, _ = candidate_records_counted([d for d, _ in chunk])
        for (details, own), records in zip(chunk, found, strict=True):
            mine = [(r, lv) for r, lv in levels_many(details, records) if r.pk != own]
            pairs += [lv for _, lv in mine]
            best_levels.append([lv for _, lv in mine])
    return pairs, best_levels


def _random_pairs(
    subjects: Sequence[tuple[SubjectDetails, int | None]], n: int, seed: int
) -> list[Levels]:
    ids = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    if not ids or not subjects:
        return []
    rng = random.Random(seed)  # noqa: S311 (sampling pairs, not security)
    people = rng.sample(ids, min(len(ids), 3000))
    records: dict[int, MatchRecord] = {}
    for start in range(0, len(people), 1000):
        records.update(_records(people[start : start + 1000]))
    pool = list(records.values())
    pairs: list[Levels] = []
    per_subject = max(1, n // max(1, min(len(subjects), 2000)))
    chosen = rng.sample(list(subjects), min(len(subjects), 2000))
    for details, own in chosen:
        sample = [r for r in rng.sample(pool, min(len(pool), per_subject)) if r.pk != own]
        pairs += [lv for _, lv in levels_many(details, sample)]
    return pairs


def labelled_pairs() -> list[tuple[Levels, bool]]:
    return [(label.levels, label.is_match) for label in MatchLabel.objects.all()]


@transaction.atomic
def match_model_fit(
    *,
    actor: User | None,
    trigger: str = MatchModelTrigger.SCHEDULED,
    subjects: Sequence[SubjectDetails] | None = None,
    seed: int = 1,
) -> MatchModelFit:
    """Learn the match weights from the records the council holds (or from `subjects`, matched
    against the person index), choose the automatic-link threshold on the labelled pairs, store
    the fit with its date and use it from now on."""
    started = time.perf_counter()
    chosen: list[tuple[SubjectDetails, int | None]] = (
        [(d, None) for d in subjects] if subjects is not None else _training_subjects(FIT_SUBJECTS)
    )
    blocked, by_subject = _blocked_pairs(chosen)
    randoms = _random_pairs(chosen, RANDOM_PAIRS, seed)
    labels = labelled_pairs()
    fitted = learning.fit(blocked, randoms, [lv for lv, is_match in labels if is_match])
    bits, prior_bits = fitted.bits(), fitted.prior_bits()
    best = [
        max((learning.probability(bits, prior_bits, lv) for lv in levels), default=0.0)
        for levels in by_subject
    ]
    scored = [(learning.probability(bits, prior_bits, lv), is_match) for lv, is_match in labels]
    choice = learning.choose_threshold(scored, [p for p in best if p > 0])
    parameters: dict[str, Any] = {
        "bits": bits,
        "m": fitted.m,
        "u": fitted.u,
        "prior": fitted.prior,
        "runs": [vars(run) for run in fitted.runs],
        "pairs_seen": {"random": fitted.u_seen, "blocked": fitted.m_seen},
        "labelled_matches_in_m": sum(1 for _, is_match in labels if is_match),
    }
    fit = MatchModelFit.objects.create(
        fitted_at=timezone.now(),
        trigger=trigger,
        requested_by=actor,
        parameters=parameters,
        prior_bits=prior_bits,
        auto_link_threshold=choice.threshold,
        threshold_basis=choice.basis,
        subjects=len(chosen),
        blocked_pairs=len(blocked),
        random_pairs=len(randoms),
        labels=choice.labels,
        label_precision=choice.label_precision,
        model_precision=choice.model_precision,
        seconds=round(time.perf_counter() - started, 3),
    )
    audit_record(
        actor=actor,
        verb=PeopleVerb.MATCH_MODEL_FITTED,
        target=fit,
        summary={
            "trigger": trigger,
            "threshold": choice.threshold,
            "basis": choice.basis,
            "labels": choice.labels,
            "blocked_pairs": len(blocked),
        },
    )
    fit_weights = fit.weights()
    transaction.on_commit(lambda: weights.activate(fit_weights))
    return fit


def match_labels_record(
    *,
    details: SubjectDetails,
    candidate_ids: Sequence[int],
    chosen_id: int | None,
    source: str,
) -> list[MatchLabel]:
    """Labels from a worker's resolution: the chosen candidate is the same person, every other
    candidate offered is not (all of them, when the worker made a new person). Compared as the
    people were before the resolution taught them anything."""
    people = {p.pk: p for p in Person.objects.filter(pk__in=list(candidate_ids))}
    active = weights.current()
    labels = []
    for pk in candidate_ids:
        person = people.get(pk)
        if person is None:
            continue
        levels = comparison_levels(details, person)
        labels.append(
            MatchLabel(
                levels=levels,
                is_match=pk == chosen_id,
                source=source,
                score_then=learning.probability(active.bits, active.prior_bits, levels),
            )
        )
    return MatchLabel.objects.bulk_create(labels)


def person_details(person: Person) -> SubjectDetails:
    """A person in the index as a subject to compare with another person: their own name, date
    of birth, sex, postcode and every identifier they hold."""
    others = tuple(
        (i.kind, i.value) for i in person.identifiers.all() if i.kind not in ("nhs", "upn")
    )
    return SubjectDetails(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        nhs_number=person.nhs_number,
        upn=person.upn,
        postcode=person.postcode,
        identifiers=others,
    )


def match_label_for_people(
    *, person: Person, other: Person, is_match: bool, source: str, merge: PersonMerge | None = None
) -> MatchLabel:
    """A labelled pair from a worker's decision about two records in the index (a merge: the
    same person; a rejected duplicate: not), compared as they are before the decision changes
    either. The caller is the service that makes the decision, in its transaction."""
    levels = comparison_levels(person_details(other), person)
    active = weights.current()
    return MatchLabel.objects.create(
        levels=levels,
        is_match=is_match,
        source=source[:100],
        score_then=learning.probability(active.bits, active.prior_bits, levels),
        merge=merge,
    )


def match_model_latest() -> MatchModelFit | None:
    return MatchModelFit.objects.order_by("-fitted_at", "-pk").first()


def match_weight_rows(fit: MatchModelFit) -> list[dict[str, Any]]:
    """The fit's weights as rows for the administrators' chart: each comparison level with m, u
    and its weight in bits, and the bar's length and side."""
    rows: list[dict[str, Any]] = []
    bits = fit.parameters.get("bits", {})
    m = fit.parameters.get("m", {})
    u = fit.parameters.get("u", {})
    for comparison, levels in weights.LEVELS.items():
        for level in levels:
            value = float(bits.get(comparison, {}).get(level, 0.0))
            rows.append(
                {
                    "comparison": weights.COMPARISON_LABELS[comparison],
                    "level": level.replace("_", " "),
                    "m": m.get(comparison, {}).get(level),
                    "u": u.get(comparison, {}).get(level),
                    "bits": value,
                    "width": min(100, round(abs(value) * 5)),
                    "positive": value >= 0,
                }
            )
    return rows
