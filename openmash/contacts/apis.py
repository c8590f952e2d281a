from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated
from openmash.contacts.permissions import contact_get_for_user
from openmash.contacts.selectors import contact_list, contact_list_logged


class ContactOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    status = serializers.CharField()
    source_agency = serializers.CharField(source="source_agency.code")
    outcome_for_referrer = serializers.CharField()

    def to_representation(self, contact: object) -> dict[str, object]:
        data = super().to_representation(contact)
        data["restricted"] = bool(getattr(contact, "masked", False))
        if data["restricted"]:
            data["outcome_for_referrer"] = ""
        return data


class ContactListApi(APIView):
    @extend_schema(
        operation_id="contacts_list",
        parameters=[
            OpenApiParameter("reference", str, description="Exact contact reference"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(ContactOutputSerializer), 401: None},
    )
    def get(self, request: Request) -> Response:
        contacts = contact_list(
            user=request.user, reference=request.query_params.get("reference", "")
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(contacts, request, view=self) or []
        contact_list_logged(user=request.user, contacts=page)
        return paginator.get_paginated_response(ContactOutputSerializer(page, many=True).data)


class ContactDetailApi(APIView):
    @extend_schema(responses={200: ContactOutputSerializer, 403: None, 404: None})
    def get(self, request: Request, contact_id: int) -> Response:
        contact = contact_get_for_user(request.user, contact_id)
        return Response(ContactOutputSerializer(contact).data)
