"""The Safeguarding Adults Collection and the reconciliation in the browser, under /returns/:
the performance lead asks for the SAC for a year (built in the background), downloads the files
kept, and checks each return against the records it is counted from."""

from __future__ import annotations

from datetime import date

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
from openmash.returns.annex_a import annex_a_period
from openmash.returns.forms import SacForm, sac_period_choices
from openmash.returns.models import SacRun
from openmash.returns.permissions import returns_gate, sac_run_get_for_user, sac_runs_visible_to
from openmash.returns.reconciliation import Check, annex_a_reconcile, sac_reconcile
from openmash.returns.sac import sac_period
from openmash.returns.sac_services import sac_run_download, sac_run_request
from openmash.returns.views import XLSX


def sac_xlsx_response(path: object, run: SacRun) -> HttpResponse:
    from pathlib import Path

    response = HttpResponse(Path(str(path)).read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{run.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def sac_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    returns_gate(request.user)
    form = SacForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            run = sac_run_request(actor=request.user, period=form.cleaned_data["period"])
        except ApplicationError as error:
            form.add_error("period", error.message)
        else:
            messages.success(
                request,
                f"The Safeguarding Adults Collection {run.period} has been asked for. Download "
                "it from the list below when its status says Ready to download.",
            )
            return redirect("returns:sac")
    runs = list(sac_runs_visible_to(request.user).select_related("requested_by")[:50])
    return render(
        request,
        "returns/sac.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "runs": runs,
            "page_title": "Safeguarding Adults Collection",
        },
    )


@require_GET
@login_required
def sac_download_view(request: AuthenticatedHttpRequest, sac_run_id: int) -> HttpResponse:
    run = sac_run_get_for_user(request.user, sac_run_id)
    try:
        path_ = sac_run_download(actor=request.user, run=run)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("returns:sac")
    return sac_xlsx_response(path_, run)


EARLIEST = date(2000, 1, 1)  # before any record OpenMASH holds (and far from year 1)


def reconciliation_inputs(inspection_text: str, period_text: str) -> tuple[date, str]:
    """The inspection date (today when missing or odd, never later than today) and the SAC year
    (the latest started when missing or odd)."""
    today = timezone.localdate()
    try:
        inspection_date = min(date.fromisoformat(inspection_text), today)
    except ValueError:
        inspection_date = today
    if inspection_date < EARLIEST:
        inspection_date = today
    try:
        period = sac_period(period_text).label
    except ValueError:
        period = sac_period_choices(today)[0][0]
    if sac_period(period).start > today:
        period = sac_period_choices(today)[0][0]
    return inspection_date, period


def reconciliation_audit(
    request: AuthenticatedHttpRequest, inspection_date: date, period: str, checks: list[Check]
) -> None:
    audit_record(
        actor=request.user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="reconciliation",
        summary={
            "inspection_date": inspection_date.isoformat(),
            "period": period,
            "differences": sum(len(c.only_return) + len(c.only_records) for c in checks),
            "records": sorted({r.key for c in checks for r in [*c.only_return, *c.only_records]}),
        },
        durable=False,
    )


@require_GET
@login_required
def reconciliation_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    returns_gate(request.user)
    inspection_date, period = reconciliation_inputs(
        request.GET.get("inspection_date", ""), request.GET.get("period", "")
    )
    annex_checks = annex_a_reconcile(inspection_date)
    sac_checks = sac_reconcile(period)
    reconciliation_audit(request, inspection_date, period, [*annex_checks, *sac_checks])
    return render(
        request,
        "returns/reconciliation.html",
        {
            "inspection_date": inspection_date,
            "annex_period": annex_a_period(inspection_date),
            "period": period,
            "sac_period": sac_period(period),
            "periods": sac_period_choices(timezone.localdate()),
            "annex_checks": annex_checks,
            "sac_checks": sac_checks,
            "page_title": "Reconciliation of the returns",
        },
    )


urlpatterns: list[URLPattern] = [
    path("sac/", sac_view, name="sac"),
    path("sac/<int:sac_run_id>/download/", sac_download_view, name="sac_download"),
    path("reconciliation/", reconciliation_view, name="reconciliation"),
]
