"""Front-door API for working a contact: screen (RAG), escalate, pause and resume the clock,
propose a decision, authorise or return it, notes, close, chronology. The same services as the
pages. Every change takes the contact's `version` (optional): a stale one gets 409."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Team
from openmash.api.schema import problem_responses
from openmash.contacts.models import Contact, Rag
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import CaseNote, ContactEvent, Decision, DecisionState, NoteKind
from openmash.frontdoor.permissions import contact_get_for_authorising, contact_get_for_work
from openmash.frontdoor.selectors.contact import contact_chronology
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
    decision_return,
)
from openmash.frontdoor.services.lifecycle import contact_close
from openmash.frontdoor.services.notes import case_note_add
from openmash.frontdoor.services.rag import (
    contact_clock_pause,
    contact_clock_resume,
    contact_escalate,
    contact_screen,
)

ERRORS = problem_responses(400, 404, 409)
READ_ERRORS = problem_responses(404)


class FrontdoorStateSerializer(serializers.Serializer):
    """A contact's front-door state after a change."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    rag = serializers.CharField()
    rated_at = serializers.DateTimeField(allow_null=True)
    rag_due_at = serializers.DateTimeField(allow_null=True)
    rag_paused_at = serializers.DateTimeField(allow_null=True)
    decision_due_at = serializers.DateTimeField(allow_null=True)
    threshold_level = serializers.IntegerField(allow_null=True)
    allocated_to = serializers.IntegerField(source="allocated_to_id", allow_null=True)
    team = serializers.IntegerField(source="team_id", allow_null=True)
    decided_at = serializers.DateTimeField(
        allow_null=True, help_text="When a manager authorised the decision: the clocks stop"
    )
    immediate_risk = serializers.BooleanField()
    escalated_at = serializers.DateTimeField(allow_null=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ScreenInputSerializer(VersionSerializer):
    rag = serializers.ChoiceField(choices=Rag.values)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EscalateInputSerializer(VersionSerializer):
    details = serializers.CharField()


class PauseInputSerializer(VersionSerializer):
    reason = serializers.CharField()


class OutcomeInputSerializer(serializers.Serializer):
    subject_id = serializers.IntegerField(
        help_text="A subject of the contact (its `subjects[].id`)"
    )
    outcome = serializers.CharField(
        help_text="Children: nfa, advice, universal, early_help, assessment, strategy_discussion, "
        "immediate_protection. Adults: nfa, advice, care_needs_assessment, s42_enquiry, "
        "other_enquiry, referral_other_agency."
    )
    has_care_and_support_needs = serializers.BooleanField(
        required=False, allow_null=True, default=None
    )
    experiencing_or_at_risk_of_abuse = serializers.BooleanField(
        required=False, allow_null=True, default=None
    )
    unable_to_protect_self = serializers.BooleanField(required=False, allow_null=True, default=None)


class DecisionInputSerializer(VersionSerializer):
    outcomes = OutcomeInputSerializer(many=True)
    rationale = serializers.CharField()
    next_step = serializers.CharField(required=False, allow_blank=True, default="")
    team = serializers.IntegerField(required=False, allow_null=True, default=None)
    check_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the decision checks warn (400 with this field names them): why "
        "the decision is right; the authorising manager must acknowledge it",
    )


class CheckWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class OutcomeOutputSerializer(serializers.Serializer):
    subject_id = serializers.IntegerField()
    person_id = serializers.IntegerField(source="subject.person_id", allow_null=True)
    is_child = serializers.BooleanField()
    outcome = serializers.CharField()
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    has_care_and_support_needs = serializers.BooleanField(allow_null=True)
    experiencing_or_at_risk_of_abuse = serializers.BooleanField(allow_null=True)
    unable_to_protect_self = serializers.BooleanField(allow_null=True)


class DecisionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    state = serializers.CharField()
    rationale = serializers.CharField()
    next_step = serializers.CharField()
    team = serializers.IntegerField(source="team_id", allow_null=True)
    threshold_level = serializers.IntegerField(allow_null=True)
    proposed_by = serializers.IntegerField(source="proposed_by_id")
    proposed_at = serializers.DateTimeField()
    authorised_by = serializers.IntegerField(source="authorised_by_id", allow_null=True)
    authorised_at = serializers.DateTimeField(allow_null=True)
    returned_by = serializers.IntegerField(source="returned_by_id", allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    manager_comment = serializers.CharField()
    outcomes = OutcomeOutputSerializer(many=True, source="outcomes.all")
    check_warnings = CheckWarningSerializer(many=True)
    check_reason = serializers.CharField()
    checks_acknowledged_by = serializers.IntegerField(
        source="checks_acknowledged_by_id", allow_null=True
    )
    checks_acknowledged_at = serializers.DateTimeField(allow_null=True)


class AuthoriseInputSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    acknowledge_checks = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True to authorise a decision that goes against the decision checks, having "
        "read its `check_warnings` and `check_reason`",
    )


class ReturnInputSerializer(VersionSerializer):
    reason = serializers.CharField()


class NoteInputSerializer(VersionSerializer):
    kind = serializers.ChoiceField(choices=NoteKind.values)
    text = serializers.CharField()


class NoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField(source="author.full_name")
    created_at = serializers.DateTimeField()


