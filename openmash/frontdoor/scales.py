"""The two threshold scales and what differs between them; everything else (levels, indicators,
the suggestion, the assessment, administrators' edits and their history) is one mechanism.

A contact's scale follows its subjects (people with the role "subject"): a child is assessed on
the children's continuum of need, an adult on the adults' safeguarding risk thresholds (with the
Care Act s42(1) tests). A contact about both is assessed on both: the children together, once per
contact; each adult on their own (docs/frontdoor-consent-thresholds.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

from openmash.frontdoor.adult_thresholds_defaults import ABUSE_TYPE_LABELS
from openmash.frontdoor.continuum_defaults import DOMAIN_LABELS
from openmash.frontdoor.models import ThresholdScale


@dataclass(frozen=True)
class Scale:
    code: str
    title: str  # the page's heading and the panel's
    domain_word: str  # what the indicators are grouped by, singular
    domain_words: str  # ...and plural
    domain_labels: Mapping[str, str]
    # The levels at which several indicators across domains step up to the next level.
    cumulative_levels: tuple[int, ...]
    count_setting: str
    domains_setting: str
    # The page groups indicators by domain first (adults: by type of abuse), else by level.
    by_domain: bool

    @property
    def label(self) -> str:
        return str(ThresholdScale(self.code).label)

    def domain_label(self, code: str) -> str:
        return self.domain_labels.get(code, code)

    def cumulative_rule(self) -> tuple[int, int]:
        """(indicators, domains) for the cumulative step up; (0, 0) when a council turns it off."""
        count = int(getattr(settings, self.count_setting, 3))
        domains = int(getattr(settings, self.domains_setting, 2))
        return (count, domains) if count > 0 else (0, 0)


SCALES: dict[str, Scale] = {
    ThresholdScale.CHILDREN: Scale(
        code=ThresholdScale.CHILDREN,
        title="Threshold of need",
        domain_word="domain",
        domain_words="domains",
        domain_labels=DOMAIN_LABELS,
        # Level 1 indicators describe needs that are met: they never add up to a need.
        cumulative_levels=(2, 3),
        count_setting="THRESHOLD_CUMULATIVE_COUNT",
        domains_setting="THRESHOLD_CUMULATIVE_DOMAINS",
        by_domain=False,
    ),
    ThresholdScale.ADULTS: Scale(
        code=ThresholdScale.ADULTS,
        title="Adult safeguarding risk threshold",
        domain_word="type of abuse or neglect",
        domain_words="types of abuse or neglect",
        domain_labels=ABUSE_TYPE_LABELS,
        # Repeated or several low-level concerns are what SAB tools ask workers to escalate.
        cumulative_levels=(1, 2, 3),
        count_setting="ADULT_THRESHOLD_CUMULATIVE_COUNT",
        domains_setting="ADULT_THRESHOLD_CUMULATIVE_DOMAINS",
        by_domain=True,
    ),
}
CHILDREN, ADULTS = SCALES[ThresholdScale.CHILDREN], SCALES[ThresholdScale.ADULTS]
