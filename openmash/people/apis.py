from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated
from openmash.people.permissions import can_search_people, person_get_for_user
from openmash.people.selectors import person_search


class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    restricted = serializers.SerializerMethodField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    nhs_number = serializers.CharField()

    def get_restricted(self, person: object) -> bool:
        return bool(getattr(person, "is_restricted", False))

    def to_representation(self, person: object) -> dict[str, object]:
        if getattr(person, "masked", False):
            # A restricted person this user is not named on: only that it exists, and how to ask.
            return {
                "id": person.pk,
                "restricted": True,
                "given_name": "",
                "family_name": "",  # type: ignore[attr-defined]
                "date_of_birth": None,
                "sex": "",
                "nhs_number": "",
            }
        return super().to_representation(person)


class PersonDetailApi(APIView):
    @extend_schema(responses={200: PersonOutputSerializer, 403: None, 404: None})
    def get(self, request: Request, person_id: int) -> Response:
        person = person_get_for_user(request.user, person_id)
        return Response(PersonOutputSerializer(person).data)


class PersonSearchApi(APIView):
    @extend_schema(
        operation_id="persons_search",
        parameters=[
            OpenApiParameter("q", str, required=True, description="Name or NHS number"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(PersonOutputSerializer), 400: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        if not can_search_people(request.user):
            raise PermissionDenied("You cannot search the person index.")
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ValidationError({"q": ["Enter a name or an NHS number"]})
        paginator = Pagination()
        page = paginator.paginate_queryset(
            person_search(user=request.user, query=query), request, view=self
        )
        return paginator.get_paginated_response(PersonOutputSerializer(page, many=True).data)
