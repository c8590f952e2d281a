"""The national figures the realism report checks, each with its tolerance, its source keys
(shared/reference/national-figures.md, section 6 "Checks a realistic synthetic dataset should
pass") and how to measure it from the records the stats consumer has seen.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from openmash.synthetic.stats import RealismStats, median_of

MIN_QUANTILE_SAMPLE = 5


@dataclass(frozen=True, slots=True)
class Measure:
    value: float | None
    se: float = 0.0
    se_at: Callable[[float], float] | None = None  # the standard error if the target held

    def standard_error(self, target: float) -> float:
        return self.se_at(target) if self.se_at is not None else self.se


@dataclass(frozen=True, slots=True)
class Check:
    key: str
    label: str
    target: float
    tolerance: float
    unit: str  # "%", "" (a plain number) or "WD" (working days)
    sources: str
    measure: Callable[[RealismStats], Measure]
    kind: str = "range"  # "range", "at_most" or "largest"


def ratio(stats: RealismStats, numerator: str, denominator: str, scale: float = 1) -> Measure:
    """numerator/denominator x scale, with a household-clustered standard error."""
    total = stats.n[denominator]
    if not total:
        return Measure(None)
    return Measure(
        scale * stats.n[numerator] / total, se=scale * stats.clustered_se(numerator, denominator)
    )


def share(stats: RealismStats, numerator: str, denominator: str) -> Measure:
    """A percentage. Its error is the larger of the clustered one and the binomial one at the
    target, so that a share observed as 0% in a small sample is not judged too strictly."""
    measured = ratio(stats, numerator, denominator, scale=100)
    total = stats.n[denominator]
    if measured.value is None:
        return measured

    def se_at(target: float) -> float:
        p = min(max(target / 100, 0.0), 1.0)
        return max(measured.se, 100 * math.sqrt(p * (1 - p) / total))

    return Measure(measured.value, se_at=se_at)


def quantile(histogram: Counter[int], fraction: float) -> Measure:
    """A quantile of working days; its error from the interquartile range."""
    n = sum(histogram.values())
    value = median_of(histogram, fraction)
    if value is None or n < MIN_QUANTILE_SAMPLE:
        return Measure(None)
    q1 = median_of(histogram, 0.25) or 0.0
    q3 = median_of(histogram, 0.75) or 0.0
    return Measure(value, se=1.2533 * max(1.0, (q3 - q1) / 1.349) / math.sqrt(n))


def _share(
    key: str, label: str, target: float, tolerance: float, sources: str, num: str, den: str
) -> Check:
    return Check(key, label, target, tolerance, "%", sources, lambda s: share(s, num, den))


def _at_most(key: str, label: str, target: float, sources: str, num: str, den: str) -> Check:
    return Check(key, label, target, 0.0, "%", sources, lambda s: share(s, num, den), "at_most")


def _days(
    key: str, label: str, target: float, tolerance: float, source: str, fraction: float
) -> Check:
    """A quantile of assessment durations (ICPC delays when the key starts with "icpc")."""

    def measure(s: RealismStats) -> Measure:
        histogram = s.icpc_days if key.startswith("icpc") else s.assessment_days
        return quantile(histogram, fraction)

    return Check(key, label, target, tolerance, "WD", source, measure)


def _police_nfa(s: RealismStats) -> Measure:
    total = sum(v for k, v in s.n.items() if k.startswith("nfa:"))
    return Measure(100 * s.n["nfa:police"] / total if total else None)


def _kappa(s: RealismStats) -> Measure:
    items = s.n["kappa_items"]
    return Measure(s.fleiss_kappa(), se=0.6 / math.sqrt(items) if items else 0.0)


def _rereferral(s: RealismStats) -> Measure:
    return share(s, "rereferrals", "referrals") if s.lookback_complete else Measure(None)


def _per(count: str, population: str, per: float) -> Callable[[RealismStats], Measure]:
    return lambda s: ratio(s, count, population, scale=per)


def _times(num: str, den: str) -> Callable[[RealismStats], Measure]:
    return lambda s: ratio(s, num, den)


C5 = "[C5]"
# fmt: off
CHECKS: tuple[Check, ...] = (
    Check("referral_rate", "referrals per 10,000 children", 520, 80, "", "[C1],[POP]",
          _per("referrals", "children", 10_000)),
    _share("contact_conversion", "contacts becoming referrals", 22.5, 2.5,
           "[ADCS8],[ADCS9],[C1]", "referrals", "contacts"),
    Check("rereferral", "re-referral within 12 months", 22.4, 3.0, "%", "[C1]", _rereferral),
    _share("referral_nfa", "referrals with no further action", 6.5, 2.0, "[C1]",
           "referral_nfa", "referrals"),
    _share("not_in_need", "referrals assessed as not in need", 30.8, 4.0, "[C1]",
           "not_in_need", "referrals_concluded"),
    Check("assessments_per_referral", "assessments per referral", 1.0, 0.05, "", "[C1],[C2]",
          _times("assessments_started", "referrals")),
    _days("assessment_median", "assessment duration, median", 33, 3, "[C2]", 0.5),
    _days("assessment_p25", "assessment duration, 25th percentile", 17, 3, "[C2]", 0.25),
    _days("assessment_p75", "assessment duration, 75th percentile", 43, 3, "[C2]", 0.75),
    _share("assessment_45", "assessments within 45 working days", 85.7, 3.0, "[C2]",
           "assessments_within_45", "assessments_completed"),
    _share("source_police", "referral source: police", 30.5, 2.5, "[C5],[CA21],[RIP24],[SWT25]",
           "source:police", "referrals"),
    _share("source_schools", "referral source: schools", 19.5, 2.0, "[C5],[SW22],[SWT25]",
           "source:schools", "referrals"),
    _share("source_health", "referral source: health services", 15.0, 2.5, C5,
           "source:health", "referrals"),
    _share("source_la", "referral source: LA services", 14.1, 2.5, C5,
           "source:la_services", "referrals"),
    _share("source_individuals", "referral source: individuals", 8.1, 2.0, C5,
           "source:individuals", "referrals"),
    _at_most("source_anonymous", "referral source: anonymous", 2.0, C5,
             "source:anonymous", "referrals"),
    _at_most("source_housing", "referral source: housing", 2.0, C5, "source:housing", "referrals"),
    _at_most("source_unknown", "referral source: unknown", 2.0, C5, "source:unknown", "referrals"),
    Check("police_nfa", "police share of contacts closed NFA", 0, 0, "%", "[MASH19]",
          _police_nfa, "largest"),
    _share("police_da_assessed", "police DA notifications reaching assessment", 5.0, 2.5,
           "[STAN10]", "police_da_assessed", "police_da"),
    _share("factor_4B", "factor: mental health, parent/carer", 33.5, 3.0, "[C3]",
           "factor:4B", "factor_episodes"),
    _share("factor_3B", "factor: domestic abuse, parent/carer", 31.7, 3.0, "[C3]",
           "factor:3B", "factor_episodes"),
    _share("factor_17A", "factor: emotional abuse", 19.0, 3.0, "[C3]",
           "factor:17A", "factor_episodes"),
    _share("factor_4A", "factor: mental health, child", 17.6, 3.0, "[C3]",
           "factor:4A", "factor_episodes"),
    _share("factor_16A", "factor: neglect", 17.6, 3.0, "[C3]", "factor:16A", "factor_episodes"),
    _share("factor_1B", "factor: alcohol misuse, parent/carer", 14.3, 3.0, "[C3]",
           "factor:1B", "factor_episodes"),
    _share("factor_2B", "factor: drug misuse, parent/carer", 14.1, 3.0, "[C3]",
           "factor:2B", "factor_episodes"),
    Check("factors_per_episode", "factors per assessment episode", 2.75, 0.25, "", "[C3]",
          _times("factor_flags", "factor_episodes")),
    _share("s47_per_referral", "s47 enquiries per referral", 36.0, 4.0, "[C4],[C1]",
           "s47", "referrals"),
    _share("icpc_per_s47", "ICPCs per s47 enquiry", 31.0, 4.0, "[C4]", "icpc", "s47"),
    _share("cpp_per_icpc", "CP plans per ICPC", 86.0, 5.0, "[C4],[D3]", "cpp", "icpc"),
    _days("icpc_median", "strategy discussion to ICPC, median", 14, 1, "[C4]", 0.5),
    _share("icpc_15", "ICPCs within 15 working days", 81.0, 5.0, "[C4]",
           "icpc_within_15", "icpc"),
    _share("cpp_neglect", "CP plan category: neglect", 50.5, 5.0, "[A6],[SA25]", "cpp:NEG", "cpp"),
    _share("cpp_emotional", "CP plan category: emotional abuse", 35.7, 5.0, "[A6],[SA25]",
           "cpp:EMO", "cpp"),
    _share("cpp_physical", "CP plan category: physical abuse", 7.4, 3.0, "[A6]", "cpp:PHY", "cpp"),
    _share("cpp_sexual", "CP plan category: sexual abuse", 3.8, 2.0, "[A6],[SA25]",
           "cpp:SAB", "cpp"),
    _share("cpp_multiple", "CP plan category: multiple", 2.6, 2.0, "[A6]", "cpp:MUL", "cpp"),
    _share("cpp_repeat", "CP plans that are a second or later plan", 24.5, 4.0, "[D3]",
           "cpp_repeat", "cpp"),
    Check("cpp_stock", "CP plans open at the end, per 10,000 children", 40.6, 10.0, "",
          "[D1],[POP]", _per("cpp_stock", "children", 10_000)),
    Check("adult_concern_rate", "adult concerns per 1,000 adults", 14.1, 2.5, "",
          "[SAC25],[POP]", _per("concerns", "adults", 1_000)),
    _share("s42_conversion", "adult concerns becoming s42 enquiries", 28.9, 3.0, "[SAC25]",
           "s42", "concerns"),
    Check("s42_per_individual", "s42 enquiries per individual", 1.25, 0.1, "", "[SAC25]",
          _times("s42", "s42_individuals")),
    _share("adult_neglect", "s42 risk type: neglect and acts of omission", 31.5, 3.0,
           "[SAC22],[RP24]", "risk:neglect_omission", "risk_flags"),
    _share("adult_own_home", "s42 location of risk: own home", 46.5, 3.0,
           "[SAC19],[SAC22],[RP24]", "location:own_home", "s42"),
    _share("adult_risk_reduced", "risk reduced or removed (risk identified)", 89.5, 3.0,
           "[SAC19],[SAC22]", "risk_reduced_removed", "risk_identified"),
    Check("kappa", "agreement between workers (Fleiss' kappa)", 0.45, 0.15, "",
          "[KANG06],[BOLT21],[BART14]", _kappa),
)
# fmt: on
