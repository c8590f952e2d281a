"""Measures the generated records (never the parameters) for the realism report.

A consumer of the batch stream that keeps counters and small histograms only, so it runs in
bounded memory at any scale. Every measure looks at the reporting year, the final 12 months of
the window, so that re-referrals can look back a full year when the window is two years long.

Counts are also summed per household so that the report can give each share a
household-clustered standard error: siblings named on one incident, and a family referred
again and again, are not independent observations.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta

from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.dates import window_calendar
from openmash.synthetic.population import age_on
from openmash.synthetic.records import (
    AdultConcern,
    Assessment,
    Batch,
    CalibrationRating,
    Contact,
    HouseholdBatch,
)

SOURCE_GROUPS = {
    "police": ("6",),
    "schools": ("2A",),
    "health": ("3A", "3B", "3C", "3D", "3E", "3F"),
    "la_services": ("5A", "5B", "5C", "5D"),
    "individuals": ("1A", "1B", "1C", "1D"),
    "anonymous": ("9",),
    "housing": ("4",),
    "unknown": ("10",),
    "education": ("2B",),
    "legal": ("7",),
    "other": ("8",),
}
GROUP_OF_CODE = {code: group for group, codes in SOURCE_GROUPS.items() for code in codes}
# Counts that serve as denominators of shares (cross-products with them are kept).
# fmt: off
DENOMINATORS = (
    "children", "adults", "contacts", "referrals", "referrals_concluded", "police_da",
    "assessments_completed", "factor_episodes", "s47", "icpc", "cpp", "concerns", "s42",
    "s42_individuals", "risk_flags", "risk_identified",
)
# fmt: on


def median_of(histogram: Counter[int], fraction: float = 0.5) -> float | None:
    """The `fraction` quantile of a histogram of whole numbers (lower value on a tie)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = fraction * (total - 1)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen > rank:
            return float(value)
    return float(max(histogram))


