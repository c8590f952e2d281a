"""Child protection in a person's chronology (`people.registry.person_event_providers`): the
strategy discussions, section 47 enquiries, assessments, conferences and plans of the child's
protection cases, as far as the reader may see them (`cases_visible_to`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.urls import reverse

from openmash.core.calendar import LONDON
from openmash.people.registry import PersonEvent, PersonEventProvider
from openmash.protection.models import ProtectionCase
from openmash.protection.permissions import cases_visible_to

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "protection.strategy": "Strategy discussion",
    "protection.s47": "Section 47 enquiry",
    "protection.assessment": "Child and family assessment",
    "protection.conference": "Child protection conference",
    "protection.plan": "Child protection plan",
    "protection.family_meeting": "Family network meeting",
}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def protection_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    cases = list(
        cases_visible_to(user)
        .filter(person_id__in=person_ids)
        .prefetch_related(
            "strategy_discussions",
            "enquiries",
            "assessments",
            "conferences",
            "plans",
            "family_meetings",
        )
    )
    for case in cases:
        yield from _case_events(case)


def _case_events(case: ProtectionCase) -> Iterable[PersonEvent]:
    url = reverse("protection:case", args=[case.pk])
    person = case.person_id
    for sd in case.strategy_discussions.all():
        if sd.held_at is None:
            continue
        flags = [w for w, on in (("late", sd.late), ("premature", sd.premature)) if on]
        yield PersonEvent(
            key=f"protection.strategydiscussion:{sd.pk}",
            person_id=person,
            at=sd.held_at,
            kind="protection.strategy",
            summary=f"Strategy discussion: {sd.get_decision_display().lower()}"
            + (f" ({', '.join(flags)})" if flags else ""),
            detail=sd.child_needs[:500],
            url=url,
        )
    for e in case.enquiries.all():
        yield PersonEvent(
            key=f"protection.section47enquiry:{e.pk}",
            person_id=person,
            at=_noon(e.started_on),
            kind="protection.s47",
            summary="Section 47 enquiry started" + (" jointly with the police" if e.joint else ""),
            detail=e.child_wishes[:500],
            url=url,
        )
    for a in case.assessments.all():
        yield PersonEvent(
            key=f"protection.assessment:{a.pk}",
            person_id=person,
            at=_noon(a.started_on),
            kind="protection.assessment",
            summary=f"Child and family assessment started (due {a.due_on:%-d %B %Y})",
            url=url,
        )
    for c in case.conferences.all():
        yield PersonEvent(
            key=f"protection.conference:{c.pk}",
            person_id=person,
            at=_noon(c.held_on),
            kind="protection.conference",
            summary=f"{c.get_kind_display()}: "
            + ("child protection plan" if c.plan_needed else "no plan"),
            url=url,
        )
    for p in case.plans.all():
        yield PersonEvent(
            key=f"protection.childprotectionplan:{p.pk}",
            person_id=person,
            at=_noon(p.started_on),
            kind="protection.plan",
            summary=f"Child protection plan ({p.get_initial_category_display().lower()})",
            url=url,
        )
        if p.ended_on:
            yield PersonEvent(
                key=f"protection.childprotectionplan:{p.pk}:ended",
                person_id=person,
                at=_noon(p.ended_on),
                kind="protection.plan",
                summary=f"Child protection plan ended: {p.get_end_reason_display().lower()}",
                url=url,
            )

    for m in case.family_meetings.all():
        if m.held_on:
            summary, on, detail = "Family network meeting held", m.held_on, m.family_plan
        elif m.responded_on:
            summary = f"Family network meeting {m.get_response_display().lower()}"
            on, detail = m.responded_on, m.family_words
        else:
            summary, on, detail = "Family network meeting offered", m.offered_on, ""
        yield PersonEvent(
            key=f"protection.familynetworkmeeting:{m.pk}",
            person_id=person,
            at=_noon(on),
            kind="protection.family_meeting",
            summary=summary,
            detail=detail[:500],
            url=url,
        )


PROTECTION_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(ProtectionCase,),
    events=protection_person_events,
    lasting_kinds=frozenset({"protection.plan"}),
)
