"""LADO API, under /api/v1/allegations/: employers refer and read their own referrals (in
outline); LADO staff read everything and update the strands. The same gate and services as the
pages.

Writes (LADO staff only; 403 for anyone else who may read the allegation, 404 for the rest):
- `POST allegations/<id>/strands/<kind>/`: one strand's owner, status, outcome
- `POST allegations/<id>/consideration/`: the harm test and the decision (once; 409 after)
- `POST allegations/<id>/meetings/`: a meeting with attendees, minutes and its actions
- `POST allegations/<id>/meetings/<meeting_id>/actions/`: another action of that meeting
- `POST allegations/<id>/actions/<action_id>/done/`: an action done (409 if already)
- `POST allegations/<id>/conclude/`: the outcome, once all three strands have closed
- `POST allegations/<id>/referrals/`: a referral to the DBS or a regulator
"""

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
from openmash.lado.models import (
    Allegation,
    AllegationMeeting,
    ConsiderationDecision,
    MeetingAction,
    MeetingKind,
    Outcome,
    ReferralBody,
    Sector,
    Source,
    StrandKind,
    StrandStatus,
)
from openmash.lado.permissions import (
    allegation_get_for_user,
    can_refer_allegation,
    can_see_allegations,
    can_work_allegations,
    sees_in_full,
)
from openmash.lado.selectors import allegation_detailed, allegation_list, stage_of
from openmash.lado.services import (
    ActionInput,
    AllegationInput,
    allegation_conclude,
    allegation_consider,
    allegation_refer,
    meeting_action_add,
    meeting_action_done,
    meeting_record,
    regulator_referral_record,
    strand_update,
)
from openmash.people.matching.details import SubjectDetails

ERRORS = problem_responses(400, 403, 404, 409)
READ_ERRORS = problem_responses(404)
NO_CONFLICT_ERRORS = problem_responses(400, 403, 404)


class LadoStrandSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StrandKind.choices)
    owner = serializers.CharField()
    status = serializers.ChoiceField(choices=StrandStatus.choices)
    outcome = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)


class LadoMeetingActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)


class LadoMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_at = serializers.DateTimeField()
    attendees = serializers.CharField(help_text="One a line: name, role and agency")
    minutes = serializers.CharField()
    actions = LadoMeetingActionSerializer(many=True, source="actions.all")


class LadoRegulatorReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.ChoiceField(choices=ReferralBody.choices)
    referred_on = serializers.DateField()
    made_by = serializers.CharField()
    reference = serializers.CharField()


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
    decision_reason = serializers.CharField()
    strands = LadoStrandSerializer(many=True, source="strands.all")
    meetings = LadoMeetingSerializer(many=True, source="meetings.all")
    referrals = LadoRegulatorReferralSerializer(many=True, source="regulator_referrals.all")
    outcome_reason = serializers.CharField()

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


class LadoConsiderationInputSerializer(serializers.Serializer):
    harmed_child = serializers.BooleanField(help_text="Behaved in a way that has harmed a child")
    possible_offence = serializers.BooleanField(help_text="Possibly committed a criminal offence")
    risk_of_harm = serializers.BooleanField(help_text="Indicates they may pose a risk of harm")
    transferable_risk = serializers.BooleanField(
        help_text="Behaved in a way that indicates they may not be suitable to work with children"
    )
    decision = serializers.ChoiceField(choices=ConsiderationDecision.choices)
    reason = serializers.CharField()


class LadoActionInputSerializer(serializers.Serializer):
    action = serializers.CharField()
    owner = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class LadoMeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_at = serializers.DateTimeField()
    attendees = serializers.CharField(help_text="One a line: name, role and agency")
    minutes = serializers.CharField()
    actions = LadoActionInputSerializer(many=True, required=False, default=list)


class LadoConcludeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField()


class LadoReferralInputSerializer(serializers.Serializer):
    body = serializers.ChoiceField(choices=ReferralBody.choices)
    referred_on = serializers.DateField()
    made_by = serializers.CharField(max_length=200, help_text="Who made it: the employer, the LADO")
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


def _valid(serializer_class: type[serializers.Serializer], request: Any) -> dict[str, Any]:
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _action(data: dict[str, Any]) -> ActionInput:
    return ActionInput(action=data["action"], owner=data["owner"], due_on=data["due_on"])


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


def _worked(request: AuthenticatedRequest, allegation_id: int) -> Allegation:
    """The gate for a change: LADO staff only (PermissionDenied for other readers)."""
    return allegation_get_for_user(request.user, allegation_id, for_change=True)


