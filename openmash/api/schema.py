"""OpenAPI helpers: paginated response shapes, error responses and the authentication schemes.

Every operation declares every status it can answer with. The view declares its success and the
problems only it knows of (409 for a stale `version`); `ProblemAutoSchema` adds the problems the
shared machinery can give any operation (authentication, content negotiation, parsing, pagination,
the access gates, size and rate limits), so no view can forget one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from openmash.api.pagination import MAX_PAGE_SIZE
from openmash.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES

PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1. A page past the end is a 404.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description=f"Results per page, from 1 (default 50); a larger one than {MAX_PAGE_SIZE} is "
        f"cut to {MAX_PAGE_SIZE}",
    ),
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


PROBLEM_DESCRIPTIONS = {
    400: "Invalid input (`errors` names the fields; a body that is not JSON has none), or a rule "
    "of the service refuses the request",
    401: "No credentials, a key that is not valid or revoked, or an expired session",
    403: "Not allowed (your role, MFA not set up, no CSRF token with a session), or a restricted "
    "record: `target_type` and `target_id` name it for break-glass",
    404: "No such record, or one you may not see; or a `page` past the end",
    406: "The `Accept` header rules out JSON",
    409: "A stale `version`: the record changed since you read it. Read it again, then send your "
    "change with its new `version`",
    413: "The request, or one of its fields, is too large",
    415: "The body's `Content-Type` is not `application/json`",
    429: "Too many requests: wait the `Retry-After` header's seconds, then try again",
}

PAGE_PARAMETER_NAMES = frozenset(parameter.name for parameter in PAGE_PARAMETERS)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def problem_responses(
    *statuses: int, descriptions: Mapping[int, str] | None = None
) -> dict[tuple[int, str], OpenApiResponse]:
    """Error responses for `@extend_schema(responses=...)`, each a Problem: the statuses only the
    view knows of (409), or a description of its own. ProblemAutoSchema adds the rest."""
    described = {**PROBLEM_DESCRIPTIONS, **(descriptions or {})}
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, described[code])
        for code in sorted(set(statuses))
    }


class ProblemAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the problems every operation of its kind can answer:

    - any operation: 401 (credentials), 403 (role, MFA, CSRF, a restricted record), 406 (`Accept`);
    - one with path parameters (the access gates) or a `page`: 404;
    - one with query parameters (`filters_check`, `page`, `page_size`), and any write: 400;
    - a write (POST, PUT, PATCH, DELETE): 413 and 429 (size and rate limits), and 415 when it
      takes a body.

    What the view declares for a status wins, so its own description stays. And a filter in the
    query string may be sent empty (`allowEmptyValue`): the list filters nothing by it.
    """

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        problem = {"schema": self.resolve_serializer(ProblemSerializer, "response").ref}
        for status in self._problem_statuses(operation):
            responses.setdefault(
                str(status),
                {
                    "description": PROBLEM_DESCRIPTIONS[status],
                    "content": {PROBLEM_CONTENT_TYPE: problem},
                },
            )
        operation["responses"] = dict(sorted(responses.items()))
        for parameter in operation.get("parameters", []):
            if _is_filter(parameter):
                parameter["allowEmptyValue"] = True
        return operation

    def _problem_statuses(self, operation: Mapping[str, Any]) -> set[int]:
        statuses = {401, 403, 406}
        where = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        if any(place == "path" for place, _ in where) or ("query", "page") in where:
            statuses.add(404)
        if any(place == "query" for place, _ in where):
            statuses.add(400)
        if self.method in WRITE_METHODS:
            statuses |= {400, 413, 429}
            if "requestBody" in operation:
                statuses.add(415)
        return statuses


def _is_filter(parameter: Mapping[str, Any]) -> bool:
    """A list's filters, read as its page reads them: left out or empty (`?team=`), a filter
    filters nothing. A page number or size must be a number."""
    return (
        parameter["in"] == "query"
        and not parameter.get("required")
        and parameter["name"] not in PAGE_PARAMETER_NAMES
    )


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
