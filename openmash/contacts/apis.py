from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Agency
from openmash.api.pagination import Pagination
from openmash.api.problems import ALREADY_RECEIVED, field_path, problem
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.contacts.models import Channel, ConsentStatus, Contact, FamilyTold, SubjectRole
from openmash.contacts.permissions import (
    can_record_contacts,
    can_submit_contacts,
    contact_get_for_user,
    contacts_visible_to,
)
from openmash.contacts.plausibility import MAX_CATEGORIES, MAX_SUBJECTS, TEXT_LIMITS
from openmash.contacts.registry import contact_resource_parts
from openmash.contacts.selectors import (
    contact_by_source_reference,
    contact_list,
    contact_list_logged,
)
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    SubjectInput,
    contact_create,
)
from openmash.core.http import AuthenticatedRequest
from openmash.people.matching import SubjectDetails

if TYPE_CHECKING:
    from openmash.accounts.models import User


class ContactOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    status = serializers.CharField()
    source_agency = serializers.CharField(source="source_agency.code")
    outcome_for_referrer = serializers.CharField()
    outcome_sent_at = serializers.DateTimeField(allow_null=True)
    immediate_risk = serializers.BooleanField(
        help_text="Recorded with immediate risk (it arrives rated red) or escalated since"
    )
    # The front door's clocks (ISO 8601 with offset); null for a referrer.
    decision_due_at = serializers.DateTimeField(allow_null=True)
    rag = serializers.CharField(help_text="red, amber, green, blue, or empty when not yet rated")
    rag_due_at = serializers.DateTimeField(allow_null=True)
    rag_paused_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(
        allow_null=True, help_text="When a manager authorised the decision: the clocks stop"
    )
    clocks_running = serializers.SerializerMethodField(
        help_text="False once the contact is decided or closed (and the RAG clock while paused); "
        "null for a referrer"
    )
    rag_margin_seconds = serializers.SerializerMethodField(
        help_text="Once decided: RAG due time minus decision time (negative when over time)"
    )
    decision_margin_seconds = serializers.SerializerMethodField(
        help_text="Once decided: decision due time minus decision time (negative when over time)"
    )
    threshold_level = serializers.IntegerField(allow_null=True)
    allocated_to = serializers.IntegerField(source="allocated_to_id", allow_null=True)
    team = serializers.IntegerField(source="team_id", allow_null=True)
    version = serializers.IntegerField(
        allow_null=True,
        help_text="Send it back with a change to the contact: a stale one gets 409. Null for a "
        "referrer.",
    )

    STAFF_ONLY = (
        "decision_due_at",
        "rag",
        "rag_due_at",
        "rag_paused_at",
        "decided_at",
        "clocks_running",
        "rag_margin_seconds",
        "decision_margin_seconds",
        "threshold_level",
        "allocated_to",
        "team",
        "version",
    )

    def get_clocks_running(self, contact: Contact) -> bool | None:
        return contact.is_open and contact.decided_at is None

    def get_rag_margin_seconds(self, contact: Contact) -> int | None:
        return _margin(contact.rag_due_at, contact.decided_at)

    def get_decision_margin_seconds(self, contact: Contact) -> int | None:
        return _margin(contact.decision_due_at, contact.decided_at)

    def to_representation(self, contact: Contact) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(contact)
        data["restricted"] = bool(getattr(contact, "masked", False))
        if data["restricted"]:
            data["outcome_for_referrer"] = ""
        staff = self.context.get("staff")
        if staff is None:
            request = self.context.get("request")
            staff = bool(request and request.user.has_capability("sees_front_door"))
        if not staff:
            for name in self.STAFF_ONLY:
                data[name] = None if name != "rag" else ""
        return data


def _margin(due: datetime | None, decided: datetime | None) -> int | None:
    if due is None or decided is None:
        return None
    return int((due - decided).total_seconds())


# Creating a contact: POST /api/v1/contacts/


class AddressInputSerializer(serializers.Serializer):
    line1 = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)


class SubjectInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(allow_blank=True, max_length=100)
    family_name = serializers.CharField(allow_blank=True, max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    is_unborn = serializers.BooleanField(
        required=False,
        default=False,
        help_text="An unborn child: give expected_delivery_date and no date_of_birth",
    )
    expected_delivery_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An unborn child's: from a month ago to 10 months ahead",
    )
    sex = serializers.ChoiceField(
        choices=["F", "M", "X", "U"], required=False, allow_blank=True, default=""
    )
    nhs_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=12)
    upn = serializers.CharField(required=False, allow_blank=True, default="", max_length=13)
    address = AddressInputSerializer(required=False, default=dict)
    is_child = serializers.BooleanField(required=False, default=True)
    role = serializers.ChoiceField(
        choices=SubjectRole.values, required=False, default=SubjectRole.SUBJECT
    )
    relationship = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    school = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    gp_practice = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


class SourceInputSerializer(serializers.Serializer):
    agency_code = serializers.CharField()
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    role = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)


class ConsentInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ConsentStatus.values)
    family_told = serializers.ChoiceField(
        choices=FamilyTold.values, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["consent_reason"]
    )


class ContactCreateInputSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(
        choices=[Channel.API, Channel.PHONE, Channel.EMAIL, Channel.BULK], default=Channel.API
    )
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.source.
    source = SourceInputSerializer()  # type: ignore[assignment]
    # many=True makes a ListSerializer, which takes max_length; the stubs type the child's call.
    subjects = SubjectInputSerializer(many=True, allow_empty=False, max_length=MAX_SUBJECTS)  # type: ignore[call-arg]
    concern = serializers.CharField(allow_blank=True, max_length=TEXT_LIMITS["concern"])
    categories = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=MAX_CATEGORIES,
    )
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    immediate_risk = serializers.BooleanField(required=False, default=False)
    immediate_risk_details = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=TEXT_LIMITS["immediate_risk_details"],
    )
    consent = ConsentInputSerializer(required=False, allow_null=True, default=None)
    is_consultation = serializers.BooleanField(required=False, default=False)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    anonymous_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["anonymous_reason"]
    )
    source_system = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=32
    )
    source_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )


class CandidateOutputSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class SubjectOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        help_text="This subject of the contact: decisions and information requests name it"
    )
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    role = serializers.ChoiceField(choices=SubjectRole.choices)
    is_child = serializers.BooleanField()
    is_unborn = serializers.BooleanField()
    expected_delivery_date = serializers.DateField(allow_null=True)
    person_id = serializers.IntegerField(allow_null=True)
    match_status = serializers.CharField()
    possible_matches = CandidateOutputSerializer(many=True)


class DuplicateOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()


class ContactCreatedOutputSerializer(ContactOutputSerializer):
    """A contact in full. For a referrer (who never sees the person index or other agencies'
    contacts) person ids, possible matches and possible duplicates are left empty."""

    completeness = serializers.IntegerField()
    missing_items = serializers.ListField(child=serializers.CharField())
    source_system = serializers.CharField()
    source_reference = serializers.CharField()
    subjects = SubjectOutputSerializer(many=True, source="contact_subjects.all")
    possible_duplicates = DuplicateOutputSerializer(many=True, source="_possible_duplicates")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields: dict[str, serializers.Field] = super().get_fields()
        for name, part in contact_resource_parts.items():  # the front door's, e.g. second_reports
            fields[name] = part.field()
            fields[name].source = f"_part_{name}"  # set on the contact by to_representation
        return fields

    def to_representation(self, contact: Contact) -> dict[str, Any]:
        staff = bool(self.context.get("staff"))
        # Read back by the possible_duplicates field (source="_possible_duplicates").
        setattr(contact, "_possible_duplicates", _duplicates_of(contact) if staff else [])  # noqa: B010
        user = self.context.get("user")
        for name, part in contact_resource_parts.items():
            value = part.value(user, contact) if staff and user is not None else part.empty()
            setattr(contact, f"_part_{name}", value)
        data: dict[str, Any] = super().to_representation(contact)
        if not staff:
            for subject in data["subjects"]:
                subject["person_id"], subject["possible_matches"] = None, []
                subject["match_status"] = ""
        return data


def _duplicates_of(contact: Contact) -> list[dict[str, object]]:
    original = contact.duplicate_of
    if original is None:
        return []
    return [
        {"id": original.pk, "reference": original.reference, "status": contact.duplicate_status}
    ]


ALREADY_RECEIVED_409 = (
    "A contact from the same agency with this `source_system` and `source_reference` has already "
    "been received (`id` and `reference` name it if you may see it): do not send it again. "
    "Another agency's contacts are never a conflict: references are each agency's own"
)
ALREADY_SENT = "Do not send this contact again. A new contact needs a source reference of its own"


