"""Front-door API: information requests to agencies (the same gates and services as the pages).

- `GET/POST /api/v1/contacts/{id}/information-requests/`: a contact's requests; send one.
- `GET /api/v1/information-requests/`: the caller's visible requests (a representative: their
  agency's), filtered by `status`.
- `GET /api/v1/information-requests/{id}/`, `POST .../respond/`, `POST .../withdraw/`.
- `GET /api/v1/information-requests/report/`: per-agency response times.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Agency, User
from openmash.api.pagination import Pagination
from openmash.api.problems import renamed_fields
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import InformationRequest, RequestStatus
from openmash.frontdoor.permissions import (
    can_answer_requests,
    contact_get_for_work,
    information_request_get_for_answering,
    information_request_get_for_user,
    information_request_get_for_work,
    is_front_door_reader,
)
from openmash.frontdoor.selectors.requests import (
    default_report_period,
    information_request_inbox,
    information_request_report,
    information_requests_listed,
    information_requests_of_contact,
)
from openmash.frontdoor.services.requests import (
    LawfulBasis,
    information_request_respond,
    information_request_send,
    information_request_withdraw,
)
from openmash.frontdoor.views.requests import can_read_report


class SharedSubjectSerializer(serializers.Serializer):
    """What an agency is told about each person: enough to find them in its own records."""

    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    address_line1 = serializers.CharField()
    postcode = serializers.CharField()
    nhs_number = serializers.CharField()


class RequesterSerializer(serializers.Serializer):
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()
    phone = serializers.CharField()
    team = serializers.SerializerMethodField()

    def get_team(self, user: User) -> str:
        team = next(iter(user.teams.all()), None)
        return team.name if team else ""


class InformationRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.SerializerMethodField(
        help_text="Front-door staff only; null for agency representatives"
    )
    contact_reference = serializers.CharField(source="contact.reference")
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    overdue = serializers.BooleanField(source="is_overdue")
    subjects = SharedSubjectSerializer(many=True, source="subjects.all")
    questions = serializers.CharField()
    shared_summary = serializers.CharField()
    lawful_basis = serializers.CharField()
    lawful_basis_label = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField()
    requested_at = serializers.DateTimeField()
    requested_by = RequesterSerializer()
    response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    responded_by = serializers.CharField(source="responded_by.full_name", allow_null=True)
    withdrawn_reason = serializers.CharField()
    version = serializers.IntegerField()

    def get_contact_id(self, request: InformationRequest) -> int | None:
        return request.contact_id if self.context.get("staff") else None

    def get_lawful_basis_label(self, request: InformationRequest) -> str:
        return LawfulBasis.label(request.lawful_basis)


class InformationRequestInputSerializer(serializers.Serializer):
    agency_code = serializers.CharField()
    subject_ids = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, help_text="Contact subject ids"
    )
    questions = serializers.CharField()
    shared_summary = serializers.CharField()
    lawful_basis = serializers.ChoiceField(choices=list(LawfulBasis.LABELS))
    due_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Default: the RAG timescale's"
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The contact's version"
    )


class RespondInputSerializer(serializers.Serializer):
    response = serializers.CharField()
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The request's version"
    )


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The request's version"
    )


class AgencyFiguresSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency_code")
    agency_name = serializers.CharField()
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_on_time = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    due = serializers.IntegerField(help_text="Answered, or open and past due")
    on_time_percent = serializers.FloatField(allow_null=True)
    median_hours = serializers.FloatField(allow_null=True)
    p90_hours = serializers.FloatField(allow_null=True)
    median_working_hours = serializers.FloatField(allow_null=True)
    p90_working_hours = serializers.FloatField(allow_null=True)
    open_overdue_now = serializers.IntegerField()


class ReportOutputSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    agencies = AgencyFiguresSerializer(many=True, source="rows")
    total = AgencyFiguresSerializer()


class ReportQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = default_report_period()
        data.setdefault("date_from", start)
        data.setdefault("date_to", end)
        if data["date_from"] > data["date_to"]:
            raise serializers.ValidationError({"date_to": "Must be on or after date_from"})
        return data


# The service's field names, as the API's JSON names them.
API_FIELDS = {"agency": "agency_code", "subjects": "subject_ids"}


def _output(request: AuthenticatedRequest, info: InformationRequest) -> dict[str, Any]:
    staff = is_front_door_reader(request.user)
    return InformationRequestOutputSerializer(info, context={"staff": staff}).data


class ContactInformationRequestsApi(APIView):
    @extend_schema(
        operation_id="contact_information_requests_list",
        responses={200: InformationRequestOutputSerializer(many=True), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not is_front_door_reader(request.user):
            raise PermissionDenied("Only front-door staff can list a contact's requests.")
        requests = information_requests_of_contact(contact)
        data = InformationRequestOutputSerializer(requests, many=True, context={"staff": True}).data
        return Response(data)

    @extend_schema(
        operation_id="contact_information_requests_create",
        request=InformationRequestInputSerializer,
        responses={
            201: InformationRequestOutputSerializer,
            **problem_responses(400, 404, 409),
        },
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        given = InformationRequestInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        agency = Agency.objects.filter(code=data["agency_code"]).first()
        if agency is None:
            raise ValidationError({"agency_code": ["Enter the code of a known agency"]})
        subjects = list(contact.contact_subjects.filter(pk__in=data["subject_ids"]))
        if len(subjects) != len(set(data["subject_ids"])):
            raise ValidationError({"subject_ids": ["Give the ids of people named in this contact"]})
        with renamed_fields(API_FIELDS):
            info = information_request_send(
                contact=contact,
                actor=request.user,
                agency=agency,
                subjects=subjects,
                questions=data["questions"],
                shared_summary=data["shared_summary"],
                lawful_basis=data["lawful_basis"],
                due_at=data["due_at"],
                expected_version=data["version"],
            )
        info = information_request_get_for_user(request.user, info.pk)
        return Response(_output(request, info), status=201)


class InformationRequestListApi(APIView):
    @extend_schema(
        operation_id="information_requests_list",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=RequestStatus.values,
                description="Default (left out or empty): open",
            ),
            *PAGE_PARAMETERS,
        ],
        responses={
            200: paginated(InformationRequestOutputSerializer),
            **problem_responses(400, 404),
        },
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        if not (can_answer_requests(user) or is_front_door_reader(user)):
            raise PermissionDenied("Only front-door staff and agency representatives.")
        status = request.query_params.get("status") or RequestStatus.OPEN
        if status not in RequestStatus.values:
            raise ValidationError({"status": [f"Choose one of {', '.join(RequestStatus.values)}"]})
        paginator = Pagination()
        requests = information_request_inbox(user=user, status=status)
        page = paginator.paginate_queryset(requests, request, view=self) or []
        information_requests_listed(user=user, requests=page)
        staff = is_front_door_reader(user)
        data = InformationRequestOutputSerializer(page, many=True, context={"staff": staff}).data
        for row, info in zip(data, page, strict=True):
            if getattr(info, "masked", False):
                row.update(subjects=[], questions="", shared_summary="", response="")
        return paginator.get_paginated_response(data)


class InformationRequestDetailApi(APIView):
    @extend_schema(
        operation_id="information_requests_retrieve",
        responses={200: InformationRequestOutputSerializer, **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        info = information_request_get_for_user(request.user, request_id)
        return Response(_output(request, info))


class InformationRequestRespondApi(APIView):
    @extend_schema(
        operation_id="information_requests_respond",
        request=RespondInputSerializer,
        responses={
            200: InformationRequestOutputSerializer,
            **problem_responses(400, 404, 409),
        },
    )
    def post(self, request: AuthenticatedRequest, request_id: int) -> Response:
        info = information_request_get_for_answering(request.user, request_id)
        given = RespondInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with renamed_fields(API_FIELDS):
            information_request_respond(
                request=info,
                actor=request.user,
                response=given.validated_data["response"],
                expected_version=given.validated_data["version"],
            )
        return Response(_output(request, information_request_get_for_user(request.user, info.pk)))


class InformationRequestWithdrawApi(APIView):
    @extend_schema(
        operation_id="information_requests_withdraw",
        request=WithdrawInputSerializer,
        responses={
            200: InformationRequestOutputSerializer,
            **problem_responses(400, 404, 409),
        },
    )
    def post(self, request: AuthenticatedRequest, request_id: int) -> Response:
        info = information_request_get_for_work(request.user, request_id)
        given = WithdrawInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with renamed_fields(API_FIELDS):
            information_request_withdraw(
                request=info,
                actor=request.user,
                reason=given.validated_data["reason"],
                expected_version=given.validated_data["version"],
            )
        return Response(_output(request, information_request_get_for_user(request.user, info.pk)))


class InformationRequestReportApi(APIView):
    @extend_schema(
        operation_id="information_requests_report",
        parameters=[
            OpenApiParameter("date_from", str, description="YYYY-MM-DD; default 90 days ago"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD; default today"),
        ],
        responses={200: ReportOutputSerializer, **problem_responses(400)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_read_report(request.user):
            raise PermissionDenied("Only front-door staff and auditors.")
        given = ReportQuerySerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        report = information_request_report(
            date_from=given.validated_data["date_from"], date_to=given.validated_data["date_to"]
        )
        return Response(ReportOutputSerializer(report).data)


api_urlpatterns = [
    path(
        "contacts/<int:contact_id>/information-requests/",
        ContactInformationRequestsApi.as_view(),
        name="contact_information_requests",
    ),
    path(
        "information-requests/",
        InformationRequestListApi.as_view(),
        name="information_request_list",
    ),
    path(
        "information-requests/report/",
        InformationRequestReportApi.as_view(),
        name="information_request_report",
    ),
    path(
        "information-requests/<int:request_id>/",
        InformationRequestDetailApi.as_view(),
        name="information_request_detail",
    ),
    path(
        "information-requests/<int:request_id>/respond/",
        InformationRequestRespondApi.as_view(),
        name="information_request_respond",
    ),
    path(
        "information-requests/<int:request_id>/withdraw/",
        InformationRequestWithdrawApi.as_view(),
        name="information_request_withdraw",
    ),
]
