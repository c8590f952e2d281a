"""Family Help pages, mounted at /family-help/: the team's queue and the lead practitioner's
families, a partner's request, a step-down, a case and each piece of work on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.familyhelp import forms as fh_forms
from openmash.familyhelp.models import AssessmentDomain, CaseStatus, FamilyHelpCase
from openmash.familyhelp.permissions import (
    can_change_settings,
    can_request_family_help,
    can_step_down,
    can_work_case,
    family_help_case_get_for_team,
    family_help_case_get_for_user,
    is_team_member,
)
from openmash.familyhelp.selectors import case_queue, case_work, review_due
from openmash.familyhelp.services import requests as fh_requests
from openmash.familyhelp.services import work as fh_work
from openmash.familyhelp.services.common import settings_row
from openmash.familyhelp.services.handback import familyhelp_step_up
from openmash.familyhelp.services.settings import familyhelp_settings_update

if TYPE_CHECKING:
    from openmash.accounts.models import User


def home_section(user: User) -> dict[str, Any] | None:
    """`core.registry.home_sections`: the Family Help team's waiting requests and the families
    this user leads, when there are any."""
    from openmash.familyhelp.permissions import is_family_help_worker

    if (
        not is_family_help_worker(user)
        and not user.families_led.filter(status=CaseStatus.OPEN).exists()
    ):
        return None
    return {"queue": case_queue(user)}


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal lands on the form (on the named field when there is one)."""
    try:
        return call()
    except ConflictError as error:
        form.add_error(None, error.message)
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
    case: FamilyHelpCase | None = None,
    intro: str = "",
    warning: str = "",
    template: str = "familyhelp/form.html",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "warning": warning,
            "has_errors": form.is_bound and bool(form.errors),
            **extra,
        },
    )


def _done(request: HttpRequest, case: FamilyHelpCase, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("familyhelp:case", case.pk)


@require_GET
@login_required
def queue_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "familyhelp/queue.html",
        {
            "queue": case_queue(request.user),
            "can_request": can_request_family_help(request.user),
            "can_step_down": can_step_down(request.user),
            "can_change_settings": can_change_settings(request.user),
            "page_title": "Family Help",
        },
    )


@login_required
def request_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_request_family_help(request.user):
        raise PermissionDenied
    form = fh_forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = _attempt(
            form,
            lambda: fh_requests.familyhelp_request_create(
                actor=request.user,
                team=data["team"],
                members=form.members(),
                reason=data["reason"],
                open_concerns=data["open_concerns"],
            ),
        )
        if case:
            messages.success(request, f"Request {case.reference} sent to {case.team.name}")
            return redirect("home")
    return _page(
        request,
        form,
        title="Ask for Family Help",
        button="Send the request",
        intro="Ask a Family Help team to work with a family who have agreed to it. If a child "
        "is at risk of significant harm, make a referral to the MASH instead.",
        template="familyhelp/family_form.html",
    )


