"""Learning the match weights from the council's own records, as Splink does (ADR 0011).

A Fellegi-Sunter model: for each comparison (surname, first name, date of birth, postcode, sex,
each kind of identifier) and each of its levels (weights.LEVELS), m = P(level | same person) and
u = P(level | different people); a level's weight is log2(m/u) bits.

- u is counted on random pairs (a random subject against a random person): nearly all are
  different people.
- m is estimated by expectation maximisation on blocked pairs, with u held fixed, once per
  training rule, leaving out the comparison the rule blocks on (it agrees on every pair, so it
  says nothing): pairs with the same date of birth give m for everything but the date of birth;
  pairs with the same surname give m for the date of birth (the other comparisons' m held as the
  first rule found them).
- The prior (the chance that a subject and a blocked person are the same) follows from the first
  rule's share of matches: P(match) = lambda * u(dob exact) / m(dob exact).
- The automatic-link threshold is the lowest probability at which the labelled pairs (workers'
  resolutions) linked at or above it are at least 99% right; with few labels, also the lowest at
  which the model's own expected precision on the best candidates is 99%.

Pure Python on aggregated comparison patterns (a few hundred distinct ones): no numpy, no SQL.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openmash.people.matching.weights import DEFAULT_BITS, LEVELS

Levels = dict[str, str]
Pattern = tuple[tuple[str, str], ...]
Probabilities = dict[str, dict[str, float]]

# Weights are bounded, so one unseen level never decides a match on its own.
MAX_BITS = 20.0
# Pseudo-counts added to every level (Laplace smoothing), so no level has m or u of zero.
SMOOTHING = 0.5
EM_ITERATIONS = 40
EM_TOLERANCE = 1e-6
TARGET_PRECISION = 0.99
# The automatic-link thresholds tried, lowest first: never below 0.8, whatever the estimates say.
THRESHOLD_GRID = (0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999)
# A comparison seen on fewer pairs than this keeps its hand-set weights.
MIN_SEEN = 20
# With at least this many labelled matches the labels alone set the threshold.
LABELS_ENOUGH = 50
# How many blocked pairs' worth of evidence a labelled match (a worker's decision) is in EM.
LABEL_WEIGHT = 5.0


@dataclass
class EmRun:
    rule: str
    pairs: int
    iterations: int
    match_share: float


@dataclass
class FittedParameters:
    m: Probabilities
    u: Probabilities
    prior: float
    runs: list[EmRun] = field(default_factory=list)
    # How many random pairs, and blocked pairs in the EM runs, had each comparison.
    u_seen: dict[str, int] = field(default_factory=dict)
    m_seen: dict[str, int] = field(default_factory=dict)

    def bits(self) -> dict[str, dict[str, float]]:
        """log2(m/u) per level, bounded; the hand-set weights for a comparison the data never
        showed (no identifiers of that kind on both sides); no level above its comparison's
        first (an initial never outweighs the whole first name)."""
        found: dict[str, dict[str, float]] = {}
        for comparison, levels in LEVELS.items():
            if (
                self.u_seen.get(comparison, 0) < MIN_SEEN
                or self.m_seen.get(comparison, 0) < MIN_SEEN
            ):
                found[comparison] = dict(DEFAULT_BITS[comparison])
                continue
            found[comparison] = {}
            for level in levels:
                bits = math.log2(self.m[comparison][level] / self.u[comparison][level])
                found[comparison][level] = round(max(-MAX_BITS, min(MAX_BITS, bits)), 3)
            top = found[comparison][levels[0]]
            for level in levels[1:]:
                found[comparison][level] = min(found[comparison][level], top)
        return found

    def prior_bits(self) -> float:
        return round(math.log2(self.prior / (1 - self.prior)), 3)


def _pattern(levels: Levels) -> Pattern:
    return tuple(sorted(levels.items()))


def _distribution(counts: dict[str, float], comparison: str) -> dict[str, float]:
    total = sum(counts.get(level, 0.0) + SMOOTHING for level in LEVELS[comparison])
    return {level: (counts.get(level, 0.0) + SMOOTHING) / total for level in LEVELS[comparison]}


def estimate_u(random_pairs: Iterable[Levels]) -> Probabilities:
    """u for every level: how often it is seen between random pairs (different people)."""
    counts: dict[str, Counter[str]] = {c: Counter() for c in LEVELS}
    for levels in random_pairs:
        for comparison, level in levels.items():
            if comparison in counts:
                counts[comparison][level] += 1
    return {c: _distribution(dict(counts[c]), c) for c in LEVELS}


def initial_m(u: Probabilities) -> Probabilities:
    """A starting point for EM: m from the hand-set weights (m = u * 2^bits, normalised)."""
    m: Probabilities = {}
    for comparison, levels in LEVELS.items():
        raw = {lv: u[comparison][lv] * 2 ** DEFAULT_BITS[comparison][lv] for lv in levels}
        total = sum(raw.values())
        m[comparison] = {lv: v / total for lv, v in raw.items()}
    return m


def expectation_maximisation(
    pairs: Iterable[Levels],
    *,
    m: Probabilities,
    u: Probabilities,
    estimate: set[str],
    ignore: set[str],
    match_share: float = 0.1,
    iterations: int = EM_ITERATIONS,
    known_matches: Iterable[Levels] = (),
) -> tuple[Probabilities, float, int, int]:
    """EM over blocked pairs, u fixed: (m with the `estimate` comparisons re-estimated, the share
    of pairs that match, iterations run, pairs). `ignore`d comparisons take no part.
    `known_matches` (pairs workers said are the same person) count towards m as certain matches
    in every iteration, each as much as LABEL_WEIGHT blocked pairs; they do not count towards the
    share of matches (they were not drawn by the blocking rule)."""
    patterns: Counter[Pattern] = Counter(
        _pattern({c: lv for c, lv in levels.items() if c not in ignore and c in LEVELS})
        for levels in pairs
    )
    known: dict[str, dict[str, float]] = {c: {} for c in estimate}
    for levels in known_matches:
        for comparison, level in levels.items():
            if comparison in known and level in LEVELS[comparison]:
                known[comparison][level] = known[comparison].get(level, 0.0) + LABEL_WEIGHT
    m = {c: dict(levels) for c, levels in m.items()}
    total = sum(patterns.values())
    if not total:
        return m, match_share, 0, 0
    done = 0
    while done < iterations:
        done += 1
        matched: dict[str, dict[str, float]] = {c: dict(known[c]) for c in estimate}
        weight_sum = 0.0
        for pattern, count in patterns.items():
            odds = match_share / (1 - match_share)
            for comparison, level in pattern:
                odds *= m[comparison][level] / u[comparison][level]
            p = odds / (1 + odds) if odds != math.inf else 1.0
            weight = count * p
            weight_sum += weight
            for comparison, level in pattern:
                if comparison in matched:
                    matched[comparison][level] = matched[comparison].get(level, 0.0) + weight
        new_share = min(max(weight_sum / total, 1e-9), 1 - 1e-9)
        change = abs(new_share - match_share)
        for comparison in estimate:
            if matched[comparison]:
                fresh = _distribution(dict(matched[comparison]), comparison)
                change = max(change, *(abs(fresh[lv] - m[comparison][lv]) for lv in fresh))
                m[comparison] = fresh
        match_share = new_share
        if change < EM_TOLERANCE:
            break
    return m, match_share, done, total


def fit(
    blocked_pairs: Sequence[Levels],
    random_pairs: Sequence[Levels],
    known_matches: Sequence[Levels] = (),
) -> FittedParameters:
    """The model's parameters from blocked pairs (EM), random pairs (u) and the pairs workers
    said are the same person (m, as certain matches)."""
    u = estimate_u(random_pairs)
    m = initial_m(u)
    same_dob = [p for p in blocked_pairs if p.get("dob") == "exact"]
    same_surname = [p for p in blocked_pairs if p.get("family") == "exact"]
    others = set(LEVELS) - {"dob"}
    m, share_dob, done_1, n_1 = expectation_maximisation(
        same_dob, m=m, u=u, estimate=others, ignore={"dob"}, known_matches=known_matches
    )
    m, share_surname, done_2, n_2 = expectation_maximisation(
        same_surname, m=m, u=u, estimate={"dob"}, ignore={"family"}, known_matches=known_matches
    )
    prior = share_dob * u["dob"]["exact"] / m["dob"]["exact"]
    prior = min(max(prior, 1e-9), 0.5)
    runs = [
        EmRun("same date of birth", n_1, done_1, round(share_dob, 6)),
        EmRun("same surname", n_2, done_2, round(share_surname, 6)),
    ]
    u_seen: Counter[str] = Counter(c for levels in random_pairs for c in levels)
    m_seen: Counter[str] = Counter(
        c for pairs in (same_dob, same_surname) for levels in pairs for c in levels
    )
    return FittedParameters(
        m=m, u=u, prior=prior, runs=runs, u_seen=dict(u_seen), m_seen=dict(m_seen)
    )


def probability(bits: dict[str, dict[str, float]], prior_bits: float, levels: Levels) -> float:
    """The match probability of a pair at these levels under these weights."""
    weight = prior_bits + sum(bits.get(c, {}).get(lv, 0.0) for c, lv in levels.items())
    weight = max(-60.0, min(60.0, weight))
    return 1.0 / (1.0 + math.pow(2.0, -weight))


@dataclass
class ThresholdChoice:
    threshold: float
    basis: str
    labels: int
    label_matches: int
    label_precision: float | None
    model_precision: float | None


def _precision_at(scored: Sequence[tuple[float, bool]], threshold: float) -> float | None:
    above = [is_match for p, is_match in scored if p >= threshold]
    return sum(above) / len(above) if above else None


def _model_precision_at(best: Sequence[float], threshold: float) -> float | None:
    above = [p for p in best if p >= threshold]
    return sum(above) / len(above) if above else None


def choose_threshold(
    labelled: Sequence[tuple[float, bool]],
    best_candidates: Sequence[float],
    *,
    target: float = TARGET_PRECISION,
) -> ThresholdChoice:
    """The lowest automatic-link threshold holding `target` precision: on the labelled pairs
    (probability, is it a match), and, until there are LABELS_ENOUGH labelled matches, on the
    model's own expectation over each subject's best candidate too."""
    matches = sum(1 for _, is_match in labelled if is_match)

    def first(ok: object) -> float:
        for t in THRESHOLD_GRID:
            if ok(t):  # type: ignore[operator]
                return t
        return THRESHOLD_GRID[-1]

    def holds(precision: float | None) -> bool:
        return precision is None or precision >= target

    by_labels = first(lambda t: holds(_precision_at(labelled, t)))
    by_model = first(lambda t: holds(_model_precision_at(best_candidates, t)))
    if matches >= LABELS_ENOUGH:
        threshold, basis = by_labels, "labelled pairs"
    elif labelled:
        threshold = max(by_labels, by_model)
        basis = "labelled pairs and the model's expected precision"
    else:
        threshold, basis = by_model, "the model's expected precision (no labelled pairs yet)"
    return ThresholdChoice(
        threshold=threshold,
        basis=basis,
        labels=len(labelled),
        label_matches=matches,
        label_precision=_precision_at(labelled, threshold),
        model_precision=_model_precision_at(best_candidates, threshold),
    )


def informativeness(score: float, threshold: float) -> float:
    """How much a worker's decision on a possible match would teach the model: highest for a pair
    the model is least sure of, near the automatic-link threshold (in bits), falling away either
    side. Between 0 and 1."""
    score = min(max(score, 1e-12), 1 - 1e-12)
    threshold = min(max(threshold, 1e-6), 1 - 1e-6)
    distance = abs(math.log2(score / (1 - score)) - math.log2(threshold / (1 - threshold)))
    return 1.0 / (1.0 + distance)
