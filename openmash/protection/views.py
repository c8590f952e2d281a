"""Child protection pages, mounted at /protection/: "My work", a child's protection case and
each step on it, the strategy discussions' timing report and the local timescales."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from openmash.accounts.models import User
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.protection import forms as f
from openmash.protection import services as s
from openmash.protection.models import ProtectionCase, StrategySource
from openmash.protection.permissions import (
    can_add_to_case,
    can_authorise_on_case,
    can_change_settings,
    can_lead_case,
    protection_case_get_for_user,
)
from openmash.protection.selectors import (
    case_work,
    due_text,
    my_work,
    strategy_timing,
    time_left,
)

app_name = "protection"
PAGE = 50


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except ApplicationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    return None


def _page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    button: str,
    case: ProtectionCase | None = None,
    warning: str = "",
) -> HttpResponse:
    return render(
        request,
        "protection/form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "button": button,
            "warning": warning,
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


def _nothing(request: HttpRequest, case: ProtectionCase, what: str) -> HttpResponse:
    """A step with nothing to do at this stage goes back to the case, saying so."""
    messages.info(request, f"{what} at the moment")
    return redirect("protection:case", case.pk)


def _done(request: HttpRequest, case: ProtectionCase, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("protection:case", case.pk)


def home_section(user: User) -> dict[str, Any] | None:
    """`core.registry.home_sections`: the five soonest deadlines of the children this user leads
    or is a named member for, when there are any."""
    found = my_work(user)
    cases = list(found[:5])
    if not cases:
        return None
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="protectioncase",
        summary={"ids": [c.pk for c in cases], "page": "home"},
        durable=False,
    )
    now = timezone.now()
    return {
        "rows": [
            {"case": c, "left": time_left(c.next_due_at, now), "by": due_text(c.next_due_at)}
            for c in cases
        ],
        "count": found.count(),
    }


@require_GET
@login_required
def my_work_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    teams = list(user.teams.filter(is_active=True, protection_cases__isnull=False).distinct())
    team = None
    if request.GET.get("team"):
        team = next((t for t in teams if str(t.pk) == request.GET["team"]), None)
        if team is None:
            raise Http404("No such team")
    cases = list(my_work(user, team=team)[:PAGE])
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="protectioncase",
        summary={"ids": [c.pk for c in cases], "page": "my work"},
        durable=False,
    )
    now = timezone.now()
    rows = [
        {"case": c, "left": time_left(c.next_due_at, now), "by": due_text(c.next_due_at)}
        for c in cases
    ]
    return render(
        request,
        "protection/my_work.html",
        {
            "rows": rows,
            "teams": teams,
            "team": team,
            "now": now,
            "can_change_settings": can_change_settings(user),
        },
    )


@require_GET
@login_required
def case_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id)
    return render(
        request,
        "protection/case.html",
        {
            "case": case,
            "work": case_work(case),
            "can_lead": can_lead_case(request.user, case),
            "can_add": can_add_to_case(request.user, case),
            "can_authorise": can_authorise_on_case(request.user, case),
            "left": time_left(case.next_due_at),
            "by": due_text(case.next_due_at),
            "overdue": case.next_due_at is not None and case.next_due_at < timezone.now(),
        },
    )


@login_required
def convene_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    form = f.ConveneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.strategy_discussion_convene(
                case=case,
                actor=request.user,
                source=StrategySource.OPEN_CASE,
                trigger=data["trigger"],
                trigger_at=f.at(data["trigger_on"], data["trigger_time"]),
                urgent=data["urgent"] == "yes",
            ),
        )
        if done:
            return _done(request, case, "Strategy discussion convened")
    return _page(
        request, form, title="Convene a strategy discussion", button="Convene it", case=case
    )


@login_required
def strategy_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    discussion = case_work(case).open_discussion
    if discussion is None:
        return _nothing(request, case, "No strategy discussion to record")
    waiting = s.unanswered_requests(case, timezone.now())
    form = f.StrategyForm(request.POST or None)
    if not waiting:
        del form.fields["early_reason"]  # asked only while answers are awaited
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.strategy_discussion_record(
                discussion=discussion,
                actor=request.user,
                held_at=form.held_at(),
                attendees=form.attendees(),
                child_needs=data["child_needs"],
                mental_capacity=data["mental_capacity"],
                decision=data["decision"],
                decision_reason=data["decision_reason"],
                safety_actions=data["safety_actions"],
                early_reason=data.get("early_reason", ""),
            ),
        )
        if done:
            return _done(request, case, "Strategy discussion recorded")
    target = f"Hold it by {due_text(discussion.target_at)}."
    warning = (
        f"{target} Still waiting for answers from {', '.join(waiting)}: if it cannot wait, "
        "give the reason."
        if waiting
        else target
    )
    return _page(
        request,
        form,
        title="Record the strategy discussion",
        button="Save the strategy discussion",
        case=case,
        warning=warning,
    )


@login_required
def s47_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    enquiry = case_work(case).open_enquiry
    if enquiry is None:
        return _nothing(request, case, "No open section 47 enquiry")
    initial = {
        "child_seen_on": enquiry.child_seen_on,
        "seen_by": enquiry.seen_by,
        "child_wishes": enquiry.child_wishes,
        "analysis": enquiry.analysis,
    }
    form = f.Section47Form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.section47_record(
                enquiry=enquiry,
                actor=request.user,
                child_seen_on=data["child_seen_on"],
                seen_alone=f.yes_no(data["seen_alone"]),
                seen_by=data["seen_by"],
                child_wishes=data["child_wishes"],
                analysis=data["analysis"],
                outcome=data["outcome"],
                next_step=data["next_step"],
            ),
        )
        if done:
            return _done(request, case, "Section 47 enquiry saved")
    return _page(request, form, title="Section 47 enquiry", button="Save the enquiry", case=case)


@login_required
def assessment_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    assessment = case_work(case).open_assessment
    if assessment is None:
        return _nothing(request, case, "No open assessment")
    form = f.AssessmentForm(
        request.POST or None,
        initial={
            "factors": assessment.factors,
            "child_voice": assessment.child_voice,
            "analysis": assessment.analysis,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.assessment_record(
                assessment=assessment,
                actor=request.user,
                factors=data["factors"],
                child_voice=data["child_voice"],
                analysis=data["analysis"],
                needs_support=f.yes_no(data["needs_support"]),
                completed_on=data["completed_on"],
            ),
        )
        if done:
            return _done(request, case, "Assessment saved")
    return _page(
        request,
        form,
        title="Child and family assessment",
        button="Save the assessment",
        case=case,
        warning=f"Due by {assessment.due_on:%-d %B %Y} (45 working days from the referral)",
    )


@login_required
def assessment_authorise_view(
    request: AuthenticatedHttpRequest, protection_case_id: int
) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id)
    if not can_authorise_on_case(request.user, case):
        raise PermissionDenied
    assessment = case_work(case).open_assessment
    if assessment is None:
        return _nothing(request, case, "No open assessment")
    form = f.AuthoriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["on"]
        if _attempt(
            form, lambda: s.assessment_authorise(assessment=assessment, actor=request.user, on=on)
        ):
            return _done(request, case, "Assessment authorised")
    return _page(request, form, title="Authorise the assessment", button="Authorise it", case=case)


@login_required
def conference_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    work = case_work(case)
    if work.open_plan is None and work.icpc_due is None:
        return _nothing(request, case, "No conference due")
    review = work.open_plan is not None
    form = f.ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.conference_record(
                case=case,
                actor=request.user,
                held_on=data["held_on"],
                agencies_invited=data["agencies_invited"],
                reports=data["reports"],
                plan_needed=data["plan_needed"] == "yes",
                category=data["category"],
            ),
        )
        if done:
            return _done(request, case, "Conference recorded")
    if review and work.open_plan and work.open_plan.next_review_on:
        warning = f"The review is due by {work.open_plan.next_review_on:%-d %B %Y}"
    elif work.icpc_due:
        warning = f"The target date is {work.icpc_due.icpc_target_on:%-d %B %Y}"
    else:
        warning = ""
    title = (
        "Review child protection conference" if review else "Initial child protection conference"
    )
    return _page(
        request, form, title=title, button="Save the conference", case=case, warning=warning
    )


@login_required
def activity_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    plan = case_work(case).open_plan
    if plan is None:
        return _nothing(request, case, "No child protection plan")
    form = f.ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.plan_activity_record(
                plan=plan,
                actor=request.user,
                kind=data["kind"],
                on=data["on"],
                seen_alone=f.yes_no(data["seen_alone"]),
                note=data["note"],
            ),
        )
        if done:
            return _done(request, case, "Saved")
    return _page(
        request, form, title="Record a visit or core group meeting", button="Save", case=case
    )


@login_required
def family_meeting_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    """The next step of the family network meeting: offer one, record the family's answer, or
    record the meeting held with the family's plan."""
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    meeting = case_work(case).open_family_meeting
    data = request.POST or None
    if meeting is None:
        offer = f.FamilyOfferForm(data)
        if request.method == "POST" and offer.is_valid():
            on = offer.cleaned_data["offered_on"]
            if _attempt(
                offer,
                lambda: s.family_meeting_offer(case=case, actor=request.user, offered_on=on),
            ):
                return _done(request, case, "Family network meeting offered")
        return _page(
            request, offer, title="Offer a family network meeting", button="Save", case=case
        )
    if meeting.response == "waiting":
        answer = f.FamilyAnswerForm(data)
        if request.method == "POST" and answer.is_valid():
            given = answer.cleaned_data
            if _attempt(
                answer,
                lambda: s.family_meeting_answer(
                    meeting=meeting,
                    actor=request.user,
                    accepted=given["accepted"] == "yes",
                    responded_on=given["responded_on"],
                    family_words=given["family_words"],
                ),
            ):
                return _done(request, case, "The family's answer is recorded")
        return _page(
            request, answer, title="The family's answer to the meeting", button="Save", case=case
        )
    held = f.FamilyHeldForm(data)
    if request.method == "POST" and held.is_valid():
        given = held.cleaned_data
        if _attempt(
            held,
            lambda: s.family_meeting_hold(
                meeting=meeting,
                actor=request.user,
                held_on=given["held_on"],
                attended=given["attended"],
                family_plan=given["family_plan"],
            ),
        ):
            return _done(request, case, "Family network meeting recorded")
    return _page(request, held, title="Record the family network meeting", button="Save", case=case)


