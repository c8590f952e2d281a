from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.people.permissions import can_search_people, person_get_for_user
from openmash.people.selectors import person_search


class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    nhs_number = serializers.CharField()


class PersonDetailApi(APIView):
    @extend_schema(responses={200: PersonOutputSerializer, 403: None, 404: None})
    def get(self, request: Request, person_id: int) -> Response:
        person = person_get_for_user(request.user, person_id)
        return Response(PersonOutputSerializer(person).data)


class PersonSearchApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="Name or NHS number")],
        responses={200: PersonOutputSerializer(many=True), 400: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        if not can_search_people(request.user):
            raise PermissionDenied("You cannot search the person index.")
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ValidationError({"q": ["Enter a name or an NHS number"]})
        results = person_search(user=request.user, query=query)
        return Response({"results": PersonOutputSerializer(results, many=True).data})
