"""The match weights scoring uses: hand-set defaults until a model is fitted to the council's own
data (`matching/learning.py`), then the latest fitted parameters (`MatchModelFit`).

Weights are in bits (log2 of m/u) per comparison level. Each process keeps the active weights and
looks for a newer fit at most every `RELOAD_SECONDS`; the fitting service activates its own fit at
once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The comparisons and their levels, best first. "missing" (either side blank) is never a level:
# it adds nothing, as in Splink's null level.
LEVELS: dict[str, tuple[str, ...]] = {
    "family": ("exact", "phonetic", "close", "part", "similar", "none"),
    "given": ("exact", "nickname", "phonetic", "close", "similar", "initial", "none"),
    "dob": ("exact", "swapped", "one_part", "near", "none"),
    "postcode": ("exact", "area", "none"),
    "sex": ("same", "different"),
    "id_nhs": ("agree", "disagree"),
    "id_upn": ("agree", "disagree"),
    "id_police": ("agree", "slip", "disagree"),
    "id_council": ("agree", "slip", "disagree"),
    "id_other": ("agree", "slip", "disagree"),
}

COMPARISON_LABELS = {
    "family": "Surname",
    "given": "First name",
    "dob": "Date of birth",
    "postcode": "Postcode",
    "sex": "Sex",
    "id_nhs": "NHS number",
    "id_upn": "UPN",
    "id_police": "Police reference",
    "id_council": "Council ID",
    "id_other": "Other identifier",
}

# The hand-set weights (tuned on the synthetic generator's records before weights were learnt).
DEFAULT_BITS: dict[str, dict[str, float]] = {
    "family": {
        "exact": 8.0,
        "phonetic": 5.5,
        "close": 4.5,
        "part": 4.5,
        "similar": 2.0,
        "none": -5.0,
    },
    "given": {
        "exact": 6.0,
        "nickname": 5.0,
        "phonetic": 4.5,
        "close": 4.0,
        "similar": 1.5,
        "initial": 1.0,
        "none": -3.0,
    },
    "dob": {"exact": 10.0, "swapped": 7.5, "one_part": 4.0, "near": 2.0, "none": -5.0},
    "postcode": {"exact": 4.0, "area": 1.0, "none": 0.0},
    "sex": {"same": 0.0, "different": -4.0},
    "id_nhs": {"agree": 16.0, "disagree": -14.0},
    "id_upn": {"agree": 13.0, "disagree": -9.0},
    "id_police": {"agree": 14.0, "slip": 5.0, "disagree": -2.0},
    "id_council": {"agree": 14.0, "slip": 5.0, "disagree": -2.0},
    "id_other": {"agree": 14.0, "slip": 5.0, "disagree": -2.5},
}
DEFAULT_PRIOR_BITS = -14.0


@dataclass(frozen=True, eq=False)
class MatchWeights:
    """Bits per comparison level, the prior (log2 odds that a subject and a person blocking found
    are the same before any comparison), and the automatic-link threshold (a probability) the
    fit chose, or None to use the setting."""

    bits: dict[str, dict[str, float]]
    prior_bits: float
    auto_link_threshold: float | None = None
    fit_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def level(self, comparison: str, level: str) -> float:
        return self.bits.get(comparison, {}).get(level, 0.0)

    def best(self, comparison: str) -> float:
        return max(self.bits[comparison].values())


DEFAULT_WEIGHTS = MatchWeights(bits=DEFAULT_BITS, prior_bits=DEFAULT_PRIOR_BITS)

RELOAD_SECONDS = 30.0

_active: list[MatchWeights] = [DEFAULT_WEIGHTS]
_checked: list[float] = [0.0]
# Called with the weights whenever they change (scoring clears its caches of weights).
_listeners: list[Callable[[MatchWeights], None]] = []


def on_change(listener: Callable[[MatchWeights], None]) -> None:
    _listeners.append(listener)


def activate(weights: MatchWeights) -> None:
    """Use these weights in this process from now on."""
    if weights is _active[0]:
        return
    _active[0] = weights
    _checked[0] = time.monotonic()
    for listener in _listeners:
        listener(weights)


def hold(weights: MatchWeights) -> None:
    """Use these weights and never look in the database for a fit (tests: query counts hold)."""
    activate(weights)
    _checked[0] = float("inf")


def reset() -> None:
    """Back to the hand-set weights, and look in the database at the next match (tests)."""
    activate(DEFAULT_WEIGHTS)
    _checked[0] = 0.0


def active_weights() -> MatchWeights:
    """The weights to score with: the latest fit, looked for at most every RELOAD_SECONDS."""
    now = time.monotonic()
    if now - _checked[0] >= RELOAD_SECONDS:
        _checked[0] = now
        from openmash.people.models import MatchModelFit

        latest = MatchModelFit.objects.order_by("-fitted_at", "-pk").first()
        if latest is None:
            if _active[0].fit_id is not None:
                activate(DEFAULT_WEIGHTS)
        elif latest.pk != _active[0].fit_id:
            activate(latest.weights())
    return _active[0]


def current() -> MatchWeights:
    """The weights in use now, without looking in the database (scoring's hot path)."""
    return _active[0]
