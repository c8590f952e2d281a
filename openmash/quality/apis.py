"""Calibration exercise API, under /api/v1/calibration-exercises/: the exercises a user runs or
takes part in, answering a vignette, and the results once the exercise has closed. The same
gate and services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import ChildOutcome
from openmash.quality.agreement import DEFAULT_RESAMPLES, Estimate
from openmash.quality.models import ExerciseState
from openmash.quality.permissions import (
    can_run_calibration,
    can_see_answers,
    can_take_part_in_calibration,
    exercise_get_for_user,
    participation_of,
)
from openmash.quality.selectors import ExerciseResults, exercise_list, exercise_results
from openmash.quality.services import answer_record

ERRORS = problem_responses(400, 404, 409)
READ_ERRORS = problem_responses(404)


class QualityExerciseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    state = serializers.ChoiceField(choices=ExerciseState.choices)
    created_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    vignette_count = serializers.IntegerField()
    participant_count = serializers.IntegerField()


class QualityVignetteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()


class QualityExerciseDetailSerializer(QualityExerciseSerializer):
    vignettes = QualityVignetteSerializer(many=True)
    discussion_notes = serializers.CharField()


class QualityIntervalSerializer(serializers.Serializer):
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class QualityVignetteResultSerializer(serializers.Serializer):
    vignette_id = serializers.IntegerField()
    position = serializers.IntegerField()
    answers = serializers.IntegerField()
    level_agreement = serializers.FloatField(allow_null=True)
    outcome_agreement = serializers.FloatField(allow_null=True)
    modal_levels = serializers.ListField(child=serializers.IntegerField())
    modal_outcomes = serializers.ListField(child=serializers.CharField())


class QualityGroupResultSerializer(serializers.Serializer):
    name = serializers.CharField()
    participants = serializers.IntegerField()
    level_distance = serializers.FloatField(
        allow_null=True, help_text="Mean levels between their answers and the modal level"
    )
    outcome_differs = serializers.FloatField(
        allow_null=True, help_text="Share of their outcomes that differ from the modal outcome"
    )


class QualityResultsSerializer(serializers.Serializer):
    exercise_id = serializers.IntegerField()
    answers = serializers.IntegerField()
    confidence = serializers.FloatField()
    resamples = serializers.IntegerField(help_text="Bootstrap resamples of the vignettes")
    fleiss_kappa = serializers.FloatField(allow_null=True, help_text="Outcomes")
    fleiss_kappa_interval = QualityIntervalSerializer()
    fleiss_kappa_levels = serializers.FloatField(allow_null=True)
    fleiss_kappa_levels_interval = QualityIntervalSerializer()
    krippendorff_alpha_nominal = serializers.FloatField(allow_null=True, help_text="Outcomes")
    krippendorff_alpha_nominal_interval = QualityIntervalSerializer()
    krippendorff_alpha_ordinal = serializers.FloatField(allow_null=True, help_text="Levels")
    krippendorff_alpha_ordinal_interval = QualityIntervalSerializer()
    vignettes = QualityVignetteResultSerializer(many=True)
    agencies = QualityGroupResultSerializer(many=True)
    teams = QualityGroupResultSerializer(many=True)


class QualityAnswerInputSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=4)
    outcome = serializers.ChoiceField(choices=ChildOutcome.choices)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")


class QualityAnswerSerializer(serializers.Serializer):
    vignette_id = serializers.IntegerField()
    level = serializers.IntegerField()
    outcome = serializers.CharField()
    rationale = serializers.CharField()
    answered_at = serializers.DateTimeField()


def _interval(estimate: Estimate) -> dict[str, float | None]:
    return {"low": estimate.low, "high": estimate.high}


def _group(group: Any) -> dict[str, Any]:
    return {
        "name": group.name,
        "participants": group.participants,
        "level_distance": group.level_distance,
        "outcome_differs": group.outcome_differs,
    }


def _results(exercise_id: int, results: ExerciseResults) -> dict[str, Any]:
    kappa, kappa_levels = results.fleiss_kappa_outcomes, results.fleiss_kappa_levels
    nominal, ordinal = results.krippendorff_alpha_nominal, results.krippendorff_alpha_ordinal
    return {
        "exercise_id": exercise_id,
        "answers": results.answers,
        "confidence": ordinal.confidence,
        "resamples": DEFAULT_RESAMPLES,
        "fleiss_kappa": kappa.value,
        "fleiss_kappa_interval": _interval(kappa),
        "fleiss_kappa_levels": kappa_levels.value,
        "fleiss_kappa_levels_interval": _interval(kappa_levels),
        "krippendorff_alpha_nominal": nominal.value,
        "krippendorff_alpha_nominal_interval": _interval(nominal),
        "krippendorff_alpha_ordinal": ordinal.value,
        "krippendorff_alpha_ordinal_interval": _interval(ordinal),
        "vignettes": [
            {
                "vignette_id": v.vignette.pk,
                "position": v.vignette.position,
                "answers": v.answers,
                "level_agreement": v.level_agreement,
                "outcome_agreement": v.outcome_agreement,
                "modal_levels": v.modal_levels,
                "modal_outcomes": v.modal_outcomes,
            }
            for v in results.vignettes
        ],
        "agencies": [_group(g) for g in results.agencies],
        "teams": [_group(g) for g in results.teams],
    }


class CalibrationExerciseListApi(APIView):
    """The exercises a quality lead runs (all of them), or a participant has been invited to."""

    @extend_schema(
        operation_id="calibration_exercises_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(QualityExerciseSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        if not (can_run_calibration(user) or can_take_part_in_calibration(user)):
            raise PermissionDenied("Only MASH staff and agency representatives take part.")
        paginator = Pagination()
        page = paginator.paginate_queryset(exercise_list(user), request, view=self) or []
        return paginator.get_paginated_response(QualityExerciseSerializer(page, many=True).data)


class CalibrationExerciseDetailApi(APIView):
    @extend_schema(
        operation_id="calibration_exercises_retrieve",
        responses={200: QualityExerciseDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, exercise_id: int) -> Response:
        exercise = exercise_get_for_user(request.user, exercise_id)
        counted = exercise_list(request.user).get(pk=exercise.pk)
        data = dict(QualityExerciseSerializer(counted).data)
        vignettes = exercise.vignettes.order_by("position")
        data["vignettes"] = QualityVignetteSerializer(vignettes, many=True).data
        data["discussion_notes"] = exercise.discussion_notes
        return Response(data)


class CalibrationResultsApi(APIView):
    """Agreement statistics with 95% percentile bootstrap intervals: only once the exercise
    has closed, to its quality leads and participants."""

    @extend_schema(
        operation_id="calibration_exercises_results",
        responses={200: QualityResultsSerializer, **problem_responses(403, 404)},
    )
    def get(self, request: AuthenticatedRequest, exercise_id: int) -> Response:
        exercise = exercise_get_for_user(request.user, exercise_id)
        if not can_see_answers(request.user, exercise):
            raise PermissionDenied("The results are shown once the exercise closes.")
        return Response(_results(exercise.pk, exercise_results(exercise)))


class CalibrationAnswerApi(APIView):
    """A participant's own answer to one vignette; they may change it until the exercise closes."""

    @extend_schema(
        operation_id="calibration_answers_create",
        request=QualityAnswerInputSerializer,
        responses={200: QualityAnswerSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, exercise_id: int, vignette_id: int) -> Response:
        exercise = exercise_get_for_user(request.user, exercise_id)
        participant = participation_of(request.user, exercise)
        if participant is None:
            raise PermissionDenied("Only the exercise's participants answer.")
        vignette = exercise.vignettes.filter(pk=vignette_id).first()
        if vignette is None:
            raise Http404("No such vignette")
        data = _valid(request)
        given = answer_record(
            vignette=vignette, participant=participant, actor=request.user, **data
        )
        return Response(QualityAnswerSerializer(given).data)


def _valid(request: Request) -> dict[str, Any]:
    given = QualityAnswerInputSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


api_urlpatterns: list[URLPattern] = [
    path(
        "calibration-exercises/",
        CalibrationExerciseListApi.as_view(),
        name="calibration_exercise_list",
    ),
    path(
        "calibration-exercises/<int:exercise_id>/",
        CalibrationExerciseDetailApi.as_view(),
        name="calibration_exercise_detail",
    ),
    path(
        "calibration-exercises/<int:exercise_id>/results/",
        CalibrationResultsApi.as_view(),
        name="calibration_exercise_results",
    ),
    path(
        "calibration-exercises/<int:exercise_id>/vignettes/<int:vignette_id>/answer/",
        CalibrationAnswerApi.as_view(),
        name="calibration_answer",
    ),
]

# Case audits, audit templates, dip samples and decision analytics (audit_apis.py).
from openmash.quality.audit_apis import api_urlpatterns as audit_api_urlpatterns  # noqa: E402

api_urlpatterns += audit_api_urlpatterns
