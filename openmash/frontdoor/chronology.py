"""The front door's events in a person's chronology (`people.registry.person_event_providers`):
each contact naming the person and what the MASH learnt and decided about it.

What goes in is what tells the person's story: the contact (who reported what), ratings, what
each agency shared, consent, threshold levels, decisions and their outcome for this person, onward
referrals and managers' case directions. The workings of the queue (stages, clocks, allocation,
breaches, the referrer told) stay on the contact's own chronology.

A contact the user may not see gives no events; a restricted one gives its arrival in outline.
An agency representative, who sees no contact, is given what their agency's answered requests
shared about the person, and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.urls import reverse

from openmash.contacts.models import OPEN_STATUSES, Contact, ContactSubject, SubjectRole
from openmash.contacts.permissions import contact_is_restricted_for, contacts_visible_to
from openmash.core.calendar import LONDON
from openmash.frontdoor.models import (
    AdultEnquiry,
    CaseNote,
    ConsentRecord,
    Decision,
    DecisionOutcome,
    DecisionState,
    InformationRequest,
    NoteKind,
    RagRating,
    Referral,
    RequestStatus,
    RouteAction,
    ThresholdAssessment,
)
from openmash.frontdoor.permissions import (
    can_answer_requests,
    information_requests_visible_to,
    is_front_door_reader,
)
from openmash.people.registry import OpenInvolvement, PersonEvent, PersonEventProvider

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "frontdoor.contact": "Contact to the MASH",
    "frontdoor.rag": "RAG rating",
    "frontdoor.information": "Information shared by an agency",
    "frontdoor.consent": "Consent",
    "frontdoor.threshold": "Threshold level",
    "frontdoor.decision": "MASH decision",
    "frontdoor.route": "Onward referral or action",
    "frontdoor.direction": "Manager's case direction",
}
SHORT = 500  # characters of a long text shown in the chronology; the record holds the rest


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def frontdoor_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    if not is_front_door_reader(user):
        if can_answer_requests(user):
            yield from _agency_answers(user, person_ids)
        return
    links = list(
        ContactSubject.objects.filter(
            person_id__in=person_ids, contact__in=contacts_visible_to(user)
        )
        .select_related("contact__source_agency")
        .prefetch_related("contact__categories", "contact__subjects")
        .order_by("contact__received_at", "pk")
    )
    people_of: dict[int, list[ContactSubject]] = defaultdict(list)
    open_ids: set[int] = set()
    for link in links:
        contact = link.contact
        people_of[contact.pk].append(link)
        restricted = contact_is_restricted_for(user, contact)
        if not restricted:
            open_ids.add(contact.pk)
        assert link.person_id is not None  # filtered on
        yield _arrival(link, contact, restricted)
    if open_ids:
        yield from _work(people_of, open_ids)


def _arrival(link: ContactSubject, contact: Contact, restricted: bool) -> PersonEvent:
    assert link.person_id is not None
    agency = contact.source_agency
    categories = ", ".join(c.label for c in contact.categories.all())
    summary = f"Contact from {agency.name} ({contact.reference})"
    if link.role != SubjectRole.SUBJECT:  # the person the concern is about needs no saying
        summary += f", naming them as {link.get_role_display().lower()}"
    if categories and not restricted:
        summary += f": {categories}"
    return PersonEvent(
        key=f"contacts.contact:{contact.pk}:{link.person_id}",
        person_id=link.person_id,
        at=contact.received_at,
        kind="frontdoor.contact",
        summary=summary,
        agency=agency.name,
        agency_id=agency.pk,
        detail="" if restricted else _short(contact.concern),
        url=reverse("contacts:detail", args=[contact.pk]),
        restricted=restricted,
    )


def _work(people_of: dict[int, list[ContactSubject]], ids: set[int]) -> Iterable[PersonEvent]:
    """The MASH's work on the open contacts, once for each person the chronology is about."""

    pages: dict[int, str] = {}

    def url(contact_id: int, anchor: str = "") -> str:
        if contact_id not in pages:
            pages[contact_id] = reverse("contacts:detail", args=[contact_id])
        return pages[contact_id] + anchor

    def events(
        contact_id: int,
        key: str,
        *,
        at: datetime,
        kind: str,
        summary: str,
        detail: str,
        url: str,
        agency: str = "",
        agency_id: int | None = None,
    ) -> Iterable[PersonEvent]:
        for link in people_of.get(contact_id, []):
            assert link.person_id is not None
            yield PersonEvent(
                key=f"{key}:{link.person_id}",
                person_id=link.person_id,
                at=at,
                kind=kind,
                summary=summary,
                detail=detail,
                url=url,
                agency=agency,
                agency_id=agency_id,
            )

    for rating in RagRating.objects.filter(contact_id__in=ids):
        yield from events(
            rating.contact_id,
            f"frontdoor.ragrating:{rating.pk}",
            at=rating.rated_at,
            kind="frontdoor.rag",
            summary=f"Rated {rating.get_rating_display().lower()}"
            + ("" if rating.rated_by_id else " on arrival (immediate risk)"),
            detail=_short(rating.reason),
            url=url(rating.contact_id),
        )
    answered = InformationRequest.objects.filter(
        contact_id__in=ids, status=RequestStatus.ANSWERED
    ).select_related("agency")
    for request in answered:
        assert request.responded_at is not None  # answered
        yield from events(
            request.contact_id,
            f"frontdoor.informationrequest:{request.pk}",
            at=request.responded_at,
            kind="frontdoor.information",
            summary=f"{request.agency.name} shared what they know",
            agency=request.agency.name,
            agency_id=request.agency_id,
            detail=_short(request.response),
            url=url(request.contact_id, "#information-requests"),
        )
    for record in ConsentRecord.objects.filter(contact_id__in=ids):
        yield from events(
            record.contact_id,
            f"frontdoor.consentrecord:{record.pk}",
            at=record.recorded_at,
            kind="frontdoor.consent",
            summary=f"{record.get_consent_display()}; family told: "
            f"{record.get_family_told_display().lower()}",
            detail=_short(record.reason),
            url=url(record.contact_id),
        )
    for assessment in ThresholdAssessment.objects.filter(contact_id__in=ids):
        yield from events(
            assessment.contact_id,
            f"frontdoor.thresholdassessment:{assessment.pk}",
            at=assessment.assessed_at,
            kind="frontdoor.threshold",
            summary=f"Threshold level {assessment.chosen_level} "
            f"({assessment.get_scale_display().lower()})",
            detail=_short(assessment.reason),
            url=url(assessment.contact_id),
        )
    yield from _decisions(ids)
    for route in RouteAction.objects.filter(contact_id__in=ids).select_related("subject"):
        if route.subject.person_id is None:
            continue
        yield PersonEvent(
            key=f"frontdoor.routeaction:{route.pk}",
            person_id=route.subject.person_id,
            at=_midday(route.made_on),
            kind="frontdoor.route",
            summary=route.get_kind_display()
            + (f", reference {route.reference}" if route.reference else ""),
            detail=_short(route.note),
            url=url(route.contact_id),
        )
    notes = CaseNote.objects.filter(contact_id__in=ids, kind=NoteKind.DIRECTION)
    for note in notes:
        yield from events(
            note.contact_id,
            f"frontdoor.casenote:{note.pk}",
            at=note.created_at,
            kind="frontdoor.direction",
            summary="Manager's case direction",
            detail=_short(note.text),
            url=url(note.contact_id),
        )