class CloseInputSerializer(VersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EventOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    summary = serializers.CharField()
    detail = serializers.CharField()
    actor = serializers.SerializerMethodField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()

    def get_actor(self, event: ContactEvent) -> str:
        return event.actor.full_name if event.actor else ""


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _state(contact: Contact, status: int = 200) -> Response:
    contact.refresh_from_db()
    return Response(FrontdoorStateSerializer(contact).data, status=status)


class ContactScreenApi(APIView):
    """Screen a contact and rate it (or re-rate it: a change needs a reason)."""

    @extend_schema(
        operation_id="contacts_screen",
        request=ScreenInputSerializer,
        responses={200: FrontdoorStateSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(ScreenInputSerializer, request)
        contact = contact_screen(
            contact=contact,
            actor=request.user,
            rag=data["rag"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _state(contact)


class ContactEscalateApi(APIView):
    @extend_schema(
        operation_id="contacts_escalate",
        request=EscalateInputSerializer,
        responses={200: FrontdoorStateSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(EscalateInputSerializer, request)
        contact = contact_escalate(
            contact=contact,
            actor=request.user,
            details=data["details"],
            expected_version=data["version"],
        )
        return _state(contact)


class ContactClockPauseApi(APIView):
    @extend_schema(
        operation_id="contacts_clock_pause",
        request=PauseInputSerializer,
        responses={200: FrontdoorStateSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(PauseInputSerializer, request)
        contact = contact_clock_pause(
            contact=contact,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _state(contact)


class ContactClockResumeApi(APIView):
    @extend_schema(
        operation_id="contacts_clock_resume",
        request=VersionSerializer,
        responses={200: FrontdoorStateSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(VersionSerializer, request)
        contact = contact_clock_resume(
            contact=contact, actor=request.user, expected_version=data["version"]
        )
        return _state(contact)


def _decisions(contact: Contact) -> list[Decision]:
    return list(
        Decision.objects.filter(contact=contact)
        .prefetch_related("outcomes__subject")
        .order_by("proposed_at", "pk")
    )


class ContactDecisionApi(APIView):
    """GET: the contact's decisions, oldest first. POST: propose a decision (an outcome for
    every child or adult the contact is about)."""

    @extend_schema(
        operation_id="contacts_decisions_list",
        responses={200: DecisionOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see decisions.")
        return Response(DecisionOutputSerializer(_decisions(contact), many=True).data)

    @extend_schema(
        operation_id="contacts_decision_propose",
        request=DecisionInputSerializer,
        responses={201: DecisionOutputSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(DecisionInputSerializer, request)
        team = None
        if data["team"] is not None:
            team = Team.objects.filter(pk=data["team"], is_active=True).first()
            if team is None:
                raise ValidationError({"team": ["Select a team that exists"]})
        decision = decision_propose(
            contact=contact,
            actor=request.user,
            outcomes=[OutcomeInput(**outcome) for outcome in data["outcomes"]],
            rationale=data["rationale"],
            next_step=data["next_step"],
            team=team,
            check_reason=data["check_reason"],
            expected_version=data["version"],
        )
        return Response(DecisionOutputSerializer(decision).data, status=201)


def _pending(contact: Contact) -> Decision:
    decision = contact.decisions.filter(state=DecisionState.PROPOSED).first()
    if decision is None:
        raise ApplicationError("There is no decision waiting for authorisation on this contact.")
    return decision


class ContactAuthoriseApi(APIView):
    """A manager authorises the contact's proposed decision (never their own)."""

    @extend_schema(
        operation_id="contacts_authorise",
        request=AuthoriseInputSerializer,
        responses={
            200: DecisionOutputSerializer,
            **problem_responses(
                400,
                404,
                409,
                descriptions={
                    400: "Invalid input, or a rule refuses it: no decision awaits authorisation, "
                    "you proposed it, a person is not yet confirmed in the person index, or the "
                    "contact's consent record waits for a manager (an accepted refusal on a red "
                    "or level 4 contact to sign off, or going ahead without consent to be "
                    "confirmed by the manager named as authorising it); `detail` says which"
                },
            ),
        },
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_authorising(request.user, contact_id)
        data = _valid(AuthoriseInputSerializer, request)
        decision = decision_authorise(
            decision=_pending(contact),
            actor=request.user,
            comment=data["comment"],
            acknowledge_checks=data["acknowledge_checks"],
            expected_version=data["version"],
        )
        return Response(DecisionOutputSerializer(decision).data)


class ContactReturnApi(APIView):
    """A manager returns the proposed decision for more work."""

    @extend_schema(
        operation_id="contacts_decision_return",
        request=ReturnInputSerializer,
        responses={200: DecisionOutputSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_authorising(request.user, contact_id)
        data = _valid(ReturnInputSerializer, request)
        decision = decision_return(
            decision=_pending(contact),
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return Response(DecisionOutputSerializer(decision).data)


class ContactNotesApi(APIView):
    """Case direction (managers) and case notes."""

    @extend_schema(
        operation_id="contacts_notes_list",
        responses={200: NoteOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see case notes.")
        notes = CaseNote.objects.filter(contact=contact).select_related("author")
        return Response(NoteOutputSerializer(notes, many=True).data)

    @extend_schema(
        operation_id="contacts_notes_create",
        request=NoteInputSerializer,
        responses={201: NoteOutputSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(NoteInputSerializer, request)
        note = case_note_add(
            contact=contact,
            actor=request.user,
            kind=data["kind"],
            text=data["text"],
            expected_version=data["version"],
        )
        return Response(NoteOutputSerializer(note).data, status=201)


class ContactCloseApi(APIView):
    @extend_schema(
        operation_id="contacts_close",
        request=CloseInputSerializer,
        responses={200: FrontdoorStateSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        data = _valid(CloseInputSerializer, request)
        contact = contact_close(
            contact=contact, actor=request.user, note=data["note"], expected_version=data["version"]
        )
        return _state(contact)


class ContactChronologyApi(APIView):
    @extend_schema(
        operation_id="contacts_chronology",
        responses={200: EventOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see the chronology.")
        return Response(EventOutputSerializer(contact_chronology(contact), many=True).data)


def _route(suffix: str, view: type[APIView], name: str) -> URLPattern:
    return path(f"contacts/<int:contact_id>/{suffix}", view.as_view(), name=name)


api_urlpatterns: list[URLPattern] = [
    _route("screen/", ContactScreenApi, "contact_screen"),
    _route("escalate/", ContactEscalateApi, "contact_escalate"),
    _route("clock/pause/", ContactClockPauseApi, "contact_clock_pause"),
    _route("clock/resume/", ContactClockResumeApi, "contact_clock_resume"),
    _route("decision/", ContactDecisionApi, "contact_decision"),
    _route("authorise/", ContactAuthoriseApi, "contact_authorise"),
    _route("return/", ContactReturnApi, "contact_return"),
    _route("notes/", ContactNotesApi, "contact_notes"),
    _route("close/", ContactCloseApi, "contact_close"),
    _route("chronology/", ContactChronologyApi, "contact_chronology"),
]
