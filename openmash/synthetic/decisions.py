"""Threshold decisions with worker-to-worker noise, calibrated to national rates.

Each child named on a contact has a latent level of need z (family need level plus incident
and child noise). The deciding worker sees D = z + bias(worker) + noise. The outcome is found
by comparing D with thresholds that are solved from the configured shares, so that the
expected rates equal the targets while two workers looking at the same case often disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from random import Random
from statistics import NormalDist

from openmash.synthetic.names import Weighted
from openmash.synthetic.params import (
    CHILD_FACTOR_MIN_AGE,
    CHILD_LEAD_APPLICABLE,
    CHILDREN_PER_FAMILY_INCIDENT,
    DECISION_NOISE_SD,
    FOLLOW_UP_PROBABILITY,
    INCIDENT_RATE,
    LEAD_FACTORS,
    LEAD_PROFILE,
    NEED_LEVEL_SHARES,
    NON_REFERRAL_OUTCOMES,
    POLICE_DA_CONVERSION,
    RAG_NOISE_SD,
    RAG_SHARES,
    REFERRAL_NFA,
    REFERRAL_SOURCE_SHARES,
    S47_SHARE_OF_REFERRALS,
    SEVERITY_MEAN,
    SOURCE_CONVERSION,
    TARGET_CONVERSION,
    WORKER_BIAS_SD,
    source_group,
)

STANDARD = NormalDist()


def applicable_share(min_age: int) -> float:
    """How often a household named in an incident has a child of at least `min_age`."""
    points = CHILD_LEAD_APPLICABLE
    for (age0, share0), (age1, share1) in pairwise(points):
        if min_age <= age1:
            return share0 + (share1 - share0) * (min_age - age0) / (age1 - age0)
    return points[-1][1]


def effective_leads(profile: str) -> dict[str, float]:
    """Lead shares for a source profile after child concerns that do not fit the household
    are replaced by a household concern (as incidents.py does)."""
    leads = LEAD_FACTORS[profile]
    total = sum(leads.values())
    household = {f: w / total for f, w in leads.items() if f not in CHILD_FACTOR_MIN_AGE}
    child = {f: w / total for f, w in leads.items() if f in CHILD_FACTOR_MIN_AGE}
    lost = sum(w * (1 - applicable_share(CHILD_FACTOR_MIN_AGE[f])) for f, w in child.items())
    kept = sum(household.values())
    shares = {f: w * applicable_share(CHILD_FACTOR_MIN_AGE[f]) for f, w in child.items()}
    shares.update({f: w * (1 + lost / kept) for f, w in household.items()})
    return shares


def contact_need_weights() -> dict[int, float]:
    """Share of contacts coming from each family need level (rate x follow-ups x share)."""
    raw = {
        level: share * INCIDENT_RATE[level] / (1 - FOLLOW_UP_PROBABILITY[level])
        for level, share in NEED_LEVEL_SHARES.items()
    }
    total = sum(raw.values())
    return {level: value / total for level, value in raw.items()}


class Mixture:
    """The distribution of a score z + noise over contacts: a mixture of normals."""

    def __init__(self, noise_sd: float) -> None:
        self.weights = contact_need_weights()
        self.sd = math.sqrt(1.0 + noise_sd**2)

    def cdf(self, x: float) -> float:
        return sum(
            w * STANDARD.cdf((x - SEVERITY_MEAN[level]) / self.sd)
            for level, w in self.weights.items()
        )

    def quantile(self, p: float) -> float:
        low, high = -12.0, 12.0
        for _ in range(64):
            mid = (low + high) / 2
            if self.cdf(mid) < p:
                low = mid
            else:
                high = mid
        return (low + high) / 2


@dataclass(frozen=True, slots=True)
class Cuts:
    """Thresholds on the decision score for one kind of contact (source group, lead)."""

    outcomes: tuple[float, ...]  # upper bounds of nfa, advice, signpost, early help
    referral_nfa_below: float
    s47_above: float


class DecisionModel:
    def __init__(self) -> None:
        self.mixture = Mixture(math.hypot(WORKER_BIAS_SD, DECISION_NOISE_SD))
        self.rag_mixture = Mixture(RAG_NOISE_SD)
        self.conversion = self._conversion_by_group()
        self.contact_sources = self._contact_source_shares()
        self.incident_sources = self._incident_source_shares()
        self._police_other = self._police_other_conversion()
        self._cuts: dict[float, Cuts] = {}
        self.rag_cuts = self._rag_cuts()

    @staticmethod
    def _conversion_by_group() -> dict[str, float]:
        """Scale the relative conversions so that contacts convert at the target overall."""
        group_share: dict[str, float] = {}
        for code, share in REFERRAL_SOURCE_SHARES.items():
            group = source_group(code)
            group_share[group] = group_share.get(group, 0.0) + share
        overall = 1 / sum(share / SOURCE_CONVERSION[g] for g, share in group_share.items())
        factor = TARGET_CONVERSION / overall
        return {g: min(0.95, rate * factor) for g, rate in SOURCE_CONVERSION.items()}

    def _contact_weights(self) -> dict[str, float]:
        """Contacts (children named) by source: referral share over conversion."""
        return {
            code: share / self.conversion[source_group(code)]
            for code, share in REFERRAL_SOURCE_SHARES.items()
        }

    def _contact_source_shares(self) -> Weighted[str]:
        return Weighted.from_mapping(self._contact_weights())

    def _incident_source_shares(self) -> Weighted[str]:
        """Sources per incident: a concern about one child names fewer children than a
        concern about the family, so sources with more child concerns report more incidents."""
        shares = {}
        for code, weight in self._contact_weights().items():
            leads = effective_leads(LEAD_PROFILE[source_group(code)])
            family = sum(w for f, w in leads.items() if f not in CHILD_FACTOR_MIN_AGE)
            shares[code] = weight / (1 - family + family * CHILDREN_PER_FAMILY_INCIDENT)
        return Weighted.from_mapping(shares)

    def _police_other_conversion(self) -> float:
        """Police contacts that are not domestic abuse convert more, keeping the police rate."""
        da_share = effective_leads("police")["3B"]
        overall = self.conversion["police"]
        return (overall - da_share * POLICE_DA_CONVERSION) / (1 - da_share)

    def conversion_for(self, group: str, lead: str) -> float:
        if group == "police":
            return POLICE_DA_CONVERSION if lead == "3B" else self._police_other
        return self.conversion[group]

    def cuts_for(self, group: str, lead: str) -> Cuts:
        rate = self.conversion_for(group, lead)
        cuts = self._cuts.get(rate)
        if cuts is None:
            cuts = self._cuts[rate] = self._solve_cuts(rate)
        return cuts

    def _solve_cuts(self, rate: float) -> Cuts:
        quantile = self.mixture.quantile
        bounds, cumulative = [], 0.0
        for share in NON_REFERRAL_OUTCOMES.values():
            cumulative += share * (1 - rate)
            bounds.append(quantile(min(cumulative, 1 - rate)))
        return Cuts(
            outcomes=tuple(bounds),
            referral_nfa_below=quantile(1 - rate * (1 - REFERRAL_NFA)),
            s47_above=quantile(1 - rate * S47_SHARE_OF_REFERRALS),
        )

    def _rag_cuts(self) -> tuple[float, float, float]:
        blue, green, amber = (RAG_SHARES[k] for k in ("blue", "green", "amber"))
        q = self.rag_mixture.quantile
        return q(blue), q(blue + green), q(blue + green + amber)

    def contact_outcome(self, cuts: Cuts, score: float) -> str:
        for outcome, bound in zip(NON_REFERRAL_OUTCOMES, cuts.outcomes, strict=True):
            if score < bound:
                return outcome
        return "progress_to_referral"

    @staticmethod
    def referral_path(cuts: Cuts, score: float) -> str:
        if score < cuts.referral_nfa_below:
            return "referral_nfa"
        return "s47" if score > cuts.s47_above else "assessment"

    def rag(self, rng: Random, need: float) -> str:
        score = need + rng.gauss(0.0, RAG_NOISE_SD)
        blue, green, amber = self.rag_cuts
        if score < blue:
            return "blue"
        if score < green:
            return "green"
        return "amber" if score < amber else "red"

    @staticmethod
    def decision_score(rng: Random, need: float, bias: float) -> float:
        return need + bias + rng.gauss(0.0, DECISION_NOISE_SD)
