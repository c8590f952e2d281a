"""Out-of-hours API, under /api/v1/out-of-hours/: EDT records with their actions and interim
safety plans, hand-overs and their acknowledgement. The same gates and services as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.outofhours.models import ActionKind, EdtRecord, HandOver, SafetyPlanVersion
from openmash.outofhours.permissions import (
    can_see_out_of_hours,
    edt_record_get_for_user,
    handover_get_for_user,
)
from openmash.outofhours.selectors import edt_record_list, handover_list, plan_of
from openmash.outofhours.services import (
    edt_action_record,
    handover_acknowledge,
    safety_plan_record,
)

ERRORS = problem_responses(400, 404, 409)
READ_ERRORS = problem_responses(404)


class EdtActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    taken_at = serializers.DateTimeField()
    detail = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")
    recorded_at = serializers.DateTimeField()


class EdtSafetyPlanSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="number")
    who_does_what = serializers.CharField()
    until = serializers.DateTimeField()
    how_checked = serializers.CharField()
    change_reason = serializers.CharField()
    by_day_team = serializers.BooleanField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")
    recorded_at = serializers.DateTimeField()


class EdtRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    contact_reference = serializers.CharField(source="contact.reference")
    received_at = serializers.DateTimeField()
    handover_id = serializers.IntegerField()
    handover_day = serializers.DateField(source="handover.day")
    acknowledged = serializers.SerializerMethodField()
    actions = EdtActionSerializer(many=True, source="actions.all")
    safety_plan = serializers.SerializerMethodField()

    def get_acknowledged(self, record: EdtRecord) -> bool:
        return record.handover.acknowledged_at is not None

    @extend_schema_field(EdtSafetyPlanSerializer(allow_null=True))
    def get_safety_plan(self, record: EdtRecord) -> dict[str, Any] | None:
        plan = plan_of(record)
        return dict(EdtSafetyPlanSerializer(plan).data) if plan is not None else None


class EdtHandOverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    due_at = serializers.DateTimeField(help_text="The MASH manager acknowledges it by then")
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.SerializerMethodField()
    note = serializers.CharField()
    records = serializers.SerializerMethodField()

    def get_acknowledged_by(self, handover: HandOver) -> str | None:
        by = handover.acknowledged_by
        return by.full_name if by is not None else None

    def get_records(self, handover: HandOver) -> list[int]:
        return [r.pk for r in handover.records.all()]


class EdtActionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    taken_at = serializers.DateTimeField()
    detail = serializers.CharField()


class EdtSafetyPlanInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The version of the plan you read (0 when there is none)"
    )
    who_does_what = serializers.CharField()
    until = serializers.DateTimeField()
    how_checked = serializers.CharField()
    change_reason = serializers.CharField(required=False, allow_blank=True, default="")


class EdtAcknowledgeInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _listed(user: Any, ids: list[int], page: str) -> None:
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="edtrecord",
        summary={"ids": ids, "page": page},
        durable=False,
    )


def _record(user: Any, record_id: int) -> Response:
    record = edt_record_list(user).get(pk=record_id)
    return Response(EdtRecordSerializer(record).data)


class EdtRecordListApi(APIView):
    """Contacts received out of hours, newest first; `?waiting=1`: only those whose hand-over is
    not yet acknowledged (the EDT queue)."""

    @extend_schema(
        operation_id="out_of_hours_records_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(EdtRecordSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_see_out_of_hours(request.user):
            raise PermissionDenied("Only front-door staff can see out-of-hours work.")
        records = edt_record_list(request.user)
        if request.query_params.get("waiting") in ("1", "true"):
            records = records.filter(handover__acknowledged_at=None)
        paginator = Pagination()
        page = paginator.paginate_queryset(records, request, view=self) or []
        _listed(request.user, [r.pk for r in page], "edt records api")
        return paginator.get_paginated_response(EdtRecordSerializer(page, many=True).data)


class EdtRecordDetailApi(APIView):
    @extend_schema(
        operation_id="out_of_hours_records_retrieve",
        responses={200: EdtRecordSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, edt_record_id: int) -> Response:
        record = edt_record_get_for_user(request.user, edt_record_id)
        return _record(request.user, record.pk)


class EdtActionCreateApi(APIView):
    @extend_schema(
        operation_id="out_of_hours_actions_create",
        request=EdtActionInputSerializer,
        responses={201: EdtActionSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, edt_record_id: int) -> Response:
        record = edt_record_get_for_user(request.user, edt_record_id, for_change=True)
        data = _valid(EdtActionInputSerializer, request)
        action = edt_action_record(record=record, actor=request.user, **data)
        return Response(EdtActionSerializer(action).data, status=201)


class SafetyPlanApi(APIView):
    @extend_schema(
        operation_id="out_of_hours_safety_plan_create",
        request=EdtSafetyPlanInputSerializer,
        responses={201: EdtSafetyPlanSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, edt_record_id: int) -> Response:
        record = edt_record_get_for_user(request.user, edt_record_id, for_change=True)
        data = _valid(EdtSafetyPlanInputSerializer, request)
        plan: SafetyPlanVersion = safety_plan_record(
            record=record,
            actor=request.user,
            who_does_what=data["who_does_what"],
            until=data["until"],
            how_checked=data["how_checked"],
            change_reason=data["change_reason"],
            expected_version=data["version"],
        )
        return Response(EdtSafetyPlanSerializer(plan).data, status=201)


class HandOverListApi(APIView):
    @extend_schema(
        operation_id="out_of_hours_handovers_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(EdtHandOverSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_see_out_of_hours(request.user):
            raise PermissionDenied("Only front-door staff can see out-of-hours work.")
        found = handover_list(request.user).prefetch_related("records")
        if request.query_params.get("waiting") in ("1", "true"):
            found = found.filter(acknowledged_at=None)
        paginator = Pagination()
        page = paginator.paginate_queryset(found, request, view=self) or []
        return paginator.get_paginated_response(EdtHandOverSerializer(page, many=True).data)


class HandOverDetailApi(APIView):
    @extend_schema(
        operation_id="out_of_hours_handovers_retrieve",
        responses={200: EdtHandOverSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, handover_id: int) -> Response:
        handover = handover_get_for_user(request.user, handover_id)
        return Response(EdtHandOverSerializer(handover).data)


class HandOverAcknowledgeApi(APIView):
    @extend_schema(
        operation_id="out_of_hours_handovers_acknowledge",
        request=EdtAcknowledgeInputSerializer,
        responses={200: EdtHandOverSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, handover_id: int) -> Response:
        handover = handover_get_for_user(request.user, handover_id, for_change=True)
        data = _valid(EdtAcknowledgeInputSerializer, request)
        handover = handover_acknowledge(handover=handover, actor=request.user, note=data["note"])
        return Response(EdtHandOverSerializer(handover).data)


api_urlpatterns: list[URLPattern] = [
    path("out-of-hours/records/", EdtRecordListApi.as_view(), name="edt_record_list"),
    path(
        "out-of-hours/records/<int:edt_record_id>/",
        EdtRecordDetailApi.as_view(),
        name="edt_record_detail",
    ),
    path(
        "out-of-hours/records/<int:edt_record_id>/actions/",
        EdtActionCreateApi.as_view(),
        name="edt_action_create",
    ),
    path(
        "out-of-hours/records/<int:edt_record_id>/safety-plan/",
        SafetyPlanApi.as_view(),
        name="edt_safety_plan",
    ),
    path("out-of-hours/hand-overs/", HandOverListApi.as_view(), name="edt_handover_list"),
    path(
        "out-of-hours/hand-overs/<int:handover_id>/",
        HandOverDetailApi.as_view(),
        name="edt_handover_detail",
    ),
    path(
        "out-of-hours/hand-overs/<int:handover_id>/acknowledge/",
        HandOverAcknowledgeApi.as_view(),
        name="edt_handover_acknowledge",
    ),
]
