"""The DfE Children in Need census through the API, under /api/v1/returns/cin-census/
(docs/api.md, "Statutory returns"): the census runs, a new run, and a run's XML. The same gate
and services as the pages: the quality and performance lead only, every run and download
audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.schema import problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.returns.cin_services import cin_run_download, cin_run_request
from openmash.returns.cin_views import XML, xml_response
from openmash.returns.models import CinCensusRun
from openmash.returns.permissions import cin_run_get_for_user, cin_runs_visible_to, returns_gate


class ReturnsCinRunOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    period = serializers.CharField(help_text="The census year, e.g. 2025-26")
    period_start = serializers.DateField()
    period_end = serializers.DateField(help_text="The ReferenceDate (31 March)")
    status = serializers.CharField(help_text="queued, running, done or failed")
    requested_by = serializers.CharField(source="requested_by.email")
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    children = serializers.IntegerField()
    episodes = serializers.IntegerField()
    download = serializers.SerializerMethodField()

    def get_kind(self, run: CinCensusRun) -> str:
        return "cin_census"

    def get_download(self, run: CinCensusRun) -> str | None:
        if run.status != "done":
            return None
        return reverse("api:returns_cin_run_download", args=[run.pk])


class ReturnsCinRunInputSerializer(serializers.Serializer[Any]):
    period = serializers.RegexField(
        r"^\d{4}-\d{2}$", max_length=7, help_text="The census year, e.g. 2025-26"
    )


class ReturnsCinRunsApi(APIView):
    """The CIN census runs, newest first; a new run (built in the background)."""

    @extend_schema(
        operation_id="returns_cin_runs_list",
        responses={200: ReturnsCinRunOutputSerializer(many=True), **problem_responses(403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        runs = list(cin_runs_visible_to(request.user).select_related("requested_by")[:200])
        audit_record(
            actor=request.user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="cincensusrun",
            summary={"ids": [r.pk for r in runs], "count": len(runs)},
            durable=False,
        )
        return Response(ReturnsCinRunOutputSerializer(runs, many=True).data)

    @extend_schema(
        operation_id="returns_cin_runs_create",
        request=ReturnsCinRunInputSerializer,
        responses={202: ReturnsCinRunOutputSerializer, **problem_responses(400, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        given = ReturnsCinRunInputSerializer(data=request.data)
        if not given.is_valid():
            raise ValidationError(given.errors)
        run = cin_run_request(actor=request.user, label=given.validated_data["period"])
        return Response(ReturnsCinRunOutputSerializer(run).data, status=202)


class ReturnsCinRunDownloadApi(APIView):
    """The run's census (.xml); the download audited."""

    @extend_schema(
        operation_id="returns_cin_run_download",
        responses={
            (200, XML): OpenApiResponse(OpenApiTypes.BINARY),
            **problem_responses(400, 404),
        },
    )
    def get(self, request: AuthenticatedRequest, cin_run_id: int) -> HttpResponse:
        run = cin_run_get_for_user(request.user, cin_run_id)
        path_ = cin_run_download(actor=request.user, run=run)
        return xml_response(path_, run)


cin_api_urlpatterns: list[URLPattern] = [
    path("returns/cin-census/", ReturnsCinRunsApi.as_view(), name="returns_cin_runs"),
    path(
        "returns/cin-census/<int:cin_run_id>/download/",
        ReturnsCinRunDownloadApi.as_view(),
        name="returns_cin_run_download",
    ),
]
