from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from openmash.core import selectors
from openmash.core.access import RecordRestricted, break_glass_open
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.models import AuditEvent
from openmash.core.permissions import (
    break_glass_grant_get_for_review,
    break_glass_grants_visible_to,
)
from openmash.core.services import break_glass_review


@require_GET
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the user has to do first (each app's `home_sections`), then where else they can go."""
    from openmash.core.registry import home_sections

    sections = []
    for section in home_sections:
        context = section.context(request.user)
        if context is not None:
            sections.append({"template": section.template, **context})
    return render(request, "core/home.html", {"page_title": "Home", "sections": sections})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers; says nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def static_page(template: str, title: str) -> Callable[[HttpRequest], HttpResponse]:
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, {"page_title": title})

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


class AuditSearchForm(forms.Form):
    user = forms.CharField(required=False, label="User's email address")
    target_type = forms.ChoiceField(
        required=False,
        label="Record type",
        choices=[
            ("", "Any"),
            ("contact", "Contact"),
            ("person", "Person"),
            ("user", "User"),
            ("agency", "Agency"),
            ("apikey", "API key"),
        ],
    )
    target_id = forms.CharField(required=False, label="Record ID")
    verb = forms.CharField(required=False, label="Action", help_text="For example record.viewed")
    date_from = forms.DateField(
        required=False, label="From date", help_text="For example 2026-11-01"
    )
    date_to = forms.DateField(required=False, label="To date", help_text="For example 2026-11-30")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data


@require_GET
@permission_required("core.view_audit", raise_exception=True)
def audit_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        events = selectors.audit_event_search(**form.cleaned_data)
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        audit_record(
            actor=request.user,
            verb=AuditVerb.AUDIT_VIEWED,
            summary={
                "filters": {k: str(v) for k, v in form.cleaned_data.items() if v},
                "result_count": page.paginator.count,
            },
        )
    return render(
        request, "core/audit_search.html", {"form": form, "page": page, "page_title": "Audit log"}
    )


@require_GET
@permission_required("core.review_break_glass", raise_exception=True)
def break_glass_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    grants = break_glass_grants_visible_to(request.user)
    page = Paginator(grants, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/break_glass_list.html",
        {"page": page, "page_title": "Emergency access to restricted records"},
    )


@require_POST
@login_required
def break_glass_review_view(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = break_glass_grant_get_for_review(request.user, grant_id)
    try:
        break_glass_review(grant=grant, actor=request.user)
        messages.success(request, "Marked as reviewed.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("core:break_glass_list")


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why do you need to see this record now?",
        help_text="Your reason, your name and the time are recorded and sent to team managers.",
        error_messages={"required": "Enter the reason you need emergency access"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_request(
    request: AuthenticatedHttpRequest, target_type: str, target_id: int
) -> HttpResponse:
    target = selectors.restricted_target_for(request.user, target_type, target_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_open(user=request.user, target=target, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_error("reason", exc.message)
        else:
            return redirect(selectors.detail_url(target))
    return render(
        request,
        "core/restricted.html",
        {
            "form": form,
            "target_type": target_type,
            "target_id": target_id,
            "page_title": "This record is restricted",
        },
        status=400 if form.errors else 200,
    )


class RestrictedRecordMiddleware:
    """Turn a gate's RecordRestricted into the break-glass page (HTML views only)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, RecordRestricted):
            return None
        target = exc.target
        return render(
            request,
            "core/restricted.html",
            {
                "form": BreakGlassForm(),
                "target_type": target._meta.model_name,
                "target_id": target.pk,
                "page_title": "This record is restricted",
            },
            status=403,
        )


def record_history(target_type: str, target_id: int | str, *, limit: int = 20) -> list[AuditEvent]:
    return selectors.audit_events_for_record(target_type, str(target_id), limit=limit)
