"""Dashboards and the journey map in the browser, mounted at /insights/: for managers and the
quality and performance lead (`insights_gate`). Each figure: an SVG chart, the same figures as a
table, a CSV download, and links to the contacts behind each row (through the contacts gate)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from openmash.accounts.models import Agency, Team, User
from openmash.contacts.selectors import contact_list_logged
from openmash.core.audit import audit_record
from openmash.core.dates import govuk_date, govuk_datetime
from openmash.core.http import AuthenticatedHttpRequest
from openmash.insights.charts import bar_chart, journey_chart
from openmash.insights.filters import Filters, FiltersForm, default_filters
from openmash.insights.journey import journey_for
from openmash.insights.permissions import insights_gate
from openmash.insights.selectors import FIGURES, Figure, figure_records
from openmash.insights.verbs import InsightsVerb

app_name = "insights"
RECORDS_SHOWN = 200


def _filters(request: AuthenticatedHttpRequest) -> tuple[FiltersForm, Filters]:
    form = FiltersForm(request.GET)
    if form.is_valid():
        return form, form.filters()
    return form, default_filters()


def _audit(
    request: AuthenticatedHttpRequest, verb: InsightsVerb, filters: Filters, **extra: Any
) -> None:
    audit_record(
        actor=request.user,
        verb=verb,
        target_type="insights",
        summary={"filters": filters.as_query(), **extra},
        durable=False,
    )


def _choices() -> dict[str, Any]:
    return {
        "teams": Team.objects.filter(is_active=True).order_by("name"),
        "agencies": Agency.objects.filter(is_active=True).order_by("name"),
        "workers": User.objects.filter(is_active=True, teams__isnull=False)
        .distinct()
        .order_by("full_name"),
    }


def _records_url(figure: Figure, filters: Filters, key: dict[str, str]) -> str:
    query = {**filters.as_query(), **key}
    return reverse("insights:records", args=[figure.slug]) + "?" + urlencode(query)


def _shown(figure: Figure, filters: Filters) -> dict[str, Any]:
    links = [
        row.href or (_records_url(figure, filters, row.records) if row.records is not None else "")
        for row in figure.rows
    ]
    return {
        "figure": figure,
        "chart": bar_chart(figure.bars),
        "rows": [
            ([_shown_cell(value) for value in row.cells], link, bool(row.href))
            for row, link in zip(figure.rows, links, strict=True)
        ],
        "csv_url": reverse("insights:figure_csv", args=[figure.slug])
        + "?"
        + urlencode(filters.as_query()),
    }


def _shown_cell(value: object) -> str:
    if isinstance(value, datetime):
        return govuk_datetime(value, short=True)
    if isinstance(value, date):
        return govuk_date(value, short=True)
    return str(value)


@require_GET
@login_required
def dashboard_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    insights_gate(request.user)
    form, filters = _filters(request)
    figures = [_shown(build(request.user, filters), filters) for build in FIGURES.values()]
    _audit(request, InsightsVerb.FIGURE_VIEWED, filters, figures=list(FIGURES))
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "filters": filters,
            "figures": figures,
            "page_title": "Front door dashboards",
            **_choices(),
        },
    )


def _cell(value: object) -> str:
    if isinstance(value, date):  # dates and datetimes: ISO 8601 for spreadsheets and BI tools
        return value.isoformat()
    return str(value)


@require_GET
@login_required
def figure_csv_view(request: AuthenticatedHttpRequest, figure: str) -> HttpResponse:
    insights_gate(request.user)
    if figure not in FIGURES:
        raise Http404("No such figure")
    slug = figure
    _, filters = _filters(request)
    built = FIGURES[slug](request.user, filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="openmash-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(built.columns)
    for row in built.rows:
        writer.writerow([_cell(value) for value in row.cells])
    _audit(request, InsightsVerb.FIGURE_DOWNLOADED, filters, figure=slug, rows=len(built.rows))
    return response


ROW_KEYS = (
    "row_agency",
    "channel",
    "outcome",
    "rag",
    "asked",
    "row_team",
    "row_worker",
    "repeat",
    "open",
    "clock",
)


@require_GET
@login_required
def records_view(request: AuthenticatedHttpRequest, figure: str) -> HttpResponse:
    insights_gate(request.user)
    if figure not in FIGURES:
        raise Http404("No such figure")
    slug = figure
    _, filters = _filters(request)
    key = {name: request.GET[name] for name in ROW_KEYS if name in request.GET}
    contacts = list(figure_records(request.user, filters, slug, key)[:RECORDS_SHOWN])
    contact_list_logged(user=request.user, contacts=contacts)
    back = reverse("insights:index") + "?" + urlencode(filters.as_query()) + f"#{slug}"
    return render(
        request,
        "insights/records.html",
        {
            "contacts": contacts,
            "page_obj": {"object_list": contacts},
            "limit": RECORDS_SHOWN,
            "back": back,
            "title": FIGURES_TITLES.get(slug, ""),
            "filters": filters,
            "page_title": "The contacts behind the figure",
        },
    )


FIGURES_TITLES = {
    "contacts": "Contacts by source agency and channel",
    "conversion": "Outcomes by source agency",
    "timeliness": "RAG and decision timeliness",
    "requests": "Information requests",
    "repeats": "Re-contacts and re-referrals within 12 months",
    "workload": "Workload by team and worker",
    "drift": "Drift: open contacts past their decision clock",
}


@require_GET
@login_required
def journey_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    insights_gate(request.user)
    form, filters = _filters(request)
    journey = journey_for(request.user, filters)
    _audit(request, InsightsVerb.JOURNEY_VIEWED, filters, cases=journey.cases)
    return render(
        request,
        "insights/journey.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "filters": filters,
            "journey": journey,
            "chart": journey_chart(journey),
            "page_title": "The journey map",
            **_choices(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", dashboard_view, name="index"),
    path("journey/", journey_view, name="journey"),
    path("<slug:figure>.csv", figure_csv_view, name="figure_csv"),
    path("<slug:figure>/records/", records_view, name="records"),
]
