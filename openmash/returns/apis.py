"""Statutory returns through the API, under /api/v1/returns/ (docs/api.md, "Statutory
returns"): the Annex A runs, a new run, and a run's file. The same gate and services as the
pages: the quality and performance lead only, every run and download audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.schema import problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.returns.models import AnnexARun
from openmash.returns.permissions import annex_a_run_get_for_user, returns_gate, runs_visible_to
from openmash.returns.services import annex_a_run_download, annex_a_run_request
from openmash.returns.views import XLSX, xlsx_response


class ReturnsAnnexARunOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    inspection_date = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text="queued, running, done or failed")
    requested_by = serializers.CharField(source="requested_by.email")
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    row_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text='Rows per list built: {"1": n, "2": n, "3": n}'
    )
    download = serializers.SerializerMethodField()

    def get_kind(self, run: AnnexARun) -> str:
        return "annex_a"

    def get_download(self, run: AnnexARun) -> str | None:
        from django.urls import reverse

        if run.status != "done":
            return None
        return reverse("api:returns_run_download", args=[run.pk])


class ReturnsAnnexARunInputSerializer(serializers.Serializer[Any]):
    inspection_date = serializers.DateField()


class ReturnsRunsApi(APIView):
    """The Annex A runs, newest first; a new run (built in the background)."""

    @extend_schema(
        operation_id="returns_runs_list",
        responses={200: ReturnsAnnexARunOutputSerializer(many=True), **problem_responses(403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        runs = list(runs_visible_to(request.user).select_related("requested_by")[:200])
        audit_record(
            actor=request.user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="annexarun",
            summary={"ids": [r.pk for r in runs], "count": len(runs)},
            durable=False,
        )
        return Response(ReturnsAnnexARunOutputSerializer(runs, many=True).data)

    @extend_schema(
        operation_id="returns_runs_create",
        request=ReturnsAnnexARunInputSerializer,
        responses={202: ReturnsAnnexARunOutputSerializer, **problem_responses(400, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        given = ReturnsAnnexARunInputSerializer(data=request.data)
        if not given.is_valid():
            raise ValidationError(given.errors)
        run = annex_a_run_request(
            actor=request.user, inspection_date=given.validated_data["inspection_date"]
        )
        return Response(ReturnsAnnexARunOutputSerializer(run).data, status=202)


class ReturnsRunDownloadApi(APIView):
    """The run's workbook (.xlsx); the download audited."""

    @extend_schema(
        operation_id="returns_run_download",
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            **problem_responses(400, 404),
        },
    )
    def get(self, request: AuthenticatedRequest, run_id: int) -> HttpResponse:
        run = annex_a_run_get_for_user(request.user, run_id)
        path_ = annex_a_run_download(actor=request.user, run=run)
        return xlsx_response(path_, run)


api_urlpatterns: list[URLPattern] = [
    path("returns/", ReturnsRunsApi.as_view(), name="returns_runs"),
    path(
        "returns/<int:run_id>/download/",
        ReturnsRunDownloadApi.as_view(),
        name="returns_run_download",
    ),
]

# The DfE Children in Need census (openmash/returns/cin_apis.py).
from openmash.returns.cin_apis import cin_api_urlpatterns  # noqa: E402

api_urlpatterns += cin_api_urlpatterns
