"""LADO API, under /api/v1/allegations/: employers refer and read their own referrals (in
outline); LADO staff read everything and update the strands. The same gate and services as the
pages."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.lado.models import Allegation, Outcome, Sector, Source, StrandKind, StrandStatus
from openmash.lado.permissions import (
    allegation_get_for_user,
    can_refer_allegation,
    can_see_allegations,
    can_work_allegations,
    sees_in_full,
)
from openmash.lado.selectors import allegation_detailed, allegation_list, stage_of
from openmash.lado.services import AllegationInput, allegation_refer, strand_update
from openmash.people.matching.details import SubjectDetails

ERRORS = problem_responses(400, 403, 404, 409)
READ_ERRORS = problem_responses(404)


class LadoStrandSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StrandKind.choices)
    owner = serializers.CharField()
    status = serializers.ChoiceField(choices=StrandStatus.choices)
    outcome = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)


class LadoAllegationOutlineSerializer(serializers.Serializer):
    """What the referrer sees: their referral, its stage and outcome."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    role = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    stage = serializers.SerializerMethodField()
    outcome = serializers.CharField(
        help_text="Empty until closed; then " + ", ".join(Outcome.values)
    )
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_stage(self, allegation: Allegation) -> str:
        return stage_of(allegation)


class LadoAllegationOutputSerializer(LadoAllegationOutlineSerializer):
    """Everything, for LADO staff (and break-glass readers)."""

    subject_id = serializers.IntegerField()
    children = serializers.SerializerMethodField()
    employer_name = serializers.CharField()
    raised_by = serializers.ChoiceField(choices=Source.choices, source="source")
    description = serializers.CharField()
    consideration_due_at = serializers.DateTimeField()
    considered_at = serializers.DateTimeField(allow_null=True)
    decision = serializers.CharField()
    harm_test = serializers.SerializerMethodField()
    strands = LadoStrandSerializer(many=True, source="strands.all")

    def get_children(self, allegation: Allegation) -> list[int]:
        return [c.person_id for c in allegation.children.all()]

    def get_harm_test(self, allegation: Allegation) -> dict[str, bool | None]:
        return {
            "harmed_child": allegation.harmed_child,
            "possible_offence": allegation.possible_offence,
            "risk_of_harm": allegation.risk_of_harm,
            "transferable_risk": allegation.transferable_risk,
        }


class LadoPersonInputSerializer(serializers.Serializer):
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)

    def details(self, data: dict[str, Any]) -> SubjectDetails:
        return SubjectDetails(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data.get("date_of_birth"),
        )


class LadoAllegationInputSerializer(serializers.Serializer):
    subject = LadoPersonInputSerializer(help_text="The adult the allegation is about")
    role = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    is_volunteer = serializers.BooleanField(required=False, default=False)
    employer_name = serializers.CharField(required=False, allow_blank=True, default="")
    children = LadoPersonInputSerializer(many=True, allow_empty=False)
    description = serializers.CharField()


class LadoStrandInputSerializer(serializers.Serializer):
    owner = serializers.CharField(allow_blank=True, default="")
    status = serializers.ChoiceField(choices=StrandStatus.choices)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


def _out(user: Any, allegation: Allegation) -> dict[str, Any]:
    detailed = allegation_detailed(allegation.pk)
    if sees_in_full(user, detailed):
        return dict(LadoAllegationOutputSerializer(detailed).data)
    return dict(LadoAllegationOutlineSerializer(detailed).data)


class AllegationListApi(APIView):
    """Allegations the caller may see, newest first: an employer's own referrals (in outline),
    or every allegation for LADO staff. Other front-door staff see none (restricted records)."""

    @extend_schema(
        operation_id="allegations_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(LadoAllegationOutlineSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_see_allegations(request.user):
            raise PermissionDenied("Only LADO staff and referring employers see allegations.")
        found = [a for a in allegation_list(request.user) if not a.masked]  # type: ignore[attr-defined]
        paginator = Pagination()
        page = paginator.paginate_queryset(found, request, view=self) or []
        audit_record(
            actor=request.user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="allegation",
            summary={"ids": [a.pk for a in page], "page": "allegations api"},
            durable=False,
        )
        return paginator.get_paginated_response(
            LadoAllegationOutlineSerializer(page, many=True).data
        )

    @extend_schema(
        operation_id="allegations_create",
        request=LadoAllegationInputSerializer,
        responses={201: LadoAllegationOutlineSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        if not can_refer_allegation(request.user):
            raise PermissionDenied("Only employers and LADO staff refer allegations.")
        given = LadoAllegationInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        person = LadoPersonInputSerializer()
        allegation = allegation_refer(
            actor=request.user,
            data=AllegationInput(
                subject=person.details(d["subject"]),
                role=d["role"],
                sector=d["sector"],
                description=d["description"],
                children=[person.details(c) for c in d["children"]],
                employer_name=d["employer_name"],
                is_volunteer=d["is_volunteer"],
                channel="api",
            ),
        )
        return Response(LadoAllegationOutlineSerializer(allegation).data, status=201)


class AllegationDetailApi(APIView):
    @extend_schema(
        operation_id="allegations_retrieve",
        responses={200: LadoAllegationOutputSerializer, **problem_responses(403, 404)},
    )
    def get(self, request: AuthenticatedRequest, allegation_id: int) -> Response:
        allegation = allegation_get_for_user(request.user, allegation_id)
        return Response(_out(request.user, allegation))


class AllegationStrandApi(APIView):
    """Change one strand (`police`, `employer`, `social_care`): LADO staff only."""

    @extend_schema(
        operation_id="allegations_strand_update",
        request=LadoStrandInputSerializer,
        responses={200: LadoStrandSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, allegation_id: int, strand: str) -> Response:
        allegation = allegation_get_for_user(request.user, allegation_id, for_change=True)
        if strand not in StrandKind.values or not can_work_allegations(request.user):
            raise NotFound("No such strand")
        row = allegation.strands.get(kind=strand)
        given = LadoStrandInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        done = strand_update(strand=row, actor=request.user, **given.validated_data)
        return Response(LadoStrandSerializer(done).data)


api_urlpatterns: list[URLPattern] = [
    path("allegations/", AllegationListApi.as_view(), name="allegation_list"),
    path(
        "allegations/<int:allegation_id>/",
        AllegationDetailApi.as_view(),
        name="allegation_detail",
    ),
    path(
        "allegations/<int:allegation_id>/strands/<slug:strand>/",
        AllegationStrandApi.as_view(),
        name="allegation_strand",
    ),
]
