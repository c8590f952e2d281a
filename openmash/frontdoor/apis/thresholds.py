"""Front-door API: threshold support (the same gates and services as the pages).

- `GET /api/v1/thresholds/`: the continuum of need: levels and active indicators, and the
  cumulative rule in use. Any signed-in user: partnerships publish their continuum for every
  practitioner, and it holds no case records.
- `POST /api/v1/thresholds/suggest/`: a dry run: the suggestion for some indicators.
- `GET /api/v1/contacts/{id}/threshold/`: the contact's assessments, newest first.
- `POST /api/v1/contacts/{id}/threshold/`: assess (indicators, level, reason, version).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.problems import renamed_fields
from openmash.api.schema import problem_responses
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import ThresholdAssessment
from openmash.frontdoor.permissions import contact_get_for_work
from openmash.frontdoor.services.thresholds import (
    cumulative_rule,
    threshold_assess,
    threshold_indicators_active,
    threshold_levels,
    threshold_suggest,
)


class ThresholdLevelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField()
    typical_response = serializers.CharField()


class ThresholdIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.IntegerField()
    domain = serializers.CharField()
    subdomain = serializers.CharField()
    text = serializers.CharField()


class ThresholdCumulativeRuleSerializer(serializers.Serializer):
    indicators = serializers.IntegerField(help_text="0 when the rule is off")
    domains = serializers.IntegerField()


class ThresholdContinuumSerializer(serializers.Serializer):
    levels = ThresholdLevelSerializer(many=True)
    indicators = ThresholdIndicatorSerializer(many=True)
    cumulative_rule = ThresholdCumulativeRuleSerializer()


class ThresholdSuggestionSerializer(serializers.Serializer):
    level = serializers.IntegerField(allow_null=True)
    drivers = ThresholdIndicatorSerializer(many=True)
    explanation = serializers.CharField()
    cumulative = serializers.BooleanField()


class ThresholdSuggestInputSerializer(serializers.Serializer):
    indicators = serializers.ListField(child=serializers.CharField(), allow_empty=True)


class ThresholdAssessInputSerializer(ThresholdSuggestInputSerializer):
    level = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The contact's version you read"
    )


class ThresholdTickedSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.IntegerField()
    domain = serializers.CharField(required=False)
    text = serializers.CharField()


class ThresholdAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    indicators = ThresholdTickedSerializer(
        many=True, help_text="As ticked (texts copied at the time)"
    )
    drivers = serializers.ListField(child=serializers.CharField())
    suggested_level = serializers.IntegerField(allow_null=True)
    chosen_level = serializers.IntegerField()
    reason = serializers.CharField()
    assessed_by = serializers.IntegerField(source="assessed_by_id")
    assessed_at = serializers.DateTimeField()


class ThresholdAssessmentOutputSerializer(ThresholdAssessmentSerializer):
    suggestion = ThresholdSuggestionSerializer()


# The service's field names, as the API's JSON names them.
API_FIELDS = {"chosen_level": "level"}


class ThresholdListApi(APIView):
    @extend_schema(
        operation_id="thresholds_list",
        responses={200: ThresholdContinuumSerializer, **problem_responses()},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        count, domains = cumulative_rule()
        data = {
            "levels": threshold_levels(),
            "indicators": threshold_indicators_active(),
            "cumulative_rule": {"indicators": count, "domains": domains},
        }
        return Response(ThresholdContinuumSerializer(data).data)


class ThresholdSuggestApi(APIView):
    @extend_schema(
        operation_id="thresholds_suggest",
        request=ThresholdSuggestInputSerializer,
        responses={200: ThresholdSuggestionSerializer, **problem_responses(400)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        given = ThresholdSuggestInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with renamed_fields(API_FIELDS):
            suggestion = threshold_suggest(given.validated_data["indicators"])
        return Response(ThresholdSuggestionSerializer(suggestion).data)


class ContactThresholdApi(APIView):
    @extend_schema(
        operation_id="contacts_threshold_list",
        responses={200: ThresholdAssessmentSerializer(many=True), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see threshold assessments.")
        assessments = ThresholdAssessment.objects.filter(contact=contact).order_by(
            "-assessed_at", "-pk"
        )
        return Response(ThresholdAssessmentSerializer(assessments, many=True).data)

    @extend_schema(
        operation_id="contacts_threshold_create",
        request=ThresholdAssessInputSerializer,
        responses={
            201: ThresholdAssessmentOutputSerializer,
            **problem_responses(400, 404, 409),
        },
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        given = ThresholdAssessInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        with renamed_fields(API_FIELDS):
            assessment = threshold_assess(
                contact=contact,
                actor=request.user,
                indicator_codes=data["indicators"],
                chosen_level=data["level"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        return Response(ThresholdAssessmentOutputSerializer(assessment).data, status=201)


api_urlpatterns = [
    path("thresholds/", ThresholdListApi.as_view(), name="threshold_list"),
    path("thresholds/suggest/", ThresholdSuggestApi.as_view(), name="threshold_suggest"),
    path(
        "contacts/<int:contact_id>/threshold/",
        ContactThresholdApi.as_view(),
        name="contact_threshold",
    ),
]
