"""Reads of out-of-hours work: the EDT queue, the hand-over lists, a record with its actions
and plan, the breach clock's overdue hand-overs, the panel on the contact page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse

from openmash.accounts.models import Team, TeamKind
from openmash.contacts.models import Contact
from openmash.core.access import restriction_allows
from openmash.frontdoor.registry import Overdue
from openmash.outofhours.models import (
    EdtAction,
    EdtRecord,
    HandOver,
    OutOfHoursSetting,
    SafetyPlanVersion,
)
from openmash.outofhours.permissions import (
    can_acknowledge_handovers,
    can_see_out_of_hours,
    can_work_out_of_hours,
    edt_records_visible_to,
    handovers_visible_to,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User


def _detailed(records: QuerySet[EdtRecord]) -> QuerySet[EdtRecord]:
    return records.select_related("contact", "contact__source_agency", "handover").prefetch_related(
        "contact__subjects",
        Prefetch("actions", queryset=EdtAction.objects.select_related("recorded_by")),
        Prefetch(
            "plan_versions",
            queryset=SafetyPlanVersion.objects.select_related("recorded_by").order_by("-number"),
        ),
    )


def edt_queue(user: User) -> list[EdtRecord]:
    """The EDT's queue: records whose hand-over the day team has not yet acknowledged,
    the newest first."""
    records = _detailed(edt_records_visible_to(user).filter(handover__acknowledged_at=None))
    return _masked(user, list(records.order_by("-received_at", "-pk")))


def edt_record_list(user: User, *, handover: HandOver | None = None) -> QuerySet[EdtRecord]:
    records = edt_records_visible_to(user)
    if handover is not None:
        records = records.filter(handover=handover)
    return _detailed(records).order_by("-received_at", "-pk")


def _masked(user: User, records: list[EdtRecord]) -> list[EdtRecord]:
    """Mark the records whose contact is restricted for this user: lists show them in outline."""
    for record in records:
        contact = record.contact
        record.masked = bool(contact.is_restricted) and not restriction_allows(user, contact)  # type: ignore[attr-defined]
    return records


def handover_records(user: User, handover: HandOver) -> list[EdtRecord]:
    return _masked(user, list(edt_record_list(user, handover=handover)))


def handover_list(user: User) -> QuerySet[HandOver]:
    return (
        handovers_visible_to(user)
        .select_related("acknowledged_by")
        .annotate(record_count=Count("records"))
        .order_by("-day")
    )


def handovers_waiting(user: User) -> QuerySet[HandOver]:
    return handover_list(user).filter(acknowledged_at=None)


def plan_of(record: EdtRecord) -> SafetyPlanVersion | None:
    """The plan in force (the prefetched versions are newest first)."""
    versions = list(record.plan_versions.all())
    return versions[0] if versions else None


# --- The breach clock -------------------------------------------------------------------------


def mash_team_id() -> int | None:
    """Whose managers are told of a late hand-over: the MASH screening team."""
    return (
        Team.objects.filter(kind=TeamKind.MASH_SCREENING, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def handovers_overdue(now: datetime) -> Iterable[Overdue]:
    """Every hand-over past its acknowledge-by time and not acknowledged."""
    team_id = mash_team_id()
    late = HandOver.objects.filter(acknowledged_at=None, due_at__lt=now).order_by("due_at")
    return [Overdue(target=h, due_at=h.due_at, team_id=team_id) for h in late]


def handover_describe(handover: HandOver) -> tuple[str, str]:
    return str(handover), reverse("outofhours:handover", args=[handover.pk])


# --- The panel on the contact page ------------------------------------------------------------


def contact_edt_panel(user: User, contact: Contact) -> dict[str, Any]:
    """The EDT record of a contact received out of hours, with its actions and the plan in
    force, for the contact page (the user has passed `contact_get_for_user`)."""
    if not can_see_out_of_hours(user):
        return {}
    record = _detailed(edt_records_visible_to(user).filter(contact=contact)).first()
    if record is None:
        return {}
    return {
        "edt_record": record,
        "edt_plan": plan_of(record),
        "edt_can_work": can_work_out_of_hours(user),
        "edt_can_acknowledge": can_acknowledge_handovers(user),
    }


def out_of_hours_setting_history() -> QuerySet[OutOfHoursSetting]:
    """Every version of the period, the one in force first."""
    return OutOfHoursSetting.objects.select_related("changed_by").order_by("-pk")


def out_of_hours_home_section(user: User) -> dict[str, Any] | None:
    """On the home page: the EDT queue's size and the hand-overs waiting to be acknowledged."""
    if not can_see_out_of_hours(user):
        return None
    waiting = list(handovers_waiting(user)[:5])
    queued = edt_records_visible_to(user).filter(handover__acknowledged_at=None).count()
    if not waiting and not queued:
        return None
    return {
        "edt_queued": queued,
        "handovers_waiting": waiting,
        "can_acknowledge": can_acknowledge_handovers(user),
    }
