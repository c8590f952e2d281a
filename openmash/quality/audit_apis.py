"""Case audit, audit template, dip sample and decision analytics API, under /api/v1/: the same
gate and services as the pages (docs/api.md)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import User
from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.http import AuthenticatedRequest
from openmash.quality.analytics import (
    Figure,
    authorisation_changes,
    below_suggested,
    consent_on_red,
)
from openmash.quality.audit_selectors import (
    audit_list,
    sample_audits,
    sample_list,
    template_list,
    template_versions,
)
from openmash.quality.audit_services import (
    Question,
    audit_action_add,
    audit_action_done,
    audit_answers_record,
    audit_complete,
    audit_moderate,
    audit_respond,
    audit_start,
    sample_draw,
    template_create,
    template_revise,
)
from openmash.quality.models import (
    AuditState,
    AuditTemplate,
    Grade,
    SampleAssignment,
)
from openmash.quality.permissions import (
    audit_get_for_user,
    can_audit,
    sample_get_for_user,
    template_get_for_user,
)
from openmash.quality.sampling import SampleCriteria

WRITE_ERRORS = problem_responses(400, 403, 404)
READ_ERRORS = problem_responses(403, 404)
BIG = 2**63 - 1


def _must_audit(user: Any) -> None:
    if not can_audit(user):
        raise PermissionDenied("Only quality leads see audit templates, samples and analytics.")


def _valid(serializer: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    given = serializer(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


# Serializers -------------------------------------------------------------------------------


class AuditQuestionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000)
    guidance = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AuditTemplateVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    questions = AuditQuestionSerializer(many=True)
    created_at = serializers.DateTimeField()


class AuditTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    current = AuditTemplateVersionSerializer()


class AuditTemplateDetailSerializer(AuditTemplateSerializer):
    versions = AuditTemplateVersionSerializer(many=True)


class AuditTemplateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    questions = AuditQuestionSerializer(many=True, allow_empty=False)


class AuditAnswerSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    answer = serializers.CharField()
    finding = serializers.CharField()


class AuditActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    owner_id = serializers.IntegerField()
    due_on = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)


class CaseAuditSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    contact_reference = serializers.CharField(source="contact.reference")
    template_id = serializers.IntegerField(source="template_version.template_id")
    template_version = serializers.IntegerField(source="template_version.number")
    sample_id = serializers.IntegerField(allow_null=True)
    decision_id = serializers.IntegerField(allow_null=True)
    auditor_id = serializers.IntegerField()
    worker_id = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=AuditState.choices)
    grade = serializers.CharField(help_text="The auditor's grade ('' until completed)")
    moderated_grade = serializers.CharField()
    final_grade = serializers.CharField()
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    moderated_at = serializers.DateTimeField(allow_null=True)


class CaseAuditDetailSerializer(CaseAuditSerializer):
    questions = AuditQuestionSerializer(many=True, source="template_version.questions")
    answers = AuditAnswerSerializer(many=True, source="answers.all")
    summary = serializers.CharField()
    actions = AuditActionSerializer(many=True, source="actions.all")
    worker_response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    moderator_id = serializers.IntegerField(allow_null=True)
    moderation_agrees = serializers.BooleanField(allow_null=True)
    moderation_reason = serializers.CharField()


class AuditStartSerializer(serializers.Serializer):
    contact_id = serializers.IntegerField(min_value=1, max_value=BIG)
    template_id = serializers.IntegerField(min_value=1, max_value=BIG)


class AuditAnswersInputSerializer(serializers.Serializer):
    answers = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        help_text="One {answer, finding} per question, in order; a blank answer is unanswered",
        max_length=100,
    )


class AuditCompleteSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    summary = serializers.CharField()


class AuditActionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner_id = serializers.IntegerField(min_value=1, max_value=BIG)
    due_on = serializers.DateField()


class AuditRespondSerializer(serializers.Serializer):
    response = serializers.CharField()


class AuditModerateSerializer(serializers.Serializer):
    agrees = serializers.BooleanField()
    grade = serializers.ChoiceField(choices=Grade.choices, required=False, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SampleCriteriaSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    outcome = serializers.CharField(required=False, allow_blank=True, default="", max_length=24)
    source_agency_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=BIG
    )
    worker_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=BIG
    )
    percentage = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=100
    )
    count = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=1000
    )


class DipSampleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    template_id = serializers.IntegerField(source="template_version.template_id")
    template_version = serializers.IntegerField(source="template_version.number")
    criteria = SampleCriteriaSerializer()
    seed = serializers.IntegerField()
    assignment = serializers.ChoiceField(choices=SampleAssignment.choices)
    population = serializers.IntegerField()
    drawn_at = serializers.DateTimeField()
    audited = serializers.IntegerField()
    total = serializers.IntegerField()


class DipSampleDetailSerializer(DipSampleSerializer):
    audits = CaseAuditSerializer(many=True)


class DipSampleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    template_id = serializers.IntegerField(min_value=1, max_value=BIG)
    criteria = SampleCriteriaSerializer()
    seed = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=BIG
    )
    auditor_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIG), allow_empty=False, max_length=50
    )
    assignment = serializers.ChoiceField(
        choices=SampleAssignment.choices, default=SampleAssignment.ROUND_ROBIN
    )


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(source="label")
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    contact_ids = serializers.ListField(
        child=serializers.IntegerField(), source="records", help_text="The contacts behind count"
    )


class BelowSuggestedSerializer(serializers.Serializer):
    worker = FigureSerializer(many=True)
    team = FigureSerializer(many=True)
    agency = FigureSerializer(many=True)
    indicator = FigureSerializer(many=True)


class ByTeamManagerSerializer(serializers.Serializer):
    team = FigureSerializer(many=True)
    manager = FigureSerializer(many=True)


class ReturnReasonSerializer(serializers.Serializer):
    decision_id = serializers.IntegerField(source="pk")
    contact_id = serializers.IntegerField()
    returned_at = serializers.DateTimeField()
    reason = serializers.CharField(source="manager_comment")


class DecisionAnalyticsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    below_suggested = BelowSuggestedSerializer()
    returned = ByTeamManagerSerializer()
    changed = ByTeamManagerSerializer()
    return_reasons = ReturnReasonSerializer(many=True)
    consent_refusal_accepted_on_red = FigureSerializer()


class AnalyticsQuerySerializer(serializers.Serializer):
    days = serializers.ChoiceField(choices=[30, 90, 365], required=False, default=90)


# Views -------------------------------------------------------------------------------------


def _template_data(template: AuditTemplate) -> dict[str, Any]:
    return dict(AuditTemplateSerializer({"id": template.pk, "current": template.current}).data)


class AuditTemplateListApi(APIView):
    @extend_schema(
        operation_id="audit_templates_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(AuditTemplateSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        _must_audit(request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(template_list(request.user), request, view=self) or []
        return paginator.get_paginated_response([_template_data(t) for t in page])

    @extend_schema(
        operation_id="audit_templates_create",
        request=AuditTemplateInputSerializer,
        responses={201: AuditTemplateSerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        _must_audit(request.user)
        data = _valid(AuditTemplateInputSerializer, request)
        template = template_create(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            questions=[Question(q["text"], q["guidance"]) for q in data["questions"]],
        )
        return Response(_template_data(template), status=201)


class AuditTemplateDetailApi(APIView):
    @extend_schema(
        operation_id="audit_templates_retrieve",
        responses={200: AuditTemplateDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, template_id: int) -> Response:
        template = template_get_for_user(request.user, template_id)
        versions = template_versions(template)
        return Response(
            AuditTemplateDetailSerializer(
                {"id": template.pk, "current": versions[0], "versions": versions}
            ).data
        )

    @extend_schema(
        operation_id="audit_templates_revise",
        description="Edit the template: saves a new version (audits keep theirs).",
        request=AuditTemplateInputSerializer,
        responses={200: AuditTemplateSerializer, **WRITE_ERRORS},
    )
    def put(self, request: AuthenticatedRequest, template_id: int) -> Response:
        template = template_get_for_user(request.user, template_id)
        data = _valid(AuditTemplateInputSerializer, request)
        template_revise(
            template=template,
            actor=request.user,
            title=data["title"],
            description=data["description"],
            questions=[Question(q["text"], q["guidance"]) for q in data["questions"]],
        )
        return Response(_template_data(template))


class AuditListApi(APIView):
    @extend_schema(
        operation_id="audits_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(CaseAuditSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(audit_list(request.user), request, view=self) or []
        return paginator.get_paginated_response(CaseAuditSerializer(page, many=True).data)

    @extend_schema(
        operation_id="audits_create",
        request=AuditStartSerializer,
        responses={201: CaseAuditDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        _must_audit(request.user)
        data = _valid(AuditStartSerializer, request)
        template = template_get_for_user(request.user, data["template_id"])
        contact = contact_get_for_user(request.user, data["contact_id"])
        audit = audit_start(actor=request.user, contact=contact, template=template)
        return Response(_audit(request.user, audit.pk), status=201)


def _audit(user: User, audit_id: int) -> dict[str, Any]:
    audit = audit_list(user).prefetch_related("answers", "actions").get(pk=audit_id)
    return dict(CaseAuditDetailSerializer(audit).data)


class AuditDetailApi(APIView):
    @extend_schema(
        operation_id="audits_retrieve", responses={200: CaseAuditDetailSerializer, **READ_ERRORS}
    )
    def get(self, request: AuthenticatedRequest, audit_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id)
        return Response(_audit(request.user, audit.pk))


def _change(operation: str, serializer: type[serializers.Serializer], doc: str) -> Any:
    return extend_schema(
        operation_id=operation,
        description=doc,
        request=serializer,
        responses={200: CaseAuditDetailSerializer, **WRITE_ERRORS},
    )


class AuditAnswersApi(APIView):
    @_change("audits_answers", AuditAnswersInputSerializer, "The auditor's answers and findings.")
    def post(self, request: AuthenticatedRequest, audit_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id, for_change=True)
        data = _valid(AuditAnswersInputSerializer, request)
        pairs = [(a.get("answer", ""), a.get("finding", "")) for a in data["answers"]]
        audit_answers_record(audit=audit, actor=request.user, answers=pairs)
        return Response(_audit(request.user, audit.pk))


class AuditCompleteApi(APIView):
    @_change("audits_complete", AuditCompleteSerializer, "Complete with the overall grade.")
    def post(self, request: AuthenticatedRequest, audit_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id, for_change=True)
        data = _valid(AuditCompleteSerializer, request)
        audit_complete(audit=audit, actor=request.user, **data)
        return Response(_audit(request.user, audit.pk))


class AuditActionApi(APIView):
    @_change("audits_actions_create", AuditActionInputSerializer, "Add an action.")
    def post(self, request: AuthenticatedRequest, audit_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id, for_change=True)
        data = _valid(AuditActionInputSerializer, request)
        owner = User.objects.filter(pk=data["owner_id"], is_active=True).first()
        if owner is None:
            raise serializers.ValidationError({"owner_id": ["Select an active owner"]})
        audit_action_add(
            audit=audit, actor=request.user, text=data["text"], owner=owner, due_on=data["due_on"]
        )
        return Response(_audit(request.user, audit.pk))


class AuditActionDoneApi(APIView):
    @extend_schema(
        operation_id="audits_actions_done",
        request=None,
        responses={200: CaseAuditDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, audit_id: int, action_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id)
        action = audit.actions.filter(pk=action_id).first()
        if action is None:
            raise Http404("No such action")
        if action.owner_id != request.user.pk and not can_audit(request.user):
            raise PermissionDenied("Only the action's owner or a quality lead marks it done.")
        audit_action_done(action=action, actor=request.user)
        return Response(_audit(request.user, audit.pk))


class AuditRespondApi(APIView):
    @_change("audits_respond", AuditRespondSerializer, "The worker's response.")
    def post(self, request: AuthenticatedRequest, audit_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id)
        if audit.worker_id != request.user.pk:
            raise PermissionDenied("Only the worker whose case was audited responds.")
        data = _valid(AuditRespondSerializer, request)
        audit_respond(audit=audit, actor=request.user, response=data["response"])
        return Response(_audit(request.user, audit.pk))


class AuditModerateApi(APIView):
    @_change("audits_moderate", AuditModerateSerializer, "A second auditor's moderation.")
    def post(self, request: AuthenticatedRequest, audit_id: int) -> Response:
        audit = audit_get_for_user(request.user, audit_id, for_change=True)
        data = _valid(AuditModerateSerializer, request)
        audit_moderate(audit=audit, actor=request.user, **data)
        return Response(_audit(request.user, audit.pk))


def _sample(user: User, sample_id: int, *, detail: bool) -> dict[str, Any]:
    sample = sample_list(user).get(pk=sample_id)
    if not detail:
        return dict(DipSampleSerializer(sample).data)
    sample.audits_listed = sample_audits(sample)  # type: ignore[attr-defined]
    data = dict(DipSampleSerializer(sample).data)
    data["audits"] = CaseAuditSerializer(sample.audits_listed, many=True).data  # type: ignore[attr-defined]
    return data


class DipSampleListApi(APIView):
    @extend_schema(
        operation_id="dip_samples_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(DipSampleSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        _must_audit(request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(sample_list(request.user), request, view=self) or []
        return paginator.get_paginated_response(DipSampleSerializer(page, many=True).data)

    @extend_schema(
        operation_id="dip_samples_create",
        description="Draw a sample: the same seed, criteria and data give the same sample.",
        request=DipSampleInputSerializer,
        responses={201: DipSampleDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        _must_audit(request.user)
        data = _valid(DipSampleInputSerializer, request)
        template = template_get_for_user(request.user, data["template_id"])
        auditors = {u.pk: u for u in User.objects.filter(pk__in=data["auditor_ids"])}
        missing = [pk for pk in data["auditor_ids"] if pk not in auditors]
        if missing:
            raise serializers.ValidationError({"auditor_ids": [f"No user has the id {missing[0]}"]})
        seed = data["seed"] if data["seed"] is not None else secrets.randbelow(2**31)
        sample = sample_draw(
            actor=request.user,
            title=data["title"],
            template=template,
            criteria=SampleCriteria(**data["criteria"]),
            seed=seed,
            auditors=[auditors[pk] for pk in dict.fromkeys(data["auditor_ids"])],
            assignment=data["assignment"],
        )
        return Response(_sample(request.user, sample.pk, detail=True), status=201)


class DipSampleDetailApi(APIView):
    @extend_schema(
        operation_id="dip_samples_retrieve",
        responses={200: DipSampleDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, sample_id: int) -> Response:
        sample = sample_get_for_user(request.user, sample_id)
        return Response(_sample(request.user, sample.pk, detail=True))


def _figures(groups: dict[str, list[Figure]]) -> dict[str, Any]:
    return {name: FigureSerializer(found, many=True).data for name, found in groups.items()}


class DecisionAnalyticsApi(APIView):
    """The figures of the decision analytics page; each carries the contacts behind it."""

    @extend_schema(
        operation_id="decision_analytics_retrieve",
        parameters=[
            OpenApiParameter(
                "days", int, enum=[30, 90, 365], required=False, description="Period (90)"
            )
        ],
        responses={200: DecisionAnalyticsSerializer, **problem_responses(400, 403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        _must_audit(request.user)
        query = AnalyticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        date_to = timezone.localdate()
        date_from = date_to - timedelta(days=int(query.validated_data["days"]))
        authorisation = authorisation_changes(date_from, date_to)
        return Response(
            {
                "date_from": date_from,
                "date_to": date_to,
                "below_suggested": _figures(below_suggested(date_from, date_to)),
                "returned": _figures(authorisation.returned),
                "changed": _figures(authorisation.changed),
                "return_reasons": ReturnReasonSerializer(authorisation.reasons, many=True).data,
                "consent_refusal_accepted_on_red": FigureSerializer(
                    consent_on_red(date_from, date_to)
                ).data,
            }
        )


api_urlpatterns: list[URLPattern] = [
    path("audit-templates/", AuditTemplateListApi.as_view(), name="audit_template_list"),
    path(
        "audit-templates/<int:template_id>/",
        AuditTemplateDetailApi.as_view(),
        name="audit_template_detail",
    ),
    path("audits/", AuditListApi.as_view(), name="audit_list"),
    path("audits/<int:audit_id>/", AuditDetailApi.as_view(), name="audit_detail"),
    path("audits/<int:audit_id>/answers/", AuditAnswersApi.as_view(), name="audit_answers"),
    path("audits/<int:audit_id>/complete/", AuditCompleteApi.as_view(), name="audit_complete"),
    path("audits/<int:audit_id>/actions/", AuditActionApi.as_view(), name="audit_actions"),
    path(
        "audits/<int:audit_id>/actions/<int:action_id>/done/",
        AuditActionDoneApi.as_view(),
        name="audit_action_done",
    ),
    path("audits/<int:audit_id>/response/", AuditRespondApi.as_view(), name="audit_respond"),
    path("audits/<int:audit_id>/moderation/", AuditModerateApi.as_view(), name="audit_moderate"),
    path("dip-samples/", DipSampleListApi.as_view(), name="dip_sample_list"),
    path("dip-samples/<int:sample_id>/", DipSampleDetailApi.as_view(), name="dip_sample_detail"),
    path("decision-analytics/", DecisionAnalyticsApi.as_view(), name="decision_analytics"),
]
