"""Chronologies over the API: a person's and a household's (filters as query parameters,
paginated), workers' entries and significance, the case summary, and the PDF export."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Agency
from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.chronology.models import CaseSummary, EntryKind
from openmash.chronology.pdf import chronology_pdf_response
from openmash.chronology.permissions import (
    can_add_to_chronology,
    can_sign_off_case_summary,
    chronology_person_get_for_reader,
    chronology_person_get_for_user,
    household_get_for_user,
)
from openmash.chronology.selectors import (
    ChronologyFilters,
    ChronologyItem,
    case_summary_latest,
    case_summary_versions,
    chronology_build,
)
from openmash.chronology.services import (
    CaseSummaryInput,
    case_summary_sign_off,
    case_summary_write,
    chronology_entry_add,
    chronology_significance_set,
)
from openmash.chronology.verbs import ChronologyVerb
from openmash.core.audit import audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.people.permissions import persons_visible_to


class ChronologyEventOutputSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable and unique: mark significance with it")
    person_id = serializers.IntegerField(help_text="Whom it is about")
    at = serializers.DateTimeField(help_text="When it happened")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    summary = serializers.CharField()
    agency = serializers.CharField()
    agency_id = serializers.IntegerField(allow_null=True)
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The record's page")
    restricted = serializers.BooleanField()
    significant = serializers.BooleanField()


def _event(item: ChronologyItem) -> dict[str, Any]:
    e = item.event
    return {
        "key": e.key,
        "person_id": e.person_id,
        "at": e.at,
        "kind": e.kind,
        "kind_label": item.kind_label,
        "summary": e.summary,
        "agency": e.agency,
        "agency_id": e.agency_id,
        "detail": e.detail,
        "url": e.url,
        "restricted": e.restricted,
        "significant": item.significant,
    }


FILTER_PARAMETERS = [
    OpenApiParameter("agency", int, description="Agency id"),
    OpenApiParameter("kind", str, description="An event kind, e.g. frontdoor.decision"),
    OpenApiParameter("since", OpenApiTypes.DATE, description="Happened on or after (YYYY-MM-DD)"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Happened on or before"),
    OpenApiParameter("significant", bool, description="Significant events only"),
    OpenApiParameter("order", str, enum=["newest", "oldest"], description="Default: newest"),
]


class FilterInputSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1)
    kind = serializers.CharField(required=False, max_length=60)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    significant = serializers.BooleanField(required=False, default=False)
    order = serializers.ChoiceField(choices=["newest", "oldest"], required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and since > until:
            raise ValidationError({"until": ["must be the same as or after since"]})
        return attrs


def _filters(request: Request) -> ChronologyFilters:
    data = FilterInputSerializer(data=request.query_params)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    return ChronologyFilters(
        agency=v.get("agency"),
        kind=v.get("kind", ""),
        since=v.get("since"),
        until=v.get("until"),
        significant_only=v["significant"],
        oldest_first=v.get("order") == "oldest",
    )


def _page(view: APIView, request: Request, items: list[ChronologyItem]) -> Response:
    paginator = Pagination()
    page = paginator.paginate_queryset(items, request, view=view) or []
    data = ChronologyEventOutputSerializer([_event(i) for i in page], many=True).data
    return paginator.get_paginated_response(data)


class PersonChronologyApi(APIView):
    """A person's chronology: every event of every app the caller may see, newest first. An agency
    representative reads the chronology of a person named in a request to their agency: what
    their agency shared, and nothing else."""

    @extend_schema(
        operation_id="persons_chronology",
        parameters=[*FILTER_PARAMETERS, *PAGE_PARAMETERS],
        responses={200: paginated(ChronologyEventOutputSerializer), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = chronology_person_get_for_reader(request.user, person_id)
        filters = _filters(request)
        chronology = chronology_build(request.user, [person], filters)
        audit_record(
            actor=request.user,
            verb=ChronologyVerb.VIEWED,
            target=person,
            summary={"page": "api", "events": len(chronology.items), "of": chronology.total},
            durable=False,
        )
        return _page(self, request, chronology.items)


class HouseholdChronologyApi(APIView):
    """A household's chronology: its members' events merged, each saying whom it is about."""

    @extend_schema(
        operation_id="households_chronology",
        parameters=[*FILTER_PARAMETERS, *PAGE_PARAMETERS],
        responses={200: paginated(ChronologyEventOutputSerializer), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest, household_id: int) -> Response:
        household = household_get_for_user(request.user, household_id)
        filters = _filters(request)
        members = list(household.members.filter(pk__in=persons_visible_to(request.user)))
        chronology = chronology_build(request.user, members, filters)
        audit_record(
            actor=request.user,
            verb=ChronologyVerb.VIEWED,
            target=household,
            summary={"page": "api", "events": len(chronology.items), "of": chronology.total},
            durable=False,
        )
        return _page(self, request, chronology.items)


class EntryInputSerializer(serializers.Serializer):
    happened_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    summary = serializers.CharField(max_length=300)
    detail = serializers.CharField(required=False, default="", allow_blank=True, max_length=50_000)
    agency_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.source.
    source = serializers.CharField(  # type: ignore[assignment]
        required=False, default="", allow_blank=True, max_length=300
    )


class EntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()


class ChronologyEntryApi(APIView):
    """Add an event from outside OpenMASH to a person's chronology."""

    @extend_schema(
        operation_id="persons_chronology_entries_create",
        request=EntryInputSerializer,
        responses={201: EntryOutputSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = chronology_person_get_for_user(request.user, person_id)
        if not can_add_to_chronology(request.user):
            raise PermissionDenied("You cannot add to a chronology.")
        data = EntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        agency = None
        if v.get("agency_id"):
            agency = Agency.objects.filter(pk=v["agency_id"]).first()
            if agency is None:
                raise ValidationError({"agency_id": ["No such agency"]})
        entry = chronology_entry_add(
            person=person,
            actor=request.user,
            happened_on=v["happened_on"],
            kind=v["kind"],
            summary=v["summary"],
            detail=v["detail"],
            agency=agency,
            source=v["source"],
        )
        key = f"chronology.chronologyentry:{entry.pk}"
        return Response({"id": entry.pk, "key": key}, status=status.HTTP_201_CREATED)


class SignificanceInputSerializer(serializers.Serializer):
    event_key = serializers.CharField(max_length=200)
    significant = serializers.BooleanField()
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)


class SignificanceOutputSerializer(serializers.Serializer):
    event_key = serializers.CharField()
    significant = serializers.BooleanField()
    changed = serializers.BooleanField()


class SignificanceApi(APIView):
    """Mark an event of the person's chronology significant, or not."""

    @extend_schema(
        operation_id="persons_chronology_significance",
        request=SignificanceInputSerializer,
        responses={200: SignificanceOutputSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = chronology_person_get_for_user(request.user, person_id)
        if not can_add_to_chronology(request.user):
            raise PermissionDenied("You cannot change a chronology.")
        data = SignificanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        changed = chronology_significance_set(
            person=person,
            actor=request.user,
            event_key=v["event_key"],
            significant=v["significant"],
            note=v["note"],
        )
        return Response(
            {"event_key": v["event_key"], "significant": v["significant"], "changed": changed}
        )


class CaseSummaryOutputSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    version = serializers.IntegerField()
    family = serializers.CharField()
    history = serializers.CharField()
    risks = serializers.CharField()
    strengths = serializers.CharField()
    voice = serializers.CharField()
    written_by = serializers.CharField(source="written_by.email")
    written_at = serializers.DateTimeField()
    signed_off_by = serializers.CharField(source="signed_off_by.email", allow_null=True)
    signed_off_at = serializers.DateTimeField(allow_null=True)


class CaseSummaryVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    written_by = serializers.CharField(source="written_by.email")
    written_at = serializers.DateTimeField()
    signed_off_by = serializers.CharField(source="signed_off_by.email", allow_null=True)
    signed_off_at = serializers.DateTimeField(allow_null=True)


class CaseSummaryStateSerializer(serializers.Serializer):
    current = CaseSummaryOutputSerializer(allow_null=True, help_text="None until one is written")
    versions = CaseSummaryVersionSerializer(many=True, help_text="Newest first")


class CaseSummaryInputSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=0, help_text="The version you started from (0 when there was none)"
    )
    family = serializers.CharField(max_length=50_000)
    history = serializers.CharField(max_length=50_000)
    risks = serializers.CharField(max_length=50_000)
    strengths = serializers.CharField(max_length=50_000)
    voice = serializers.CharField(max_length=50_000)


class CaseSummaryApi(APIView):
    """The person's case summary (its newest version), and writing a new version."""

    @extend_schema(
        operation_id="persons_case_summary_retrieve",
        responses={200: CaseSummaryStateSerializer, **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = chronology_person_get_for_user(request.user, person_id)
        versions = case_summary_versions(person)
        return Response(
            CaseSummaryStateSerializer(
                {"current": versions[0] if versions else None, "versions": versions}
            ).data
        )

    @extend_schema(
        operation_id="persons_case_summary_write",
        request=CaseSummaryInputSerializer,
        responses={201: CaseSummaryOutputSerializer, **problem_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = chronology_person_get_for_user(request.user, person_id)
        if not can_add_to_chronology(request.user):
            raise PermissionDenied("You cannot write a case summary.")
        data = CaseSummaryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        summary = case_summary_write(
            person=person,
            actor=request.user,
            data=CaseSummaryInput(
                family=v["family"],
                history=v["history"],
                risks=v["risks"],
                strengths=v["strengths"],
                voice=v["voice"],
            ),
            expected_version=v["expected_version"],
        )
        return Response(CaseSummaryOutputSerializer(summary).data, status=status.HTTP_201_CREATED)


class CaseSummarySignOffApi(APIView):
    """A manager signs off the newest version (not one they wrote)."""

    @extend_schema(
        operation_id="persons_case_summary_sign_off",
        request=None,
        responses={200: CaseSummaryOutputSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = chronology_person_get_for_user(request.user, person_id)
        if not can_sign_off_case_summary(request.user):
            raise PermissionDenied("Only a manager can sign off a case summary.")
        summary: CaseSummary | None = case_summary_latest(person)
        if summary is None:
            raise ValidationError({"detail": ["There is no case summary to sign off."]})
        summary = case_summary_sign_off(summary=summary, actor=request.user)
        return Response(CaseSummaryOutputSerializer(summary).data)


class ChronologyPdfApi(APIView):
    """The person's chronology as a tagged, accessible PDF (PDF/UA-1), with the same filters."""

    @extend_schema(
        operation_id="persons_chronology_pdf",
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **problem_responses(400, 404),
        },
    )
    def get(self, request: AuthenticatedRequest, person_id: int) -> HttpResponse:
        person = chronology_person_get_for_reader(request.user, person_id)
        filters = _filters(request)
        chronology = chronology_build(request.user, [person], filters)
        return chronology_pdf_response(
            actor=request.user,
            person=person,
            chronology=chronology,
            filters=filters,
            query=request.GET.urlencode(),
        )


api_urlpatterns: list[URLPattern] = [
    path(
        "persons/<int:person_id>/chronology/",
        PersonChronologyApi.as_view(),
        name="person_chronology",
    ),
    path(
        "persons/<int:person_id>/chronology/entries/",
        ChronologyEntryApi.as_view(),
        name="person_chronology_entries",
    ),
    path(
        "persons/<int:person_id>/chronology/significance/",
        SignificanceApi.as_view(),
        name="person_chronology_significance",
    ),
    path(
        "persons/<int:person_id>/chronology.pdf",
        ChronologyPdfApi.as_view(),
        name="person_chronology_pdf",
    ),
    path(
        "persons/<int:person_id>/case-summary/",
        CaseSummaryApi.as_view(),
        name="person_case_summary",
    ),
    path(
        "persons/<int:person_id>/case-summary/sign-off/",
        CaseSummarySignOffApi.as_view(),
        name="person_case_summary_sign_off",
    ),
    path(
        "households/<int:household_id>/chronology/",
        HouseholdChronologyApi.as_view(),
        name="household_chronology",
    ),
]
