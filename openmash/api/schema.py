"""OpenAPI helpers: paginated response shapes, error responses and the authentication schemes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from openmash.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES

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


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457 problem details), sent as application/problem+json."""

    type = serializers.URLField(
        help_text="What kind of problem: about:blank (the title is the HTTP status phrase) or one "
        "of " + ", ".join(kind.uri for kind in PROBLEM_TYPES) + ". Treat a type you do not know "
        "as about:blank."
    )
    title = serializers.CharField(help_text="A summary of the type, the same for all its problems")
    status = serializers.IntegerField(help_text="The HTTP status code")
    detail = serializers.CharField(help_text="What went wrong this time, for a person to read")
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text='Messages by field path (`subjects.0.date_of_birth`; "" for the body as a '
        "whole). Only when the problem lies in the request's fields.",
    )
    target_type = serializers.CharField(
        required=False, help_text="A restricted record (403): its type, for break-glass"
    )
    target_id = serializers.CharField(
        required=False, help_text="A restricted record (403): its id, for break-glass"
    )
    id = serializers.IntegerField(
        required=False,
        help_text="A contact already received (409): its id, if you may see it",
    )
    reference = serializers.CharField(
        required=False,
        help_text="A contact already received (409): its reference, if you may see it",
    )


# Every operation needs authentication, and a browser session without MFA (or, for a POST,
# without the CSRF token) is refused: 401 and 403 apply to all of them.
PROBLEM_DESCRIPTIONS = {
    400: "Invalid input (`errors` names the fields), or a rule of the service refuses the request",
    401: "No credentials, a key that is not valid or revoked, or an expired session",
    403: "Not allowed (your role, MFA not set up, no CSRF token with a session), or a restricted "
    "record: `target_type` and `target_id` name it for break-glass",
    404: "No such record, or one you may not see; or a `page` past the end",
    409: "A stale `version`: the record changed since you read it. Read it again, then send your "
    "change with its new `version`",
}


def problem_responses(
    *statuses: int, descriptions: Mapping[int, str] | None = None
) -> dict[tuple[int, str], OpenApiResponse]:
    """The operation's error responses, each a Problem: 401 and 403, and `statuses`."""
    described = {**PROBLEM_DESCRIPTIONS, **(descriptions or {})}
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, described[code])
        for code in sorted({401, 403, *statuses})
    }


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "openmash.accounts.authentication.ApiKeyAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from `openmash create_api_key --user EMAIL`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "openmash.accounts.authentication.VerifiedSessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
