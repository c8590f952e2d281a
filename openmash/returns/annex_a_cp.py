"""Annex A lists 4-7 built from the child protection records (openmash/protection): child and
family assessments (list 4), section 47 enquiries and their initial conferences (list 5),
children in need (list 6: each protection case, the child's statutory episode) and child
protection plans (list 7). Period rules and mapping choices: docs/returns.md.

Each list costs a fixed number of queries whatever its length: the rows' query, then one query
per related table (prefetches and the twelve-month histories), never one per row.

OpenMASH does not record a child's disability yet, so "Does the Child have a Disability" is an
empty cell (the validation page does not invent a "No"). Nor does it hold children in care:
"a) Looked after child" is never a case status, and the emergency protection order column
knows police protection (the front door's route) but not court orders.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from openmash.frontdoor.models import RouteAction, RouteKind
from openmash.protection.models import (
    AbuseCategory,
    Assessment,
    ChildProtectionPlan,
    CinEndReason,
    Conference,
    ConferenceKind,
    PlanActivity,
    PlanActivityKind,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
)
from openmash.returns.annex_a import Period, annex_date, months_before, yes_no
from openmash.returns.selectors import Child, Row, Source, _common, _from_person, _local_midnight
from openmash.returns.xlsx import Cell

DISABILITY_NOT_RECORDED = ""  # no record holds a child's disability yet

CATEGORY: dict[str, str] = {
    AbuseCategory.NEGLECT: "a) Neglect",
    AbuseCategory.PHYSICAL: "b) Physical abuse",
    AbuseCategory.SEXUAL: "c) Sexual abuse",
    AbuseCategory.EMOTIONAL: "d) Emotional abuse",
    AbuseCategory.MULTIPLE: "e) Multiple/not recommended",
}

PRIMARY_NEED = {
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
    "N0": "N0 - Not stated",
}

REASON_FOR_CLOSURE = {code: f"{code} - {label}" for code, label in CinEndReason.choices}

CASE_STATUS = {
    "looked_after": "a) Looked after child",
    "cp_plan": "b) Child Protection plan",
    "cin_plan": "c) Child in need plan",
    "assessment": "d) Open assessment",
    "closed": "e) Closed episode",
}


def _team_worker(case: ProtectionCase) -> list[Cell]:
    worker = case.lead_practitioner
    return [case.team.name, worker.full_name if worker else ""]


def _child(case: ProtectionCase) -> Child:
    return _from_person(case.person, str(case.person_id))


def _source(case: ProtectionCase) -> Source:
    return Source("protectioncase", case.pk, case.reference, case.contact_id)


def _optional_yes_no(value: bool | None) -> str:
    return "" if value is None else yes_no(value)


def _case_qs() -> list[str]:
    return ["case", "case__person", "case__team", "case__lead_practitioner"]


def annex_a_list4(period: Period) -> list[Row]:
    """List 4: child and family assessments started in the period, and those started earlier
    but authorised in it (D2I's rule). The child was seen when the assessment records the
    child's voice or a section 47 enquiry of the case saw the child during the assessment."""
    assessments = list(
        Assessment.objects.filter(
            Q(started_on__gte=period.start, started_on__lte=period.end)
            | Q(
                started_on__lt=period.start,
                authorised_on__gte=period.start,
                authorised_on__lte=period.end,
            )
        )
        .select_related(*_case_qs())
        .order_by("started_on", "pk")
    )
    seen: dict[int, list[date]] = defaultdict(list)
    for case_id, day in Section47Enquiry.objects.filter(
        case_id__in={a.case_id for a in assessments}, child_seen_on__isnull=False
    ).values_list("case_id", "child_seen_on"):
        if day is not None:
            seen[case_id].append(day)
    rows = []
    for assessment in assessments:
        case = assessment.case
        child = _child(case)
        until = assessment.authorised_on or period.end
        child_seen = bool(assessment.child_voice.strip()) or any(
            assessment.started_on <= day <= until for day in seen[case.pk]
        )
        authorised = assessment.authorised_on if assessment.authorised_on in period else None
        rows.append(
            Row(
                child=child,
                source=_source(case),
                cells=[
                    *_common(child, period),
                    DISABILITY_NOT_RECORDED,
                    annex_date(assessment.started_on),
                    yes_no(child_seen),
                    annex_date(authorised),
                    _optional_yes_no(assessment.needs_support if authorised else None),
                    *_team_worker(case),
                ],
                facts={"assessment": assessment.pk},
            )
        )
    return rows


def _earlier(history: list[tuple[date, int]], day: date, pk: int) -> int:
    """Events in the twelve months before (day, pk), this one excluded (reference §1.4)."""
    since = months_before(day, 12)
    return sum(1 for d, p in history if since <= d and (d, p) < (day, pk))


def annex_a_list5(period: Period) -> list[Row]:
    """List 5: every section 47 enquiry that started (its strategy discussion) in the period,
    open ones with no outcome yet included, one row per enquiry. The initial conference is the
    one held for the enquiry; the twelve-month counts count the child's earlier enquiries and
    initial conferences only."""
    enquiries = list(
        Section47Enquiry.objects.filter(started_on__gte=period.start, started_on__lte=period.end)
        .select_related(*_case_qs())
        .order_by("started_on", "pk")
    )
    people = {e.case.person_id for e in enquiries}
    since = months_before(period.start, 12)
    conferences: dict[int, Conference] = {}
    s47_history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    icpc_history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    if enquiries:
        for conference in Conference.objects.filter(
            kind=ConferenceKind.INITIAL, case__person_id__in=people, held_on__gte=since
        ).select_related("case"):
            icpc_history[conference.case.person_id].append((conference.held_on, conference.pk))
            if conference.enquiry_id is not None:
                conferences.setdefault(conference.enquiry_id, conference)
        for person_id, day, pk in Section47Enquiry.objects.filter(
            case__person_id__in=people, started_on__gte=since, started_on__lte=period.end
        ).values_list("case__person_id", "started_on", "pk"):
            s47_history[person_id].append((day, pk))
    rows = []
    for enquiry in enquiries:
        case = enquiry.case
        child = _child(case)
        icpc = conferences.get(enquiry.pk)
        if icpc is not None and icpc.held_on > period.end:
            icpc = None  # held on or after the inspection date: not yet, as the return sees it
        unnecessary = {S47Outcome.NO_ICPC.value: True, S47Outcome.ICPC.value: False}.get(
            enquiry.outcome
        )
        rows.append(
            Row(
                child=child,
                source=_source(case),
                cells=[
                    *_common(child, period),
                    DISABILITY_NOT_RECORDED,
                    annex_date(enquiry.started_on),
                    _optional_yes_no(unnecessary),
                    annex_date(icpc.held_on if icpc else None),
                    _optional_yes_no(icpc.plan_needed if icpc else None),
                    _earlier(s47_history[case.person_id], enquiry.started_on, enquiry.pk),
                    # The child's initial conferences in the twelve months before the enquiry.
                    _earlier(icpc_history[case.person_id], enquiry.started_on, 0),
                    *_team_worker(case),
                ],
                facts={"enquiry": enquiry.pk, "icpc": icpc.pk if icpc else None},
            )
        )
    return rows


def _last_seen(case: ProtectionCase, until: date) -> date | None:
    """The latest day the child was seen in the episode: a section 47 enquiry's or a plan's
    statutory visit (prefetched), on or before `until`."""
    days = [e.child_seen_on for e in case.enquiries.all() if e.child_seen_on]
    days += [
        a.on
        for plan in case.plans.all()
        for a in plan.activity.all()
        if a.kind == PlanActivityKind.VISIT
    ]
    days = [d for d in days if d <= until]
    return max(days, default=None)


def _open_on(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or end >= day)


def _case_status(case: ProtectionCase, closed: date | None, day: date) -> str:
    """D2I's order: a closed episode first, then a plan, then an open assessment."""
    if closed is not None:
        return CASE_STATUS["closed"]
    if any(_open_on(p.started_on, p.ended_on, day) for p in case.plans.all()):
        return CASE_STATUS["cp_plan"]
    if any(_open_on(p.started_on, p.ended_on, day) for p in case.cin_plans.all()):
        return CASE_STATUS["cin_plan"]
    if any(a.authorised_on is None for a in case.assessments.all()):
        return CASE_STATUS["assessment"]
    return ""


def annex_a_list6(period: Period) -> list[Row]:
    """List 6: every child whose statutory episode (a protection case: from its referral to its
    closure) was open at any time in the period or is open at the inspection date. A child only
    referred (no protection case) is not in it; care leavers are not held."""
    before = _local_midnight(period.inspection_date)
    cases = list(
        ProtectionCase.objects.filter(opened_at__lt=before)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=_local_midnight(period.start)))
        .select_related("person", "team", "lead_practitioner", "referral")
        .prefetch_related(
            "enquiries",
            "assessments",
            "cin_plans",
            Prefetch(
                "plans",
                queryset=ChildProtectionPlan.objects.prefetch_related(
                    Prefetch("activity", queryset=PlanActivity.objects.order_by("on", "pk"))
                ),
            ),
        )
        .order_by("opened_at", "pk")
    )
    rows = []
    for case in cases:
        child = _child(case)
        referral = case.referral
        started = referral.referral_date if referral else timezone.localtime(case.opened_at).date()
        closed = None
        if case.closed_at is not None and case.closed_at < before:
            closed = timezone.localtime(case.closed_at).date()
        reason = ""
        if closed is not None:
            ended = sorted(
                (p for p in case.cin_plans.all() if p.ended_on and p.end_reason),
                key=lambda p: (p.ended_on or date.min, p.pk),
            )
            if ended:
                reason = REASON_FOR_CLOSURE.get(ended[-1].end_reason, "")
        need = referral.primary_need_code if referral else ""
        rows.append(
            Row(
                child=child,
                source=_source(case),
                cells=[
                    *_common(child, period),
                    DISABILITY_NOT_RECORDED,
                    annex_date(started),
                    PRIMARY_NEED.get(need, ""),
                    annex_date(_last_seen(case, closed or period.end)),
                    annex_date(closed),
                    reason,
                    _case_status(case, closed, period.inspection_date),
                    *_team_worker(case),
                ],
            )
        )
    return rows


