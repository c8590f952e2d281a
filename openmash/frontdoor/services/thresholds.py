"""Threshold support (DOMAIN §5): the worker ticks the indicators present, the system suggests a
level and shows which indicators drove it, and the worker chooses the level.

The suggestion rule (docs/frontdoor-consent-thresholds.md):
1. the highest level among the ticked indicators;
2. cumulative need: when `THRESHOLD_CUMULATIVE_COUNT` (default 3) or more ticked indicators at
   that level span at least `THRESHOLD_CUMULATIVE_DOMAINS` (default 2) of the three domains, the
   next level up is suggested. It applies at levels 2 and 3 only: level 1 indicators describe
   needs that are met, and there is nothing above level 4. A count of 0 turns it off.
The drivers are the ticked indicators at the level that decided the suggestion.
A choice below the suggestion needs a reason; a choice above it does not (both are recorded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.continuum_defaults import DOMAIN_LABELS
from openmash.frontdoor.models import (
    EventKind,
    ThresholdAssessment,
    ThresholdIndicator,
    ThresholdLevel,
)
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock, contact_touch
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

CUMULATIVE_LEVELS = (2, 3)


@dataclass
class Suggestion:
    level: int | None
    drivers: list[ThresholdIndicator] = field(default_factory=list)
    explanation: str = ""
    cumulative: bool = False

    @property
    def driver_codes(self) -> list[str]:
        return [indicator.code for indicator in self.drivers]


def cumulative_rule() -> tuple[int, int]:
    """(indicators, domains) for the cumulative step up; (0, 0) when a council turns it off."""
    count = int(getattr(settings, "THRESHOLD_CUMULATIVE_COUNT", 3))
    domains = int(getattr(settings, "THRESHOLD_CUMULATIVE_DOMAINS", 2))
    return (count, domains) if count > 0 else (0, 0)


def threshold_levels() -> list[ThresholdLevel]:
    return list(ThresholdLevel.objects.order_by("number"))


def threshold_indicators_active() -> list[ThresholdIndicator]:
    return list(ThresholdIndicator.objects.filter(is_active=True).order_by("level", "sort_order"))


def threshold_indicators_get(codes: Iterable[str]) -> list[ThresholdIndicator]:
    """The active indicators with these codes, in continuum order; unknown or retired codes are
    refused, so nobody can tick what the list no longer holds."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    found = {
        indicator.code: indicator
        for indicator in ThresholdIndicator.objects.filter(code__in=wanted, is_active=True)
    }
    missing = [code for code in wanted if code not in found]
    if missing:
        raise ApplicationError(
            f"These indicators are unknown or no longer used: {', '.join(missing)}",
            field="indicators",
        )
    return sorted(found.values(), key=lambda i: (i.level, i.sort_order, i.code))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def threshold_suggest(indicator_codes: Iterable[str]) -> Suggestion:
    """Suggest a level from the ticked indicators, with the indicators that drove it and why."""
    return _suggest(threshold_indicators_get(indicator_codes))


def _suggest(ticked: list[ThresholdIndicator]) -> Suggestion:
    if not ticked:
        return Suggestion(level=None, explanation="No indicators were ticked, so no suggestion.")
    top = max(indicator.level for indicator in ticked)
    at_top = [indicator for indicator in ticked if indicator.level == top]
    domains = sorted({indicator.domain for indicator in at_top})
    count, min_domains = cumulative_rule()
    if count and top in CUMULATIVE_LEVELS and len(at_top) >= count and len(domains) >= min_domains:
        names = ", ".join(DOMAIN_LABELS.get(d, d).lower() for d in domains)
        return Suggestion(
            level=top + 1,
            drivers=at_top,
            cumulative=True,
            explanation=(
                f"{_plural(len(at_top), 'indicator')} at level {top} across "
                f"{_plural(len(domains), 'domain')} ({names}): together they suggest level "
                f"{top + 1} (cumulative need: {count} or more at one level across "
                f"{min_domains} or more domains)."
            ),
        )
    return Suggestion(
        level=top,
        drivers=at_top,
        explanation=(
            f"Level {top} is the highest level among the ticked indicators "
            f"({_plural(len(at_top), 'indicator')} at level {top})."
        ),
    )


def _check_level(chosen_level: Any) -> int:
    numbers = [level.number for level in threshold_levels()] or [1, 2, 3, 4]
    try:
        level = int(chosen_level)
    except (TypeError, ValueError):
        level = 0
    if level not in numbers:
        listed = ", ".join(str(n) for n in numbers[:-1]) + f" or {numbers[-1]}"
        raise ApplicationError(f"Select level {listed}", field="chosen_level")
    return level


@transaction.atomic
def threshold_assess(
    *,
    contact: Contact,
    actor: User,
    indicator_codes: Iterable[str],
    chosen_level: int,
    reason: str = "",
    expected_version: int | None = None,
) -> ThresholdAssessment:
    """Record the ticked indicators, the suggestion and the level the worker chose; the contact
    takes the chosen level. A choice below the suggestion needs a reason."""
    reason = reason.strip()
    level = _check_level(chosen_level)
    ticked = threshold_indicators_get(indicator_codes)
    suggestion = _suggest(ticked)
    if suggestion.level and level < suggestion.level and not reason:
        raise ApplicationError("Enter why you chose a lower level than suggested", field="reason")
    contact = contact_lock(contact, expected_version=expected_version)
    if not contact.is_open:
        raise ApplicationError("Only an open contact can have its threshold assessed.")
    previous = contact.threshold_level
    assessment = ThresholdAssessment.objects.create(
        contact=contact,
        indicators=[
            {"code": i.code, "level": i.level, "domain": i.domain, "text": i.text} for i in ticked
        ],
        drivers=suggestion.driver_codes,
        suggested_level=suggestion.level,
        chosen_level=level,
        reason=reason,
        assessed_by=actor,
        assessed_at=timezone.now(),
    )
    contact.threshold_level = level
    contact_touch(contact, "threshold_level")
    words = f"Threshold level {level} chosen"
    if suggestion.level and suggestion.level != level:
        words += f" (level {suggestion.level} suggested)"
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.THRESHOLD,
        summary=f"{words}, {_plural(len(ticked), 'indicator')} ticked",
        detail=reason,
        at=assessment.assessed_at,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.THRESHOLD_ASSESSED,
        target=contact,
        summary={
            "assessment": assessment.pk,
            "indicators": [i.code for i in ticked],
            "drivers": suggestion.driver_codes,
            "suggested_level": suggestion.level,
            "chosen_level": level,
            "previous_level": previous,
            "reason": reason,
        },
    )
    assessment.suggestion = suggestion  # type: ignore[attr-defined]  # for the API's answer
    return assessment
