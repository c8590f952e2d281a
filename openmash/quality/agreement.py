"""Agreement between raters: Fleiss' kappa and Krippendorff's alpha, with bootstrap intervals.

Pure Python, so the statistics need no numerical library at run time. The data are a ratings
table: one row per unit (a vignette), one column per rater (a participant), ``None`` where a
rater gave no answer. Categories may be any hashable values; for the ordinal alpha they must be
orderable (threshold levels 1 to 4).

References (worked examples reproduced in tests/quality/test_agreement.py, cited in
docs/quality.md):
- Fleiss, J. L. (1971) "Measuring nominal scale agreement among many raters", Psychological
  Bulletin 76(5), 378-382.
- Krippendorff, K. (2011) "Computing Krippendorff's Alpha-Reliability", Annenberg School for
  Communication, University of Pennsylvania.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

Ratings = Sequence[Sequence[Hashable | None]]

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20261207
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A statistic with its percentile bootstrap interval (``None`` where it is undefined)."""

    value: float | None
    low: float | None
    high: float | None
    resamples: int
    confidence: float


def _unit_counts(ratings: Ratings) -> list[Counter[Hashable]]:
    return [Counter(value for value in row if value is not None) for row in ratings]


# Fleiss' kappa ---------------------------------------------------------------------------------


def _fleiss_from_counts(units: Sequence[Counter[Hashable]]) -> float | None:
    """Fleiss' kappa, allowing the number of raters to differ between units.

    A unit with fewer than two answers cannot show agreement and is left out. With every rater
    answering every unit this is exactly Fleiss (1971): P_i is the share of agreeing rater pairs
    in unit i, P-bar their mean, and P_e the sum of squared category shares over all answers.
    """
    pairable = [unit for unit in units if sum(unit.values()) >= 2]
    if not pairable:
        return None
    totals: Counter[Hashable] = Counter()
    agreement = 0.0
    for unit in pairable:
        n_i = sum(unit.values())
        agreement += sum(n * (n - 1) for n in unit.values()) / (n_i * (n_i - 1))
        totals.update(unit)
    p_bar = agreement / len(pairable)
    answers = sum(totals.values())
    p_e = sum((n / answers) ** 2 for n in totals.values())
    if p_e >= 1.0:
        return None  # everybody chose one category: chance agreement is total, kappa undefined
    return (p_bar - p_e) / (1.0 - p_e)


def fleiss_kappa(ratings: Ratings) -> float | None:
    return _fleiss_from_counts(_unit_counts(ratings))


def fleiss_kappa_from_table(table: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa from a subjects x categories table of counts, as Fleiss (1971) lays it out."""
    units: list[Counter[Hashable]] = [
        Counter({category: n for category, n in enumerate(row) if n}) for row in table
    ]
    return _fleiss_from_counts(units)


# Krippendorff's alpha --------------------------------------------------------------------------

Coincidences = dict[tuple[Hashable, Hashable], float]


def _unit_coincidences(unit: Counter[Hashable]) -> Coincidences:
    """One unit's contribution to the coincidence matrix (Krippendorff 2011, section C)."""
    m_u = sum(unit.values())
    if m_u < 2:
        return {}  # a lone answer has nothing to coincide with
    pairs: Coincidences = {}
    for c, n_c in unit.items():
        for k, n_k in unit.items():
            pairable = n_c * (n_c - 1) if c == k else n_c * n_k
            if pairable:
                pairs[(c, k)] = pairable / (m_u - 1)
    return pairs


def _nominal_delta(_marginals: dict[Hashable, float]) -> Callable[[Hashable, Hashable], float]:
    return lambda c, k: 0.0 if c == k else 1.0


def _ordinal_delta(marginals: dict[Hashable, float]) -> Callable[[Hashable, Hashable], float]:
    ordered: list[Any] = sorted(marginals)
    rank = {value: position for position, value in enumerate(ordered)}
    cumulative = [0.0]
    for value in ordered:
        cumulative.append(cumulative[-1] + marginals[value])

    def delta(c: Hashable, k: Hashable) -> float:
        low, high = sorted((rank[c], rank[k]))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (marginals[c] + marginals[k]) / 2.0) ** 2

    return delta


METRICS = {"nominal": _nominal_delta, "ordinal": _ordinal_delta}


