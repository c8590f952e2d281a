"""Out-of-hours pages, mounted at /out-of-hours/: the EDT queue, a record with its actions and
interim safety plan, the hand-over lists and their acknowledgement, and the period's setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.outofhours.forms import AcknowledgeForm, ActionForm, SafetyPlanForm, SettingForm
from openmash.outofhours.models import EdtRecord, HandOver, OutOfHoursSetting
from openmash.outofhours.period import setting_current
from openmash.outofhours.permissions import (
    can_acknowledge_handovers,
    can_change_out_of_hours_setting,
    can_see_out_of_hours,
    can_work_out_of_hours,
    edt_record_get_for_user,
    handover_get_for_user,
)
from openmash.outofhours.selectors import (
    edt_queue,
    handover_list,
    handover_records,
    out_of_hours_setting_history,
    plan_of,
)
from openmash.outofhours.services import (
    edt_action_record,
    handover_acknowledge,
    out_of_hours_setting_change,
    safety_plan_record,
)


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal lands on the form (on the named field when there is one)."""
    try:
        return call()
    except ConflictError as error:
        form.add_error(None, error.message)
    except ApplicationError as error:
        field = error.field if error.field in form.fields else None
        if field is None and error.field:
            # A rule about a date and time entered in two boxes names the first.
            field = next((f for f in form.fields if f.startswith(error.field)), None)
        form.add_error(field, error.message)
    return None


def _listed(user: Any, records: list[EdtRecord], page: str) -> None:
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="edtrecord",
        summary={"ids": [r.pk for r in records], "page": page},
        durable=False,
    )


@require_GET
@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_see_out_of_hours(request.user):
        raise PermissionDenied
    records = edt_queue(request.user)
    _listed(request.user, records, "edt queue")
    rows = [{"record": r, "plan": plan_of(r)} for r in records]
    return render(
        request,
        "outofhours/queue.html",
        {"rows": rows, "page_title": "Out-of-hours queue", "setting": setting_current()},
    )


@require_GET
@login_required
def record_detail(request: AuthenticatedHttpRequest, edt_record_id: int) -> HttpResponse:
    record = edt_record_get_for_user(request.user, edt_record_id)
    versions = list(record.plan_versions.select_related("recorded_by").order_by("-number"))
    return render(
        request,
        "outofhours/record.html",
        {
            "record": record,
            "contact": record.contact,
            "actions": record.actions.select_related("recorded_by").order_by("taken_at", "pk"),
            "plan": versions[0] if versions else None,
            "earlier_plans": versions[1:],
            "can_work": can_work_out_of_hours(request.user),
            "page_title": f"Out-of-hours record: contact {record.contact.reference}",
        },
    )


