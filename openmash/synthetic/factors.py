"""CIN assessment factors and the contact's concern category.

An assessment always records the contact's lead concern as a factor; further factors are
added independently. Their probabilities are solved from the national shares [C3]: if a
share L of assessed episodes already carry factor f as the lead, the extra probability is
(target - L) / (1 - L), raised for child factors that only apply to older children.
"""

from __future__ import annotations

from random import Random

from openmash.synthetic.data.words import words
from openmash.synthetic.decisions import DecisionModel, effective_leads
from openmash.synthetic.params import (
    CHILD_FACTOR_MIN_AGE,
    FACTOR_CONCERN,
    FACTOR_TARGETS,
    LEAD_PROFILE,
    REFERRAL_SOURCE_SHARES,
    SUBJECT_BY_SUFFIX,
    source_group,
)

# The order factors are written in (CIN code order).
FACTOR_ORDER = {
    code: i
    for i, code in enumerate(
        words(
            """
            1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A
            9A 10A 11A 12A 13A 14A 15A 16A 17A 18B 18C 19B 19C 20 21 22A 23A 24A
            """
        )
    )
}
HOUSEHOLD_SUBJECT_FACTORS = frozenset("123456")  # alcohol ... physical illness: A/B/C subjects


def lead_shares_among_referrals(model: DecisionModel) -> dict[str, float]:
    """Expected share of referrals whose lead concern is each factor."""
    shares: dict[str, float] = {}
    for code, source_share in REFERRAL_SOURCE_SHARES.items():
        group = source_group(code)
        leads = effective_leads(LEAD_PROFILE[group])
        weighted = {f: w * model.conversion_for(group, f) for f, w in leads.items()}
        norm = sum(weighted.values())
        for factor, value in weighted.items():
            shares[factor] = shares.get(factor, 0.0) + source_share * value / norm
    return shares


class FactorSampler:
    def __init__(self, model: DecisionModel) -> None:
        leads = lead_shares_among_referrals(model)
        self.extra: list[tuple[str, float, int]] = []
        for factor, target in FACTOR_TARGETS.items():
            lead = leads.get(factor, 0.0)
            min_age = CHILD_FACTOR_MIN_AGE.get(factor, 0)
            probability = max(0.0, (target - lead) / (1 - lead)) * 18 / (18 - min_age)
            self.extra.append((factor, min(0.95, probability), min_age))

    def sample(self, rng: Random, lead: str, age: int) -> tuple[str, ...]:
        found = {lead}
        for factor, probability, min_age in self.extra:
            if age >= min_age and rng.random() < probability:
                found.add(factor)
        return tuple(sorted(found, key=FACTOR_ORDER.__getitem__))

    @staticmethod
    def concern_of(lead: str) -> tuple[str, str]:
        """The contact's concern category and subject (vocabularies.md §3.2) for a lead factor."""
        number = lead.rstrip("ABC")
        category = FACTOR_CONCERN.get(number, "other")
        if lead in ("18B", "19B"):
            category = "child_on_child_abuse"
        subject = SUBJECT_BY_SUFFIX[lead[-1]] if number in HOUSEHOLD_SUBJECT_FACTORS else ""
        return category, subject
