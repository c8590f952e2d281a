"""Subject access and retention over the API, for the privacy officer only (403 for anyone else;
404 for a request or hold that is missing or not theirs to see). The same gates and services as
the pages.

- `GET|POST subject-access-requests/`: open requests, soonest deadline first; log one
- `GET subject-access-requests/<id>/`: a request with its deadline and redactions
- `GET subject-access-requests/<id>/holdings/`: everything held, as it will be disclosed
- `POST subject-access-requests/<id>/identity/`, `.../extend/`, `.../close/`
- `POST subject-access-requests/<id>/redactions/`, `DELETE .../redactions/<redaction_id>/`
- `GET subject-access-requests/<id>/disclosure.pdf`: the disclosure, redactions applied
- `GET retention/rules/`, `POST retention/rules/<record_type>/`: rules in force; a new version
- `GET retention/review/`: records past their retention date
- `POST retention/disposals/`: dispose of records (all or none)
- `GET|POST retention/holds/`, `POST retention/holds/<id>/lift/`: legal holds
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.schema import problem_responses
from openmash.core.access import RecordRestricted
from openmash.core.http import AuthenticatedRequest
from openmash.core.pdf import pdf_response
from openmash.people.permissions import person_get_for_user
from openmash.privacy.models import RedactionReason, RetentionRule, SubjectAccessRequest
from openmash.privacy.pdf import disclosure_pdf
from openmash.privacy.permissions import (
    hold_get_for_user,
    holds_visible_to,
    request_get_for_user,
    requests_visible_to,
    require_privacy_officer,
)
from openmash.privacy.record_types import RECORD_TYPE_CHOICES, RECORD_TYPES
from openmash.privacy.selectors import (
    holdings,
    holdings_redacted,
    request_list_open,
    request_row,
    retention_review,
    rules_current,
)
from openmash.privacy.services import (
    RecordRef,
    legal_hold_lift,
    legal_hold_place,
    records_dispose,
    redaction_add,
    redaction_remove,
    retention_rule_change,
    sar_close,
    sar_extend,
    sar_log,
    sar_verify_identity,
)

ERRORS = problem_responses(400, 403, 404, 409)
READ_ERRORS = problem_responses(403, 404)
BIG = 2**62


class PrivacyRedactionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_key = serializers.CharField()
    span = serializers.CharField(help_text="Empty: the whole item")
    reason = serializers.ChoiceField(choices=RedactionReason.choices)
    reason_text = serializers.CharField()
    redacted_at = serializers.DateTimeField()


class PrivacyRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="request.pk")
    person_id = serializers.IntegerField(source="request.person_id")
    requester_name = serializers.CharField(source="request.requester_name")
    requester_relationship = serializers.CharField(source="request.requester_relationship")
    received_on = serializers.DateField(source="request.received_on")
    identity_verified_on = serializers.DateField(
        source="request.identity_verified_on", allow_null=True
    )
    extended = serializers.BooleanField(source="request.extended")
    extension_reason = serializers.CharField(source="request.extension_reason")
    status = serializers.CharField(source="request.status")
    disclosed_on = serializers.DateField(source="request.disclosed_on", allow_null=True)
    statutory_on = serializers.DateField(help_text="One month (three if extended) from the start")
    due_on = serializers.DateField(help_text="The statutory date, or the next working day")
    overdue = serializers.BooleanField()


class PrivacyRequestDetailSerializer(PrivacyRequestSerializer):
    redactions = PrivacyRedactionSerializer(many=True, source="request.redactions.all")


class PrivacyRequestInputSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(min_value=1, max_value=BIG)
    requester_name = serializers.CharField(max_length=200)
    requester_relationship = serializers.CharField(max_length=200)
    received_on = serializers.DateField()
    identity_verified_on = serializers.DateField(required=False, allow_null=True, default=None)
    identity_evidence = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class PrivacyHeldItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What a redaction names")
    at = serializers.DateTimeField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    redacted_reasons = serializers.ListField(child=serializers.CharField())


class PrivacyHeldSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    items = PrivacyHeldItemSerializer(many=True)


class PrivacyIdentityInputSerializer(serializers.Serializer):
    verified_on = serializers.DateField()
    evidence = serializers.CharField(max_length=300)


class PrivacyExtendInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class PrivacyCloseInputSerializer(serializers.Serializer):
    disclosed_on = serializers.DateField()


class PrivacyRedactionInputSerializer(serializers.Serializer):
    item_key = serializers.CharField(max_length=120)
    span = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    reason = serializers.ChoiceField(choices=RedactionReason.choices)
    reason_other = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


def _row(sar: SubjectAccessRequest) -> Any:
    return request_row(sar)


class RequestListApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_list",
        responses={200: PrivacyRequestSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        rows = request_list_open(requests_visible_to(request.user))
        return Response(PrivacyRequestSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="subject_access_requests_create",
        request=PrivacyRequestInputSerializer,
        responses={201: PrivacyRequestDetailSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        given = PrivacyRequestInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = dict(given.validated_data)
        try:
            person = person_get_for_user(request.user, d.pop("person_id"))
        except (Http404, RecordRestricted):  # missing and restricted alike: the field is wrong
            raise ValidationError({"person_id": ["There is no person with that number."]}) from None
        sar = sar_log(actor=request.user, person=person, **d)
        return Response(PrivacyRequestDetailSerializer(_row(sar)).data, status=201)


class RequestDetailApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_retrieve",
        responses={200: PrivacyRequestDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, sar_id: int) -> Response:
        sar = request_get_for_user(request.user, sar_id)
        return Response(PrivacyRequestDetailSerializer(_row(sar)).data)


class RequestHoldingsApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_holdings",
        responses={200: PrivacyHeldSectionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, sar_id: int) -> Response:
        sar = request_get_for_user(request.user, sar_id)
        sections = holdings_redacted(holdings(request.user, sar.person), list(sar.redactions.all()))
        return Response(PrivacyHeldSectionSerializer(sections, many=True).data)


def _change(
    request: AuthenticatedRequest,
    sar_id: int,
    serializer: type[serializers.Serializer],
    call: Any,
) -> Response:
    sar = request_get_for_user(request.user, sar_id)
    given = serializer(data=request.data)
    given.is_valid(raise_exception=True)
    done = call(sar, given.validated_data)
    return Response(PrivacyRequestDetailSerializer(_row(done)).data)


class RequestIdentityApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_identity",
        request=PrivacyIdentityInputSerializer,
        responses={200: PrivacyRequestDetailSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, sar_id: int) -> Response:
        return _change(
            request,
            sar_id,
            PrivacyIdentityInputSerializer,
            lambda sar, d: sar_verify_identity(actor=request.user, request=sar, **d),
        )


class RequestExtendApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_extend",
        request=PrivacyExtendInputSerializer,
        responses={200: PrivacyRequestDetailSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, sar_id: int) -> Response:
        return _change(
            request,
            sar_id,
            PrivacyExtendInputSerializer,
            lambda sar, d: sar_extend(actor=request.user, request=sar, **d),
        )


class RequestCloseApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_close",
        request=PrivacyCloseInputSerializer,
        responses={200: PrivacyRequestDetailSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, sar_id: int) -> Response:
        return _change(
            request,
            sar_id,
            PrivacyCloseInputSerializer,
            lambda sar, d: sar_close(actor=request.user, request=sar, **d),
        )


class RedactionApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_redactions_create",
        request=PrivacyRedactionInputSerializer,
        responses={201: PrivacyRedactionSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, sar_id: int) -> Response:
        sar = request_get_for_user(request.user, sar_id)
        given = PrivacyRedactionInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        redaction = redaction_add(actor=request.user, request=sar, **given.validated_data)
        return Response(PrivacyRedactionSerializer(redaction).data, status=201)


class RedactionDeleteApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_redactions_destroy",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: AuthenticatedRequest, sar_id: int, redaction_id: int) -> Response:
        sar = request_get_for_user(request.user, sar_id)
        redaction = sar.redactions.filter(pk=redaction_id).first()
        if redaction is None:
            raise NotFound("No such redaction")
        redaction_remove(actor=request.user, redaction=redaction)
        return Response(status=204)


class DisclosurePdfApi(APIView):
    @extend_schema(
        operation_id="subject_access_requests_disclosure_pdf",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **READ_ERRORS,
        },
    )
    def get(self, request: AuthenticatedRequest, sar_id: int) -> HttpResponse:
        sar = request_get_for_user(request.user, sar_id)
        return pdf_response(
            disclosure_pdf(actor=request.user, request=sar), f"subject-access-request-{sar.pk}.pdf"
        )


# --- Retention ------------------------------------------------------------------------------


class PrivacyRuleSerializer(serializers.Serializer):
    record_type = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    disposable = serializers.BooleanField()
    years_after_closure = serializers.IntegerField(allow_null=True)
    until_age = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()  # type: ignore[assignment]
    changed_at = serializers.DateTimeField(allow_null=True)


class PrivacyRuleInputSerializer(serializers.Serializer):
    years_after_closure = serializers.IntegerField(min_value=1, max_value=150)
    until_age = serializers.IntegerField(
        min_value=1, max_value=150, required=False, allow_null=True, default=None
    )
    source = serializers.CharField(max_length=5000)  # type: ignore[assignment]


def _rule(code: str, rule: RetentionRule | None) -> dict[str, Any]:
    kind = RECORD_TYPES[code]
    return {
        "record_type": code,
        "label": kind.label,
        "disposable": kind.disposable,
        "years_after_closure": rule.years_after_closure if rule else None,
        "until_age": rule.until_age if rule else None,
        "source": rule.source if rule else "",
        "changed_at": rule.changed_at if rule else None,
    }


class RuleListApi(APIView):
    @extend_schema(
        operation_id="retention_rules_list",
        responses={200: PrivacyRuleSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        return Response(
            PrivacyRuleSerializer([_rule(c, r) for c, r in rules_current().items()], many=True).data
        )


class RuleChangeApi(APIView):
    @extend_schema(
        operation_id="retention_rules_change",
        request=PrivacyRuleInputSerializer,
        responses={200: PrivacyRuleSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, record_type: str) -> Response:
        require_privacy_officer(request.user)
        if record_type not in RECORD_TYPES:
            raise NotFound("No such record type")
        given = PrivacyRuleInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        rule = retention_rule_change(
            actor=request.user, record_type=record_type, **given.validated_data
        )
        return Response(PrivacyRuleSerializer(_rule(record_type, rule)).data)


class PrivacyReviewRowSerializer(serializers.Serializer):
    record_type = serializers.CharField()
    record_id = serializers.IntegerField()
    reference = serializers.CharField()
    closed_on = serializers.DateField()
    keep_until = serializers.DateField()
    held = serializers.BooleanField()
    disposable = serializers.BooleanField()


class ReviewApi(APIView):
    @extend_schema(
        operation_id="retention_review_list",
        responses={200: PrivacyReviewRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        return Response(PrivacyReviewRowSerializer(retention_review(), many=True).data)


class PrivacyRecordRefSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=RECORD_TYPE_CHOICES)
    record_id = serializers.IntegerField(min_value=1, max_value=BIG)


class PrivacyDisposalInputSerializer(serializers.Serializer):
    records = serializers.ListField(
        child=PrivacyRecordRefSerializer(), min_length=1, max_length=500
    )
    reason = serializers.CharField(max_length=2000)


class PrivacyStubSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    record_type = serializers.CharField()
    record_id = serializers.IntegerField()
    rule_id = serializers.IntegerField()
    reason = serializers.CharField()
    disposed_at = serializers.DateTimeField()


class DisposalApi(APIView):
    @extend_schema(
        operation_id="retention_disposals_create",
        request=PrivacyDisposalInputSerializer,
        responses={201: PrivacyStubSerializer(many=True), **ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        given = PrivacyDisposalInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        stubs = records_dispose(
            actor=request.user,
            records=[RecordRef(r["record_type"], r["record_id"]) for r in d["records"]],
            reason=d["reason"],
        )
        return Response(PrivacyStubSerializer(stubs, many=True).data, status=201)


class PrivacyHoldSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField(allow_null=True)
    record_type = serializers.CharField()
    record_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    placed_at = serializers.DateTimeField()
    lifted_at = serializers.DateTimeField(allow_null=True)


class PrivacyHoldInputSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(
        min_value=1, max_value=BIG, required=False, allow_null=True
    )
    record_type = serializers.ChoiceField(
        choices=RECORD_TYPE_CHOICES, required=False, allow_blank=True, default=""
    )
    record_id = serializers.IntegerField(
        min_value=1, max_value=BIG, required=False, allow_null=True, default=None
    )
    reason = serializers.CharField(max_length=5000)


class HoldListApi(APIView):
    @extend_schema(
        operation_id="retention_holds_list",
        responses={200: PrivacyHoldSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        holds = holds_visible_to(request.user).filter(lifted_at=None)
        return Response(PrivacyHoldSerializer(holds, many=True).data)

    @extend_schema(
        operation_id="retention_holds_create",
        request=PrivacyHoldInputSerializer,
        responses={201: PrivacyHoldSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        require_privacy_officer(request.user)
        given = PrivacyHoldInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        person = None
        if d.get("person_id"):
            try:
                person = person_get_for_user(request.user, d["person_id"])
            except (Http404, RecordRestricted):  # missing and restricted alike: the field is wrong
                raise ValidationError(
                    {"person_id": ["There is no person with that number."]}
                ) from None
        hold = legal_hold_place(
            actor=request.user,
            reason=d["reason"],
            person=person,
            record_type=d["record_type"],
            record_id=d["record_id"],
        )
        return Response(PrivacyHoldSerializer(hold).data, status=201)


class HoldLiftApi(APIView):
    @extend_schema(
        operation_id="retention_holds_lift",
        request=None,
        responses={200: PrivacyHoldSerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, hold_id: int) -> Response:
        hold = hold_get_for_user(request.user, hold_id)
        return Response(PrivacyHoldSerializer(legal_hold_lift(actor=request.user, hold=hold)).data)


SAR = "subject-access-requests/<int:sar_id>/"
api_urlpatterns: list[URLPattern] = [
    path("subject-access-requests/", RequestListApi.as_view(), name="sar_list"),
    path(SAR, RequestDetailApi.as_view(), name="sar_detail"),
    path(SAR + "holdings/", RequestHoldingsApi.as_view(), name="sar_holdings"),
    path(SAR + "identity/", RequestIdentityApi.as_view(), name="sar_identity"),
    path(SAR + "extend/", RequestExtendApi.as_view(), name="sar_extend"),
    path(SAR + "close/", RequestCloseApi.as_view(), name="sar_close"),
    path(SAR + "redactions/", RedactionApi.as_view(), name="sar_redactions"),
    path(
        SAR + "redactions/<int:redaction_id>/",
        RedactionDeleteApi.as_view(),
        name="sar_redaction_delete",
    ),
    path(SAR + "disclosure.pdf", DisclosurePdfApi.as_view(), name="sar_disclosure_pdf"),
    path("retention/rules/", RuleListApi.as_view(), name="retention_rules"),
    path("retention/rules/<slug:record_type>/", RuleChangeApi.as_view(), name="retention_rule"),
    path("retention/review/", ReviewApi.as_view(), name="retention_review"),
    path("retention/disposals/", DisposalApi.as_view(), name="retention_disposals"),
    path("retention/holds/", HoldListApi.as_view(), name="retention_holds"),
    path("retention/holds/<int:hold_id>/lift/", HoldLiftApi.as_view(), name="retention_hold_lift"),
]
