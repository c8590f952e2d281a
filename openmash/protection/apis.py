"""Child protection API: /api/v1/strategy-discussions/, /section47-enquiries/, /assessments/,
/conferences/ and /plans/, each with the CIN census field names, behind the same gates as the
pages (a record is visible as its child's protection case is)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import User
from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedRequest
from openmash.protection.forms import FACTORS
from openmash.protection.models import (
    AbuseCategory,
    Assessment,
    ChildProtectionPlan,
    CinEndReason,
    Conference,
    EndReason,
    FamilyNetworkMeeting,
    MemberRole,
    NextStep,
    PlanActivityKind,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
    StrategyDecision,
    StrategyDiscussion,
)
from openmash.protection.permissions import (
    can_authorise_on_case,
    can_lead_case,
    cases_visible_to,
    protection_case_get_for_user,
    record_get_for_user,
)
from openmash.protection.services import (
    AttendeeInput,
    agency_note_add,
    assessment_authorise,
    assessment_record,
    assessment_start,
    cin_plan_end,
    cin_plan_review_record,
    cin_plan_start,
    conference_record,
    family_meeting_answer,
    family_meeting_hold,
    family_meeting_offer,
    plan_activity_record,
    plan_end,
    protection_lead_name,
    protection_member_add,
    section47_record,
    strategy_discussion_record,
)

READ_ERRORS = problem_responses(404)


class ProtectionAttendeeSerializer(serializers.Serializer):
    agency = serializers.CharField(source="role")
    name = serializers.CharField()
    shared = serializers.CharField()


class ProtectionStrategyDiscussionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    LAchildID = serializers.IntegerField(source="case.person_id")
    convened_from = serializers.CharField(source="source")
    trigger = serializers.CharField()
    trigger_at = serializers.DateTimeField()
    urgent = serializers.BooleanField()
    target_at = serializers.DateTimeField()
    held_at = serializers.DateTimeField(allow_null=True)
    attendees = ProtectionAttendeeSerializer(many=True, source="attendees.all")
    missing_agencies = serializers.ListField(child=serializers.CharField())
    decision = serializers.CharField()
    decision_reason = serializers.CharField()
    late = serializers.BooleanField()
    premature = serializers.BooleanField()
    held_early = serializers.BooleanField()
    early_reason = serializers.CharField()
    unanswered = serializers.ListField(child=serializers.CharField())


class ProtectionSection47Serializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    LAchildID = serializers.IntegerField(source="case.person_id")
    S47ActualStartDate = serializers.DateField(source="started_on")
    InitialCPCtarget = serializers.DateField(source="icpc_target_on")
    ICPCnotRequired = serializers.SerializerMethodField()
    joint = serializers.BooleanField()
    child_seen_on = serializers.DateField(allow_null=True)
    seen_alone = serializers.BooleanField(allow_null=True)
    child_wishes = serializers.CharField()
    outcome = serializers.CharField()
    next_step = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)

    def get_ICPCnotRequired(self, enquiry: Section47Enquiry) -> bool:  # noqa: N802
        return enquiry.outcome == "no_icpc"


class ProtectionAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    LAchildID = serializers.IntegerField(source="case.person_id")
    CINreferralDate = serializers.DateField(source="referral_date")
    AssessmentActualStartDate = serializers.DateField(source="started_on")
    AssessmentAuthorisationDate = serializers.DateField(source="authorised_on", allow_null=True)
    AssessmentFactors = serializers.ListField(source="factors", child=serializers.CharField())
    due_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)


class ProtectionConferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    LAchildID = serializers.IntegerField(source="case.person_id")
    kind = serializers.CharField()
    target_on = serializers.DateField()
    DateOfInitialCPC = serializers.SerializerMethodField()
    CPPreviewDate = serializers.SerializerMethodField()
    agencies_invited = serializers.ListField(child=serializers.CharField())
    plan_needed = serializers.BooleanField()
    CategoryOfAbuse = serializers.CharField(source="category")

    def get_DateOfInitialCPC(self, c: Conference) -> str | None:  # noqa: N802
        return c.held_on.isoformat() if c.kind == "initial" else None

    def get_CPPreviewDate(self, c: Conference) -> str | None:  # noqa: N802
        return c.held_on.isoformat() if c.kind == "review" else None


class ProtectionPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    LAchildID = serializers.IntegerField(source="case.person_id")
    CPPstartDate = serializers.DateField(source="started_on")
    CPPendDate = serializers.DateField(source="ended_on", allow_null=True)
    InitialCategoryOfAbuse = serializers.CharField(source="initial_category")
    LatestCategoryOfAbuse = serializers.CharField(source="latest_category")
    end_reason = serializers.CharField()
    next_review_on = serializers.DateField(allow_null=True)
    next_visit_on = serializers.DateField(allow_null=True)


class ProtectionAttendeeInputSerializer(serializers.Serializer):
    agency = serializers.ChoiceField(choices=MemberRole.choices)
    name = serializers.CharField()
    shared = serializers.CharField(required=False, allow_blank=True, default="")


class ProtectionStrategyRecordInputSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    attendees = ProtectionAttendeeInputSerializer(many=True)
    child_needs = serializers.CharField()
    mental_capacity = serializers.CharField(required=False, allow_blank=True, default="")
    decision = serializers.ChoiceField(choices=StrategyDecision.choices)
    decision_reason = serializers.CharField(required=False, allow_blank=True, default="")
    early_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why it could not wait for the agencies' answers (else: premature)",
    )
    safety_actions = serializers.CharField(required=False, allow_blank=True, default="")


class ProtectionSection47InputSerializer(serializers.Serializer):
    child_seen_on = serializers.DateField(required=False, allow_null=True, default=None)
    seen_alone = serializers.BooleanField(required=False, allow_null=True, default=None)
    seen_by = serializers.CharField(required=False, allow_blank=True, default="")
    child_wishes = serializers.CharField(required=False, allow_blank=True, default="")
    analysis = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(
        choices=S47Outcome.choices, required=False, allow_blank=True, default=""
    )
    next_step = serializers.ChoiceField(
        choices=NextStep.choices, required=False, allow_blank=True, default=""
    )


class ProtectionConferenceInputSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    held_on = serializers.DateField(help_text="DateOfInitialCPC or CPPreviewDate")
    agencies_invited = serializers.ListField(
        child=serializers.ChoiceField(choices=MemberRole.choices)
    )
    reports = serializers.CharField(required=False, allow_blank=True, default="")
    plan_needed = serializers.BooleanField()
    category = serializers.ChoiceField(
        choices=AbuseCategory.choices, required=False, allow_blank=True, default=""
    )


def _valid(serializer_class: type[serializers.Serializer], request: Any) -> dict[str, Any]:
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _writable(user: Any, record: Any) -> None:
    if not can_lead_case(user, record.case):
        raise PermissionDenied("Only the child's lead practitioner and team record this.")


def _strategy_record(request: AuthenticatedRequest, record: Any) -> Response:
    _writable(request.user, record)
    data = _valid(ProtectionStrategyRecordInputSerializer, request)
    attendees = [
        AttendeeInput(role=a["agency"], name=a["name"], shared=a["shared"])
        for a in data.pop("attendees")
    ]
    done = strategy_discussion_record(
        discussion=record, actor=request.user, attendees=attendees, **data
    )
    return Response(ProtectionStrategyDiscussionSerializer(done).data)


def _section47_record(request: AuthenticatedRequest, record: Any) -> Response:
    _writable(request.user, record)
    data = _valid(ProtectionSection47InputSerializer, request)
    done = section47_record(enquiry=record, actor=request.user, **data)
    return Response(ProtectionSection47Serializer(done).data)


class ConferenceCreateApi(APIView):
    """Record a conference held on a child's case: the initial one (after an enquiry that calls
    for it) or, with a plan open, a review."""

    @extend_schema(
        operation_id="protection_conferences_create",
        request=ProtectionConferenceInputSerializer,
        responses={201: ProtectionConferenceSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = _valid(ProtectionConferenceInputSerializer, request)
        case = protection_case_get_for_user(request.user, data.pop("case_id"), for_change=True)
        conference = conference_record(case=case, actor=request.user, **data)
        return Response(ProtectionConferenceSerializer(conference).data, status=201)


class ProtectionAssessmentStartInputSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    referral_date = serializers.DateField(
        help_text="CINreferralDate: the 45 working days run from it"
    )
    started_on = serializers.DateField(help_text="AssessmentActualStartDate")


class ProtectionAssessmentRecordInputSerializer(serializers.Serializer):
    factors = serializers.ListField(
        child=serializers.ChoiceField(choices=FACTORS),
        required=False,
        default=list,
        help_text="AssessmentFactors: CIN census codes",
    )
    child_voice = serializers.CharField(required=False, allow_blank=True, default="")
    analysis = serializers.CharField(required=False, allow_blank=True, default="")
    needs_support = serializers.BooleanField(required=False, allow_null=True, default=None)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProtectionAssessmentAuthoriseInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="AssessmentAuthorisationDate")


class ProtectionPlanActivityInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanActivityKind.choices)
    on = serializers.DateField()
    seen_alone = serializers.BooleanField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProtectionPlanActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan_id = serializers.IntegerField()
    kind = serializers.CharField()
    on = serializers.DateField()
    seen_alone = serializers.BooleanField(allow_null=True)
    note = serializers.CharField()


class ProtectionPlanEndInputSerializer(serializers.Serializer):
    ended_on = serializers.DateField(help_text="CPPendDate")
    reason = serializers.ChoiceField(choices=EndReason.choices)


class ProtectionLeadInputSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The lead child protection practitioner's account")


class ProtectionMemberInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=MemberRole.choices)


class ProtectionCaseTeamSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(source="pk")
    LAchildID = serializers.IntegerField(source="person_id")
    lead_practitioner_id = serializers.IntegerField(allow_null=True)


class ProtectionMemberSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    role = serializers.CharField()


class ProtectionNoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class ProtectionNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    text = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class ProtectionFamilyMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    offered_on = serializers.DateField()
    response = serializers.CharField(help_text="waiting, accepted or declined")
    responded_on = serializers.DateField(allow_null=True)
    family_words = serializers.CharField(help_text="The family's answer, in their words")
    held_on = serializers.DateField(allow_null=True)
    attended = serializers.CharField()
    family_plan = serializers.CharField(help_text="The family's plan, in their words")


class ProtectionFamilyMeetingListSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(source="pk")
    LAchildID = serializers.IntegerField(source="person_id")
    family_network_meetings = ProtectionFamilyMeetingSerializer(
        many=True, source="family_meetings.all"
    )


class ProtectionFamilyOfferInputSerializer(serializers.Serializer):
    offered_on = serializers.DateField()


class ProtectionFamilyAnswerInputSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    responded_on = serializers.DateField()
    family_words = serializers.CharField(allow_blank=True)


class ProtectionFamilyHeldInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    attended = serializers.CharField(allow_blank=True)
    family_plan = serializers.CharField(allow_blank=True)


class ProtectionCinReviewInputSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProtectionCinReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cin_plan_id = serializers.IntegerField(source="plan_id")
    CINPlanStartDate = serializers.DateField(source="plan.started_on")
    reviewed_on = serializers.DateField()
    summary = serializers.CharField()
    next_review_on = serializers.DateField(allow_null=True)


class ProtectionCinStartInputSerializer(serializers.Serializer):
    started_on = serializers.DateField(help_text="CINPlanStartDate")


class ProtectionCinEndInputSerializer(serializers.Serializer):
    ended_on = serializers.DateField(help_text="CINPlanEndDate")
    reason = serializers.ChoiceField(
        choices=CinEndReason.choices, help_text="ReasonForClosure: CIN census code RC1 to RC9"
    )


class ProtectionCinPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    CINPlanStartDate = serializers.DateField(source="started_on")
    CINPlanEndDate = serializers.DateField(source="ended_on", allow_null=True)
    ReasonForClosure = serializers.CharField(source="end_reason", allow_blank=True)


def _account(email: str) -> User:
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError({"email": ["There is no active account with that email address."]})
    return user


def _assessment_record(request: AuthenticatedRequest, record: Any) -> Response:
    _writable(request.user, record)
    data = _valid(ProtectionAssessmentRecordInputSerializer, request)
    done = assessment_record(assessment=record, actor=request.user, **data)
    return Response(ProtectionAssessmentSerializer(done).data)


class AssessmentStartApi(APIView):
    """Start a child and family assessment on a child's case (one open at a time)."""

    @extend_schema(
        operation_id="protection_assessments_start",
        request=ProtectionAssessmentStartInputSerializer,
        responses={201: ProtectionAssessmentSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = _valid(ProtectionAssessmentStartInputSerializer, request)
        case = protection_case_get_for_user(request.user, data.pop("case_id"), for_change=True)
        assessment = assessment_start(case=case, actor=request.user, **data)
        return Response(ProtectionAssessmentSerializer(assessment).data, status=201)


class AssessmentAuthoriseApi(APIView):
    """A manager of the team holding the case authorises a completed assessment."""

    @extend_schema(
        operation_id="protection_assessments_authorise",
        request=ProtectionAssessmentAuthoriseInputSerializer,
        responses={200: ProtectionAssessmentSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, cfa_id: int) -> Response:
        assessment = record_get_for_user(request.user, Assessment, cfa_id)
        if not can_authorise_on_case(request.user, assessment.case):
            raise PermissionDenied("Only a manager of the team holding the case authorises it.")
        data = _valid(ProtectionAssessmentAuthoriseInputSerializer, request)
        done = assessment_authorise(assessment=assessment, actor=request.user, on=data["on"])
        return Response(ProtectionAssessmentSerializer(done).data)


class PlanActivityApi(APIView):
    """Record a statutory visit or a core group meeting on a child protection plan."""

    @extend_schema(
        operation_id="protection_plans_activity",
        request=ProtectionPlanActivityInputSerializer,
        responses={201: ProtectionPlanActivitySerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, cpp_id: int) -> Response:
        plan = record_get_for_user(request.user, ChildProtectionPlan, cpp_id)
        _writable(request.user, plan)
        data = _valid(ProtectionPlanActivityInputSerializer, request)
        activity = plan_activity_record(plan=plan, actor=request.user, **data)
        return Response(ProtectionPlanActivitySerializer(activity).data, status=201)


class PlanEndApi(APIView):
    """End a child protection plan with its reason (`cin` starts a child in need plan)."""

    @extend_schema(
        operation_id="protection_plans_end",
        request=ProtectionPlanEndInputSerializer,
        responses={200: ProtectionPlanSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, cpp_id: int) -> Response:
        plan = record_get_for_user(request.user, ChildProtectionPlan, cpp_id)
        _writable(request.user, plan)
        data = _valid(ProtectionPlanEndInputSerializer, request)
        done = plan_end(plan=plan, actor=request.user, **data)
        return Response(ProtectionPlanSerializer(done).data)


class CaseLeadApi(APIView):
    """Name the child's lead child protection practitioner (a social worker)."""

    @extend_schema(
        operation_id="protection_cases_lead",
        request=ProtectionLeadInputSerializer,
        responses={200: ProtectionCaseTeamSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionLeadInputSerializer, request)
        done = protection_lead_name(case=case, actor=request.user, lead=_account(data["email"]))
        return Response(ProtectionCaseTeamSerializer(done).data)


class CaseMemberApi(APIView):
    """Add a member (police, health, education, ...) to the child's child protection team."""

    @extend_schema(
        operation_id="protection_cases_members_create",
        request=ProtectionMemberInputSerializer,
        responses={201: ProtectionMemberSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionMemberInputSerializer, request)
        member = protection_member_add(
            case=case, actor=request.user, user=_account(data["email"]), role=data["role"]
        )
        return Response(ProtectionMemberSerializer(member).data, status=201)


class CaseNoteApi(APIView):
    """A member of the child's team adds their agency's news to the child's record."""

    @extend_schema(
        operation_id="protection_cases_notes_create",
        request=ProtectionNoteInputSerializer,
        responses={201: ProtectionNoteSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, to_add=True)
        data = _valid(ProtectionNoteInputSerializer, request)
        note = agency_note_add(case=case, actor=request.user, text=data["text"])
        return Response(ProtectionNoteSerializer(note).data, status=201)


def _scoped(model: type[Model], user: Any) -> QuerySet[Any]:
    return (
        model._default_manager.filter(case__in=cases_visible_to(user))
        .select_related("case")
        .order_by("-pk")
    )


def _list_view(
    model: type[Model], serializer: type[serializers.Serializer], op: str
) -> type[APIView]:
    class ListApi(APIView):
        @extend_schema(
            operation_id=f"{op}_list",
            parameters=[*PAGE_PARAMETERS],
            responses={200: paginated(serializer), **READ_ERRORS},
        )
        def get(self, request: AuthenticatedRequest) -> Response:
            found = _scoped(model, request.user)
            if model is StrategyDiscussion:
                found = found.prefetch_related("attendees")
            paginator = Pagination()
            page = paginator.paginate_queryset(found, request, view=self) or []
            audit_record(
                actor=request.user,
                verb=AuditVerb.RECORD_LISTED,
                target_type=model._meta.model_name or "",
                summary={"ids": [r.pk for r in page], "page": f"{op} api"},
                durable=False,
            )
            return paginator.get_paginated_response(serializer(page, many=True).data)

    ListApi.__name__ = f"{model.__name__}ListApi"
    return ListApi


def _detail_view(
    model: type[Model], serializer: type[serializers.Serializer], op: str, param: str
) -> type[APIView]:
    class DetailApi(APIView):
        @extend_schema(operation_id=f"{op}_retrieve", responses={200: serializer, **READ_ERRORS})
        def get(self, request: AuthenticatedRequest, **kwargs: int) -> Response:
            record = record_get_for_user(request.user, model, kwargs[param])
            return Response(serializer(record).data)

    writer = WRITERS.get(model)
    if writer is not None:
        write, body = writer

        @extend_schema(
            operation_id=f"{op}_record",
            request=body,
            responses={200: serializer, **problem_responses(400, 403, 404)},
        )
        def post(self: APIView, request: AuthenticatedRequest, **kwargs: int) -> Response:
            record = record_get_for_user(request.user, model, kwargs[param])
            return write(request, record)

        DetailApi.post = post  # type: ignore[attr-defined]

    DetailApi.__name__ = f"{model.__name__}DetailApi"
    return DetailApi


class FamilyMeetingsApi(APIView):
    """The child's family network meetings (family group decision making); POST offers one."""

    @extend_schema(
        operation_id="protection_cases_family_meetings_list",
        responses={200: ProtectionFamilyMeetingListSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id)
        return Response(ProtectionFamilyMeetingListSerializer(case).data)

    @extend_schema(
        operation_id="protection_cases_family_meetings_offer",
        request=ProtectionFamilyOfferInputSerializer,
        responses={201: ProtectionFamilyMeetingSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionFamilyOfferInputSerializer, request)
        meeting = family_meeting_offer(case=case, actor=request.user, **data)
        return Response(ProtectionFamilyMeetingSerializer(meeting).data, status=201)


def _meeting(case: ProtectionCase, fnm_id: int) -> FamilyNetworkMeeting:
    meeting = case.family_meetings.filter(pk=fnm_id).first()
    if meeting is None:
        raise Http404("No such family network meeting")
    return meeting


class FamilyMeetingAnswerApi(APIView):
    """The family accepts or declines the meeting, in their own words."""

    @extend_schema(
        operation_id="protection_cases_family_meetings_answer",
        request=ProtectionFamilyAnswerInputSerializer,
        responses={200: ProtectionFamilyMeetingSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int, fnm_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionFamilyAnswerInputSerializer, request)
        done = family_meeting_answer(meeting=_meeting(case, fnm_id), actor=request.user, **data)
        return Response(ProtectionFamilyMeetingSerializer(done).data)


class FamilyMeetingHeldApi(APIView):
    """The meeting was held: who came and the family's plan, in their words."""

    @extend_schema(
        operation_id="protection_cases_family_meetings_held",
        request=ProtectionFamilyHeldInputSerializer,
        responses={200: ProtectionFamilyMeetingSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int, fnm_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionFamilyHeldInputSerializer, request)
        done = family_meeting_hold(meeting=_meeting(case, fnm_id), actor=request.user, **data)
        return Response(ProtectionFamilyMeetingSerializer(done).data)


class CinReviewApi(APIView):
    """Record a review of the child's open child in need plan."""

    @extend_schema(
        operation_id="protection_cases_cin_plan_reviews_create",
        request=ProtectionCinReviewInputSerializer,
        responses={201: ProtectionCinReviewSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionCinReviewInputSerializer, request)
        plan = case.cin_plans.filter(ended_on=None).first()
        if plan is None:
            raise ValidationError({"reviewed_on": ["The child has no open child in need plan."]})
        review = cin_plan_review_record(plan=plan, actor=request.user, **data)
        return Response(ProtectionCinReviewSerializer(review).data, status=201)


class CinPlanStartApi(APIView):
    """Start a child in need plan after an authorised child and family assessment."""

    @extend_schema(
        operation_id="protection_cases_cin_plans_create",
        request=ProtectionCinStartInputSerializer,
        responses={201: ProtectionCinPlanSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionCinStartInputSerializer, request)
        plan = cin_plan_start(case=case, actor=request.user, **data)
        return Response(ProtectionCinPlanSerializer(plan).data, status=201)


class CinPlanEndApi(APIView):
    """End the child's open child in need plan with its CIN census reason for closure."""

    @extend_schema(
        operation_id="protection_cases_cin_plans_end",
        request=ProtectionCinEndInputSerializer,
        responses={200: ProtectionCinPlanSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, protection_case_id: int) -> Response:
        case = protection_case_get_for_user(request.user, protection_case_id, for_change=True)
        data = _valid(ProtectionCinEndInputSerializer, request)
        plan = case.cin_plans.filter(ended_on=None).first()
        if plan is None:
            raise ValidationError({"ended_on": ["The child has no open child in need plan."]})
        ended = cin_plan_end(plan=plan, actor=request.user, **data)
        return Response(ProtectionCinPlanSerializer(ended).data)


Writer = Callable[[AuthenticatedRequest, Any], Response]
WRITERS: dict[type[Model], tuple[Writer, type[serializers.Serializer]]] = {
    StrategyDiscussion: (_strategy_record, ProtectionStrategyRecordInputSerializer),
    Section47Enquiry: (_section47_record, ProtectionSection47InputSerializer),
    Assessment: (_assessment_record, ProtectionAssessmentRecordInputSerializer),
}

RESOURCES = [
    ("strategy-discussions", StrategyDiscussion, ProtectionStrategyDiscussionSerializer, "sd_id"),
    ("section47-enquiries", Section47Enquiry, ProtectionSection47Serializer, "s47_id"),
    ("assessments", Assessment, ProtectionAssessmentSerializer, "cfa_id"),
    ("conferences", Conference, ProtectionConferenceSerializer, "cpc_id"),
    ("plans", ChildProtectionPlan, ProtectionPlanSerializer, "cpp_id"),
]

api_urlpatterns: list[URLPattern] = [
    path("conferences/record/", ConferenceCreateApi.as_view(), name="protection_conference_record"),
    path("assessments/start/", AssessmentStartApi.as_view(), name="protection_assessment_start"),
    path(
        "assessments/<int:cfa_id>/authorise/",
        AssessmentAuthoriseApi.as_view(),
        name="protection_assessment_authorise",
    ),
    path(
        "plans/<int:cpp_id>/activity/", PlanActivityApi.as_view(), name="protection_plan_activity"
    ),
    path("plans/<int:cpp_id>/end/", PlanEndApi.as_view(), name="protection_plan_end"),
    path(
        "protection-cases/<int:protection_case_id>/lead/",
        CaseLeadApi.as_view(),
        name="protection_case_lead",
    ),
    path(
        "protection-cases/<int:protection_case_id>/members/",
        CaseMemberApi.as_view(),
        name="protection_case_members",
    ),
    path(
        "protection-cases/<int:protection_case_id>/notes/",
        CaseNoteApi.as_view(),
        name="protection_case_notes",
    ),
    path(
        "protection-cases/<int:protection_case_id>/family-network-meetings/",
        FamilyMeetingsApi.as_view(),
        name="protection_case_family_meetings",
    ),
    path(
        "protection-cases/<int:protection_case_id>/family-network-meetings/<int:fnm_id>/answer/",
        FamilyMeetingAnswerApi.as_view(),
        name="protection_case_family_meeting_answer",
    ),
    path(
        "protection-cases/<int:protection_case_id>/family-network-meetings/<int:fnm_id>/held/",
        FamilyMeetingHeldApi.as_view(),
        name="protection_case_family_meeting_held",
    ),
    path(
        "protection-cases/<int:protection_case_id>/cin-plan-reviews/",
        CinReviewApi.as_view(),
        name="protection_case_cin_reviews",
    ),
    path(
        "protection-cases/<int:protection_case_id>/cin-plans/",
        CinPlanStartApi.as_view(),
        name="protection_case_cin_plans",
    ),
    path(
        "protection-cases/<int:protection_case_id>/cin-plans/end/",
        CinPlanEndApi.as_view(),
        name="protection_case_cin_plan_end",
    ),
]
for _prefix, _model, _serializer, _param in RESOURCES:
    _op = "protection_" + _prefix.replace("-", "_")
    _name = "protection_" + _prefix.replace("-", "_")
    api_urlpatterns += [
        path(f"{_prefix}/", _list_view(_model, _serializer, _op).as_view(), name=_name),
        path(
            f"{_prefix}/<int:{_param}>/",
            _detail_view(_model, _serializer, _op, _param).as_view(),
            name=f"{_name}_detail",
        ),
    ]
