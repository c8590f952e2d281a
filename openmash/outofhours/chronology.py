"""Out-of-hours work in a person's chronology (`people.registry.person_event_providers`): what
the emergency duty team did about a contact naming the person, and each version of the interim
safety plan, as far as the reader may see EDT records (`edt_records_visible_to`). A restricted
contact gives nothing here: the front door's provider shows its arrival in outline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import ContactSubject
from openmash.contacts.permissions import contact_is_restricted_for
from openmash.core.calendar import LONDON
from openmash.outofhours.models import EdtAction, EdtRecord, SafetyPlanVersion
from openmash.outofhours.permissions import edt_records_visible_to
from openmash.people.registry import OpenInvolvement, PersonEvent, PersonEventProvider

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "outofhours.action": "Out-of-hours action",
    "outofhours.safety_plan": "Interim safety plan",
}
SHORT = 500


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def outofhours_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    links = ContactSubject.objects.filter(
        person_id__in=person_ids,
        contact__edt_record__in=edt_records_visible_to(user),
    ).select_related("contact")
    people_of: dict[int, list[int]] = defaultdict(list)  # EDT record id -> person ids
    for link in links.prefetch_related("contact__subjects"):
        if contact_is_restricted_for(user, link.contact):
            continue
        assert link.person_id is not None  # filtered on
        people_of[link.contact.edt_record.pk].append(link.person_id)
    if not people_of:
        return
    urls = {pk: reverse("outofhours:record", args=[pk]) for pk in people_of}
    for action in EdtAction.objects.filter(record_id__in=people_of).order_by("taken_at", "pk"):
        for person_id in people_of[action.record_id]:
            yield PersonEvent(
                key=f"outofhours.edtaction:{action.pk}:{person_id}",
                person_id=person_id,
                at=action.taken_at,
                kind="outofhours.action",
                summary=f"Out of hours: {action.get_kind_display().lower()}",
                detail=_short(action.detail),
                url=urls[action.record_id] + "#actions",
            )
    plans = SafetyPlanVersion.objects.filter(record_id__in=people_of).order_by("recorded_at")
    for plan in plans:
        for person_id in people_of[plan.record_id]:
            yield PersonEvent(
                key=f"outofhours.safetyplanversion:{plan.pk}:{person_id}",
                person_id=person_id,
                at=plan.recorded_at,
                kind="outofhours.safety_plan",
                summary=f"Interim safety plan, version {plan.number}"
                + (" (changed by the day team)" if plan.by_day_team else ""),
                detail=_short(plan.who_does_what),
                url=urls[plan.record_id] + "#safety-plan",
            )


RECENT_DAYS = 30  # out-of-hours work this recent shows on the family view as current


def outofhours_open_involvement(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """Contacts naming these people that the emergency duty team had in the last
    `RECENT_DAYS` days, as far as the user may see EDT records; a restricted contact masked."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    links = (
        ContactSubject.objects.filter(
            person_id__in=person_ids,
            contact__edt_record__in=edt_records_visible_to(user).filter(received_at__gte=since),
        )
        .select_related("contact__edt_record")
        .prefetch_related("contact__subjects")
        .order_by("contact__received_at", "pk")
    )
    for link in links:
        assert link.person_id is not None  # filtered on
        record = link.contact.edt_record
        restricted = contact_is_restricted_for(user, link.contact)
        yield OpenInvolvement(
            person_id=link.person_id,
            service="Out of hours (EDT)",
            summary="Out-of-hours contact (restricted)"
            if restricted
            else f"Out-of-hours contact {link.contact.reference} (last {RECENT_DAYS} days)",
            since=record.received_at.astimezone(LONDON).date(),
            url=reverse("outofhours:record", args=[record.pk]),
            restricted=restricted,
        )


OUTOFHOURS_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(EdtRecord, EdtAction, SafetyPlanVersion),
    events=outofhours_person_events,
    open_involvement=outofhours_open_involvement,
)