@login_required
def cin_review_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    plan = case_work(case).open_cin_plan
    if plan is None:
        return _nothing(request, case, "No child in need plan")
    form = f.CinReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: s.cin_plan_review_record(
                plan=plan,
                actor=request.user,
                reviewed_on=data["reviewed_on"],
                summary=data["summary"],
                next_review_on=data["next_review_on"],
            ),
        ):
            return _done(request, case, "Child in need plan review recorded")
    return _page(request, form, title="Review the child in need plan", button="Save", case=case)


@login_required
def cin_start_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    if case_work(case).cin_startable is None:
        return _nothing(
            request, case, "No authorised assessment to start a child in need plan from"
        )
    form = f.CinStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: s.cin_plan_start(case=case, actor=request.user, started_on=data["started_on"]),
        ):
            return _done(request, case, "Child in need plan started")
    return _page(
        request, form, title="Start a child in need plan", button="Start the plan", case=case
    )


@login_required
def cin_end_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    plan = case_work(case).open_cin_plan
    if plan is None:
        return _nothing(request, case, "No child in need plan")
    form = f.CinEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: s.cin_plan_end(
                plan=plan, actor=request.user, ended_on=data["ended_on"], reason=data["reason"]
            ),
        ):
            return _done(request, case, "Child in need plan ended")
    return _page(
        request, form, title="End the child in need plan", button="End the plan", case=case
    )


