"""The DfE Children in Need census in the browser, under /returns/cin-census/: the performance
lead asks for a census year (built in the background), downloads the XML files kept, and checks
what the records lack against the DfE's rules before the return goes."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.returns.cin_census import CinPeriod, cin_census_build, cin_period
from openmash.returns.cin_services import cin_run_download, cin_run_request
from openmash.returns.cin_validation import CIN_RULES, cin_failures
from openmash.returns.forms import CinCensusForm, cin_period_choices
from openmash.returns.models import CinCensusRun
from openmash.returns.permissions import cin_run_get_for_user, cin_runs_visible_to, returns_gate

XML = "application/xml"


def xml_response(path_: Path, run: CinCensusRun) -> HttpResponse:
    response = HttpResponse(path_.read_bytes(), content_type=XML)
    response["Content-Disposition"] = f'attachment; filename="{run.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def cin_index_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    returns_gate(request.user)
    form = CinCensusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = cin_run_request(actor=request.user, label=form.cleaned_data["period"])
        except ApplicationError as error:
            form.add_error("period", error.message)
        else:
            messages.success(
                request,
                f"The CIN census for {run.period} has been asked for. Download it from the list "
                "below when its status says Ready to download.",
            )
            return redirect("returns:cin_index")
    runs = list(cin_runs_visible_to(request.user).select_related("requested_by")[:50])
    return render(
        request,
        "returns/cin.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "runs": runs,
            "page_title": "Children in Need census",
        },
    )


@require_GET
@login_required
def cin_download_view(request: AuthenticatedHttpRequest, cin_run_id: int) -> HttpResponse:
    run = cin_run_get_for_user(request.user, cin_run_id)
    try:
        path_ = cin_run_download(actor=request.user, run=run)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("returns:cin_index")
    return xml_response(path_, run)


def _period(text: str) -> CinPeriod:
    """The year asked for, or the latest year that has started."""
    try:
        return cin_period(text)
    except ValueError:
        return cin_period(cin_period_choices()[0][0])


@require_GET
@login_required
def cin_validation_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    returns_gate(request.user)
    period = _period(request.GET.get("period", ""))
    census = cin_census_build(period)
    failures = cin_failures(census)
    audit_record(
        actor=request.user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="cin_census_validation",
        summary={
            "period": period.label,
            "children": sorted({f.child_id for f in failures}),
            "count": len(failures),
        },
        durable=False,
    )
    by_rule = [(rule, [f for f in failures if f.rule is rule]) for rule in CIN_RULES]
    return render(
        request,
        "returns/cin_validation.html",
        {
            "period": period,
            "choices": cin_period_choices(),
            "failures": failures,
            "by_rule": [(rule, found) for rule, found in by_rule if found],
            "children": len(census.children),
            "episodes": census.episode_count,
            "page_title": "CIN census: what the records lack",
        },
    )


urlpatterns: list[URLPattern] = [
    path("cin-census/", cin_index_view, name="cin_index"),
    path("cin-census/validation/", cin_validation_view, name="cin_validation"),
    path("cin-census/<int:cin_run_id>/download/", cin_download_view, name="cin_download"),
]