class AllegationConsiderApi(APIView):
    """The initial consideration: the four harm-test criteria and the decision (once)."""

    @extend_schema(
        operation_id="allegations_consider",
        request=LadoConsiderationInputSerializer,
        responses={200: LadoAllegationOutputSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, allegation_id: int) -> Response:
        allegation = _worked(request, allegation_id)
        data = _valid(LadoConsiderationInputSerializer, request)
        allegation_consider(allegation=allegation, actor=request.user, **data)
        return Response(_out(request.user, allegation))


class AllegationMeetingApi(APIView):
    """A strategy discussion or allegation management meeting, with its actions."""

    @extend_schema(
        operation_id="allegations_meetings_create",
        request=LadoMeetingInputSerializer,
        responses={201: LadoAllegationOutputSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, allegation_id: int) -> Response:
        allegation = _worked(request, allegation_id)
        data = _valid(LadoMeetingInputSerializer, request)
        meeting_record(
            allegation=allegation,
            actor=request.user,
            kind=data["kind"],
            held_at=data["held_at"],
            attendees=data["attendees"],
            minutes=data["minutes"],
            actions=[_action(a) for a in data["actions"]],
        )
        return Response(_out(request.user, allegation), status=201)


class AllegationMeetingActionApi(APIView):
    """Another action of a meeting of this allegation."""

    @extend_schema(
        operation_id="allegations_meeting_actions_create",
        request=LadoActionInputSerializer,
        responses={201: LadoAllegationOutputSerializer, **ERRORS},
    )
    def post(
        self, request: AuthenticatedRequest, allegation_id: int, lado_meeting_id: int
    ) -> Response:
        allegation = _worked(request, allegation_id)
        meeting = AllegationMeeting.objects.filter(
            allegation=allegation, pk=lado_meeting_id
        ).first()
        if meeting is None:
            raise NotFound("No such meeting of this allegation")
        data = _valid(LadoActionInputSerializer, request)
        meeting_action_add(meeting=meeting, actor=request.user, item=_action(data))
        return Response(_out(request.user, allegation), status=201)


class AllegationActionDoneApi(APIView):
    """Mark a meeting's action done (now)."""

    @extend_schema(
        operation_id="allegations_actions_done",
        request=None,
        responses={200: LadoAllegationOutputSerializer, **ERRORS},
    )
    def post(
        self, request: AuthenticatedRequest, allegation_id: int, lado_action_id: int
    ) -> Response:
        allegation = _worked(request, allegation_id)
        action = MeetingAction.objects.filter(
            meeting__allegation=allegation, pk=lado_action_id
        ).first()
        if action is None:
            raise NotFound("No such action of this allegation")
        meeting_action_done(action=action, actor=request.user)
        return Response(_out(request.user, allegation))


class AllegationConcludeApi(APIView):
    """The outcome: only once considered and all three strands have closed."""

    @extend_schema(
        operation_id="allegations_conclude",
        request=LadoConcludeInputSerializer,
        responses={200: LadoAllegationOutputSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, allegation_id: int) -> Response:
        allegation = _worked(request, allegation_id)
        data = _valid(LadoConcludeInputSerializer, request)
        allegation_conclude(
            allegation=allegation,
            actor=request.user,
            outcome=data["outcome"],
            reason=data["reason"],
        )
        return Response(_out(request.user, allegation))


class AllegationReferralApi(APIView):
    """A referral to the Disclosure and Barring Service or a regulator (a closed allegation
    takes one too)."""

    @extend_schema(
        operation_id="allegations_referrals_create",
        request=LadoReferralInputSerializer,
        responses={201: LadoAllegationOutputSerializer, **NO_CONFLICT_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, allegation_id: int) -> Response:
        allegation = _worked(request, allegation_id)
        data = _valid(LadoReferralInputSerializer, request)
        regulator_referral_record(allegation=allegation, actor=request.user, **data)
        return Response(_out(request.user, allegation), status=201)


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
    path(
        "allegations/<int:allegation_id>/consideration/",
        AllegationConsiderApi.as_view(),
        name="allegation_consider",
    ),
    path(
        "allegations/<int:allegation_id>/meetings/",
        AllegationMeetingApi.as_view(),
        name="allegation_meeting_add",
    ),
    path(
        "allegations/<int:allegation_id>/meetings/<int:lado_meeting_id>/actions/",
        AllegationMeetingActionApi.as_view(),
        name="allegation_meeting_action_add",
    ),
    path(
        "allegations/<int:allegation_id>/actions/<int:lado_action_id>/done/",
        AllegationActionDoneApi.as_view(),
        name="allegation_action_done",
    ),
    path(
        "allegations/<int:allegation_id>/conclude/",
        AllegationConcludeApi.as_view(),
        name="allegation_conclude",
    ),
    path(
        "allegations/<int:allegation_id>/referrals/",
        AllegationReferralApi.as_view(),
        name="allegation_referral_add",
    ),
]