@login_required
def plan_end_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    plan = case_work(case).open_plan
    if plan is None:
        return _nothing(request, case, "No child protection plan")
    form = f.PlanEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: s.plan_end(
                plan=plan, actor=request.user, ended_on=data["ended_on"], reason=data["reason"]
            ),
        )
        if done:
            return _done(request, case, "Child protection plan ended")
    return _page(
        request, form, title="End the child protection plan", button="End the plan", case=case
    )


@login_required
def member_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
    form = f.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", "There is no active account with that email address")
        elif data["role"] == "lead":
            if _attempt(
                form, lambda: s.protection_lead_name(case=case, actor=request.user, lead=user)
            ):
                return _done(request, case, f"{user.full_name} leads the child's protection")
        elif _attempt(
            form,
            lambda: s.protection_member_add(
                case=case, actor=request.user, user=user, role=data["role"]
            ),
        ):
            return _done(request, case, f"{user.full_name} joined the child protection team")
    return _page(
        request, form, title="Name a member of the child protection team", button="Add", case=case
    )


@login_required
def note_view(request: AuthenticatedHttpRequest, protection_case_id: int) -> HttpResponse:
    case = protection_case_get_for_user(request.user, protection_case_id, to_add=True)
    form = f.NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if _attempt(form, lambda: s.agency_note_add(case=case, actor=request.user, text=text)):
            return _done(request, case, "Added to the record")
    return _page(request, form, title="Add to the child's record", button="Add it", case=case)