def _record_form_page(
    request: HttpRequest, record: EdtRecord, form: forms.Form, *, title: str, button: str
) -> HttpResponse:
    return render(
        request,
        "outofhours/form.html",
        {
            "record": record,
            "form": form,
            "title": title,
            "button": button,
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


@login_required
def action_add(request: AuthenticatedHttpRequest, edt_record_id: int) -> HttpResponse:
    record = edt_record_get_for_user(request.user, edt_record_id, for_change=True)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: edt_action_record(
                record=record,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                taken_at=form.taken_at(),
                detail=form.cleaned_data["detail"],
            ),
        )
        if done:
            messages.success(request, f"{done.get_kind_display()} recorded")
            return redirect("outofhours:record", record.pk)
    return _record_form_page(request, record, form, title="Record an action", button="Save")


@login_required
def safety_plan(request: AuthenticatedHttpRequest, edt_record_id: int) -> HttpResponse:
    record = edt_record_get_for_user(request.user, edt_record_id, for_change=True)
    current = plan_of(record)
    initial: dict[str, Any] = {"version": current.number if current else 0}
    if current is not None:
        initial.update(
            who_does_what=current.who_does_what,
            how_checked=current.how_checked,
            until_on=timezone.localtime(current.until).date(),
            until_time=timezone.localtime(current.until).strftime("%H:%M"),
        )
    form = SafetyPlanForm(request.POST or None, initial=initial, first=current is None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: safety_plan_record(
                record=record,
                actor=request.user,
                who_does_what=form.cleaned_data["who_does_what"],
                until=form.until(),
                how_checked=form.cleaned_data["how_checked"],
                change_reason=form.cleaned_data.get("change_reason", ""),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(request, f"Interim safety plan version {done.number} saved")
            return redirect("outofhours:record", record.pk)
    title = "Update the interim safety plan" if current else "Record an interim safety plan"
    return _record_form_page(request, record, form, title=title, button="Save the plan")


@require_GET
@login_required
def handovers(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_see_out_of_hours(request.user):
        raise PermissionDenied
    found = list(handover_list(request.user)[:60])
    return render(
        request,
        "outofhours/handovers.html",
        {"handovers": found, "page_title": "Out-of-hours hand-overs"},
    )


def _handover_page(
    request: AuthenticatedHttpRequest, handover: HandOver, form: AcknowledgeForm
) -> HttpResponse:
    records = handover_records(request.user, handover)
    _listed(request.user, records, "hand-over")
    return render(
        request,
        "outofhours/handover.html",
        {
            "handover": handover,
            "rows": [{"record": r, "plan": plan_of(r)} for r in records],
            "form": form,
            "can_acknowledge": can_acknowledge_handovers(request.user)
            and handover.acknowledged_at is None,
            "has_errors": form.is_bound and bool(form.errors),
            "page_title": str(handover),
        },
    )


@require_GET
@login_required
def handover_detail(request: AuthenticatedHttpRequest, handover_id: int) -> HttpResponse:
    handover = handover_get_for_user(request.user, handover_id)
    return _handover_page(request, handover, AcknowledgeForm())


@require_POST
@login_required
def handover_acknowledge_view(request: AuthenticatedHttpRequest, handover_id: int) -> HttpResponse:
    handover = handover_get_for_user(request.user, handover_id, for_change=True)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        done = _attempt(
            form,
            lambda: handover_acknowledge(
                handover=handover, actor=request.user, note=form.cleaned_data["note"]
            ),
        )
        if done:
            messages.success(request, f"{handover} acknowledged")
            return redirect("outofhours:handover", handover.pk)
    return _handover_page(request, handover, form)


@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_change_out_of_hours_setting(request.user):
        raise PermissionDenied
    current = setting_current()
    initial = {
        "day_starts": current.day_starts.strftime("%H:%M"),
        "day_ends": current.day_ends.strftime("%H:%M"),
        "weekends": current.weekends,
        "bank_holidays": current.bank_holidays,
        "acknowledge_by": current.acknowledge_by.strftime("%H:%M"),
    }
    form = SettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: out_of_hours_setting_change(
                actor=request.user,
                day_starts=data["day_starts"],
                day_ends=data["day_ends"],
                weekends=data["weekends"],
                bank_holidays=data["bank_holidays"],
                acknowledge_by=data["acknowledge_by"],
                reason=data["reason"],
            ),
        )
        if done:
            messages.success(request, "Out-of-hours period changed")
            return redirect(reverse("outofhours:settings"))
    history: list[OutOfHoursSetting] = list(out_of_hours_setting_history())
    return render(
        request,
        "outofhours/settings.html",
        {
            "form": form,
            "current": current,
            "history": history,
            "has_errors": form.is_bound and bool(form.errors),
            "page_title": "Out-of-hours period",
        },
    )


app_name = "outofhours"
urlpatterns: list[URLPattern] = [
    path("", queue, name="queue"),
    path("records/<int:edt_record_id>/", record_detail, name="record"),
    path("records/<int:edt_record_id>/actions/new/", action_add, name="action_add"),
    path("records/<int:edt_record_id>/safety-plan/", safety_plan, name="safety_plan"),
    path("hand-overs/", handovers, name="handovers"),
    path("hand-overs/<int:handover_id>/", handover_detail, name="handover"),
    path(
        "hand-overs/<int:handover_id>/acknowledge/",
        handover_acknowledge_view,
        name="handover_acknowledge",
    ),
    path("settings/", settings_page, name="settings"),
]
