"""Local front-door settings that administrators edit: the two threshold scales (the children's
continuum of need and the adults' safeguarding risk thresholds: levels and indicators) and the RAG
timescales. Every change writes an audit row with the values before and
after, and those rows are the settings' history (`/mash/settings/history/`)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Final

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from openmash.contacts.models import Rag
from openmash.core.audit import Verb, audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import (
    ClockUnit,
    RagTimescale,
    ThresholdAssessment,
    ThresholdIndicator,
    ThresholdLevel,
    ThresholdScale,
)
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


class Keep(enum.Enum):
    """An optional argument left out: the value stays as it is."""

    KEEP = enum.auto()


KEEP: Final = Keep.KEEP

SETTINGS_VERBS = (
    FrontdoorVerb.THRESHOLD_CHANGED,
    FrontdoorVerb.RAG_TIMESCALE_CHANGED,
    FrontdoorVerb.DECISION_CHECK_CHANGED,
)

LEVEL_FIELDS = ("label", "description", "typical_response")
INDICATOR_FIELDS = (
    "scale",
    "code",
    "level",
    "domain",
    "subdomain",
    "text",
    "sort_order",
    "is_active",
)
TIMESCALE_FIELDS = ("label", "meaning", "amount", "unit", "information_return_hours")


def _values(obj: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"before": old, "after": new}} for the fields that changed."""
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def _record(actor: User, verb: Verb, target: Model, what: str, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        target=target,
        summary={"setting": what, "changes": changes},
    )


def _scale_words(scale: str) -> str:
    """How the settings history names the scale a change was made to."""
    return str(ThresholdScale(scale).label)


def threshold_level_check(*, label: str) -> None:
    if not label.strip():
        raise ApplicationError("Enter the level's name", field="label")


@transaction.atomic
def threshold_level_update(
    *, actor: User, level: ThresholdLevel, label: str, description: str, typical_response: str
) -> ThresholdLevel:
    """Rename a level of a scale or change its description (its number and scale never change)."""
    threshold_level_check(label=label)
    label = label.strip()
    level = ThresholdLevel.objects.select_for_update().get(pk=level.pk)
    before = _values(level, LEVEL_FIELDS)
    level.label, level.description = label, description.strip()
    level.typical_response = typical_response.strip()
    changes = _changes(before, _values(level, LEVEL_FIELDS))
    if not changes:
        return level
    level.updated_at = timezone.now()
    level.save()
    what = f"{_scale_words(level.scale)}: level {level.number}"
    _record(actor, FrontdoorVerb.THRESHOLD_CHANGED, level, what, changes)
    return level


def threshold_indicator_check(
    *, indicator: ThresholdIndicator | None, data: dict[str, Any]
) -> None:
    """The rules for an indicator's fields (the admin form shows them as field errors)."""
    if data.get("scale", ThresholdScale.CHILDREN) not in ThresholdScale.values:
        raise ApplicationError("Select the children's or the adults' scale", field="scale")
    scale = data.get("scale", ThresholdScale.CHILDREN)
    if not data["code"]:
        raise ApplicationError("Enter a code, for example L3-PC-05", field="code")
    if not ThresholdLevel.objects.filter(scale=scale, number=data["level"]).exists():
        raise ApplicationError("Select a level of the scale", field="level")
    if not data["domain"]:
        raise ApplicationError("Enter the domain", field="domain")
    if not data["text"]:
        raise ApplicationError("Enter what the indicator says", field="text")
    clash = ThresholdIndicator.objects.filter(code=data["code"])
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise ApplicationError("An indicator with this code already exists", field="code")


