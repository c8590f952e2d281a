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
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.forms.queue import BreachFilterForm
from openmash.frontdoor.models import Breach
from openmash.frontdoor.selectors.queue import breach_links, breach_list, breach_list_logged
from openmash.frontdoor.services.breaches import breach_lateness
from openmash.frontdoor.views.queue import can_see_queue


class BreachOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text="rag, decision, request or authorisation on a contact, or the name of another "
        "app's clock (e.g. protection.icpc_target) on that app's record"
    )
    timescale = serializers.CharField(help_text="What ran out, in plain words")
    contact_id = serializers.IntegerField(allow_null=True)
    contact_reference = serializers.CharField(allow_null=True)
    information_request_id = serializers.IntegerField(allow_null=True)
    record_type = serializers.CharField(
        allow_null=True, help_text="Another app's record: its model label (null on a contact)"
    )
    record_id = serializers.IntegerField(allow_null=True)
    record_url = serializers.CharField(allow_null=True, help_text="The record's page")
    team = serializers.IntegerField(allow_null=True)
    source_agency = serializers.CharField(allow_null=True)
    due_at = serializers.DateTimeField()
    detected_at = serializers.DateTimeField()
    notified_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    late_seconds = serializers.IntegerField(help_text="Until resolved, or until now")


def _item(breach: Breach, now: Any, link: tuple[str, str] | None) -> dict[str, Any]:
    contact = breach.contact
    return {
        "id": breach.pk,
        "kind": breach.kind,
        "timescale": breach.kind_label,
        "contact_id": breach.contact_id,
        "contact_reference": contact.reference if contact else None,
        "information_request_id": breach.information_request_id,
        "record_type": None if contact else breach.target_type,
        "record_id": None if contact else breach.target_id,
        "record_url": link[1] if link else None,
        "team": contact.team_id if contact else breach.team_id,
        "source_agency": contact.source_agency.code if contact else None,
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
            OpenApiParameter(
                "kind",
                str,
                description="rag, decision, request, authorisation, or another app's clock name",
            ),
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
        page = list(paginator.paginate_queryset(found, request, view=self) or [])
        breach_list_logged(request.user, page, page="breaches")
        now = timezone.now()
        links = breach_links(page)
        data = BreachOutputSerializer(
            [_item(b, now, links.get(b.pk)) for b in page], many=True
        ).data
        return paginator.get_paginated_response(data)


api_urlpatterns: list[URLPattern] = [
    path("breaches/", BreachListApi.as_view(), name="breach_list"),
]
