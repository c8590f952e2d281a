"""What the adults' enquiry pages, the API, the breach job and the home page read. Every list
reads through the access gate (`enquiries_visible_to`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from openmash.adults.models import (
    CareProvider,
    EnquirySetting,
    EnquiryStatus,
    SafeguardingEnquiry,
)
from openmash.adults.permissions import can_see_adults, enquiries_visible_to
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.calendar import LONDON
from openmash.frontdoor.registry import Overdue

if TYPE_CHECKING:
    from openmash.accounts.models import User


def enquiry_list(user: User) -> QuerySet[SafeguardingEnquiry]:
    return (
        enquiries_visible_to(user)
        .select_related("person", "team", "officer", "provider")
        .prefetch_related("outcomes")
        .order_by("status", "target_date", "pk")
    )


def my_work(user: User) -> list[SafeguardingEnquiry]:
    """The enquiry officer's open enquiries, the nearest target first."""
    return list(
        enquiry_list(user).filter(officer=user, status=EnquiryStatus.OPEN).order_by("target_date")
    )


def listed(user: User, enquiries: Iterable[SafeguardingEnquiry], page: str) -> None:
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="safeguardingenquiry",
        summary={"ids": [e.pk for e in enquiries], "page": page},
        durable=False,
    )


def flags_of(enquiry: SafeguardingEnquiry) -> list[str]:
    """What needs attention, in plain words, for the lists and the enquiry's page."""
    flags = []
    if enquiry.is_open and enquiry.target_date < timezone.localdate():
        flags.append("Past its target date")
    if enquiry.is_open and enquiry.officer_id is None:
        flags.append("Not allocated")
    if enquiry.needs_advocate:
        flags.append("Lacks capacity: no advocate offered")
    if enquiry.is_open and enquiry.report_outstanding:
        flags.append("Report not yet reviewed")
    if enquiry.is_open and not enquiry.msp_asked:
        flags.append("Desired outcomes not asked")
    if enquiry.sar_referred:
        flags.append("Referred for a safeguarding adults review")
    return flags


def providers_with_counts(user: User) -> QuerySet[CareProvider]:
    from openmash.adults.permissions import providers_visible_to

    return providers_visible_to(user).annotate(
        enquiry_count=Count("enquiries", distinct=True),
        open_count=Count(
            "enquiries", filter=Q(enquiries__status=EnquiryStatus.OPEN), distinct=True
        ),
    )


def provider_enquiries(user: User, provider: CareProvider) -> list[SafeguardingEnquiry]:
    """The provider's enquiries this user may see (the linked concerns, newest first)."""
    return list(
        enquiries_visible_to(user)
        .filter(provider=provider)
        .select_related("person", "team", "officer")
        .order_by("-started_on", "-pk")
    )


def linked_enquiries(user: User, enquiry: SafeguardingEnquiry) -> list[SafeguardingEnquiry]:
    """Other adults' enquiries about the same provider, as far as the user may see them."""
    if enquiry.provider_id is None:
        return []
    return [
        e
        for e in provider_enquiries(user, enquiry.provider)  # type: ignore[arg-type]
        if e.pk != enquiry.pk
    ]


def setting_history() -> QuerySet[EnquirySetting]:
    return EnquirySetting.objects.select_related("changed_by").order_by("-pk")


# --- The breach clock -------------------------------------------------------------------------


def enquiries_overdue(now: datetime) -> Iterable[Overdue]:
    """Every open enquiry whose local target date has passed (breached from the start of the
    day after it, London time)."""
    today = timezone.localtime(now, LONDON).date()
    late = SafeguardingEnquiry.objects.filter(
        status=EnquiryStatus.OPEN, target_date__lt=today
    ).order_by("target_date", "pk")
    return [
        Overdue(
            target=e,
            due_at=datetime.combine(e.target_date + timedelta(days=1), time.min, tzinfo=LONDON),
            team_id=e.team_id,
        )
        for e in late
    ]


def enquiry_describe(enquiry: SafeguardingEnquiry) -> tuple[str, str]:
    return (
        f"Adult safeguarding enquiry {enquiry.reference}",
        reverse("adults:enquiry", args=[enquiry.pk]),
    )


# --- The home page ------------------------------------------------------------------------------


def adults_home_section(user: User) -> dict[str, Any] | None:
    """On the home page: the officer's open enquiries (My work), the late ones first."""
    if not can_see_adults(user):
        return None
    mine = my_work(user)
    if not mine:
        return None
    listed(user, mine[:5], "home")
    today = timezone.localdate()
    return {
        "adults_mine": mine[:5],
        "adults_count": len(mine),
        "adults_late": sum(1 for e in mine if e.target_date < today),
    }


# --- The panel on the contact page ------------------------------------------------------------


def contact_adults_panel(user: User, contact: Any) -> dict[str, Any]:
    """The enquiries the contact's MASH decision started, as far as the user may see them (the
    user has passed `contact_get_for_user`)."""
    found = list(
        enquiries_visible_to(user)
        .filter(source__contact=contact)
        .select_related("officer")
        .order_by("pk")
    )
    if not found:
        return {}
    listed(user, found, "contact page")
    return {"adult_enquiries": [{"enquiry": e, "flags": flags_of(e)} for e in found]}