def _agency_answers(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    """What the representative's agency shared about these people, from its answered requests
    (the gate scopes them to the agency), on the agency's own request pages."""
    wanted = set(person_ids)
    answered = (
        information_requests_visible_to(user)
        .filter(status=RequestStatus.ANSWERED, subjects__person_id__in=person_ids)
        .distinct()
        .select_related("agency")
        .prefetch_related("subjects")
    )
    for request in answered:
        assert request.responded_at is not None  # answered
        url = reverse("frontdoor:request_detail", args=[request.pk])
        for subject in request.subjects.all():
            if subject.person_id not in wanted:
                continue
            yield PersonEvent(
                key=f"frontdoor.informationrequest:{request.pk}:{subject.person_id}",
                person_id=subject.person_id,
                at=request.responded_at,
                kind="frontdoor.information",
                summary=f"{request.agency.name} shared what they know",
                agency=request.agency.name,
                agency_id=request.agency_id,
                detail=_short(request.response),
                url=url,
            )


def _decisions(ids: set[int]) -> Iterable[PersonEvent]:
    outcomes = DecisionOutcome.objects.filter(
        decision__contact_id__in=ids, decision__state=DecisionState.AUTHORISED
    ).select_related("decision", "decision__team", "subject")
    for outcome in outcomes:
        decision: Decision = outcome.decision
        if outcome.subject.person_id is None or decision.authorised_at is None:
            continue
        team = f", to {decision.team.name}" if decision.team else ""
        yield PersonEvent(
            key=f"frontdoor.decisionoutcome:{outcome.pk}",
            person_id=outcome.subject.person_id,
            at=decision.authorised_at,
            kind="frontdoor.decision",
            summary=f"MASH decision: {outcome.label}{team}",
            detail=_short(decision.rationale),
            url=reverse("contacts:detail", args=[decision.contact_id]),
        )


def _midday(day: date) -> datetime:
    """A date-only event sorts within its day as if at noon, London time."""
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def frontdoor_open_involvement(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """The contacts naming these people that the MASH has not decided yet (a restricted one
    masked: its reference and status only)."""
    if not is_front_door_reader(user):
        return
    links = (
        ContactSubject.objects.filter(
            person_id__in=person_ids,
            contact__in=contacts_visible_to(user).filter(status__in=OPEN_STATUSES),
        )
        .select_related("contact__source_agency")
        .prefetch_related("contact__subjects")
        .order_by("contact__received_at", "pk")
    )
    for link in links:
        contact = link.contact
        assert link.person_id is not None  # filtered on
        restricted = contact_is_restricted_for(user, contact)
        summary = f"Open contact {contact.reference} ({contact.get_status_display().lower()})"
        if not restricted:
            summary += f" from {contact.source_agency.name}"
        yield OpenInvolvement(
            person_id=link.person_id,
            service="Front door (MASH)",
            summary=summary,
            since=contact.received_at.astimezone(LONDON).date(),
            url=reverse("contacts:detail", args=[contact.pk]),
            restricted=restricted,
        )


FRONTDOOR_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(ContactSubject, Referral, AdultEnquiry, DecisionOutcome, RouteAction),
    events=frontdoor_person_events,
    open_involvement=frontdoor_open_involvement,
)
