"""Front-door API: threshold support (the same gates and services as the pages), on two scales:
`children` (the continuum of need) and `adults` (the safeguarding adults risk thresholds, with the
Care Act s42(1) tests).

- `GET /api/v1/thresholds/?scale=children|adults`: one scale (children's when none is named, as
  before there were two): levels, active indicators, the cumulative rule in use, and the scales
  there are. Any signed-in user: partnerships publish their thresholds for every practitioner,
  and they hold no case records.
- `POST /api/v1/thresholds/suggest/`: a dry run: the suggestion for some indicators (and, for
  adults, the s42 tests).
- `GET /api/v1/contacts/{id}/threshold/`: the contact's assessments, newest first.
- `POST /api/v1/contacts/{id}/threshold/`: assess (indicators, level, reason, version; scale,
  subject and s42 for adults: the scale and the adult are inferred when only one fits).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.problems import renamed_fields
from openmash.api.schema import problem_responses
from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import S42Answer, ThresholdAssessment, ThresholdScale
from openmash.frontdoor.permissions import contact_get_for_work
from openmash.frontdoor.scales import SCALES
from openmash.frontdoor.services.s42 import S42_FIELDS, S42Test, S42Tests
from openmash.frontdoor.services.thresholds import (
    contact_scales,
    threshold_assess,
    threshold_indicators_active,
    threshold_levels,
    threshold_scale,
    threshold_suggest,
)

SCALE_HELP = "children (the continuum of need) or adults (the safeguarding adults risk thresholds)"


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
    domain = serializers.CharField(help_text="Adults: the type of abuse or neglect")
    subdomain = serializers.CharField()
    text = serializers.CharField()


class ThresholdCumulativeRuleSerializer(serializers.Serializer):
    indicators = serializers.IntegerField(help_text="0 when the rule is off")
    domains = serializers.IntegerField()


class ThresholdDomainSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class ThresholdScaleNameSerializer(serializers.Serializer):
    scale = serializers.ChoiceField(choices=ThresholdScale.choices)
    label = serializers.CharField()  # type: ignore[assignment]


class ThresholdContinuumSerializer(serializers.Serializer):
    scale = serializers.ChoiceField(choices=ThresholdScale.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    levels = ThresholdLevelSerializer(many=True)
    indicators = ThresholdIndicatorSerializer(many=True)
    domains = ThresholdDomainSerializer(
        many=True, help_text="What the indicators are grouped by (adults: types of abuse)"
    )
    cumulative_rule = ThresholdCumulativeRuleSerializer()
    scales = ThresholdScaleNameSerializer(
        many=True, help_text="Every scale; ask for one with ?scale="
    )


class S42FindingSerializer(serializers.Serializer):
    duty = serializers.ChoiceField(
        choices=["met", "not_met", "not_yet_known"],
        help_text="met: all three tests yes; not_met: any no; otherwise not_yet_known",
    )
    explanation = serializers.CharField()


class ThresholdSuggestionSerializer(serializers.Serializer):
    scale = serializers.ChoiceField(choices=ThresholdScale.choices)
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.CharField(help_text="The level's name on the scale")
    typical_response = serializers.CharField(help_text="What the level usually leads to")
    drivers = ThresholdIndicatorSerializer(many=True)
    explanation = serializers.CharField()
    cumulative = serializers.BooleanField()
    s42 = S42FindingSerializer(
        allow_null=True, help_text="Adults: whether the s42(1) duty appears met"
    )


class S42TestSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=S42Answer.choices, default=S42Answer.NOT_KNOWN)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="Needed for no"
    )


class S42TestsSerializer(serializers.Serializer):
    """The Care Act s42(1) tests; one left out is not yet known."""

    has_care_and_support_needs = S42TestSerializer(required=False)
    experiencing_or_at_risk_of_abuse = S42TestSerializer(required=False)
    unable_to_protect_self = S42TestSerializer(required=False)


class ThresholdSuggestInputSerializer(serializers.Serializer):
    scale = serializers.ChoiceField(
        choices=ThresholdScale.choices, default=ThresholdScale.CHILDREN, help_text=SCALE_HELP
    )
    indicators = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    s42 = S42TestsSerializer(required=False, allow_null=True, default=None, help_text="Adults only")


class ThresholdAssessInputSerializer(serializers.Serializer):
    scale = serializers.ChoiceField(
        choices=ThresholdScale.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text=f"{SCALE_HELP}; inferred when the contact is about children only or adults only",
    )
    subject = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Adults: the adult's subject id (from the contact); inferred when there is one",
    )
    indicators = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    s42 = S42TestsSerializer(required=False, allow_null=True, default=None, help_text="Adults only")
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


class S42AnswersSerializer(serializers.Serializer):
    has_care_and_support_needs = S42TestSerializer()
    experiencing_or_at_risk_of_abuse = S42TestSerializer()
    unable_to_protect_self = S42TestSerializer()


class ThresholdAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    scale = serializers.ChoiceField(choices=ThresholdScale.choices)
    subject = serializers.IntegerField(
        source="subject_id", allow_null=True, help_text="Adults: the adult screened"
    )
    s42 = serializers.SerializerMethodField(help_text="Adults: the s42(1) tests as recorded")
    indicators = ThresholdTickedSerializer(
        many=True, help_text="As ticked (texts copied at the time)"
    )
    drivers = serializers.ListField(child=serializers.CharField())
    suggested_level = serializers.IntegerField(allow_null=True)
    chosen_level = serializers.IntegerField()
    reason = serializers.CharField()
    assessed_by = serializers.IntegerField(source="assessed_by_id")
    assessed_at = serializers.DateTimeField()

    @extend_schema_field(S42AnswersSerializer(allow_null=True))
    def get_s42(self, assessment: ThresholdAssessment) -> dict[str, dict[str, str]] | None:
        if assessment.scale != ThresholdScale.ADULTS:
            return None
        return {
            name: {"answer": getattr(assessment, name), "note": getattr(assessment, f"{name}_note")}
            for name in S42_FIELDS
        }


class ThresholdAssessmentOutputSerializer(ThresholdAssessmentSerializer):
    suggestion = ThresholdSuggestionSerializer()


# The service's field names, as the API's JSON names them.
API_FIELDS = {
    "chosen_level": "level",
    **{name: f"s42.{name}.answer" for name in S42_FIELDS},
    **{f"{name}_note": f"s42.{name}.note" for name in S42_FIELDS},
}

SCALE_PARAMETER = OpenApiParameter(
    "scale", str, enum=ThresholdScale.values, description=f"{SCALE_HELP}. Default: children"
)


def _scale_asked(request: AuthenticatedRequest, *, default: str | None) -> str | None:
    scale = request.query_params.get("scale", default)
    if scale is not None and scale not in ThresholdScale.values:
        raise ValidationError({"scale": [f"Choose one of {', '.join(ThresholdScale.values)}"]})
    return scale


def _s42(given: dict[str, dict[str, str]] | None) -> S42Tests | None:
    if given is None:
        return None
    return S42Tests({name: S42Test(**test) for name, test in given.items()})


class ThresholdListApi(APIView):
    @extend_schema(
        operation_id="thresholds_list",
        parameters=[SCALE_PARAMETER],
        responses={200: ThresholdContinuumSerializer, **problem_responses(400)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        spec = threshold_scale(_scale_asked(request, default=ThresholdScale.CHILDREN))
        count, domains = spec.cumulative_rule()
        data = {
            "scale": spec.code,
            "label": spec.label,
            "levels": threshold_levels(spec.code),
            "indicators": threshold_indicators_active(spec.code),
            "domains": [{"code": c, "label": label} for c, label in spec.domain_labels.items()],
            "cumulative_rule": {"indicators": count, "domains": domains},
            "scales": [{"scale": each.code, "label": each.label} for each in SCALES.values()],
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
        data = given.validated_data
        with renamed_fields(API_FIELDS):
            suggestion = threshold_suggest(
                data["indicators"], scale=data["scale"], s42=_s42(data["s42"])
            )
        return Response(ThresholdSuggestionSerializer(suggestion).data)


class ContactThresholdApi(APIView):
    @extend_schema(
        operation_id="contacts_threshold_list",
        parameters=[
            OpenApiParameter(
                "scale", str, enum=ThresholdScale.values, description="Only this scale's"
            )
        ],
        responses={200: ThresholdAssessmentSerializer(many=True), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see threshold assessments.")
        # Only the scales the contact is about: an adult-only contact shows no children's scale.
        scales = [spec.code for spec in contact_scales(contact)]
        asked = _scale_asked(request, default=None)
        if asked is not None:
            scales = [asked] if asked in scales else []
        assessments = ThresholdAssessment.objects.filter(
            contact=contact, scale__in=scales
        ).order_by("-assessed_at", "-pk")
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
                scale=data["scale"],
                subject=_subject(contact, data["subject"]),
                s42=_s42(data["s42"]),
            )
        return Response(ThresholdAssessmentOutputSerializer(assessment).data, status=201)


def _subject(contact: Contact, subject_id: int | None) -> ContactSubject | None:
    if subject_id is None:
        return None
    subject = contact.contact_subjects.filter(pk=subject_id).first()
    if subject is None:
        raise ValidationError({"subject": ["Select an adult this contact is about"]})
    return subject


api_urlpatterns = [
    path("thresholds/", ThresholdListApi.as_view(), name="threshold_list"),
    path("thresholds/suggest/", ThresholdSuggestApi.as_view(), name="threshold_suggest"),
    path(
        "contacts/<int:contact_id>/threshold/",
        ContactThresholdApi.as_view(),
        name="contact_threshold",
    ),
]