@transaction.atomic
def threshold_indicator_save(
    *,
    actor: User,
    indicator: ThresholdIndicator | None = None,
    scale: str = ThresholdScale.CHILDREN,
    code: str,
    level: int,
    domain: str,
    subdomain: str = "",
    text: str,
    sort_order: int = 0,
    is_active: bool = True,
) -> ThresholdIndicator:
    """Add an indicator (indicator=None) or edit one; setting is_active=False retires it, so old
    assessments keep their meaning. Neither the code nor the scale changes once created."""
    data = {
        "scale": scale,
        "code": code.strip(),
        "level": int(level),
        "domain": domain.strip(),
        "subdomain": subdomain.strip(),
        "text": text.strip(),
        "sort_order": int(sort_order),
        "is_active": bool(is_active),
    }
    threshold_indicator_check(indicator=indicator, data=data)
    if indicator is None:
        indicator = ThresholdIndicator.objects.create(**data, updated_at=timezone.now())
        _record(
            actor,
            FrontdoorVerb.THRESHOLD_CHANGED,
            indicator,
            f"{_scale_words(indicator.scale)}: indicator {indicator.code} added",
            _changes({}, _values(indicator, INDICATOR_FIELDS)),
        )
        return indicator
    indicator = ThresholdIndicator.objects.select_for_update().get(pk=indicator.pk)
    if data["code"] != indicator.code:
        raise ApplicationError(
            "An indicator's code cannot change: retire it and add a new one", field="code"
        )
    if data["scale"] != indicator.scale:
        raise ApplicationError(
            "An indicator's scale cannot change: retire it and add a new one", field="scale"
        )
    before = _values(indicator, INDICATOR_FIELDS)
    changes = _changes(before, data)
    if not changes:
        return indicator
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.updated_at = timezone.now()
    indicator.save()
    what = f"{_scale_words(indicator.scale)}: indicator {indicator.code}"
    if "is_active" in changes:
        what += " retired" if not indicator.is_active else " brought back"
    _record(actor, FrontdoorVerb.THRESHOLD_CHANGED, indicator, what, changes)
    return indicator


def threshold_indicator_is_used(indicator: ThresholdIndicator) -> bool:
    """Whether any assessment ticked this indicator (its code is in the copied indicators)."""
    assessments = ThresholdAssessment.objects.all()
    if connection.features.supports_json_field_contains:
        return assessments.filter(indicators__contains=[{"code": indicator.code}]).exists()
    # SQLite has no JSON containment: look through the (few, in a demo) assessments.
    return any(
        any(item.get("code") == indicator.code for item in ticked)
        for ticked in assessments.values_list("indicators", flat=True).iterator()
    )


@transaction.atomic
def threshold_indicator_delete(*, actor: User, indicator: ThresholdIndicator) -> None:
    """Delete an indicator added by mistake; one used in an assessment can only be retired."""
    if threshold_indicator_is_used(indicator):
        raise ApplicationError(
            f"Indicator {indicator.code} was used in a threshold assessment, so it cannot be "
            "deleted. Retire it instead (untick 'Is active')."
        )
    before = _values(indicator, INDICATOR_FIELDS)
    _record(
        actor,
        FrontdoorVerb.THRESHOLD_CHANGED,
        indicator,
        f"{_scale_words(indicator.scale)}: indicator {indicator.code} deleted",
        {name: {"before": value, "after": None} for name, value in before.items()},
    )
    indicator.delete()


def rag_timescale_check(
    *,
    timescale: RagTimescale,
    label: str,
    amount: int | None,
    unit: str,
    information_return_hours: int | Keep | None = KEEP,
) -> None:
    if not label.strip():
        raise ApplicationError("Enter the rating's label", field="label")
    if unit not in ClockUnit.values:
        raise ApplicationError("Select how the clock counts time", field="unit")
    if amount is None and timescale.rating == Rag.RED:
        raise ApplicationError("Red must keep a timescale", field="amount")
    if amount is not None and amount < 1:
        raise ApplicationError("Enter a timescale of at least 1", field="amount")
    hours = information_return_hours
    if hours is not KEEP and hours is not None and hours < 1:
        raise ApplicationError(
            "Enter at least 1 hour, or leave it empty", field="information_return_hours"
        )


@transaction.atomic
def rag_timescale_update(
    *,
    actor: User,
    timescale: RagTimescale,
    label: str,
    amount: int | None,
    unit: str,
    meaning: str | Keep = KEEP,
    information_return_hours: int | Keep | None = KEEP,
) -> RagTimescale:
    """Change a RAG rating's timescale. Red must always have one. Contacts already rated keep the
    due time they were given; the new timescale applies from the next rating."""
    rag_timescale_check(
        timescale=timescale,
        label=label,
        amount=amount,
        unit=unit,
        information_return_hours=information_return_hours,
    )
    label = label.strip()
    timescale = RagTimescale.objects.select_for_update().get(pk=timescale.pk)
    before = _values(timescale, TIMESCALE_FIELDS)
    timescale.label, timescale.amount, timescale.unit = label, amount, unit
    if meaning is not KEEP:
        timescale.meaning = meaning.strip()
    if information_return_hours is not KEEP:
        timescale.information_return_hours = information_return_hours
    changes = _changes(before, _values(timescale, TIMESCALE_FIELDS))
    if not changes:
        return timescale
    timescale.updated_at = timezone.now()
    timescale.save()
    what = f"RAG timescale: {Rag(timescale.rating).label}"
    _record(actor, FrontdoorVerb.RAG_TIMESCALE_CHANGED, timescale, what, changes)
    return timescale
