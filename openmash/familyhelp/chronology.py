"""Family Help in a person's chronology (`people.registry.person_event_providers`): the request,
its acceptance or decline, the family's agreement, plans, reviews and the closure, for each
member of the family, as far as the reader may see the case (`cases_visible_to`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.urls import reverse

from openmash.core.calendar import LONDON
from openmash.familyhelp.models import (
    CaseStatus,
    FamilyHelpCase,
    FamilyHelpPlan,
    FamilyMember,
    PlanReview,
)
from openmash.familyhelp.permissions import cases_visible_to
from openmash.people.registry import OpenInvolvement, PersonEvent, PersonEventProvider

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "familyhelp.requested": "Family Help requested",
    "familyhelp.accepted": "Family Help accepted or declined",
    "familyhelp.agreement": "The family's agreement to Family Help",
    "familyhelp.plan": "Family Help plan",
    "familyhelp.review": "Family Help review",
    "familyhelp.closed": "Family Help closed",
}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def familyhelp_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    members = list(
        FamilyMember.objects.filter(
            person_id__in=person_ids, case__in=cases_visible_to(user)
        ).select_related("case__team")
    )
    people: dict[int, list[int]] = {}
    cases: dict[int, FamilyHelpCase] = {}
    for member in members:
        assert member.person_id is not None  # filtered on
        people.setdefault(member.case_id, []).append(member.person_id)
        cases[member.case_id] = member.case

    def each(case_id: int, key: str, **fields: object) -> Iterable[PersonEvent]:
        for person_id in people.get(case_id, []):
            yield PersonEvent(key=f"{key}:{person_id}", person_id=person_id, **fields)  # type: ignore[arg-type]

    for case in cases.values():
        url = reverse("familyhelp:case", args=[case.pk])
        key = f"familyhelp.familyhelpcase:{case.pk}"
        yield from each(
            case.pk,
            f"{key}:requested",
            at=case.requested_at,
            kind="familyhelp.requested",
            summary=f"Family Help requested ({case.reference}, "
            f"{case.get_source_display().lower()})",
            detail=case.reason[:500],
            url=url,
        )
        if case.accepted_at or case.declined_at:
            accepted = case.accepted_at is not None
            yield from each(
                case.pk,
                f"{key}:answered",
                at=case.accepted_at or case.declined_at,
                kind="familyhelp.accepted",
                summary=f"{case.team.name} {'accepted' if accepted else 'declined'} the request",
                detail="" if accepted else case.decline_reason[:500],
                url=url,
            )
        if case.agreement_recorded_at:
            yield from each(
                case.pk,
                f"{key}:agreement",
                at=case.agreement_recorded_at,
                kind="familyhelp.agreement",
                summary=f"The family's agreement: {case.get_agreement_display().lower()}",
                detail=case.agreement_note[:500],
                url=url,
            )
        if case.closed_at:
            yield from each(
                case.pk,
                f"{key}:closed",
                at=case.closed_at,
                kind="familyhelp.closed",
                summary=f"Family Help closed: {case.get_closure_reason_display().lower()}",
                detail=case.closure_note[:500],
                url=url,
            )
    for plan in FamilyHelpPlan.objects.filter(case_id__in=cases):
        yield from each(
            plan.case_id,
            f"familyhelp.familyhelpplan:{plan.pk}",
            at=_noon(plan.agreed_on),
            kind="familyhelp.plan",
            summary="Family Help plan agreed",
            detail="",
            url=reverse("familyhelp:case", args=[plan.case_id]),
        )
    for review in PlanReview.objects.filter(plan__case_id__in=cases).select_related("plan"):
        yield from each(
            review.plan.case_id,
            f"familyhelp.planreview:{review.pk}",
            at=_noon(review.held_on),
            kind="familyhelp.review",
            summary="Family Help plan reviewed",
            detail=review.summary[:500],
            url=reverse("familyhelp:case", args=[review.plan.case_id]),
        )


def familyhelp_open_involvement(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """The live Family Help cases (requested or open) with these people in the family, as far as
    the user may see them (`cases_visible_to`)."""
    members = (
        FamilyMember.objects.filter(
            person_id__in=person_ids,
            case__in=cases_visible_to(user).filter(
                status__in=(CaseStatus.REQUESTED, CaseStatus.OPEN)
            ),
        )
        .select_related("case__team")
        .order_by("case__requested_at", "pk")
    )
    for member in members:
        assert member.person_id is not None  # filtered on
        case = member.case
        state = "open" if case.is_open else "requested, not yet accepted"
        yield OpenInvolvement(
            person_id=member.person_id,
            service="Family Help",
            summary=f"Family Help {case.reference} {state}, {case.team.name}",
            since=case.requested_at.astimezone(LONDON).date(),
            url=reverse("familyhelp:case", args=[case.pk]),
        )


FAMILYHELP_EVENTS = PersonEventProvider(
    kinds=KINDS,
    models=(FamilyMember,),
    events=familyhelp_person_events,
    open_involvement=familyhelp_open_involvement,
)
