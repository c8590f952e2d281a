from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Agency, User
from openmash.accounts.permissions import api_key_get_for_user, api_keys_visible_to
from openmash.accounts.selectors import user_list
from openmash.accounts.services import api_key_revoke
from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.http import AuthenticatedRequest


class AgencyOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agency_type = serializers.CharField()
    cin_referral_source = serializers.CharField()


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    roles = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()

    def get_roles(self, user: User) -> list[str]:
        return sorted(role.code for role in user.roles.all())


class MeOutputSerializer(UserOutputSerializer):
    capabilities = serializers.SerializerMethodField()

    def get_capabilities(self, user: User) -> list[str]:
        return sorted(user.capabilities())


class ApiKeyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class MeApi(APIView):
    @extend_schema(responses={200: MeOutputSerializer, **problem_responses()})
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(MeOutputSerializer(request.user).data)


class AgencyListApi(APIView):
    @extend_schema(
        operation_id="agencies_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(AgencyOutputSerializer), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(
            Agency.objects.filter(is_active=True).order_by("code"), request, view=self
        )
        return paginator.get_paginated_response(AgencyOutputSerializer(page, many=True).data)


class UserListApi(APIView):
    @extend_schema(
        operation_id="users_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(UserOutputSerializer), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not request.user.has_capability("administers"):
            raise PermissionDenied("Only administrators can list users.")
        paginator = Pagination()
        page = paginator.paginate_queryset(user_list().order_by("email"), request, view=self)
        return paginator.get_paginated_response(UserOutputSerializer(page, many=True).data)


class ApiKeyListApi(APIView):
    @extend_schema(
        operation_id="api_keys_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(ApiKeyOutputSerializer), **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        paginator = Pagination()
        keys = api_keys_visible_to(request.user).filter(user=request.user).order_by("-created_at")
        page = paginator.paginate_queryset(keys, request, view=self)
        return paginator.get_paginated_response(ApiKeyOutputSerializer(page, many=True).data)


class ApiKeyRevokeApi(APIView):
    @extend_schema(
        request=None, responses={200: ApiKeyOutputSerializer, **problem_responses(400, 404)}
    )
    def post(self, request: AuthenticatedRequest, key_id: int) -> Response:
        key = api_key_get_for_user(request.user, key_id)
        return Response(ApiKeyOutputSerializer(api_key_revoke(actor=request.user, key=key)).data)