@require_GET
@login_required
def timing_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = list(strategy_timing(request.user)[:200])
    audit_record(
        actor=request.user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="strategydiscussion",
        summary={"ids": [d.pk for d in found], "page": "strategy timing"},
        durable=False,
    )
    return render(request, "protection/timing.html", {"discussions": found})


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_change_settings(request.user):
        raise PermissionDenied
    current = s.setting_in_force()
    form = f.SettingForm(
        request.POST or None,
        initial={
            "strategy_days_urgent": current.strategy_days_urgent,
            "strategy_days": current.strategy_days,
            "visit_every_working_days": current.visit_every_working_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: s.protection_setting_change(actor=request.user, **data)):
            messages.success(request, "Timescales changed")
            return redirect("protection:my_work")
    return _page(request, form, title="Child protection timescales", button="Save")


def _case(view: Callable[..., HttpResponse], route: str, name: str) -> URLPattern:
    return path(f"cases/<int:protection_case_id>/{route}", view, name=name)


urlpatterns = [
    path("", my_work_view, name="my_work"),
    path("strategy-timing/", timing_view, name="timing"),
    path("settings/", settings_view, name="settings"),
    _case(case_view, "", "case"),
    _case(convene_view, "convene/", "convene"),
    _case(strategy_view, "strategy-discussion/", "strategy"),
    _case(s47_view, "section-47/", "s47"),
    _case(assessment_view, "assessment/", "assessment"),
    _case(assessment_authorise_view, "assessment/authorise/", "assessment_authorise"),
    _case(conference_view, "conference/", "conference"),
    _case(activity_view, "plan/activity/", "activity"),
    _case(plan_end_view, "plan/end/", "plan_end"),
    _case(family_meeting_view, "family-network-meeting/", "family_meeting"),
    _case(cin_review_view, "cin-plan/review/", "cin_review"),
    _case(cin_start_view, "cin-plan/start/", "cin_start"),
    _case(cin_end_view, "cin-plan/end/", "cin_end"),
    _case(member_view, "members/", "member"),
    _case(note_view, "notes/", "note"),
]
