"""Reads for Family Help: the team's queue and the lead practitioner's families, a case's
current work, its history as the MASH reads it, the review clock, and the MASH contact page's
Family Help panel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import AuditVerb, audit_record
from openmash.familyhelp.models import (
    CaseStatus,
    EarlyHelpAssessment,
    FamilyHelpCase,
    FamilyHelpPlan,
    MashHandback,
    Meeting,
    MeetingKind,
    PlanOutcome,
)
from openmash.familyhelp.permissions import cases_visible_to, family_help_teams_of

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.frontdoor.registry import Overdue

RECONTACT_MONTHS = 12


def _listed(user: User, cases: list[FamilyHelpCase], where: str) -> None:
    if cases:
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="familyhelpcase",
            summary={"where": where, "ids": [c.pk for c in cases]},
            durable=False,
        )


def _for_lists(cases: QuerySet[FamilyHelpCase]) -> QuerySet[FamilyHelpCase]:
    return cases.select_related(
        "team", "lead_practitioner", "lead_practitioner__agency"
    ).prefetch_related(
        "members",
        Prefetch("plans", queryset=FamilyHelpPlan.objects.order_by("-recorded_at", "-pk")),
    )


@dataclass
class Queue:
    requested: list[FamilyHelpCase] = field(default_factory=list)
    open: list[FamilyHelpCase] = field(default_factory=list)
    led: list[FamilyHelpCase] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.requested or self.open or self.led)


def case_queue(user: User) -> Queue:
    """The Family Help teams' requests waiting (oldest first) and open cases, and the families
    this user leads; the cases listed are written to the audit log."""
    teams = family_help_teams_of(user)
    team_cases = _for_lists(FamilyHelpCase.objects.filter(team__in=teams))
    queue = Queue(
        requested=list(
            team_cases.filter(status=CaseStatus.REQUESTED).order_by("requested_at", "pk")
        ),
        open=list(team_cases.filter(status=CaseStatus.OPEN).order_by("accepted_at", "pk")[:200]),
        led=list(
            _for_lists(
                FamilyHelpCase.objects.filter(lead_practitioner=user, status=CaseStatus.OPEN)
            ).order_by("accepted_at", "pk")
        ),
    )
    for case in queue.open + queue.led:
        case.next_review, case.review_late = review_due(case)
    _listed(user, queue.requested + queue.open + queue.led, "family help queue")
    return queue


def cases_list(user: User, *, status: str = "") -> list[FamilyHelpCase]:
    cases = cases_visible_to(user)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    found = list(_for_lists(cases).order_by("-requested_at", "-pk")[:200])
    _listed(user, found, "family help api")
    return found


def plan_of(case: FamilyHelpCase) -> FamilyHelpPlan | None:
    plans = getattr(case, "_prefetched_objects_cache", {}).get("plans")
    if plans is not None:
        return plans[0] if plans else None
    return case.plans.order_by("-recorded_at", "-pk").first()


@dataclass
class CaseWork:
    """Everything a case's page shows, read in a fixed number of queries."""

    assessments: list[EarlyHelpAssessment]
    plan: FamilyHelpPlan | None
    outcomes: list[PlanOutcome]
    plans: list[FamilyHelpPlan]
    meetings: list[Meeting]
    handbacks: list[MashHandback]

    @property
    def assessment(self) -> EarlyHelpAssessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def taf_meetings(self) -> list[Meeting]:
        return [m for m in self.meetings if m.kind == MeetingKind.TAF]

    @property
    def network_meetings(self) -> list[Meeting]:
        return [m for m in self.meetings if m.kind == MeetingKind.NETWORK]

    @property
    def network_current(self) -> Meeting | None:
        network = self.network_meetings
        return network[0] if network else None


def case_work(case: FamilyHelpCase) -> CaseWork:
    plans = list(
        case.plans.select_related("recorded_by")
        .prefetch_related("outcomes", "reviews", "reviews__recorded_by")
        .order_by("-recorded_at", "-pk")
    )
    plan = plans[0] if plans else None
    return CaseWork(
        assessments=list(
            case.assessments.select_related("recorded_by").order_by("-recorded_at", "-pk")
        ),
        plan=plan,
        outcomes=list(plan.outcomes.all()) if plan else [],
        plans=plans,
        meetings=list(
            case.meetings.select_related("recorded_by")
            .prefetch_related("actions")
            .order_by("-recorded_at", "-pk")
        ),
        handbacks=list(case.handbacks.select_related("contact", "created_by")),
    )


def review_due(case: FamilyHelpCase, *, today: date | None = None) -> tuple[date | None, bool]:
    """The plan's next review date, and whether it has passed, for an open case."""
    plan = plan_of(case)
    if plan is None or case.status != CaseStatus.OPEN:
        return None, False
    today = today or timezone.localdate()
    return plan.next_review_due, plan.next_review_due < today


