"""Front-door API: consent (the same gates and services as the pages).

- `GET /api/v1/contacts/{id}/consent/`: the contact's consent records, newest first.
- `POST /api/v1/contacts/{id}/consent/`: record consent (family_told, consent, reason,
  refusal_accepted, authorised_by as a manager's user id, version).
- `POST /api/v1/consent-records/{id}/sign-off/`: a manager signs off an accepted refusal, or the
  manager named as authorising going ahead without consent confirms it.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import User
from openmash.api.schema import problem_responses
from openmash.contacts.models import FamilyTold
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import ConsentDecision, ConsentRecord
from openmash.frontdoor.permissions import (
    consent_record_get_for_authorising,
    contact_get_for_work,
)
from openmash.frontdoor.services.consent import (
    consent_needs_confirmation,
    consent_needs_sign_off,
    consent_record,
    consent_sign_off,
    consent_warning,
)


class ConsentRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    family_told = serializers.CharField()
    consent = serializers.CharField()
    reason = serializers.CharField()
    refusal_accepted = serializers.BooleanField(allow_null=True)
    authorised_by = serializers.IntegerField(source="authorised_by_id", allow_null=True)
    needs_sign_off = serializers.BooleanField()
    signed_off_by = serializers.IntegerField(source="signed_off_by_id", allow_null=True)
    signed_off_at = serializers.DateTimeField(allow_null=True)
    sign_off_note = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    recorded_at = serializers.DateTimeField()
    awaiting_sign_off = serializers.SerializerMethodField(
        help_text="The record waits for a manager, and no decision on the contact can be "
        "authorised until it has one: an accepted refusal on a red or level 4 contact not yet "
        "signed off, or going ahead without consent not yet confirmed by the manager named in "
        "`authorised_by` (only ever true for the contact's current record)"
    )
    awaiting_confirmation_by = serializers.SerializerMethodField(
        help_text="User id of the manager whose confirmation the record awaits (the one named in "
        "`authorised_by`; only they can confirm it), or null"
    )
    warning = serializers.SerializerMethodField(
        help_text='What the record waits for, in words ("Awaiting confirmation by <manager>"), '
        "or empty"
    )

    def get_awaiting_sign_off(self, record: ConsentRecord) -> bool:
        return record.pk == self.context.get("current_id") and consent_needs_sign_off(
            record, record.contact
        )

    def get_awaiting_confirmation_by(self, record: ConsentRecord) -> int | None:
        if self.get_awaiting_sign_off(record) and consent_needs_confirmation(record):
            return record.authorised_by_id
        return None

    def get_warning(self, record: ConsentRecord) -> str:
        return consent_warning(record) if self.get_awaiting_sign_off(record) else ""


class ConsentRecordInputSerializer(serializers.Serializer):
    family_told = serializers.ChoiceField(choices=FamilyTold.values)
    # With labels, so the schema's enum differs from contacts' `consent.status` (values only).
    consent = serializers.ChoiceField(choices=ConsentDecision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    refusal_accepted = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Refused only: true to accept the refusal, false to go ahead without consent",
    )
    authorised_by = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="User id of the manager who authorised going ahead without consent, or not "
        "seeking it",
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The contact's version you read"
    )


class ConsentSignOffInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the refusal can be accepted (required to sign off an accepted refusal); "
        "optional when confirming going ahead without consent",
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The contact's version you read"
    )


def _records_data(records: list[ConsentRecord]) -> list[dict[str, Any]]:
    current = records[0].pk if records else None
    output = ConsentRecordOutputSerializer(records, many=True, context={"current_id": current})
    # many=True makes a ListSerializer, whose data is a list; the stubs see the Serializer.
    return output.data  # type: ignore[return-value]


class ContactConsentApi(APIView):
    @extend_schema(
        operation_id="contacts_consent_list",
        responses={200: ConsentRecordOutputSerializer(many=True), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see consent records.")
        records = list(
            contact.consent_records.select_related("contact").order_by("-recorded_at", "-pk")
        )
        return Response(_records_data(records))

    @extend_schema(
        operation_id="contacts_consent_create",
        request=ConsentRecordInputSerializer,
        responses={
            201: ConsentRecordOutputSerializer,
            **problem_responses(400, 404, 409),
        },
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        given = ConsentRecordInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        manager = None
        if data["authorised_by"] is not None:
            manager = User.objects.filter(pk=data["authorised_by"], is_active=True).first()
            if manager is None:
                raise ValidationError({"authorised_by": ["Enter the id of an active manager"]})
        record = consent_record(
            contact=contact,
            actor=request.user,
            family_told=data["family_told"],
            consent=data["consent"],
            reason=data["reason"],
            refusal_accepted=data["refusal_accepted"],
            authorised_by=manager,
            expected_version=data["version"],
        )
        return Response(_records_data([record])[0], status=201)


class ConsentSignOffApi(APIView):
    @extend_schema(
        operation_id="consent_records_sign_off",
        description="A manager signs off an accepted refusal on a red or level 4 contact (not "
        "one they recorded), or the manager named in `authorised_by` confirms going ahead "
        "without consent (only they can).",
        request=ConsentSignOffInputSerializer,
        responses={
            200: ConsentRecordOutputSerializer,
            **problem_responses(
                400,
                404,
                409,
                descriptions={
                    400: "Invalid input, or a rule refuses it: the record needs no sign-off, is "
                    "already signed off or confirmed, or has been replaced; a note is missing "
                    "for an accepted refusal; you recorded the refusal; or you are not the "
                    "manager named as authorising going ahead without consent"
                },
            ),
        },
    )
    def post(self, request: AuthenticatedRequest, record_id: int) -> Response:
        record = consent_record_get_for_authorising(request.user, record_id)
        given = ConsentSignOffInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        record = consent_sign_off(
            record=record,
            actor=request.user,
            note=given.validated_data["note"],
            expected_version=given.validated_data["version"],
        )
        return Response(ConsentRecordOutputSerializer(record).data)


api_urlpatterns = [
    path(
        "contacts/<int:contact_id>/consent/",
        ContactConsentApi.as_view(),
        name="contact_consent",
    ),
    path(
        "consent-records/<int:record_id>/sign-off/",
        ConsentSignOffApi.as_view(),
        name="consent_sign_off",
    ),
]
