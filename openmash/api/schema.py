"""OpenAPI helpers: paginated response shapes and the authentication schemes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

if TYPE_CHECKING:
    from drf_spectacular.openapi import AutoSchema

PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1"),
    OpenApiParameter("page_size", int, description="Results per page, up to 500 (default 50)"),
]

_paginated: dict[str, type[serializers.Serializer]] = {}


def paginated(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The `{count, next, previous, results}` envelope around `item`, for the schema."""
    name = "Paginated" + item.__name__.removesuffix("Serializer").removesuffix("Output") + "List"
    if name not in _paginated:
        _paginated[name] = type(
            name,
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item(many=True),
            },
        )
    return _paginated[name]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "openmash.api.authentication.ApiKeyAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from `openmash create_api_key --user EMAIL`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "openmash.api.authentication.VerifiedSessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