def case_history_text(case: FamilyHelpCase) -> str:
    """The Family Help history as plain text, for the contact a step-up or return makes: the
    request, the assessment, the plan with progress on each outcome, reviews and meetings."""
    work = case_work(case)
    lines = [
        f"Family Help case {case.reference} ({case.get_source_display()}), team {case.team.name}.",
    ]
    if case.lead_practitioner:
        lead = case.lead_practitioner
        lines.append(f"Lead practitioner: {lead.full_name}, {lead.agency.name}.")
    lines.append(f"Why Family Help was asked for: {case.reason}")
    if case.step_down_analysis:
        lines.append(f"Social care's analysis (step-down): {case.step_down_analysis}")
    if case.agreement_recorded_at:
        lines.append(
            f"The family's agreement: {case.get_agreement_display()}. {case.agreement_note}".strip()
        )
    if work.assessment:
        a = work.assessment
        lines.append(
            f"Early help assessment ({timezone.localdate(a.recorded_at):%d %B %Y}): {a.analysis}"
        )
        lines += [f"- {d['label']}: {d['text']}" for d in a.domains if d["text"]]
        lines.append(f"The child's words: {a.child_voice}")
        lines.append(f"The parents' words: {a.parents_voice}")
    if work.plan:
        lines.append(f"Plan agreed {work.plan.agreed_on:%d %B %Y}. Outcomes:")
        lines += [f"- {o.text} ({o.get_progress_display()})" for o in work.outcomes]
        for review in work.plan.reviews.all():
            lines.append(f"Review {review.held_on:%d %B %Y}: {review.summary}")
    for meeting in work.meetings:
        when = meeting.held_on or meeting.offered_on
        label = meeting.get_kind_display()
        if meeting.kind == MeetingKind.NETWORK:
            label += f" ({meeting.get_network_status_display().lower()})"
        detail = meeting.family_plan or meeting.notes
        lines.append(f"{label}{f', {when:%d %B %Y}' if when else ''}: {detail}".rstrip(": "))
    return "\n".join(lines)


# --- The review clock ------------------------------------------------------------------------


def reviews_overdue(now: datetime) -> Iterable[Overdue]:
    """`frontdoor.registry.breach_clocks`: every open case whose current plan's review date has
    passed (a review is due by the end of its day, London time). One query."""
    from openmash.familyhelp.services.common import end_of_day
    from openmash.frontdoor.registry import Overdue

    today = timezone.localtime(now).date()
    newest = FamilyHelpPlan.objects.filter(case=OuterRef("case")).order_by("-recorded_at", "-pk")
    plans = FamilyHelpPlan.objects.filter(
        case__status=CaseStatus.OPEN,
        next_review_due__lt=today,
        pk=Subquery(newest.values("pk")[:1]),
    ).select_related("case")
    return [
        Overdue(
            target=plan.case, due_at=end_of_day(plan.next_review_due), team_id=plan.case.team_id
        )
        for plan in plans
    ]


def describe_case(case: FamilyHelpCase) -> tuple[str, str]:
    return (
        f"Family Help {case.reference}: plan review overdue",
        reverse("familyhelp:case", args=[case.pk]),
    )


# --- The MASH contact page's panel -----------------------------------------------------------


@dataclass
class PanelCase:
    case: FamilyHelpCase
    outcomes: list[PlanOutcome]
    reviews: int
    plan: FamilyHelpPlan | None
    assessment: EarlyHelpAssessment | None
    closed_on: date | None
    recent: bool  # closed within 12 months before the contact arrived


@dataclass
class FamilyHelpPanel:
    handback: MashHandback | None = None
    cases: list[PanelCase] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.handback is None and not self.cases

    @property
    def recontacts(self) -> list[PanelCase]:
        return [c for c in self.cases if c.recent]


def contact_family_help(user: User, contact: Contact) -> dict[str, Any]:
    """`contacts.registry.contact_page_panels`: what Family Help knows of this contact's people,
    for front-door staff: a step-up or return's history, and the families' Family Help cases
    (open, or closed within 12 months before the contact: a re-contact). Each case shown is
    written to the audit log as read."""
    from openmash.frontdoor.selectors.history import months_before

    handback = (
        MashHandback.objects.select_related("case", "created_by", "created_by__agency")
        .filter(contact=contact)
        .first()
    )
    people = [s.person_id for s in contact.contact_subjects.all() if s.person_id]
    since = months_before(contact.received_at, RECONTACT_MONTHS)
    cases = list(
        FamilyHelpCase.objects.filter(members__person_id__in=people)
        .exclude(status=CaseStatus.DECLINED, declined_at__lt=since)
        .exclude(status=CaseStatus.CLOSED, closed_at__lt=since)
        .filter(requested_at__lte=contact.received_at)
        .select_related("team", "lead_practitioner", "lead_practitioner__agency")
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=FamilyHelpPlan.objects.order_by("-recorded_at", "-pk").prefetch_related(
                    "outcomes", "reviews"
                ),
            ),
            Prefetch(
                "assessments", queryset=EarlyHelpAssessment.objects.order_by("-recorded_at", "-pk")
            ),
        )
        .distinct()
        .order_by("-requested_at", "-pk")
    )
    if handback and all(c.pk != handback.case_id for c in cases):
        cases.insert(0, handback.case)
    panel = FamilyHelpPanel(handback=handback)
    for case in cases:
        plans = list(case.plans.all())
        plan = plans[0] if plans else None
        assessments = list(case.assessments.all())
        ended = case.closed_at or case.declined_at
        panel.cases.append(
            PanelCase(
                case=case,
                plan=plan,
                outcomes=list(plan.outcomes.all()) if plan else [],
                reviews=len(plan.reviews.all()) if plan else 0,
                assessment=assessments[0] if assessments else None,
                closed_on=timezone.localdate(ended) if ended else None,
                recent=bool(ended and since <= ended <= contact.received_at),
            )
        )
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_VIEWED,
            target=case,
            summary={"via": f"contact {contact.reference}"},
            durable=False,
        )
    return {"fh_panel": panel}
