"""The Safeguarding Adults Collection and the reconciliation through the API, under
/api/v1/returns/ (docs/api.md, "Statutory returns"): the SAC runs, a new run, a run's file, and
the reconciliation of both returns against the records. The same gate and services as the
pages: the quality and performance lead only, every run, download and check audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.schema import problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.returns.models import SacRun
from openmash.returns.permissions import returns_gate, sac_run_get_for_user, sac_runs_visible_to
from openmash.returns.reconciliation import annex_a_reconcile, sac_reconcile
from openmash.returns.sac import sac_period
from openmash.returns.sac_services import sac_run_download, sac_run_request
from openmash.returns.views import XLSX
from openmash.returns.views_sac import EARLIEST, sac_xlsx_response


class ReturnsSacRunOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    period = serializers.CharField(help_text='The collection year, e.g. "2025-26"')
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text="queued, running, done or failed")
    requested_by = serializers.CharField(source="requested_by.email")
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    row_counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="concerns, s42_started, other_started, s42_concluded, other_concluded",
    )
    download = serializers.SerializerMethodField()

    def get_kind(self, run: SacRun) -> str:
        return "sac"

    def get_download(self, run: SacRun) -> str | None:
        if run.status != "done":
            return None
        return reverse("api:returns_sac_run_download", args=[run.pk])


class ReturnsSacRunInputSerializer(serializers.Serializer[Any]):
    period = serializers.RegexField(
        r"^\d{4}-\d{2}$", max_length=7, help_text='The collection year, e.g. "2025-26"'
    )


class ReturnsSacRunsApi(APIView):
    """The SAC runs, newest first; a new run (built in the background)."""

    @extend_schema(
        operation_id="returns_sac_runs_list",
        responses={200: ReturnsSacRunOutputSerializer(many=True), **problem_responses(403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        runs = list(sac_runs_visible_to(request.user).select_related("requested_by")[:200])
        audit_record(
            actor=request.user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="sacrun",
            summary={"ids": [r.pk for r in runs], "count": len(runs)},
            durable=False,
        )
        return Response(ReturnsSacRunOutputSerializer(runs, many=True).data)

    @extend_schema(
        operation_id="returns_sac_runs_create",
        request=ReturnsSacRunInputSerializer,
        responses={202: ReturnsSacRunOutputSerializer, **problem_responses(400, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        given = ReturnsSacRunInputSerializer(data=request.data)
        if not given.is_valid():
            raise ValidationError(given.errors)
        run = sac_run_request(actor=request.user, period=given.validated_data["period"])
        return Response(ReturnsSacRunOutputSerializer(run).data, status=202)


class ReturnsSacRunDownloadApi(APIView):
    """The SAC run's workbook (.xlsx); the download audited."""

    @extend_schema(
        operation_id="returns_sac_run_download",
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            **problem_responses(400, 404),
        },
    )
    def get(self, request: AuthenticatedRequest, sac_run_id: int) -> HttpResponse:
        run = sac_run_get_for_user(request.user, sac_run_id)
        path_ = sac_run_download(actor=request.user, run=run)
        return sac_xlsx_response(path_, run)


class RecordSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text='What is compared, e.g. "referral:12"')
    label = serializers.CharField()  # type: ignore[assignment]
    url = serializers.CharField(help_text="The page of the record behind the difference")


class CheckSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    why = serializers.CharField(help_text="Why the two counts can differ")
    in_return = serializers.IntegerField()
    in_records = serializers.IntegerField()
    agrees = serializers.BooleanField()
    only_return = RecordSerializer(many=True)
    only_records = RecordSerializer(many=True)


class ReconciliationSerializer(serializers.Serializer[Any]):
    inspection_date = serializers.DateField()
    period = serializers.CharField()
    annex_a = CheckSerializer(many=True)
    sac = CheckSerializer(many=True)


class ReconciliationQuerySerializer(serializers.Serializer[Any]):
    inspection_date = serializers.DateField(required=False)
    period = serializers.RegexField(r"^\d{4}-\d{2}$", max_length=7, required=False)


class ReturnsReconciliationApi(APIView):
    """Annex A (for an inspection date) and the SAC (for a year) each counted both ways, with
    the records behind every difference."""

    @extend_schema(
        operation_id="returns_reconciliation",
        parameters=[
            OpenApiParameter("inspection_date", OpenApiTypes.DATE, description="Default: today"),
            OpenApiParameter(
                "period", OpenApiTypes.STR, description="e.g. 2025-26; default: this year"
            ),
        ],
        responses={200: ReconciliationSerializer, **problem_responses(400, 403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        returns_gate(request.user)
        given = ReconciliationQuerySerializer(data=request.query_params)
        if not given.is_valid():
            raise ValidationError(given.errors)
        today = timezone.localdate()
        inspection_date = given.validated_data.get("inspection_date") or today
        if inspection_date > today:
            raise ValidationError({"inspection_date": ["Must be today or in the past."]})
        if inspection_date < EARLIEST:
            raise ValidationError({"inspection_date": ["Must be in 2000 or later."]})
        from openmash.returns.forms import sac_period_choices

        period = given.validated_data.get("period") or sac_period_choices(today)[0][0]
        try:
            found = sac_period(period)
        except ValueError as error:
            raise ValidationError({"period": [str(error)]}) from error
        if found.start > today:
            raise ValidationError({"period": ["The year has not started yet."]})
        annex_checks = annex_a_reconcile(inspection_date)
        sac_checks = sac_reconcile(found.label)
        audit_record(
            actor=request.user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="reconciliation",
            summary={
                "inspection_date": inspection_date.isoformat(),
                "period": found.label,
                "differences": sum(
                    len(c.only_return) + len(c.only_records) for c in [*annex_checks, *sac_checks]
                ),
                "records": sorted(
                    {
                        r.key
                        for c in [*annex_checks, *sac_checks]
                        for r in [*c.only_return, *c.only_records]
                    }
                ),
            },
            durable=False,
        )
        return Response(
            ReconciliationSerializer(
                {
                    "inspection_date": inspection_date,
                    "period": found.label,
                    "annex_a": annex_checks,
                    "sac": sac_checks,
                }
            ).data
        )


api_urlpatterns: list[URLPattern] = [
    path("returns/sac/", ReturnsSacRunsApi.as_view(), name="returns_sac_runs"),
    path(
        "returns/sac/<int:sac_run_id>/download/",
        ReturnsSacRunDownloadApi.as_view(),
        name="returns_sac_run_download",
    ),
    path(
        "returns/reconciliation/",
        ReturnsReconciliationApi.as_view(),
        name="returns_reconciliation",
    ),
]
