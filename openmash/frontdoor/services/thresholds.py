"""Threshold support (DOMAIN §5): the worker ticks the indicators present, the system suggests a
level and shows which indicators drove it, and the worker chooses the level. The same mechanism
serves both scales (`openmash.frontdoor.scales`): the children's continuum of need, and the
adults' safeguarding risk thresholds, where the worker also answers the Care Act s42(1) tests.

The suggestion rule (docs/frontdoor-consent-thresholds.md):
1. the highest level among the ticked indicators;
2. cumulative need: when the scale's count (default 3) or more ticked indicators at that level
   span at least its number of domains (default 2), the next level up is suggested. Children: at
   levels 2 and 3 (level 1 describes needs that are met); adults: at levels 1 to 3, across types of
   abuse or neglect. A count of 0 turns it off. Nothing is above level 4.
3. adults: whether the s42(1) duty appears met (services/s42.py), read with the level.
The drivers are the ticked indicators at the level that decided the suggestion.
A choice below the suggestion needs a reason; a choice above it does not (both are recorded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact, ContactSubject, SubjectRole
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import (
    EventKind,
    ThresholdAssessment,
    ThresholdIndicator,
    ThresholdLevel,
    ThresholdScale,
)
from openmash.frontdoor.scales import ADULTS, CHILDREN, SCALES, Scale
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock, contact_touch
from openmash.frontdoor.services.s42 import (
    S42_FIELDS,
    S42Finding,
    S42Tests,
    s42_finding,
    s42_tests_check,
)
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


@dataclass
class Suggestion:
    level: int | None
    drivers: list[ThresholdIndicator] = field(default_factory=list)
    explanation: str = ""
    cumulative: bool = False
    scale: str = ThresholdScale.CHILDREN
    level_label: str = ""
    typical_response: str = ""
    s42: S42Finding | None = None  # adults only

    @property
    def driver_codes(self) -> list[str]:
        return [indicator.code for indicator in self.drivers]


def threshold_scale(scale: str | None) -> Scale:
    """The scale named (children's when none is named, as before there were two)."""
    if scale in (None, ""):
        return CHILDREN
    try:
        return SCALES[str(scale)]
    except KeyError:
        raise ApplicationError("Select children or adults", field="scale") from None


def cumulative_rule(scale: str | None = None) -> tuple[int, int]:
    """(indicators, domains) for the cumulative step up; (0, 0) when a council turns it off."""
    return threshold_scale(scale).cumulative_rule()


def threshold_levels(scale: str | None = None) -> list[ThresholdLevel]:
    code = threshold_scale(scale).code
    return list(ThresholdLevel.objects.filter(scale=code).order_by("number"))


def threshold_indicators_active(scale: str | None = None) -> list[ThresholdIndicator]:
    code = threshold_scale(scale).code
    return list(
        ThresholdIndicator.objects.filter(scale=code, is_active=True).order_by(
            "level", "sort_order"
        )
    )


def threshold_indicators_get(
    codes: Iterable[str], *, scale: str | None = None
) -> list[ThresholdIndicator]:
    """The active indicators with these codes on the scale, in its order; unknown or retired
    codes, and the other scale's codes, are refused: nobody ticks what the list does not hold."""
    spec = threshold_scale(scale)
    wanted = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    found = {
        indicator.code: indicator
        for indicator in ThresholdIndicator.objects.filter(code__in=wanted, is_active=True)
    }
    other = [code for code in wanted if code in found and found[code].scale != spec.code]
    if other:
        raise ApplicationError(
            f"These indicators are not on the {spec.label.lower()}: {', '.join(other)}",
            field="indicators",
        )
    missing = [code for code in wanted if code not in found]
    if missing:
        raise ApplicationError(
            f"These indicators are unknown or no longer used: {', '.join(missing)}",
            field="indicators",
        )
    return sorted(found.values(), key=lambda i: (i.level, i.sort_order, i.code))


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def threshold_suggest(
    indicator_codes: Iterable[str], *, scale: str | None = None, s42: S42Tests | None = None
) -> Suggestion:
    """Suggest a level from the ticked indicators, with the indicators that drove it and why;
    on the adults' scale, also whether the s42(1) duty appears met."""
    spec = threshold_scale(scale)
    ticked = threshold_indicators_get(indicator_codes, scale=spec.code)
    tests = s42_tests_check(s42 or S42Tests()) if spec is ADULTS else None
    return _suggest(ticked, spec, tests)


def _suggest(ticked: list[ThresholdIndicator], spec: Scale, s42: S42Tests | None) -> Suggestion:
    suggestion = _suggest_level(ticked, spec)
    levels = {level.number: level for level in threshold_levels(spec.code)}
    if suggestion.level in levels:
        suggestion.level_label = levels[suggestion.level].label
        suggestion.typical_response = levels[suggestion.level].typical_response
    if s42 is not None:
        suggestion.s42 = _s42_with_level(s42_finding(s42), suggestion)
    return suggestion


def _level_words(spec: Scale, number: int, labels: dict[int, str]) -> str:
    if spec is ADULTS and number in labels:
        return f"{labels[number]} (level {number})"
    return f"level {number}"


def _suggest_level(ticked: list[ThresholdIndicator], spec: Scale) -> Suggestion:
    if not ticked:
        return Suggestion(
            level=None, scale=spec.code, explanation="No indicators were ticked, so no suggestion."
        )
    labels = {lv.number: lv.label for lv in threshold_levels(spec.code)} if spec is ADULTS else {}
    top = max(indicator.level for indicator in ticked)
    at_top = [indicator for indicator in ticked if indicator.level == top]
    domains = sorted({indicator.domain for indicator in at_top})
    count, min_domains = spec.cumulative_rule()
    here, up = _level_words(spec, top, labels), _level_words(spec, top + 1, labels)
    if (
        count
        and top in spec.cumulative_levels
        and len(at_top) >= count
        and len(domains) >= min_domains
    ):
        names = ", ".join(spec.domain_label(d).lower() for d in domains)
        return Suggestion(
            level=top + 1,
            drivers=at_top,
            cumulative=True,
            scale=spec.code,
            explanation=(
                f"{_plural(len(at_top), 'indicator')} at {here} across "
                f"{_plural(len(domains), spec.domain_word, spec.domain_words)} ({names}): "
                f"together they suggest {up} (cumulative need: {count} or more at one level "
                f"across {min_domains} or more {spec.domain_words})."
            ),
        )
    return Suggestion(
        level=top,
        drivers=at_top,
        scale=spec.code,
        explanation=(
            f"{here[0].upper()}{here[1:]} is the highest level among the ticked indicators "
            f"({_plural(len(at_top), 'indicator')} at level {top})."
        ),
    )


def _s42_with_level(finding: S42Finding, suggestion: Suggestion) -> S42Finding:
    """The s42 finding, with a word where the level and the tests point different ways."""
    label = suggestion.level_label or f"level {suggestion.level}"
    if finding.duty == "met" and suggestion.level == 1:
        finding.explanation += (
            f" The level suggested is {label}, which usually needs no enquiry: decide what "
            "enquiry is proportionate, and record why."
        )
    elif finding.duty == "not_met" and (suggestion.level or 0) >= 3:
        finding.explanation += (
            f" The risk is {label.lower()}: consider an other safeguarding enquiry, the police or "
            "another agency (for example MARAC) now."
        )
    return finding


# Choosing: which scale and which person, then the assessment itself.


def contact_threshold_subjects(contact: Contact) -> list[ContactSubject]:
    """The people the contact is about (role 'subject'), children and adults."""
    return [s for s in contact.contact_subjects.all() if s.role == SubjectRole.SUBJECT]


def contact_adults(contact: Contact) -> list[ContactSubject]:
    return [s for s in contact_threshold_subjects(contact) if not s.is_child]


def contact_scales(contact: Contact) -> list[Scale]:
    """The scales a contact is assessed on: the children's if it names a child (or nobody yet:
    the front door started with children), the adults' if it names an adult."""
    subjects = contact_threshold_subjects(contact)
    scales = []
    if any(s.is_child for s in subjects) or not subjects:
        scales.append(CHILDREN)
    if any(not s.is_child for s in subjects):
        scales.append(ADULTS)
    return scales


def _choose_scale(
    contact: Contact, scale: str | None, subject: ContactSubject | None
) -> tuple[Scale, ContactSubject | None]:
    applicable = contact_scales(contact)
    if scale in (None, ""):
        if subject is not None:
            spec = ADULTS if not subject.is_child else CHILDREN
        elif len(applicable) == 1:
            spec = applicable[0]
        else:
            raise ApplicationError(
                "This contact is about a child and an adult: select the children's or the "
                "adults' scale",
                field="scale",
            )
    else:
        spec = threshold_scale(scale)
    if spec not in applicable:
        words = "an adult" if spec is CHILDREN else "a child"
        other = ADULTS if spec is CHILDREN else CHILDREN
        raise ApplicationError(
            f"This contact is about {words} only: use the {other.label.lower()}", field="scale"
        )
    if spec is CHILDREN:
        if subject is not None:
            raise ApplicationError(
                "The children's continuum is assessed once for the contact's children: do not "
                "name a person",
                field="subject",
            )
        return spec, None
    adults = contact_adults(contact)
    if subject is None:
        if len(adults) != 1:
            raise ApplicationError("Select the adult you are screening", field="subject")
        return spec, adults[0]
    if subject.pk not in {adult.pk for adult in adults}:
        raise ApplicationError("Select an adult this contact is about", field="subject")
    return spec, subject


def _check_level(chosen_level: Any, spec: Scale) -> int:
    levels = threshold_levels(spec.code)
    numbers = [level.number for level in levels] or [1, 2, 3, 4]
    try:
        level = int(chosen_level)
    except (TypeError, ValueError):
        level = 0
    if level not in numbers:
        if spec is ADULTS and levels:
            words = [lv.label.lower() for lv in levels]
            listed = ", ".join(words[:-1]) + f" or {words[-1]}"
            raise ApplicationError(f"Select the risk level: {listed}", field="chosen_level")
        listed = ", ".join(str(n) for n in numbers[:-1]) + f" or {numbers[-1]}"
        raise ApplicationError(f"Select level {listed}", field="chosen_level")
    return level


def contact_threshold_level(contact: Contact) -> int | None:
    """The contact's level: the highest chosen in the latest assessment on each scale (for each
    adult), so a level 4 (children) or critical (adults) marks the whole contact as high risk."""
    latest: dict[tuple[str, int | None], int] = {}
    rows = contact.threshold_assessments.order_by("-assessed_at", "-pk").values_list(
        "scale", "subject_id", "chosen_level"
    )
    for scale, subject_id, chosen in rows:
        latest.setdefault((scale, subject_id), chosen)
    return max(latest.values(), default=None)


def contact_scale_level(
    contact: Contact, *, scale: str, subject: ContactSubject | None = None
) -> int | None:
    """The level chosen in the latest assessment on one scale (for one adult): what a rule about
    children alone should read on a contact that also names an adult, and the reverse."""
    latest = (
        contact.threshold_assessments.filter(scale=scale, subject=subject)
        .order_by("-assessed_at", "-pk")
        .values_list("chosen_level", flat=True)
        .first()
    )
    return latest


@transaction.atomic
def threshold_assess(
    *,
    contact: Contact,
    actor: User,
    indicator_codes: Iterable[str],
    chosen_level: int,
    reason: str = "",
    expected_version: int | None = None,
    scale: str | None = None,
    subject: ContactSubject | None = None,
    s42: S42Tests | None = None,
) -> ThresholdAssessment:
    """Record the ticked indicators, the suggestion and the level the worker chose (for an adult,
    with the s42(1) tests); the contact takes its highest current level. A choice below the
    suggestion needs a reason. The scale and the adult are inferred when only one fits."""
    reason = reason.strip()
    spec, subject = _choose_scale(contact, scale, subject)
    if spec is CHILDREN and s42 is not None and s42.tests:
        raise ApplicationError("The section 42 tests are for adults only", field="s42")
    tests = s42_tests_check(s42 or S42Tests()) if spec is ADULTS else None
    level = _check_level(chosen_level, spec)
    ticked = threshold_indicators_get(indicator_codes, scale=spec.code)
    suggestion = _suggest(ticked, spec, tests)
    if suggestion.level and level < suggestion.level and not reason:
        raise ApplicationError("Enter why you chose a lower level than suggested", field="reason")
    contact = contact_lock(contact, expected_version=expected_version)
    if not contact.is_open:
        raise ApplicationError("Only an open contact can have its threshold assessed.")
    previous = contact.threshold_level
    assessment = ThresholdAssessment.objects.create(
        contact=contact,
        scale=spec.code,
        subject=subject,
        indicators=[
            {"code": i.code, "level": i.level, "domain": i.domain, "text": i.text} for i in ticked
        ],
        drivers=suggestion.driver_codes,
        suggested_level=suggestion.level,
        chosen_level=level,
        reason=reason,
        assessed_by=actor,
        assessed_at=timezone.now(),
        **_s42_fields(tests),
    )
    contact.threshold_level = contact_threshold_level(contact)
    contact_touch(contact, "threshold_level")
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.THRESHOLD,
        summary=_event_summary(spec, subject, level, suggestion, len(ticked)),
        detail=reason,
        at=assessment.assessed_at,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.THRESHOLD_ASSESSED,
        target=contact,
        summary={
            "assessment": assessment.pk,
            "scale": spec.code,
            "subject": subject.pk if subject else None,
            "indicators": [i.code for i in ticked],
            "drivers": suggestion.driver_codes,
            "suggested_level": suggestion.level,
            "chosen_level": level,
            "previous_level": previous,
            "reason": reason,
            **({"s42": {n: tests.get(n).answer for n in S42_FIELDS}} if tests else {}),
        },
    )
    assessment.suggestion = suggestion  # type: ignore[attr-defined]  # for the API's answer
    return assessment


