from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from openmash.core.access import record_refused
from openmash.core.models import AuditEvent
from openmash.core.registry import restrictable_records

if TYPE_CHECKING:
    from openmash.accounts.models import User


def audit_event_search(
    *,
    user: str = "",
    target_type: str = "",
    target_id: str = "",
    verb: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor")
    if user:
        events = events.filter(actor_label__iexact=user.strip())
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id.strip())
    if verb:
        events = events.filter(verb=verb.strip())
    if date_from:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_start_of(date_to + timedelta(days=1)))
    return events.order_by("-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_for_record(target_type: str, target_id: str, *, limit: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(target_type=target_type, target_id=target_id)
        .select_related("actor")
        .order_by("-id")[:limit]
    )


def restricted_target_for(user: User, target_type: str, target_id: int) -> models.Model:
    """A record the user could see but for its restriction; 404 for anything else."""
    kind = restrictable_records.get(target_type)
    target: models.Model | None = (
        kind.visible_to(user).filter(pk=target_id).first() if kind is not None else None
    )
    if kind is None or target is None:
        if kind is not None:
            record_refused(user, kind.visible_to(user).model, target_id, why="not visible")
        raise Http404("No such record")
    if not kind.is_restricted_for(user, target):
        raise Http404("The record is not restricted for you")
    return target


def detail_url(target: models.Model) -> str:
    kind = restrictable_records.get(target._meta.model_name or "")
    if kind is None:
        raise ValueError(f"{target._meta.model_name} is not a restrictable record type")
    return reverse(kind.detail_url_name, args=[target.pk])
