"""Allegations in a person's chronology (`people.registry.person_event_providers`): the referral,
the initial consideration, meetings and the outcome, for the adult and each child concerned.

Only readers who see the allegation in full (LADO staff, or break-glass on it) get its events;
for anyone else a chronology shows nothing of it, not even in outline: the subject may be one
of the council's own staff."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from openmash.core.calendar import LONDON
from openmash.lado.models import Allegation, AllegationChild, AllegationMeeting
from openmash.lado.permissions import allegations_visible_to, sees_in_full
from openmash.people.registry import OpenInvolvement, PersonEvent, PersonEventProvider

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "lado.referred": "Allegation referred to the LADO",
    "lado.considered": "LADO initial consideration",
    "lado.meeting": "Allegation meeting",
    "lado.concluded": "Allegation outcome",
}


def lado_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    if not user.has_capability("sees_front_door"):
        return
    wanted = set(person_ids)
    found = (
        allegations_visible_to(user)
        .filter(Q(subject_id__in=person_ids) | Q(children__person_id__in=person_ids))
        .distinct()
        .prefetch_related("children", "meetings")
    )
    for allegation in found:
        if not sees_in_full(user, allegation):
            continue
        people = [allegation.subject_id, *(c.person_id for c in allegation.children.all())]
        for person_id in dict.fromkeys(p for p in people if p in wanted):
            yield from _events(allegation, person_id)


def _events(allegation: Allegation, person_id: int) -> Iterable[PersonEvent]:
    url = reverse("lado:allegation", args=[allegation.pk])
    key = f"lado.allegation:{allegation.pk}"
    about = "about them" if person_id == allegation.subject_id else "concerning them"
    yield PersonEvent(
        key=f"{key}:referred:{person_id}",
        person_id=person_id,
        at=allegation.received_at,
        kind="lado.referred",
        summary=f"Allegation {about} referred to the LADO ({allegation.reference})",
        agency=allegation.referring_agency.name if allegation.referring_agency else "",
        agency_id=allegation.referring_agency_id,
        detail=allegation.description[:500],
        url=url,
    )
    if allegation.considered_at:
        yield PersonEvent(
            key=f"{key}:considered:{person_id}",
            person_id=person_id,
            at=allegation.considered_at,
            kind="lado.considered",
            summary=f"LADO consideration: {allegation.get_decision_display().lower()}",
            detail=allegation.decision_reason[:500],
            url=url,
        )
    for meeting in allegation.meetings.all():
        yield PersonEvent(
            key=f"{key}:meeting:{meeting.pk}:{person_id}",
            person_id=person_id,
            at=meeting.held_at,
            kind="lado.meeting",
            summary=meeting.get_kind_display(),
            detail=meeting.minutes[:500],
            url=url,
        )
    if allegation.closed_at:
        yield PersonEvent(
            key=f"{key}:concluded:{person_id}",
            person_id=person_id,
            at=allegation.closed_at,
            kind="lado.concluded",
            summary=f"Allegation outcome: {allegation.get_outcome_display().lower()}",
            detail=allegation.outcome_reason[:500],
            url=url,
        )


def lado_open_involvement(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """The open allegations about these adults (as the subject), to readers who see them in full;
    anyone else is shown nothing of them, as in the chronology."""
    if not user.has_capability("sees_front_door"):
        return
    found = (
        allegations_visible_to(user)
        .filter(subject_id__in=person_ids, closed_at=None)
        .order_by("received_at", "pk")
    )
    for allegation in found:
        if not sees_in_full(user, allegation):
            continue
        yield OpenInvolvement(
            person_id=allegation.subject_id,
            service="LADO",
            summary=f"Open allegation about them ({allegation.reference}): {allegation.role}",
            since=allegation.received_at.astimezone(LONDON).date(),
            url=reverse("lado:allegation", args=[allegation.pk]),
        )


LADO_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(Allegation, AllegationChild, AllegationMeeting),
    events=lado_person_events,
    open_involvement=lado_open_involvement,
)
