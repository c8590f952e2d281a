"""Front-door API: the MASH queue and allocation.

GET  /api/v1/queue/                   open contacts, least time left first
POST /api/v1/contacts/{id}/allocate/  {"to": user id or "me", "reason", "version"}
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.http import QueryDict
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import User
from openmash.api.pagination import Pagination
from openmash.api.problems import filters_check, renamed_fields
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.contacts.models import Rag
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.forms.queue import QueueFilterForm
from openmash.frontdoor.permissions import contact_get_for_work
from openmash.frontdoor.selectors.queue import (
    STAGE_CHOICES,
    UNRATED,
    QueueFilters,
    is_paused,
    queue_contacts_by_id,
    queue_page_ids,
    queue_page_load,
    queue_worker_choices,
    time_left_seconds,
)
from openmash.frontdoor.services.lifecycle import contact_allocate
from openmash.frontdoor.views.queue import can_see_queue

if TYPE_CHECKING:
    from openmash.frontdoor.selectors.queue import QueueContact


class WorkerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SuggestionOutputSerializer(serializers.Serializer):
    worker_id = serializers.IntegerField()
    worker_name = serializers.CharField()
    person_name = serializers.CharField()
    reference = serializers.CharField(help_text="The earlier contact the worker had")
    allocated_on = serializers.DateField()


class QueueSubjectOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The contact subject's id, as decisions take it")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    is_child = serializers.BooleanField()
    role = serializers.CharField()


class QueueItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    source_agency = serializers.CharField()
    rag = serializers.CharField(help_text="red, amber, green, blue, or empty when not rated")
    immediate_risk = serializers.BooleanField(
        help_text="Recorded with immediate risk, or escalated: these come first"
    )
    rag_due_at = serializers.DateTimeField(allow_null=True)
    rag_paused = serializers.BooleanField()
    decision_due_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(
        allow_null=True, help_text="The earlier of a running RAG clock and the decision due time"
    )
    time_left_seconds = serializers.IntegerField(allow_null=True, help_text="Negative if overdue")
    team = serializers.IntegerField(allow_null=True)
    allocated_to = WorkerOutputSerializer(allow_null=True)
    restricted = serializers.BooleanField()
    subjects = QueueSubjectOutputSerializer(many=True)
    categories = serializers.ListField(child=serializers.CharField())
    suggestion = SuggestionOutputSerializer(allow_null=True)
    version = serializers.IntegerField(
        help_text="Send it back to allocate or screen from the queue: a stale one gets 409"
    )
    second_reports_waiting = serializers.IntegerField(
        help_text="Second reports of this contact's incident its worker has not yet acknowledged"
    )
    recontact = serializers.BooleanField(
        help_text="Received within 12 months of an early help closure about one of its people "
        "(false when restricted)"
    )


def _item(contact: QueueContact, now: datetime) -> dict[str, Any]:
    masked = bool(contact.masked)
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "received_at": contact.received_at,
        "status": contact.status,
        "source_agency": contact.source_agency.code,
        "rag": contact.rag,
        "immediate_risk": contact.immediate_risk,
        "rag_due_at": contact.rag_due_at,
        "rag_paused": is_paused(contact),
        "decision_due_at": contact.decision_due_at,
        "due_at": contact.due_at,
        "time_left_seconds": time_left_seconds(contact, now=now),
        "team": contact.team_id,
        "allocated_to": (
            {"id": contact.allocated_to_id, "name": contact.allocated_to.full_name}
            if contact.allocated_to
            else None
        ),
        "restricted": masked,
        "subjects": [] if masked else contact.queue_subjects,
        "categories": [] if masked else [c.code for c in contact.queue_categories],
        "suggestion": contact.suggestion,
        "version": contact.version,
        "second_reports_waiting": contact.second_reports_waiting,
        "recontact": contact.recontact,
    }


class QueueListApi(APIView):
    """The MASH queue, for front-door staff."""

    @extend_schema(
        operation_id="queue_list",
        parameters=[
            OpenApiParameter("team", int, description="Team id"),
            OpenApiParameter("worker", str, description='User id, "mine" or "unallocated"'),
            OpenApiParameter("agency", int, description="Source agency id"),
            OpenApiParameter("category", str, description="Concern category code"),
            OpenApiParameter("who", str, enum=["child", "adult"]),
            OpenApiParameter("rag", str, enum=[*Rag.values, UNRATED]),
            OpenApiParameter("stage", str, enum=[value for value, _ in STAGE_CHOICES]),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(QueueItemOutputSerializer), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        if not can_see_queue(user):
            raise PermissionDenied("Only front-door staff can see the MASH queue.")
        filters = _filters(request.query_params)
        paginator = Pagination()
        paginator.page_size = 50
        ids = paginator.paginate_queryset(queue_page_ids(user, filters), request, view=self)
        page = queue_contacts_by_id(user, list(ids or []))
        queue_page_load(user, page)
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="contact",
            summary={"ids": [c.pk for c in page], "count": len(page), "page": "queue"},
            durable=False,
        )
        now = timezone.now()
        items = [_item(contact, now) for contact in page]
        return paginator.get_paginated_response(QueueItemOutputSerializer(items, many=True).data)


def _filters(params: QueryDict) -> QueueFilters:
    """The queue's filters, checked as the queue page checks them; a bad one is a 400 naming it
    (a page of a bookmarked URL may ignore a stale filter; an API client must be told)."""
    given = params.copy()
    given.pop("page_size", None)  # the API's own page sizes (Pagination)
    form = QueueFilterForm(given, workers=queue_worker_choices())
    filters_check(form)
    return form.filters()


class AllocateInputSerializer(serializers.Serializer):
    to = serializers.CharField(help_text='A user id, or "me" to take the contact yourself')
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(help_text="The contact's version you last read")


class ContactAllocateApi(APIView):
    """Take a contact (to "me"), or, for a team manager, assign or reassign it."""

    @extend_schema(
        operation_id="contacts_allocate",
        request=AllocateInputSerializer,
        responses={
            200: inline_serializer(
                "ContactAllocated",
                {
                    "id": serializers.IntegerField(),
                    "reference": serializers.CharField(),
                    "allocated_to": WorkerOutputSerializer(),
                    "version": serializers.IntegerField(),
                },
            ),
            **problem_responses(400, 404, 409),
        },
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        given = AllocateInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        to = _worker(request.user, data["to"])
        if to is None:
            raise ValidationError({"to": ["Select a worker"]})
        with renamed_fields({"allocated_to": "to"}):
            contact = contact_allocate(
                contact=contact,
                actor=request.user,
                to=to,
                reason=data["reason"],
                expected_version=data["version"],
            )
        return Response(
            {
                "id": contact.pk,
                "reference": contact.reference,
                "allocated_to": {"id": to.pk, "name": to.full_name},
                "version": contact.version,
            }
        )


def _worker(user: User, to: str) -> User | None:
    if to == "me":
        return user
    if not to.isdigit():
        return None
    return User.objects.filter(pk=int(to)).first()


api_urlpatterns: list[URLPattern] = [
    path("queue/", QueueListApi.as_view(), name="queue_list"),
    path(
        "contacts/<int:contact_id>/allocate/",
        ContactAllocateApi.as_view(),
        name="contact_allocate",
    ),
]