class ContactCreateApi(APIView):
    """Record a contact from another system or a partner's case management system."""

    @extend_schema(
        operation_id="contacts_create",
        request=ContactCreateInputSerializer,
        responses={
            201: ContactCreatedOutputSerializer,
            **problem_responses(400, 409, descriptions={409: ALREADY_RECEIVED_409}),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        return self.handle(request)

    def handle(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        if not (can_record_contacts(user) or can_submit_contacts(user)):
            raise PermissionDenied("Only referrers and front-door staff can send contacts.")
        given = ContactCreateInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        staff = can_record_contacts(user)
        agency = _source_agency(user, data["source"]["agency_code"], staff=staff)
        existing = self._existing(user, data, agency)
        if existing is not None:
            return existing
        try:
            contact = contact_create(actor=user, data=_contact_input(data, agency, user, staff))
        except ContactInvalidError as error:
            problems: dict[str, list[str]] = {}
            for name, message in error.problems:
                problems.setdefault(_api_field(name), []).append(message)
            raise ValidationError(problems) from error
        except IntegrityError as error:
            # Another request with the same source reference committed first.
            existing = self._existing(user, data, agency)
            if existing is None:
                raise ValidationError({"source_reference": ["Try again"]}) from error
            return existing
        output = ContactCreatedOutputSerializer(contact, context={"staff": staff})
        return Response(output.data, status=201)

    @staticmethod
    def _existing(user: User, data: dict[str, Any], agency: Agency) -> Response | None:
        """409 for a re-send: the agency's own contact with the reference, never another's (that
        would let a referrer take a reference before the police's notification brings it, and
        tell one agency which references another has used)."""
        if not data["source_system"] or not data["source_reference"]:
            return None
        existing = contact_by_source_reference(
            source_agency=agency,
            source_system=data["source_system"],
            source_reference=data["source_reference"],
        )
        if existing is None:
            return None
        # Name the existing contact only to someone who may see it.
        named: dict[str, object] = {}
        if contacts_visible_to(user).filter(pk=existing.pk).exists():
            named.update(id=existing.pk, reference=existing.reference)
        return problem(
            409,
            "This agency has already sent a contact with this source system and reference.",
            errors={"source_reference": [ALREADY_SENT]},
            type=ALREADY_RECEIVED,
            **named,
        )


class ContactListApi(ContactCreateApi):
    """GET lists the contacts the user may see; POST (inherited) records a new one."""

    @extend_schema(
        operation_id="contacts_list",
        parameters=[
            OpenApiParameter("reference", str, description="Exact contact reference"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(ContactOutputSerializer), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        contacts = contact_list(
            user=request.user, reference=request.query_params.get("reference", "")
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(contacts, request, view=self) or []
        contact_list_logged(user=request.user, contacts=page)
        output = ContactOutputSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(output.data)


def _source_agency(user: User, code: str, *, staff: bool) -> Agency:
    """The contact's source agency. Staff record for any active agency; a referrer sends only as
    its own, so the source references it sets are always its own agency's."""
    agency = Agency.objects.filter(code=code, is_active=True).first()
    if agency is None:
        raise ValidationError({"source.agency_code": ["Enter the code of a known agency"]})
    if not staff and agency.pk != user.agency_id:
        raise PermissionDenied("You can only send contacts from your own agency.")
    return agency


def _contact_input(data: dict[str, Any], agency: Agency, user: User, staff: bool) -> ContactInput:
    source, consent = data["source"], data["consent"] or {}
    return ContactInput(
        source_agency=agency,
        channel=data["channel"] if staff else Channel.API,
        concern=data["concern"],
        subjects=[_subject_input(s) for s in data["subjects"]],
        received_at=data["received_at"] if staff else None,
        submitted_by=None if staff else user,
        referrer_name=source["name"] or ("" if staff else user.full_name),
        referrer_role=source["role"],
        referrer_email=source["email"] or ("" if staff else user.email),
        referrer_phone=source["phone"],
        categories=data["categories"],
        immediate_risk=data["immediate_risk"],
        immediate_risk_details=data["immediate_risk_details"],
        incident_date=data["incident_date"],
        family_told=consent.get("family_told", ""),
        consent=consent.get("status", ""),
        consent_reason=consent.get("reason", ""),
        is_consultation=data["is_consultation"] or data["is_anonymous"],
        is_anonymous=data["is_anonymous"],
        anonymous_reason=data["anonymous_reason"],
        source_system=data["source_system"],
        source_reference=data["source_reference"],
    )


def _subject_input(subject: dict[str, Any]) -> SubjectInput:
    address = subject["address"] or {}
    return SubjectInput(
        details=SubjectDetails(
            given_name=subject["given_name"].strip(),
            family_name=subject["family_name"].strip(),
            date_of_birth=subject["date_of_birth"],
            sex=subject["sex"],
            nhs_number=subject["nhs_number"],
            upn=subject["upn"],
            postcode=address.get("postcode", "").strip().upper(),
            expected_delivery_date=subject["expected_delivery_date"],
        ),
        role=subject["role"],
        is_child=subject["is_child"] or subject["is_unborn"],
        is_unborn=subject["is_unborn"],
        address_line1=address.get("line1", ""),
        school=subject["school"],
        gp_practice=subject["gp_practice"],
        relationship_to_subject=subject["relationship"],
    )


# The service names a few fields differently from the API's JSON.
_API_NAMES = {
    "consent": "consent.status",
    "consent_reason": "consent.reason",
    "family_told": "consent.family_told",
}


def _api_field(name: str) -> str:
    """The service's `subjects[0].postcode` is the API's `subjects.0.address.postcode`."""
    path = field_path(name)
    if path.startswith("subjects.") and path.endswith(".postcode"):
        return path.removesuffix(".postcode") + ".address.postcode"
    return _API_NAMES.get(path, path)


class ContactDetailApi(APIView):
    @extend_schema(
        operation_id="contacts_retrieve",
        responses={200: ContactCreatedOutputSerializer, **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        staff = request.user.has_capability("sees_front_door")
        context = {"staff": staff, "user": request.user}
        return Response(ContactCreatedOutputSerializer(contact, context=context).data)
