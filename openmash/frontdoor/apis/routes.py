"""Onward referrals and actions through the API: GET and POST /api/v1/contacts/{id}/routes/."""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.problems import renamed_fields
from openmash.api.schema import problem_responses
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.http import AuthenticatedRequest
from openmash.frontdoor.models import RouteAction, RouteKind
from openmash.frontdoor.permissions import contact_get_for_work
from openmash.frontdoor.services.routes import RouteInput, route_record


class RouteInputSerializer(serializers.Serializer):
    subject_id = serializers.IntegerField(
        help_text="A subject of the contact (its `subjects[].id`)"
    )
    kind = serializers.ChoiceField(choices=RouteKind.choices)
    made_on = serializers.DateField(help_text="The day the referral was made or the action taken")
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The contact's version you read"
    )


class RouteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.IntegerField()
    subject_id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    made_on = serializers.DateField()
    reference = serializers.CharField()
    note = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")
    recorded_at = serializers.DateTimeField()


class ContactRoutesApi(APIView):
    """MARAC, Prevent and NRM referrals and police protection recorded on a contact."""

    @extend_schema(
        operation_id="contacts_routes_list",
        responses={200: RouteOutputSerializer(many=True), **problem_responses(403, 404)},
    )
    def get(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        if not request.user.has_capability("sees_front_door"):
            raise PermissionDenied("Only front-door staff can see onward referrals.")
        routes = RouteAction.objects.filter(contact=contact).select_related("recorded_by")
        return Response(RouteOutputSerializer(routes, many=True).data)

    @extend_schema(
        operation_id="contacts_routes_create",
        request=RouteInputSerializer,
        responses={201: RouteOutputSerializer, **problem_responses(400, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, contact_id: int) -> Response:
        contact = contact_get_for_work(request.user, contact_id)
        given = RouteInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        subject = contact.contact_subjects.filter(pk=data["subject_id"]).first()
        if subject is None:
            raise ValidationError({"subject_id": ["Give the id of a person named in this contact"]})
        with renamed_fields({"subject": "subject_id"}):
            route = route_record(
                contact=contact,
                actor=request.user,
                data=RouteInput(
                    subject=subject,
                    kind=data["kind"],
                    made_on=data["made_on"],
                    reference=data["reference"],
                    note=data["note"],
                ),
                expected_version=data["version"],
            )
        return Response(RouteOutputSerializer(route).data, status=201)


api_urlpatterns: list[URLPattern] = [
    path("contacts/<int:contact_id>/routes/", ContactRoutesApi.as_view(), name="contact_routes"),
]
