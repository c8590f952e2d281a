"""Small deterministic samplers on top of random.Random (never the global generator)."""

from __future__ import annotations

import math
from bisect import bisect_right
from random import Random


def poisson(rng: Random, mean: float) -> int:
    """Knuth's method for small means, a rounded normal above 30."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def from_quantiles(rng: Random, table: tuple[tuple[float, float], ...]) -> float:
    """Inverse-CDF sampling from (cumulative share, value) points, linear in between."""
    u = rng.random()
    shares = [point[0] for point in table]
    i = min(max(bisect_right(shares, u), 1), len(table) - 1)
    (p0, v0), (p1, v1) = table[i - 1], table[i]
    return v0 + (v1 - v0) * (u - p0) / (p1 - p0) if p1 > p0 else v1


def uniform_int(rng: Random, low: int, high: int) -> int:
    """An integer in [low, high]."""
    return low + int(rng.random() * (high - low + 1))


def below(rng: Random, n: int) -> int:
    """An integer in [0, n): one uniform draw, cheaper than Random.randrange."""
    return int(rng.random() * n)
