"""Adults' safeguarding enquiries in a person's chronology (`people.registry.
person_event_providers`): the start, the report of an organisation caused to make it, plan
reviews and the conclusion, as far as the reader may see the enquiry (`enquiries_visible_to`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.urls import reverse

from openmash.adults.models import EnquiryStatus, PlanReview, SafeguardingEnquiry
from openmash.adults.permissions import enquiries_visible_to
from openmash.contacts.permissions import contact_is_restricted_for
from openmash.core.access import restriction_allows
from openmash.core.calendar import LONDON
from openmash.people.registry import OpenInvolvement, PersonEvent, PersonEventProvider

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "adults.started": "Adult safeguarding enquiry started",
    "adults.report": "Report of an enquiry caused to be made",
    "adults.review": "Safeguarding plan review",
    "adults.concluded": "Adult safeguarding enquiry concluded",
}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def adults_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    enquiries = list(
        enquiries_visible_to(user)
        .filter(person_id__in=person_ids)
        .select_related("team", "caused_organisation")
    )
    for enquiry in enquiries:
        url = reverse("adults:enquiry", args=[enquiry.pk])
        key = f"adults.safeguardingenquiry:{enquiry.pk}"
        team = f" ({enquiry.team.name})" if enquiry.team else ""
        yield PersonEvent(
            key=f"{key}:started",
            person_id=enquiry.person_id,
            at=_noon(enquiry.started_on),
            kind="adults.started",
            summary=f"{enquiry.get_enquiry_type_display()} {enquiry.reference} started{team}",
            url=url,
        )
        if enquiry.report_reviewed_at and enquiry.caused_organisation:
            yield PersonEvent(
                key=f"{key}:report",
                person_id=enquiry.person_id,
                at=enquiry.report_reviewed_at,
                kind="adults.report",
                summary=f"Report from {enquiry.caused_organisation.name} reviewed",
                detail=enquiry.report_review[:500],
                url=url,
            )
        if enquiry.concluded_at:
            result = f", {enquiry.get_risk_result_display().lower()}" if enquiry.risk_result else ""
            yield PersonEvent(
                key=f"{key}:concluded",
                person_id=enquiry.person_id,
                at=enquiry.concluded_at,
                kind="adults.concluded",
                summary=f"Enquiry {enquiry.reference} concluded: "
                f"{enquiry.get_risk_outcome_display().lower()}{result}",
                detail=enquiry.conclusion[:500],
                url=url,
            )
    by_id = {e.pk: e for e in enquiries}
    for review in PlanReview.objects.filter(enquiry_id__in=by_id):
        enquiry = by_id[review.enquiry_id]
        yield PersonEvent(
            key=f"adults.planreview:{review.pk}",
            person_id=enquiry.person_id,
            at=_noon(review.held_on),
            kind="adults.review",
            summary=f"Safeguarding plan of {enquiry.reference} reviewed",
            detail=review.summary[:500],
            url=reverse("adults:enquiry", args=[enquiry.pk]),
        )


def adults_open_involvement(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """The open enquiries about these adults the user may see (`enquiries_visible_to`); one
    restricted for the user (the adult, or the contact it came from) masked, as its gate would."""
    enquiries = (
        enquiries_visible_to(user)
        .filter(person_id__in=person_ids, status=EnquiryStatus.OPEN)
        .select_related("person", "source__contact")
        .prefetch_related("source__contact__subjects")
        .order_by("started_on", "pk")
    )
    for enquiry in enquiries:
        restricted = not restriction_allows(user, enquiry.person) or (
            enquiry.source is not None and contact_is_restricted_for(user, enquiry.source.contact)
        )
        summary = f"Open {enquiry.get_enquiry_type_display()} {enquiry.reference}"
        if not restricted and enquiry.officer_id is None:
            summary += " (no officer yet)"
        yield OpenInvolvement(
            person_id=enquiry.person_id,
            service="Adults' safeguarding",
            summary=summary if not restricted else "Open safeguarding enquiry (restricted)",
            since=enquiry.started_on,
            url=reverse("adults:enquiry", args=[enquiry.pk]),
            restricted=restricted,
        )


ADULTS_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(SafeguardingEnquiry,),
    events=adults_person_events,
    open_involvement=adults_open_involvement,
)
