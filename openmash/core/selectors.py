from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from openmash.core.access import restriction_allows
from openmash.core.models import AuditEvent

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.contacts.models import Contact
    from openmash.people.models import Person


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


def _restrictable_scopes(user: User) -> dict[str, QuerySet[Contact] | QuerySet[Person]]:
    from openmash.contacts.permissions import contacts_visible_to
    from openmash.people.permissions import persons_visible_to

    return {"contact": contacts_visible_to(user), "person": persons_visible_to(user)}


def restricted_target_for(user: User, target_type: str, target_id: int) -> models.Model:
    """A record the user could see but for its restriction; 404 for anything else."""
    scope = _restrictable_scopes(user).get(target_type)
    target = scope.filter(pk=target_id).first() if scope is not None else None
    if target is None:
        raise Http404("No such record")
    if target_type == "contact":
        from openmash.contacts.models import Contact
        from openmash.contacts.permissions import contact_is_restricted_for

        assert isinstance(target, Contact)  # the contact scope holds contacts
        restricted = contact_is_restricted_for(user, target)
    else:
        restricted = not restriction_allows(user, target)
    if not restricted:
        raise Http404("The record is not restricted for you")
    return target


def detail_url(target: models.Model) -> str:
    names = {"contact": "contacts:detail", "person": "people:detail"}
    return reverse(names[target._meta.model_name or ""], args=[target.pk])
