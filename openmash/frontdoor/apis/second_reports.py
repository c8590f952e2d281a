"""Second reports of a contact's incident in the API: `second_reports` on the staff contact
resource (registered in `FrontdoorConfig.ready()`), and acknowledging one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.schema import problem_responses
from openmash.contacts.models import Contact, Rag
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.apis.contact import VersionSerializer, _valid
from openmash.frontdoor.permissions import contact_get_for_work, second_report_get_for_user
from openmash.frontdoor.selectors.history import SecondReportAlert, second_report_alerts
from openmash.frontdoor.services.second_reports import (
    can_acknowledge_second_report,
    second_report_acknowledge,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User


class SecondReportOutputSerializer(serializers.Serializer):
    """Another report of this contact's incident (a suspected or confirmed duplicate of it) and
    what it adds. A report restricted for the caller has only `id`, `received_at` and
    `restricted`."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    source_agency = serializers.CharField(help_text="The agency's name")
    referrer = serializers.CharField(help_text="Who reported it, with their role")
    duplicate_status = serializers.CharField(help_text="suspected (not yet checked) or confirmed")
    restricted = serializers.BooleanField()
    new_people = serializers.ListField(
        child=serializers.CharField(),
        help_text="People it names that this contact does not, e.g. `Leo Marsh (alleged "
        "perpetrator)`",
    )
    new_categories = serializers.ListField(
        child=serializers.CharField(), help_text="Kinds of concern this contact does not have"
    )
    immediate_risk = serializers.BooleanField(help_text="It reports immediate risk")
    risk_is_new = serializers.BooleanField(help_text="It reports immediate risk and this did not")
    immediate_risk_details = serializers.CharField()
    concern = serializers.CharField(help_text="What it reported")
    acknowledged = serializers.BooleanField(help_text="False: an alert waiting for the worker")
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(allow_null=True)
    note = serializers.CharField(help_text="The worker's note on acknowledging it")
    rag_before = serializers.CharField()
    rag_after = serializers.CharField(help_text="Differs from `rag_before` when it was re-rated")


def second_report_item(alert: SecondReportAlert) -> dict[str, Any]:
    second, report, ack = alert.contact, alert.report, alert.acknowledgement
    outline = alert.masked
    return {
        "id": second.pk,
        "reference": "" if outline else second.reference,
        "received_at": second.received_at,
        "source_agency": "" if outline else second.source_agency.name,
        "referrer": "" if outline else alert.referrer,
        "duplicate_status": second.duplicate_status,
        "restricted": outline,
        "new_people": [] if outline else report.new_people,
        "new_categories": [] if outline else report.new_categories,
        "immediate_risk": False if outline else report.immediate_risk,
        "risk_is_new": False if outline else report.risk_is_new,
        "immediate_risk_details": "" if outline else second.immediate_risk_details,
        "concern": "" if outline else second.concern,
        "acknowledged": ack is not None,
        "acknowledged_at": ack.acknowledged_at if ack else None,
        "acknowledged_by": ack.acknowledged_by.full_name if ack else None,
        "note": ack.note if ack else "",
        "rag_before": ack.rag_before if ack else "",
        "rag_after": ack.rag_after if ack else "",
    }


def second_reports_field() -> serializers.Field:
    return SecondReportOutputSerializer(
        many=True,
        read_only=True,
        help_text="Other reports of this contact's incident, waiting ones first; empty for a "
        "referrer",
    )


def second_reports_value(user: User, contact: Contact) -> list[dict[str, Any]]:
    return [second_report_item(a) for a in second_report_alerts(user, contact)]


class AcknowledgeInputSerializer(VersionSerializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed when `rag` changes it"
    )
    rag = serializers.ChoiceField(
        choices=Rag.values,
        required=False,
        allow_blank=True,
        default="",
        help_text="A new rating for this contact, if the second report changes it",
    )


class SecondReportAcknowledgeApi(APIView):
    """The contact's allocated worker (any front-door worker while it is unallocated, or a team
    manager) has read what a second report of its incident adds; it may re-rate the contact."""

    @extend_schema(
        operation_id="contacts_second_report_acknowledge",
        request=AcknowledgeInputSerializer,
        responses={200: SecondReportOutputSerializer, **problem_responses(400, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int, second_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        second = second_report_get_for_user(request.user, contact, second_id)
        if not can_acknowledge_second_report(request.user, contact):
            raise PermissionDenied(
                "Only the allocated worker or a team manager can acknowledge it."
            )
        data = _valid(AcknowledgeInputSerializer, request)
        second_report_acknowledge(
            contact=contact,
            second_report=second,
            actor=request.user,
            note=data["note"],
            rag=data["rag"],
            expected_version=data["version"],
        )
        alert = next(a for a in second_report_alerts(request.user, contact) if a.contact == second)
        return Response(SecondReportOutputSerializer(second_report_item(alert)).data)


api_urlpatterns: list[URLPattern] = [
    path(
        "contacts/<int:contact_id>/second-reports/<int:second_id>/acknowledge/",
        SecondReportAcknowledgeApi.as_view(),
        name="contact_second_report_acknowledge",
    ),
]
