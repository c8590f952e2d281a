"""Statutory returns in the browser, mounted at /returns/: the performance lead asks for Ofsted's
Annex A for an inspection date (built in the background), downloads the files kept, and checks
what the records lack before the return goes (the validation list)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.returns.annex_a import BUILT_LISTS, LIST_TITLES, annex_a_period
from openmash.returns.forms import AnnexAForm
from openmash.returns.models import AnnexARun
from openmash.returns.permissions import annex_a_run_get_for_user, returns_gate, runs_visible_to
from openmash.returns.selectors import annex_a_build
from openmash.returns.services import annex_a_run_download, annex_a_run_request
from openmash.returns.validation import RULES, annex_a_failures

app_name = "returns"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(path: Path, run: AnnexARun) -> HttpResponse:
    """The workbook as an attachment (read whole: a few megabytes at most)."""
    response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{run.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def index_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    returns_gate(request.user)
    form = AnnexAForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = annex_a_run_request(
                actor=request.user, inspection_date=form.cleaned_data["inspection_date"]
            )
        except ApplicationError as error:
            form.add_error("inspection_date", error.message)
        else:
            messages.success(
                request,
                f"Annex A for {run.inspection_date:%-d %B %Y} has been asked for. Download it "
                "from the list below when its status says Ready to download.",
            )
            return redirect("returns:index")
    runs = list(runs_visible_to(request.user).select_related("requested_by")[:50])
    return render(
        request,
        "returns/index.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "runs": runs,
            "built": [(n, LIST_TITLES[n]) for n in BUILT_LISTS],
            "not_yet": [(n, t) for n, t in LIST_TITLES.items() if n not in BUILT_LISTS],
            "page_title": "Statutory returns",
        },
    )


@require_GET
@login_required
def download_view(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = annex_a_run_get_for_user(request.user, run_id)
    try:
        path = annex_a_run_download(actor=request.user, run=run)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("returns:index")
    return xlsx_response(path, run)


def _inspection_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()
    return min(day, timezone.localdate())


@require_GET
@login_required
def validation_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    returns_gate(request.user)
    inspection_date = _inspection_date(request.GET.get("inspection_date", ""))
    annex = annex_a_build(inspection_date)
    failures = annex_a_failures(annex)
    audit_record(
        actor=request.user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="annex_a_validation",
        summary={
            "inspection_date": inspection_date.isoformat(),
            "children": sorted({f.child_id for f in failures}),
            "count": len(failures),
        },
        durable=False,
    )
    by_rule = [(rule, [f for f in failures if f.rule is rule]) for rule in RULES]
    return render(
        request,
        "returns/validation.html",
        {
            "period": annex_a_period(inspection_date),
            "inspection_date": inspection_date,
            "failures": failures,
            "by_rule": [(rule, found) for rule, found in by_rule if found],
            "rows": {n: len(rows) for n, rows in annex.lists.items()},
            "page_title": "Annex A: what the records lack",
        },
    )


urlpatterns: list[URLPattern] = [
    path("", index_view, name="index"),
    path("annex-a/validation/", validation_view, name="annex_a_validation"),
    path("annex-a/<int:run_id>/download/", download_view, name="annex_a_download"),
]