def _s42_fields(tests: S42Tests | None) -> dict[str, str]:
    if tests is None:
        return {}
    values = {}
    for name in S42_FIELDS:
        values[name] = tests.get(name).answer
        values[f"{name}_note"] = tests.get(name).note
    return values


def _event_summary(
    spec: Scale, subject: ContactSubject | None, level: int, suggestion: Suggestion, ticked: int
) -> str:
    indicators = _plural(ticked, "indicator")
    if spec is CHILDREN:
        words = f"Threshold level {level} chosen"
        if suggestion.level and suggestion.level != level:
            words += f" (level {suggestion.level} suggested)"
        return f"{words}, {indicators} ticked"
    labels = {lv.number: lv.label for lv in threshold_levels(spec.code)}
    name = f"{subject.given_name} {subject.family_name}".strip() if subject else "the adult"
    words = f"Adult risk level {_level_words(spec, level, labels)} chosen for {name}"
    if suggestion.level and suggestion.level != level:
        words += f" ({_level_words(spec, suggestion.level, labels)} suggested)"
    duty = {
        "met": "s42(1) tests met",
        "not_met": "s42(1) tests not met",
        "not_yet_known": "s42(1) tests not yet known",
    }[suggestion.s42.duty if suggestion.s42 else "not_yet_known"]
    return f"{words}; {duty}; {indicators} ticked"[:300]
