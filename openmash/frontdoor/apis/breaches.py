"""Front-door API: breached timescales.

GET /api/v1/breaches/?state=&kind=&team=&agency=
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.problems import filters_check
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.forms.queue import BreachFilterForm
from openmash.frontdoor.models import Breach, BreachKind
from openmash.frontdoor.selectors.queue import breach_list
from openmash.frontdoor.services.breaches import breach_lateness
from openmash.frontdoor.views.queue import can_see_queue


class BreachOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="rag, decision, request or authorisation")
    contact_id = serializers.IntegerField()
    contact_reference = serializers.CharField()
    information_request_id = serializers.IntegerField(allow_null=True)
    team = serializers.IntegerField(allow_null=True)
    source_agency = serializers.CharField()
    due_at = serializers.DateTimeField()
    detected_at = serializers.DateTimeField()
    notified_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    late_seconds = serializers.IntegerField(help_text="Until resolved, or until now")


def _item(breach: Breach, now: Any) -> dict[str, Any]:
    return {
        "id": breach.pk,
        "kind": breach.kind,
        "contact_id": breach.contact_id,
        "contact_reference": breach.contact.reference,
        "information_request_id": breach.information_request_id,
        "team": breach.contact.team_id,
        "source_agency": breach.contact.source_agency.code,
        "due_at": breach.due_at,
        "detected_at": breach.detected_at,
        "notified_at": breach.notified_at,
        "resolved_at": breach.resolved_at,
        "late_seconds": int(breach_lateness(breach, now=now).total_seconds()),
    }


class BreachListApi(APIView):
    """Breached timescales, for front-door staff and auditors."""

    @extend_schema(
        operation_id="breaches_list",
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=["resolved", "all"],
                description="Default: only breaches not yet resolved",
            ),
            OpenApiParameter("kind", str, enum=BreachKind.values),
            OpenApiParameter("team", int, description="Team id"),
            OpenApiParameter("agency", int, description="Source agency id"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(BreachOutputSerializer), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_see_queue(request.user):
            raise PermissionDenied("Only front-door staff and auditors can see breaches.")
        form = BreachFilterForm(request.query_params)
        filters_check(form)
        chosen = form.cleaned()
        found = breach_list(
            request.user,
            state=chosen["state"],
            kind=chosen["kind"],
            team=chosen["team"],
            agency=chosen["agency"],
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(found, request, view=self) or []
        audit_record(
            actor=request.user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="contact",
            summary={"ids": sorted({b.contact_id for b in page}), "page": "breaches"},
            durable=False,
        )
        now = timezone.now()
        data = BreachOutputSerializer([_item(b, now) for b in page], many=True).data
        return paginator.get_paginated_response(data)


api_urlpatterns: list[URLPattern] = [
    path("breaches/", BreachListApi.as_view(), name="breach_list"),
]
