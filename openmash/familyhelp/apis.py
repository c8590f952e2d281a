"""Family Help through the API, under /api/v1/family-help/ (docs/api.md, "Family Help"). Every
view goes through the same gate and services as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Team, TeamKind
from openmash.api.schema import problem_responses
from openmash.core.http import AuthenticatedRequest
from openmash.familyhelp.models import (
    ClosureReason,
    FamilyHelpCase,
    MeetingKind,
    MemberRole,
    NetworkStatus,
    Progress,
)
from openmash.familyhelp.permissions import (
    can_request_family_help,
    can_step_down,
    family_help_case_get_for_team,
    family_help_case_get_for_user,
)
from openmash.familyhelp.selectors import case_work, cases_list, review_due
from openmash.familyhelp.services import requests as fh_requests
from openmash.familyhelp.services import work as fh_work
from openmash.familyhelp.services.handback import familyhelp_step_up

# --- Output ----------------------------------------------------------------------------------


class MemberOut(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField(allow_null=True)
    role = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


class CaseOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    origin = serializers.CharField(source="source", help_text="mash, partner or step_down")
    status = serializers.CharField()
    team_id = serializers.IntegerField()
    team = serializers.CharField(source="team.name")
    contact_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    open_concerns = serializers.BooleanField()
    step_down_analysis = serializers.CharField()
    step_down_handover = serializers.CharField()
    lead_practitioner = serializers.SerializerMethodField()
    agreement = serializers.CharField()
    agreement_note = serializers.CharField()
    requested_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    closure_reason = serializers.CharField()
    next_review_due = serializers.SerializerMethodField()
    version = serializers.IntegerField()
    members = MemberOut(many=True)

    def get_lead_practitioner(self, case: FamilyHelpCase) -> dict[str, Any] | None:
        lead = case.lead_practitioner
        if lead is None:
            return None
        return {"id": lead.pk, "name": lead.full_name, "agency": lead.agency.name}

    def get_next_review_due(self, case: FamilyHelpCase) -> str | None:
        due, _ = review_due(case)
        return due.isoformat() if due else None


class AssessmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    domains = serializers.JSONField()
    child_voice = serializers.CharField()
    parents_voice = serializers.CharField()
    analysis = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")
    recorded_at = serializers.DateTimeField()


class OutcomeOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    actions = serializers.CharField()
    progress = serializers.CharField()


class ReviewOut(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    summary = serializers.CharField()
    progress = serializers.JSONField()
    due_on = serializers.DateField()
    next_review_due = serializers.DateField()


class PlanOut(serializers.Serializer):
    id = serializers.IntegerField()
    agreed_on = serializers.DateField()
    review_interval_days = serializers.IntegerField()
    next_review_due = serializers.DateField()
    outcomes = OutcomeOut(many=True)
    reviews = ReviewOut(many=True)


class ActionOut(serializers.Serializer):
    text = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()


class MeetingOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    network_status = serializers.CharField()
    offered_on = serializers.DateField(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    attendees = serializers.JSONField()
    notes = serializers.CharField()
    family_plan = serializers.CharField()
    actions = ActionOut(many=True)


class HandbackOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    contact_id = serializers.IntegerField()
    contact_reference = serializers.CharField(source="contact.reference")
    reason = serializers.CharField()
    what_tried = serializers.CharField()


# --- Input -----------------------------------------------------------------------------------


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=20_000, **kwargs)


class MemberIn(serializers.Serializer):
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.CHILD)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)


class FamilyIn(serializers.Serializer):
    team_id = serializers.IntegerField(help_text="A Family Help team (`kind` early_help)")
    members = MemberIn(many=True, help_text="The family: at least one child")

    def team(self) -> Team:
        team = Team.objects.filter(
            pk=self.validated_data["team_id"], kind=TeamKind.EARLY_HELP, is_active=True
        ).first()
        if team is None:
            raise ValidationError({"team_id": ["Give the id of a Family Help team"]})
        return team

    def member_inputs(self) -> list[fh_requests.MemberInput]:
        return [fh_requests.MemberInput(**m) for m in self.validated_data["members"]]


class RequestIn(FamilyIn):
    reason = _text()
    open_concerns = serializers.BooleanField()


class StepDownIn(FamilyIn):
    analysis = _text(help_text="The assessment's analysis")
    handover_note = _text(help_text="The social worker's hand-over note")
    stepped_down_from = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class VersionIn(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class AcceptIn(VersionIn):
    lead_practitioner_email = serializers.EmailField()


class DeclineIn(VersionIn):
    reason = _text()


class AgreementIn(VersionIn):
    agreed = serializers.BooleanField()
    note = _text(required=False, allow_blank=True, default="")


class CloseIn(VersionIn):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = _text(required=False, allow_blank=True, default="")


class AssessmentIn(serializers.Serializer):
    domains = serializers.DictField(
        child=serializers.CharField(max_length=20_000, allow_blank=True),
        help_text="Domain code -> what the assessment found",
    )
    child_voice = _text()
    parents_voice = _text()
    analysis = _text()


class OutcomeIn(serializers.Serializer):
    text = _text()
    actions = _text(required=False, allow_blank=True, default="")


class PlanIn(serializers.Serializer):
    agreed_on = serializers.DateField()
    outcomes = OutcomeIn(many=True)


class ProgressIn(serializers.Serializer):
    outcome_id = serializers.IntegerField()
    progress = serializers.ChoiceField(choices=Progress.choices)


class ReviewIn(serializers.Serializer):
    held_on = serializers.DateField()
    summary = _text()
    progress = ProgressIn(many=True)


class AttendeeIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    agency = serializers.CharField(max_length=200)


class ActionIn(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class MeetingIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    attendees = AttendeeIn(many=True, required=False, default=list)
    notes = _text(required=False, allow_blank=True, default="")
    actions = ActionIn(many=True, required=False, default=list)
    network_status = serializers.ChoiceField(
        choices=NetworkStatus.choices, required=False, allow_blank=True, default=""
    )
    on = serializers.DateField(required=False, allow_null=True, default=None)
    family_plan = _text(required=False, allow_blank=True, default="")


class StepUpIn(VersionIn):
    reason = _text(help_text="Why Family Help is not enough now")
    what_tried = _text()
    immediate_risk = serializers.BooleanField(required=False, default=False)
    immediate_risk_details = _text(required=False, allow_blank=True, default="")


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> Any:
    given = serializer_class(data=data)
    given.is_valid(raise_exception=True)
    return given


def _case_out(case: FamilyHelpCase, status: int = 200) -> Response:
    return Response(CaseOut(case).data, status=status)


# --- Views -----------------------------------------------------------------------------------


class FamilyHelpCasesApi(APIView):
    """The cases the caller may see; a partner's request for Family Help."""

    @extend_schema(operation_id="family_help_cases_list", responses={200: CaseOut(many=True)})
    def get(self, request: AuthenticatedRequest) -> Response:
        status = request.query_params.get("status", "")
        return Response(CaseOut(cases_list(request.user, status=status), many=True).data)

    @extend_schema(
        operation_id="family_help_cases_create",
        request=RequestIn,
        responses={201: CaseOut, **problem_responses(400, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        if not can_request_family_help(request.user):
            raise PermissionDenied(
                "Only partner practitioners and MASH staff can ask for Family Help."
            )
        given = _valid(RequestIn, request.data)
        case = fh_requests.familyhelp_request_create(
            actor=request.user,
            team=given.team(),
            members=given.member_inputs(),
            reason=given.validated_data["reason"],
            open_concerns=given.validated_data["open_concerns"],
        )
        return _case_out(case, 201)


class FamilyHelpStepDownApi(APIView):
    """Step a family down from social care to Family Help."""

    @extend_schema(
        operation_id="family_help_step_down",
        request=StepDownIn,
        responses={201: CaseOut, **problem_responses(400, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        if not can_step_down(request.user):
            raise PermissionDenied("Only social care staff can step a family down.")
        given = _valid(StepDownIn, request.data)
        data = given.validated_data
        case = fh_requests.familyhelp_request_step_down(
            actor=request.user,
            team=given.team(),
            people=given.member_inputs(),
            analysis=data["analysis"],
            handover_note=data["handover_note"],
            stepped_down_from=data["stepped_down_from"],
        )
        return _case_out(case, 201)


class FamilyHelpCaseApi(APIView):
    @extend_schema(operation_id="family_help_case", responses={200: CaseOut})
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        return _case_out(family_help_case_get_for_user(request.user, case_id))


class FamilyHelpAcceptApi(APIView):
    @extend_schema(
        operation_id="family_help_accept",
        request=AcceptIn,
        responses={200: CaseOut, **problem_responses(400, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_team(request.user, case_id)
        data = _valid(AcceptIn, request.data).validated_data
        case = fh_requests.familyhelp_request_accept(
            case=case,
            actor=request.user,
            lead_practitioner=data["lead_practitioner_email"],
            expected_version=data["version"],
        )
        return _case_out(case)


class FamilyHelpDeclineApi(APIView):
    @extend_schema(
        operation_id="family_help_decline",
        request=DeclineIn,
        responses={200: CaseOut, **problem_responses(400, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_team(request.user, case_id)
        data = _valid(DeclineIn, request.data).validated_data
        case = fh_requests.familyhelp_request_decline(
            case=case, actor=request.user, reason=data["reason"], expected_version=data["version"]
        )
        return _case_out(case)


class FamilyHelpAgreementApi(APIView):
    @extend_schema(
        operation_id="family_help_agreement",
        request=AgreementIn,
        responses={200: CaseOut, **problem_responses(400, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(AgreementIn, request.data).validated_data
        case = fh_requests.familyhelp_agreement_record(
            case=case,
            actor=request.user,
            agreed=data["agreed"],
            note=data["note"],
            expected_version=data["version"],
        )
        return _case_out(case)


class FamilyHelpCloseApi(APIView):
    @extend_schema(
        operation_id="family_help_close",
        request=CloseIn,
        responses={200: CaseOut, **problem_responses(400, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(CloseIn, request.data).validated_data
        case = fh_work.familyhelp_case_close(
            case=case,
            actor=request.user,
            reason=data["reason"],
            note=data["note"],
            expected_version=data["version"],
        )
        return _case_out(case)


class FamilyHelpAssessmentsApi(APIView):
    @extend_schema(
        operation_id="family_help_assessments_list", responses={200: AssessmentOut(many=True)}
    )
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id)
        return Response(AssessmentOut(case_work(case).assessments, many=True).data)

    @extend_schema(
        operation_id="family_help_assessments_create",
        request=AssessmentIn,
        responses={201: AssessmentOut, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(AssessmentIn, request.data).validated_data
        assessment = fh_work.familyhelp_assessment_record(case=case, actor=request.user, **data)
        return Response(AssessmentOut(assessment).data, status=201)


class FamilyHelpPlansApi(APIView):
    @extend_schema(operation_id="family_help_plans_list", responses={200: PlanOut(many=True)})
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id)
        return Response(PlanOut(case_work(case).plans, many=True).data)

    @extend_schema(
        operation_id="family_help_plans_create",
        request=PlanIn,
        responses={201: PlanOut, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(PlanIn, request.data).validated_data
        plan = fh_work.familyhelp_plan_record(
            case=case,
            actor=request.user,
            agreed_on=data["agreed_on"],
            outcomes=[fh_work.OutcomeInput(**o) for o in data["outcomes"]],
        )
        return Response(PlanOut(plan).data, status=201)


class FamilyHelpReviewsApi(APIView):
    @extend_schema(operation_id="family_help_reviews_list", responses={200: ReviewOut(many=True)})
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id)
        reviews = [r for plan in case_work(case).plans for r in plan.reviews.all()]
        return Response(ReviewOut(reviews, many=True).data)

    @extend_schema(
        operation_id="family_help_reviews_create",
        request=ReviewIn,
        responses={201: ReviewOut, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(ReviewIn, request.data).validated_data
        review = fh_work.familyhelp_review_record(
            case=case,
            actor=request.user,
            held_on=data["held_on"],
            summary=data["summary"],
            progress={p["outcome_id"]: p["progress"] for p in data["progress"]},
        )
        return Response(ReviewOut(review).data, status=201)


class FamilyHelpMeetingsApi(APIView):
    @extend_schema(operation_id="family_help_meetings_list", responses={200: MeetingOut(many=True)})
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id)
        return Response(MeetingOut(case_work(case).meetings, many=True).data)

    @extend_schema(
        operation_id="family_help_meetings_create",
        request=MeetingIn,
        responses={201: MeetingOut, **problem_responses(400, 403, 404)},
        description="`kind` taf: a Team Around the Family meeting (held_on, attendees, notes, "
        "actions). `kind` network: a family network meeting's next step (network_status, on, "
        "family_plan once held).",
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(MeetingIn, request.data).validated_data
        if data["kind"] == MeetingKind.TAF:
            if data["held_on"] is None:
                raise ValidationError({"held_on": ["Enter the date of the meeting"]})
            meeting = fh_work.familyhelp_meeting_record(
                case=case,
                actor=request.user,
                held_on=data["held_on"],
                attendees=[fh_work.AttendeeInput(**a) for a in data["attendees"]],
                notes=data["notes"],
                actions=[fh_work.ActionInput(**a) for a in data["actions"]],
            )
        else:
            if data["on"] is None:
                raise ValidationError({"on": ["Enter the date"]})
            meeting = fh_work.familyhelp_network_meeting_record(
                case=case,
                actor=request.user,
                status=data["network_status"],
                on=data["on"],
                family_plan=data["family_plan"],
                notes=data["notes"],
            )
        return Response(MeetingOut(meeting).data, status=201)


class FamilyHelpStepUpApi(APIView):
    @extend_schema(
        operation_id="family_help_step_up",
        request=StepUpIn,
        responses={201: HandbackOut, **problem_responses(400, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = family_help_case_get_for_user(request.user, case_id, for_change=True)
        data = _valid(StepUpIn, request.data).validated_data
        handback = familyhelp_step_up(
            case=case,
            actor=request.user,
            reason=data["reason"],
            what_tried=data["what_tried"],
            immediate_risk=data["immediate_risk"],
            immediate_risk_details=data["immediate_risk_details"],
            expected_version=data["version"],
        )
        return Response(HandbackOut(handback).data, status=201)


P = "family-help/"
api_urlpatterns: list[URLPattern] = [
    path(f"{P}cases/", FamilyHelpCasesApi.as_view(), name="family_help_cases"),
    path(f"{P}step-down/", FamilyHelpStepDownApi.as_view(), name="family_help_step_down"),
    path(f"{P}cases/<int:case_id>/", FamilyHelpCaseApi.as_view(), name="family_help_case"),
    path(
        f"{P}cases/<int:case_id>/accept/", FamilyHelpAcceptApi.as_view(), name="family_help_accept"
    ),
    path(
        f"{P}cases/<int:case_id>/decline/",
        FamilyHelpDeclineApi.as_view(),
        name="family_help_decline",
    ),
    path(
        f"{P}cases/<int:case_id>/agreement/",
        FamilyHelpAgreementApi.as_view(),
        name="family_help_agreement",
    ),
    path(f"{P}cases/<int:case_id>/close/", FamilyHelpCloseApi.as_view(), name="family_help_close"),
    path(
        f"{P}cases/<int:case_id>/assessments/",
        FamilyHelpAssessmentsApi.as_view(),
        name="family_help_assessments",
    ),
    path(f"{P}cases/<int:case_id>/plans/", FamilyHelpPlansApi.as_view(), name="family_help_plans"),
    path(
        f"{P}cases/<int:case_id>/reviews/",
        FamilyHelpReviewsApi.as_view(),
        name="family_help_reviews",
    ),
    path(
        f"{P}cases/<int:case_id>/meetings/",
        FamilyHelpMeetingsApi.as_view(),
        name="family_help_meetings",
    ),
    path(
        f"{P}cases/<int:case_id>/step-up/",
        FamilyHelpStepUpApi.as_view(),
        name="family_help_step_up",
    ),
]
