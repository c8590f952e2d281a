"""Child protection in a person's chronology (`people.registry.person_event_providers`): the
strategy discussions, section 47 enquiries, assessments, conferences, child protection plans and
child in need plans (started, reviewed, ended) of the child's
protection cases, as far as the reader may see them (`cases_visible_to`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.urls import reverse

from openmash.core.calendar import LONDON
from openmash.people.registry import OpenInvolvement, PersonEvent, PersonEventProvider
from openmash.protection.models import (
    ChildProtectionPlan,
    CinPlan,
    ProtectionCase,
    Section47Enquiry,
)
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
    "protection.cin_plan": "Child in need plan",
    "protection.cin_review": "Child in need plan review",
    "protection.cin_plan_ended": "Child in need plan ended",
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
            "cin_plans__reviews",
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
    yield from _cin_events(case, url)


def _cin_events(case: ProtectionCase, url: str) -> Iterable[PersonEvent]:
    """Each child in need plan: its start, its reviews, its end (with the census reason)."""
    person = case.person_id
    for plan in case.cin_plans.all():
        key = f"protection.cinplan:{plan.pk}"
        yield PersonEvent(
            key=key,
            person_id=person,
            at=_noon(plan.started_on),
            kind="protection.cin_plan",
            summary="Child in need plan started",
            url=url,
        )
        for review in plan.reviews.all():
            due = (
                f" (next review {review.next_review_on:%-d %B %Y})" if review.next_review_on else ""
            )
            yield PersonEvent(
                key=f"protection.cinplanreview:{review.pk}",
                person_id=person,
                at=_noon(review.reviewed_on),
                kind="protection.cin_review",
                summary=f"Child in need plan reviewed{due}",
                detail=review.summary[:500],
                url=url,
            )
        if plan.ended_on:
            yield PersonEvent(
                key=f"{key}:ended",
                person_id=person,
                at=_noon(plan.ended_on),
                kind="protection.cin_plan_ended",
                summary=f"Child in need plan ended ({plan.end_reason_label})",
                url=url,
            )


def protection_open_involvement(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """The open cases of these children the user may see (`cases_visible_to`): the child
    protection plan, the child in need plan, the section 47 enquiry under way, or else the case
    itself (strategy discussion, assessment)."""
    cases = (
        cases_visible_to(user)
        .filter(person_id__in=person_ids, closed_at=None)
        .prefetch_related(
            Prefetch("plans", ChildProtectionPlan.objects.filter(ended_on=None)),
            Prefetch("cin_plans", CinPlan.objects.filter(ended_on=None)),
            Prefetch("enquiries", Section47Enquiry.objects.filter(completed_on=None)),
        )
        .order_by("opened_at", "pk")
    )
    for case in cases:
        url = reverse("protection:case", args=[case.pk])
        found = [
            *(
                (f"Child protection plan ({p.get_latest_category_display().lower()})", p.started_on)
                for p in case.plans.all()
            ),
            *(("Child in need plan", p.started_on) for p in case.cin_plans.all()),
            *(("Section 47 enquiry under way", e.started_on) for e in case.enquiries.all()),
        ]
        if not found:
            what = f": {case.next_due_what.lower()}" if case.next_due_what else ""
            opened = case.opened_at.astimezone(LONDON).date()
            found = [(f"Open case {case.reference}{what}", opened)]
        for summary, since in found:
            yield OpenInvolvement(
                person_id=case.person_id,
                service="Children's social care",
                summary=summary,
                since=since,
                url=url,
            )


PROTECTION_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(ProtectionCase,),
    events=protection_person_events,
    lasting_kinds=frozenset({"protection.plan"}),
    open_involvement=protection_open_involvement,
)