def _alpha_from_coincidences(matrices: Sequence[Coincidences], level: str) -> float | None:
    observed: Coincidences = {}
    for matrix in matrices:
        for pair, weight in matrix.items():
            observed[pair] = observed.get(pair, 0.0) + weight
    marginals: dict[Hashable, float] = {}
    for (c, _k), weight in observed.items():
        marginals[c] = marginals.get(c, 0.0) + weight
    n = sum(marginals.values())
    if n <= 1:
        return None
    delta = METRICS[level](marginals)
    disagreement_observed = sum(weight * delta(c, k) for (c, k), weight in observed.items())
    disagreement_expected = sum(
        n_c * n_k * delta(c, k) for c, n_c in marginals.items() for k, n_k in marginals.items()
    )
    if disagreement_expected == 0:
        return None  # one value only: no variation to agree about
    return 1.0 - (n - 1) * disagreement_observed / disagreement_expected


def krippendorff_alpha(ratings: Ratings, *, level: str = "nominal") -> float | None:
    """Krippendorff's alpha at the ``nominal`` or ``ordinal`` level of measurement."""
    if level not in METRICS:
        raise ValueError(f"Unknown level of measurement: {level}")
    return _alpha_from_coincidences([_unit_coincidences(u) for u in _unit_counts(ratings)], level)


# Bootstrap -------------------------------------------------------------------------------------


def _percentile(ordered: Sequence[float], fraction: float) -> float:
    """Linear interpolation between order statistics (numpy's default percentile)."""
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _bootstrap(
    units: Sequence[Any],
    statistic: Callable[[Sequence[Any]], float | None],
    *,
    resamples: int,
    seed: int,
    confidence: float,
) -> Estimate:
    """Percentile interval from resampling units (vignettes) with replacement.

    A fixed seed makes the interval reproducible: the same answers always give the same figures.
    Resamples on which the statistic is undefined (say, all answers alike) are left out.
    """
    value = statistic(units)
    if value is None or not units:
        return Estimate(value, None, None, 0, confidence)
    rng = random.Random(seed)  # noqa: S311 (a reproducible resample, not a secret)
    draws: list[float] = []
    for _ in range(resamples):
        resample = [units[rng.randrange(len(units))] for _ in units]
        drawn = statistic(resample)
        if drawn is not None:
            draws.append(drawn)
    if not draws:
        return Estimate(value, None, None, 0, confidence)
    draws.sort()
    tail = (1.0 - confidence) / 2.0
    return Estimate(
        value, _percentile(draws, tail), _percentile(draws, 1.0 - tail), len(draws), confidence
    )


def fleiss_kappa_estimate(
    ratings: Ratings,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> Estimate:
    return _bootstrap(
        _unit_counts(ratings),
        _fleiss_from_counts,
        resamples=resamples,
        seed=seed,
        confidence=confidence,
    )


def krippendorff_alpha_estimate(
    ratings: Ratings,
    *,
    level: str = "nominal",
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> Estimate:
    if level not in METRICS:
        raise ValueError(f"Unknown level of measurement: {level}")
    matrices = [_unit_coincidences(unit) for unit in _unit_counts(ratings)]
    return _bootstrap(
        matrices,
        lambda sample: _alpha_from_coincidences(sample, level),
        resamples=resamples,
        seed=seed,
        confidence=confidence,
    )


# Per unit and per rater ------------------------------------------------------------------------


def unit_agreement(row: Sequence[Hashable | None]) -> float | None:
    """The share of pairs of answers to one unit that agree (Fleiss' P_i); None under two."""
    unit = Counter(value for value in row if value is not None)
    n_i = sum(unit.values())
    if n_i < 2:
        return None
    return sum(n * (n - 1) for n in unit.values()) / (n_i * (n_i - 1))


def modal_answers(row: Sequence[Hashable | None]) -> set[Hashable]:
    """The most frequent answers to one unit (more than one when tied; empty when unanswered)."""
    unit = Counter(value for value in row if value is not None)
    if not unit:
        return set()
    top = max(unit.values())
    return {value for value, n in unit.items() if n == top}


def distance_from_mode(
    answer: Hashable | None, modes: set[Hashable], *, ordinal: bool
) -> float | None:
    """How far one answer lies from the group's modal answer (the nearest, when modes tie).

    Nominal: 0 when the answer is modal, else 1. Ordinal: the number of levels between them.
    """
    if answer is None or not modes:
        return None
    if not ordinal:
        return 0.0 if answer in modes else 1.0
    return float(min(abs(answer - mode) for mode in modes))  # type: ignore[operator]