def annex_a_list7(period: Period) -> list[Row]:
    """List 7: every child protection plan open on the inspection date, and every plan that
    ended in the period; one row per plan."""
    plans = list(
        ChildProtectionPlan.objects.filter(started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .select_related(*_case_qs())
        .prefetch_related(
            Prefetch(
                "activity",
                queryset=PlanActivity.objects.filter(kind=PlanActivityKind.VISIT).order_by(
                    "on", "pk"
                ),
            )
        )
        .order_by("started_on", "pk")
    )
    people = {p.case.person_id for p in plans}
    reviews: dict[int, list[date]] = defaultdict(list)
    earlier_plans: dict[int, list[tuple[date, int]]] = defaultdict(list)
    police: dict[int, list[date]] = defaultdict(list)
    if plans:
        for case_id, day in Conference.objects.filter(
            kind=ConferenceKind.REVIEW, case__person_id__in=people
        ).values_list("case_id", "held_on"):
            reviews[case_id].append(day)
        for person_id, day, pk in ChildProtectionPlan.objects.filter(
            case__person_id__in=people
        ).values_list("case__person_id", "started_on", "pk"):
            earlier_plans[person_id].append((day, pk))
        six_months = months_before(period.inspection_date, 6)
        for person_id, day in RouteAction.objects.filter(
            kind=RouteKind.POLICE_PROTECTION,
            subject__person_id__in=people,
            made_on__gte=six_months,
            made_on__lte=period.end,
        ).values_list("subject__person_id", "made_on"):
            police[person_id].append(day)
    rows = []
    for plan in plans:
        case = plan.case
        child = _child(case)
        ended = plan.ended_on if plan.ended_on and plan.ended_on <= period.end else None
        until = ended or period.end
        visits = [a for a in plan.activity.all() if a.on <= until]
        last_visit = visits[-1] if visits else None
        review_days = [d for d in reviews[case.pk] if plan.started_on <= d <= until]
        previous = sum(
            1 for d, p in earlier_plans[case.person_id] if (d, p) < (plan.started_on, plan.pk)
        )
        rows.append(
            Row(
                child=child,
                source=_source(case),
                cells=[
                    *_common(child, period),
                    DISABILITY_NOT_RECORDED,
                    annex_date(plan.started_on),
                    CATEGORY.get(plan.initial_category, ""),
                    CATEGORY.get(plan.latest_category, ""),
                    annex_date(last_visit.on if last_visit else None),
                    _optional_yes_no(last_visit.seen_alone if last_visit else None),
                    annex_date(max(review_days, default=None)),
                    annex_date(ended),
                    "Y" if police[case.person_id] else "N",
                    previous,
                    *_team_worker(case),
                ],
                facts={"plan": plan.pk},
            )
        )
    return rows
