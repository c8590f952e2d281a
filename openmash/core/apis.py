from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core import selectors
from openmash.core.access import break_glass_open
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest


class AuditEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    seq = serializers.IntegerField(allow_null=True)
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_label")
    verb = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_label = serializers.CharField()
    summary = serializers.JSONField()
    ip_address = serializers.CharField(allow_null=True)
    via = serializers.CharField()
    hash = serializers.CharField()


class AuditSearchInputSerializer(serializers.Serializer):
    user = serializers.CharField(required=False, default="")
    target_type = serializers.CharField(required=False, default="")
    target_id = serializers.CharField(required=False, default="")
    verb = serializers.CharField(required=False, default="")
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, data: dict) -> dict:
        if data["date_from"] and data["date_to"] and data["date_from"] > data["date_to"]:
            raise serializers.ValidationError(
                {"date_to": "The 'to' date must be the same as or after the 'from' date"}
            )
        return data


class AuditEventListApi(APIView):
    @extend_schema(
        operation_id="audit_events_list",
        parameters=[AuditSearchInputSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(AuditEventOutputSerializer), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not request.user.has_capability("audits"):
            raise PermissionDenied("Only auditors can read the audit log.")
        filters = AuditSearchInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = Pagination()
        events = selectors.audit_event_search(**filters.validated_data)
        page = paginator.paginate_queryset(events, request, view=self)
        audit_record(
            actor=request.user,
            verb=AuditVerb.AUDIT_VIEWED,
            summary={"filters": {k: str(v) for k, v in filters.validated_data.items() if v}},
        )
        return paginator.get_paginated_response(AuditEventOutputSerializer(page, many=True).data)


class BreakGlassInputSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(choices=["contact", "person"])
    target_id = serializers.IntegerField()
    reason = serializers.CharField()


class BreakGlassOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class BreakGlassApi(APIView):
    @extend_schema(
        request=BreakGlassInputSerializer,
        responses={201: BreakGlassOutputSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = BreakGlassInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = selectors.restricted_target_for(
            request.user, data.validated_data["target_type"], data.validated_data["target_id"]
        )
        grant = break_glass_open(
            user=request.user, target=target, reason=data.validated_data["reason"]
        )
        return Response(BreakGlassOutputSerializer(grant).data, status=201)