class RealismStats:
    def __init__(self, config: GeneratorConfig) -> None:
        self.config = config
        self.year_start = config.report_start
        self.end = config.end
        self.calendar = window_calendar(config.start, config.end)
        self.lookback_complete = config.years >= 2
        self.n: Counter[str] = Counter()
        self.assessment_days: Counter[int] = Counter()
        self.icpc_days: Counter[int] = Counter()
        self.kappa_categories: Counter[str] = Counter()
        self.kappa_item_agreement = 0.0
        self._household: Counter[str] = Counter()
        self._squares: Counter[str] = Counter()
        self._cross: Counter[tuple[str, str]] = Counter()
        self._clusters: Counter[str] = Counter()

    def in_year(self, day: date | None) -> bool:
        return day is not None and self.year_start <= day < self.end

    def add(self, key: str, amount: int = 1) -> None:
        self.n[key] += amount
        self._household[key] += amount

    def consume(self, batch: Batch) -> None:
        if isinstance(batch, HouseholdBatch):
            self._household.clear()
            self._people(batch)
            self._contacts(batch.contacts, batch.assessments)
            self._assessments(batch.assessments)
            self._child_protection(batch)
            self._adults(batch.adult_concerns)
            self._close_household()
        else:
            self._calibration(batch.calibration)

    def _close_household(self) -> None:
        counts = self._household
        present = [d for d in DENOMINATORS if counts[d]]
        for denominator in present:
            self._clusters[denominator] += 1
        for key, value in counts.items():
            self._squares[key] += value * value
            for denominator in present:
                self._cross[key, denominator] += value * counts[denominator]

    def _people(self, batch: HouseholdBatch) -> None:
        for person in batch.people:
            if person.date_of_birth > self.year_start:
                continue  # not yet born when the reporting year starts
            adult = age_on(person.date_of_birth, self.year_start) >= 18
            self.add("adults" if adult else "children")

    def _contacts(self, contacts: list[Contact], assessments: list[Assessment]) -> None:
        assessed = {a.contact_id for a in assessments}
        first = _first_assessments(assessments)
        referral_days: dict[str, list[date]] = defaultdict(list)
        for contact in contacts:
            day = contact.received_at.date()
            if contact.is_referral:
                referral_days[contact.true_person_id].append(day)
            if contact.duplicate_of or not self.in_year(day):
                continue
            group = GROUP_OF_CODE[contact.source_code]
            self.add("contacts")
            if contact.outcome == "nfa":
                self.add(f"nfa:{group}")
            if group == "police" and (contact.concern_category, contact.concern_subject) == (
                "domestic_abuse",
                "parent_carer",
            ):
                self.add("police_da")
                self.add("police_da_assessed", contact.contact_id in assessed)
            if contact.is_referral:
                self._referral(contact, group, first.get(contact.contact_id))
        for days in referral_days.values():
            self._rereferrals(sorted(days))

    def _referral(self, contact: Contact, group: str, first: Assessment | None) -> None:
        self.add("referrals")
        self.add(f"source:{group}")
        self.add("referral_nfa", contact.referral_nfa)
        # Referrals whose assessment is still open at the end cannot be judged yet.
        if first is None or first.authorisation_date is not None:
            self.add("referrals_concluded")
            self.add("not_in_need", first is not None and first.outcome == "not_in_need")

    def _rereferrals(self, days: list[date]) -> None:
        for i, day in enumerate(days):
            if self.in_year(day) and i > 0 and (day - days[i - 1]).days <= 365:
                self.add("rereferrals")

    def _assessments(self, assessments: list[Assessment]) -> None:
        for a in assessments:
            self.add("assessments_started", self.in_year(a.start_date))
            if a.authorisation_date is None or not self.in_year(a.authorisation_date):
                continue
            days = self.calendar.working_days_between(a.start_date, a.authorisation_date)
            self.assessment_days[days] += 1
            self.add("assessments_completed")
            self.add("assessments_within_45", days <= 45)
            if a.factors and a.factors != ("21",):
                self.add("factor_episodes")
                self.add("factor_flags", len(a.factors))
                for factor in a.factors:
                    self.add(f"factor:{factor}")

    def _child_protection(self, batch: HouseholdBatch) -> None:
        for s in batch.section47s:
            self.add("s47", self.in_year(s.strategy_date))
            if s.icpc_date is not None and self.in_year(s.icpc_date):
                days = self.calendar.working_days_between(s.strategy_date, s.icpc_date)
                self.icpc_days[days] += 1
                self.add("icpc")
                self.add("icpc_within_15", days <= 15)
        last_day = self.end - timedelta(days=1)
        for plan in batch.cp_plans:
            if plan.start_date <= last_day and (plan.end_date is None or plan.end_date > last_day):
                self.add("cpp_stock")
            if self.in_year(plan.start_date):
                self.add("cpp")
                self.add("cpp_repeat", plan.previous_plans > 0)
                self.add(f"cpp:{plan.initial_category}")

    def _adults(self, concerns: list[AdultConcern]) -> None:
        enquiries: set[str] = set()
        for concern in concerns:
            if not self.in_year(concern.received_at.date()):
                continue
            self.add("concerns")
            if not concern.s42:
                continue
            self.add("s42")
            enquiries.add(concern.true_person_id)
            self.add("risk_flags", len(concern.risk_types))
            for risk in concern.risk_types:
                self.add(f"risk:{risk}")
            self.add(f"location:{concern.location}")
            if concern.risk_outcome == "risk_identified":
                self.add("risk_identified")
                self.add("risk_reduced_removed", concern.risk_result != "risk_remains")
        self.add("s42_individuals", len(enquiries))

    def _calibration(self, ratings: list[CalibrationRating]) -> None:
        by_vignette: dict[str, Counter[str]] = defaultdict(Counter)
        for rating in ratings:
            by_vignette[rating.vignette_id][rating.decision] += 1
        for counts in by_vignette.values():
            raters = sum(counts.values())
            if raters < 2:
                continue
            agreeing = sum(c * c for c in counts.values()) - raters
            self.kappa_item_agreement += agreeing / (raters * (raters - 1))
            self.n["kappa_items"] += 1
            self.kappa_categories.update(counts)

    def clustered_se(self, numerator: str, denominator: str) -> float:
        """Standard error of the ratio numerator/denominator, households as clusters."""
        total = self.n[denominator]
        clusters = self._clusters[denominator]
        if not total or clusters < 2:
            return 0.0
        ratio = self.n[numerator] / total
        spread = (
            self._squares[numerator]
            - 2 * ratio * self._cross[numerator, denominator]
            + ratio * ratio * self._squares[denominator]
        )
        return math.sqrt(max(spread, 0.0) * clusters / (clusters - 1)) / total

    def largest_nfa_source(self) -> str | None:
        groups = {k.removeprefix("nfa:"): v for k, v in self.n.items() if k.startswith("nfa:")}
        return max(groups, key=groups.__getitem__) if groups else None

    def fleiss_kappa(self) -> float | None:
        items = self.n["kappa_items"]
        total = sum(self.kappa_categories.values())
        if not items or not total:
            return None
        observed = self.kappa_item_agreement / items
        expected = sum((c / total) ** 2 for c in self.kappa_categories.values())
        return (observed - expected) / (1 - expected) if expected < 1 else None


def _first_assessments(assessments: list[Assessment]) -> dict[str, Assessment]:
    first: dict[str, Assessment] = {}
    for a in assessments:
        found = first.get(a.contact_id)
        if found is None or a.start_date < found.start_date:
            first[a.contact_id] = a
    return first
