"""LADO pages, mounted at /lado/: the allegations list, an employer's referral, an allegation with
its consideration, strands, meetings, outcome and referrals, the annual report and the setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.lado.forms import (
    CRITERIA,
    ConsiderationForm,
    MeetingForm,
    OutcomeForm,
    ReferralForm,
    RegulatorReferralForm,
    SettingForm,
    StrandForm,
)
from openmash.lado.models import Allegation, MeetingAction, Strand, StrandKind
from openmash.lado.permissions import (
    allegation_get_for_user,
    can_change_lado_setting,
    can_refer_allegation,
    can_see_allegations,
    can_see_lado_report,
    can_work_allegations,
    sees_in_full,
)
from openmash.lado.selectors import (
    allegation_detailed,
    allegation_list,
    financial_year_start,
    lado_annual_report,
    lado_setting_history,
    stage_of,
)
from openmash.lado.services import (
    AllegationInput,
    allegation_conclude,
    allegation_consider,
    allegation_refer,
    lado_setting_change,
    lado_setting_current,
    meeting_action_done,
    meeting_record,
    regulator_referral_record,
    strand_update,
)


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


def _listed(user: Any, ids: list[int], page: str) -> None:
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="allegation",
        summary={"ids": ids, "page": page},
        durable=False,
    )


@require_GET
@login_required
def allegations(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_see_allegations(request.user):
        raise PermissionDenied
    found = [a for a in allegation_list(request.user) if not a.masked]  # type: ignore[attr-defined]
    _listed(request.user, [a.pk for a in found], "lado allegations")
    rows = [{"allegation": a, "stage": stage_of(a)} for a in found]
    return render(
        request,
        "lado/list.html",
        {
            "rows": rows,
            "can_work": can_work_allegations(request.user),
            "can_refer": can_refer_allegation(request.user),
            "can_report": can_see_lado_report(request.user),
            "employer": not request.user.has_capability("sees_front_door"),
            "now": timezone.now(),
            "page_title": "Allegations (LADO)",
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    title: str,
    button: str,
    allegation: Allegation | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "lado/form.html",
        {
            "allegation": allegation,
            "form": form,
            "title": title,
            "button": button,
            "has_errors": form.is_bound and bool(form.errors),
            **(extra or {}),
        },
    )


@login_required
def refer(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_refer_allegation(request.user):
        raise PermissionDenied
    employer = not can_work_allegations(request.user)
    form = ReferralForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = AllegationInput(
            subject=form.subject(),
            role=d["role"],
            sector=d["sector"],
            description=d["description"],
            children=[form.child()],
            employer_name=d["employer_name"],
            is_volunteer=d["is_volunteer"],
            source=d.get("source") or "employer",
            channel="portal" if employer else "phone",
        )
        done = _attempt(form, lambda: allegation_refer(actor=request.user, data=data))
        if done:
            messages.success(request, f"Allegation referred to the LADO: {done.reference}")
            return redirect("lado:allegation", done.pk)
    return _form_page(
        request,
        form,
        title="Refer an allegation to the LADO",
        button="Send the referral" if employer else "Record the referral",
        extra={
            "intro": "Tell the designated officer (LADO) about an adult who works or volunteers "
            "with children and may have harmed a child, may have committed an offence against "
            "a child, may pose a risk of harm to children, or may not be suitable to work with "
            "them. Call the police on 999 if a child is in immediate danger."
        },
    )


@require_GET
@login_required
def allegation_detail(request: AuthenticatedHttpRequest, allegation_id: int) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id)
    full = sees_in_full(request.user, allegation)
    detailed = allegation_detailed(allegation.pk)
    strands = list(detailed.strands.all())
    return render(
        request,
        "lado/allegation.html",
        {
            "allegation": detailed,
            "full": full,
            "stage": stage_of(detailed),
            "strands": strands,
            "criteria": [(label, getattr(detailed, name)) for name, label in CRITERIA],
            "all_strands_closed": all(s.status == "closed" for s in strands),
            "can_work": can_work_allegations(request.user) and detailed.closed_at is None,
            "can_refer_on": can_work_allegations(request.user),
            "now": timezone.now(),
            "page_title": f"Allegation {detailed.reference}",
        },
    )


@login_required
def consider(request: AuthenticatedHttpRequest, allegation_id: int) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
    form = ConsiderationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: allegation_consider(
                allegation=allegation,
                actor=request.user,
                harmed_child=form.criterion("harmed_child"),
                possible_offence=form.criterion("possible_offence"),
                risk_of_harm=form.criterion("risk_of_harm"),
                transferable_risk=form.criterion("transferable_risk"),
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done:
            messages.success(request, "Initial consideration recorded")
            return redirect("lado:allegation", allegation.pk)
    return _form_page(
        request,
        form,
        title="Initial consideration",
        button="Save the consideration",
        allegation=allegation,
        extra={"due": allegation.consideration_due_at},
    )


@login_required
def strand_edit(request: AuthenticatedHttpRequest, allegation_id: int, strand: str) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
    if strand not in StrandKind.values:
        raise Http404("No such strand")
    row: Strand = allegation.strands.get(kind=strand)
    initial = {"owner": row.owner, "status": row.status, "outcome": row.outcome}
    form = StrandForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _attempt(
            form,
            lambda: strand_update(
                strand=row,
                actor=request.user,
                owner=d["owner"],
                status=d["status"],
                outcome=d["outcome"],
            ),
        )
        if done:
            messages.success(request, f"{done.get_kind_display()}: {done.get_status_display()}")
            return redirect("lado:allegation", allegation.pk)
    return _form_page(
        request,
        form,
        title=row.get_kind_display(),
        button="Save the strand",
        allegation=allegation,
    )


@login_required
def meeting_add(request: AuthenticatedHttpRequest, allegation_id: int) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: meeting_record(
                allegation=allegation,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                held_at=form.held_at(),
                attendees=form.cleaned_data["attendees"],
                minutes=form.cleaned_data["minutes"],
                actions=form.actions(),
            ),
        )
        if done:
            messages.success(request, f"{done.get_kind_display()} recorded")
            return redirect("lado:allegation", allegation.pk)
    return _form_page(
        request, form, title="Record a meeting", button="Save the meeting", allegation=allegation
    )


@require_POST
@login_required
def action_done(request: AuthenticatedHttpRequest, allegation_id: int) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
    action_id = request.POST.get("action", "")
    action = (
        MeetingAction.objects.filter(meeting__allegation=allegation, pk=action_id).first()
        if action_id.isdigit()
        else None
    )
    if action is None:
        messages.error(request, "Select an action of this allegation")
        return redirect("lado:allegation", allegation.pk)
    try:
        meeting_action_done(action=action, actor=request.user)
        messages.success(request, "Action marked done")
    except ConflictError as error:
        messages.error(request, error.message)
    return redirect("lado:allegation", allegation.pk)


@login_required
def conclude(request: AuthenticatedHttpRequest, allegation_id: int) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: allegation_conclude(
                allegation=allegation,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done:
            messages.success(request, f"Outcome recorded: {done.get_outcome_display()}")
            return redirect("lado:allegation", allegation.pk)
    return _form_page(
        request,
        form,
        title="Outcome of the allegation",
        button="Record the outcome and close",
        allegation=allegation,
    )


@login_required
def regulator_referral_add(request: AuthenticatedHttpRequest, allegation_id: int) -> HttpResponse:
    allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
    form = RegulatorReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _attempt(
            form,
            lambda: regulator_referral_record(
                allegation=allegation,
                actor=request.user,
                body=d["body"],
                referred_on=d["referred_on"],
                made_by=d["made_by"],
                reference=d["reference"],
            ),
        )
        if done:
            messages.success(request, f"{done} recorded")
            return redirect("lado:allegation", allegation.pk)
    return _form_page(
        request,
        form,
        title="Referral to the DBS or a regulator",
        button="Save the referral",
        allegation=allegation,
    )


@require_GET
@login_required
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_see_lado_report(request.user):
        raise PermissionDenied
    this_year = financial_year_start(timezone.localdate())
    year = request.GET.get("year", "")
    start = (
        this_year.replace(year=int(year))
        if year.isdigit() and 2000 < int(year) < 2100
        else this_year
    )
    table = lado_annual_report(request.user, year_start=start)
    return render(
        request,
        "lado/report.html",
        {
            "report": table,
            "years": [this_year.year - n for n in range(0, 4)],
            "page_title": f"LADO annual report {start.year} to {start.year + 1}",
        },
    )


@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_change_lado_setting(request.user):
        raise PermissionDenied
    current = lado_setting_current()
    form = SettingForm(
        request.POST or None,
        initial={"consideration_working_days": current.consideration_working_days},
    )
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: lado_setting_change(
                actor=request.user,
                consideration_working_days=form.cleaned_data["consideration_working_days"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done:
            messages.success(request, "Initial consideration time changed")
            return redirect("lado:settings")
    return render(
        request,
        "lado/settings.html",
        {
            "form": form,
            "current": current,
            "history": list(lado_setting_history()),
            "has_errors": form.is_bound and bool(form.errors),
            "page_title": "LADO initial consideration time",
        },
    )


app_name = "lado"
urlpatterns: list[URLPattern] = [
    path("", allegations, name="allegations"),
    path("refer/", refer, name="refer"),
    path("report/", report, name="report"),
    path("settings/", settings_page, name="settings"),
    path("allegations/<int:allegation_id>/", allegation_detail, name="allegation"),
    path("allegations/<int:allegation_id>/consideration/", consider, name="consider"),
    path("allegations/<int:allegation_id>/strands/<slug:strand>/", strand_edit, name="strand"),
    path("allegations/<int:allegation_id>/meetings/new/", meeting_add, name="meeting_add"),
    path("allegations/<int:allegation_id>/actions/done/", action_done, name="action_done"),
    path("allegations/<int:allegation_id>/outcome/", conclude, name="conclude"),
    path(
        "allegations/<int:allegation_id>/regulator-referrals/new/",
        regulator_referral_add,
        name="regulator_referral_add",
    ),
]