@login_required
def step_down_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_step_down(request.user):
        raise PermissionDenied
    form = fh_forms.StepDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = _attempt(
            form,
            lambda: fh_requests.familyhelp_request_step_down(
                actor=request.user,
                team=data["team"],
                people=form.members(),
                analysis=data["analysis"],
                handover_note=data["handover_note"],
                stepped_down_from=data["stepped_down_from"],
            ),
        )
        if case:
            messages.success(request, f"Step-down {case.reference} sent to {case.team.name}")
            return redirect("familyhelp:queue")
    return _page(
        request,
        form,
        title="Step a family down to Family Help",
        button="Send the step-down",
        intro="When an assessment or child in need plan closes to Family Help, send the "
        "analysis and your hand-over note so the family does not have to tell their story again.",
        template="familyhelp/family_form.html",
    )


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_change_settings(request.user):
        raise PermissionDenied
    row = settings_row()
    domains = AssessmentDomain.objects.filter(is_active=True)
    form = fh_forms.SettingsForm(
        request.POST or None,
        initial={
            "review_interval_days": row.review_interval_days,
            "step_up_rag": row.step_up_rag,
            "domains": "\n".join(d.label for d in domains),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: familyhelp_settings_update(
                actor=request.user,
                review_interval_days=data["review_interval_days"],
                step_up_rag=data["step_up_rag"],
                domains=data["domains"].splitlines(),
            ),
        )
        if done:
            messages.success(request, "Family Help settings saved")
            return redirect("familyhelp:settings")
    return _page(request, form, title="Family Help settings", button="Save the settings")


@require_GET
@login_required
def case_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = family_help_case_get_for_user(request.user, case_id)
    due, overdue = review_due(case)
    return render(
        request,
        "familyhelp/case.html",
        {
            "case": case,
            "members": list(case.members.all()),
            "work": case_work(case),
            "review_due": due,
            "review_overdue": overdue,
            "can_work": can_work_case(request.user, case),
            "is_team": is_team_member(request.user, case),
            "page_title": f"Family Help {case.reference}",
        },
    )


def _team_action(
    request: AuthenticatedHttpRequest,
    case_id: int,
    form_class: type[forms.Form],
    call: Callable[[FamilyHelpCase, dict[str, Any]], Any],
    *,
    title: str,
    button: str,
    success: str,
    intro: str = "",
) -> HttpResponse:
    case = family_help_case_get_for_team(request.user, case_id)
    form = form_class(request.POST or None, initial={"version": case.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(form, lambda: call(case, form.cleaned_data))
    ):
        return _done(request, case, success)
    return _page(request, form, case=case, title=title, button=button, intro=intro)


@login_required
def accept_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _team_action(
        request,
        case_id,
        fh_forms.AcceptForm,
        lambda case, data: fh_requests.familyhelp_request_accept(
            case=case,
            actor=request.user,
            lead_practitioner=data["lead_practitioner"],
            expected_version=data.get("version"),
        ),
        title="Accept the request",
        button="Accept and name the lead practitioner",
        success="Request accepted",
        intro="Name the practitioner who will lead the family's Family Help. They will see "
        "this family's case, and only the families they lead.",
    )


@login_required
def decline_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _team_action(
        request,
        case_id,
        fh_forms.DeclineForm,
        lambda case, data: fh_requests.familyhelp_request_decline(
            case=case,
            actor=request.user,
            reason=data["reason"],
            expected_version=data.get("version"),
        ),
        title="Decline the request",
        button="Decline the request",
        success="Request declined",
        intro="If concerns about a child are not resolved, the request goes back to the MASH "
        "for review as a new contact, with your reason.",
    )


def _work_action(
    request: AuthenticatedHttpRequest,
    case_id: int,
    make_form: Callable[[FamilyHelpCase], forms.Form],
    call: Callable[[FamilyHelpCase, forms.Form], Any],
    *,
    title: str,
    button: str,
    success: str,
    intro: str = "",
    warning: str = "",
    template: str = "familyhelp/form.html",
) -> HttpResponse:
    case = family_help_case_get_for_user(request.user, case_id, for_change=True)
    form = make_form(case)
    if request.method == "POST" and form.is_valid() and _attempt(form, lambda: call(case, form)):
        return _done(request, case, success)
    return _page(
        request,
        form,
        case=case,
        title=title,
        button=button,
        intro=intro,
        warning=warning,
        template=template,
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def agreement_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _work_action(
        request,
        case_id,
        lambda case: fh_forms.AgreementForm(_data(request), initial={"version": case.version}),
        lambda case, form: fh_requests.familyhelp_agreement_record(
            case=case,
            actor=request.user,
            agreed=form.cleaned_data["agreed"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data.get("version"),
        ),
        title="The family's agreement",
        button="Record the family's answer",
        success="The family's answer is recorded",
        intro="Family Help is offered with the family's agreement. If they refuse while "
        "concerns about a child are unresolved, the case goes back to the MASH for review.",
    )


@login_required
def assessment_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    domains = list(AssessmentDomain.objects.filter(is_active=True))

    def make(case: FamilyHelpCase) -> forms.Form:
        latest = case.assessments.order_by("-recorded_at", "-pk").first()
        initial: dict[str, Any] = {}
        if latest:
            initial = {f"domain_{d['code']}": d["text"] for d in latest.domains}
            initial |= {
                "child_voice": latest.child_voice,
                "parents_voice": latest.parents_voice,
                "analysis": latest.analysis,
            }
        return fh_forms.AssessmentForm(_data(request), domains=domains, initial=initial)

    return _work_action(
        request,
        case_id,
        make,
        lambda case, form: fh_work.familyhelp_assessment_record(
            case=case,
            actor=request.user,
            domains=form.domain_texts(),  # type: ignore[attr-defined]
            child_voice=form.cleaned_data["child_voice"],
            parents_voice=form.cleaned_data["parents_voice"],
            analysis=form.cleaned_data["analysis"],
        ),
        title="Early help assessment",
        button="Save the assessment",
        success="Assessment saved",
        intro="The whole family's assessment. Saving again keeps the earlier version in the "
        "case's history.",
    )


@login_required
def plan_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _work_action(
        request,
        case_id,
        lambda case: fh_forms.PlanForm(_data(request)),
        lambda case, form: fh_work.familyhelp_plan_record(
            case=case,
            actor=request.user,
            agreed_on=form.cleaned_data["agreed_on"],
            outcomes=form.outcomes(),  # type: ignore[attr-defined]
        ),
        title="The family's plan",
        button="Save the plan",
        success="Plan saved",
        intro=f"The plan is reviewed every {settings_row().review_interval_days} days. A new "
        "plan replaces the current one; the old one stays in the case's history.",
    )


@login_required
def review_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    def make(case: FamilyHelpCase) -> forms.Form:
        plan = case.plans.order_by("-recorded_at", "-pk").first()
        outcomes = list(plan.outcomes.all()) if plan else []
        return fh_forms.ReviewForm(_data(request), outcomes=outcomes)

    return _work_action(
        request,
        case_id,
        make,
        lambda case, form: fh_work.familyhelp_review_record(
            case=case,
            actor=request.user,
            held_on=form.cleaned_data["held_on"],
            summary=form.cleaned_data["summary"],
            progress=form.progress(),  # type: ignore[attr-defined]
        ),
        title="Review the plan",
        button="Save the review",
        success="Review saved",
    )


@login_required
def meeting_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _work_action(
        request,
        case_id,
        lambda case: fh_forms.MeetingForm(_data(request)),
        lambda case, form: fh_work.familyhelp_meeting_record(
            case=case,
            actor=request.user,
            held_on=form.cleaned_data["held_on"],
            attendees=form.cleaned_data["attendees"],
            notes=form.cleaned_data["notes"],
            actions=form.actions(),  # type: ignore[attr-defined]
        ),
        title="Team Around the Family meeting",
        button="Save the meeting",
        success="Meeting saved",
    )


@login_required
def network_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _work_action(
        request,
        case_id,
        lambda case: fh_forms.NetworkForm(_data(request)),
        lambda case, form: fh_work.familyhelp_network_meeting_record(
            case=case,
            actor=request.user,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            family_plan=form.cleaned_data["family_plan"],
            notes=form.cleaned_data["notes"],
        ),
        title="Family network meeting",
        button="Save",
        success="Family network meeting updated",
        intro="Family group decision making: offer the family a meeting of their own network, "
        "record whether they accepted, and the plan they made.",
    )


@login_required
def close_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _work_action(
        request,
        case_id,
        lambda case: fh_forms.CloseForm(_data(request), initial={"version": case.version}),
        lambda case, form: fh_work.familyhelp_case_close(
            case=case,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data.get("version"),
        ),
        title="Close the case",
        button="Close the case",
        success="Case closed",
        intro="If the family declined or stopped engaging while concerns about a child are "
        "unresolved, the case goes back to the MASH for review.",
    )


@login_required
def step_up_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _work_action(
        request,
        case_id,
        lambda case: fh_forms.StepUpForm(_data(request), initial={"version": case.version}),
        lambda case, form: familyhelp_step_up(
            case=case,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            what_tried=form.cleaned_data["what_tried"],
            immediate_risk=form.cleaned_data["immediate_risk"],
            immediate_risk_details=form.cleaned_data["immediate_risk_details"],
            expected_version=form.cleaned_data.get("version"),
        ),
        title="Step up to social care",
        button="Send to the MASH",
        success="Sent to the MASH as a step-up. The case is closed as stepped up.",
        intro="The MASH gets a new contact with the family's plan, what was tried and why it "
        "is not enough, fast-tracked on its queue. The case closes as stepped up.",
        warning="If a child is in immediate danger, phone the police on 999 now.",
    )


app_name = "familyhelp"
urlpatterns: list[URLPattern] = [
    path("", queue_view, name="queue"),
    path("request/", request_view, name="request"),
    path("step-down/", step_down_view, name="step_down"),
    path("settings/", settings_view, name="settings"),
    path("<int:case_id>/", case_view, name="case"),
    path("<int:case_id>/accept/", accept_view, name="accept"),
    path("<int:case_id>/decline/", decline_view, name="decline"),
    path("<int:case_id>/agreement/", agreement_view, name="agreement"),
    path("<int:case_id>/assessment/", assessment_view, name="assessment"),
    path("<int:case_id>/plan/", plan_view, name="plan"),
    path("<int:case_id>/review/", review_view, name="review"),
    path("<int:case_id>/meeting/", meeting_view, name="meeting"),
    path("<int:case_id>/network/", network_view, name="network"),
    path("<int:case_id>/close/", close_view, name="close"),
    path("<int:case_id>/step-up/", step_up_view, name="step_up"),
]
