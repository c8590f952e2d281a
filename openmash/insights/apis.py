"""The dashboards' figures and the journey map through the API, under /api/v1/insights/
(docs/api.md, "Insights"), for councils that use their own BI tools. The same gate, selectors
and audit as the pages: managers and the quality and performance lead; bad filters are a 400."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.schema import problem_responses
from openmash.core.audit import audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.insights.filters import Filters, FiltersForm
from openmash.insights.journey import journey_for
from openmash.insights.permissions import insights_gate
from openmash.insights.selectors import FIGURES
from openmash.insights.verbs import InsightsVerb

FILTER_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="Received on or after (YYYY-MM-DD); default a year before `to`",
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Received on or before; default today"),
    OpenApiParameter("by", str, enum=["month", "week"], description="Contacts counted by"),
    OpenApiParameter("team", int, description="Team id"),
    OpenApiParameter("worker", int, description="Allocated worker's user id"),
    OpenApiParameter("agency", int, description="Source agency id"),
    OpenApiParameter("group", str, enum=["child", "adult"], description="Children or adults"),
]


class InsightsFiltersSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    by = serializers.CharField()
    team = serializers.IntegerField(allow_null=True)
    worker = serializers.IntegerField(allow_null=True)
    agency = serializers.IntegerField(allow_null=True)
    group = serializers.CharField()


class InsightsFigureSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    filters = InsightsFiltersSerializer()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="One list per row, in the order of `columns`: text, numbers, ISO dates",
    )


class InsightsArrowSerializer(serializers.Serializer[Any]):
    source = serializers.CharField()  # type: ignore[assignment]
    target = serializers.CharField()
    count = serializers.IntegerField()
    median_hours = serializers.FloatField()
    p90_hours = serializers.FloatField()
    bottleneck = serializers.BooleanField()


class InsightsVariantSerializer(serializers.Serializer[Any]):
    stages = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()


class InsightsJourneySerializer(serializers.Serializer[Any]):
    filters = InsightsFiltersSerializer()
    cases = serializers.IntegerField()
    events = serializers.IntegerField()
    arrows = InsightsArrowSerializer(many=True)
    starts = serializers.DictField(child=serializers.IntegerField())
    ends = serializers.DictField(child=serializers.IntegerField())
    variants = InsightsVariantSerializer(many=True)


def _filters(request: AuthenticatedRequest) -> Filters:
    form = FiltersForm(request.query_params)
    if not form.is_valid():
        errors = {
            ("from" if k == "from_" else k): [str(e) for e in v] for k, v in form.errors.items()
        }
        raise ValidationError(errors)
    return form.filters()


def _filters_out(filters: Filters) -> dict[str, Any]:
    return {
        "start": filters.start,
        "end": filters.end,
        "by": filters.by,
        "team": filters.team_id,
        "worker": filters.worker_id,
        "agency": filters.agency_id,
        "group": filters.group,
    }


def _value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return value


class InsightsFigureApi(APIView):
    """One dashboard figure: its table, as the page shows it."""

    @extend_schema(
        operation_id="insights_figure",
        parameters=[
            OpenApiParameter("figure", str, OpenApiParameter.PATH, enum=list(FIGURES)),
            *FILTER_PARAMETERS,
        ],
        responses={200: InsightsFigureSerializer, **problem_responses(400, 403, 404)},
    )
    def get(self, request: AuthenticatedRequest, figure: str) -> Response:
        insights_gate(request.user)
        if figure not in FIGURES:
            raise Http404("No such figure")
        slug = figure
        filters = _filters(request)
        built = FIGURES[slug](request.user, filters)
        audit_record(
            actor=request.user,
            verb=InsightsVerb.FIGURE_VIEWED,
            target_type="insights",
            summary={"filters": filters.as_query(), "figures": [slug]},
            durable=False,
        )
        return Response(
            InsightsFigureSerializer(
                {
                    "slug": built.slug,
                    "title": built.title,
                    "summary": built.summary,
                    "filters": _filters_out(filters),
                    "columns": built.columns,
                    "rows": [[_value(v) for v in row.cells] for row in built.rows],
                }
            ).data
        )


class InsightsJourneyApi(APIView):
    """The journey map: arrows with counts and times, where journeys start and end, variants."""

    @extend_schema(
        operation_id="insights_journey",
        parameters=FILTER_PARAMETERS,
        responses={200: InsightsJourneySerializer, **problem_responses(400, 403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        insights_gate(request.user)
        filters = _filters(request)
        journey = journey_for(request.user, filters)
        audit_record(
            actor=request.user,
            verb=InsightsVerb.JOURNEY_VIEWED,
            target_type="insights",
            summary={"filters": filters.as_query(), "cases": journey.cases},
            durable=False,
        )
        return Response(
            InsightsJourneySerializer(
                {
                    "filters": _filters_out(filters),
                    "cases": journey.cases,
                    "events": journey.events,
                    "arrows": journey.arrows,
                    "starts": journey.starts,
                    "ends": journey.ends,
                    "variants": [
                        {"stages": list(stages), "count": n} for stages, n in journey.variants
                    ],
                }
            ).data
        )


api_urlpatterns: list[URLPattern] = [
    path("insights/journey/", InsightsJourneyApi.as_view(), name="insights_journey"),
    path("insights/<slug:figure>/", InsightsFigureApi.as_view(), name="insights_figure"),
]
