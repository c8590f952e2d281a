"""Every API error is an RFC 9457 problem: `application/problem+json` with the members `type`,
`title`, `status` and `detail`, and, when the problem lies in the request's fields, `errors`: the
messages keyed by each field's path (`subjects.0.date_of_birth`). docs/api.md lists the types.

Views raise DRF's ValidationError, ApplicationError and the rest, and the exception handler
(`openmash.api.errors`) answers with `problem()`; a view builds a problem itself only for a problem
with extension members of its own (a repeated source reference).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django import forms
from django.http import JsonResponse
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from openmash.core.errors import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    uri: str
    title: str


# The URIs name kinds of problem; they are stable identifiers, not pages to fetch. `about:blank`
# (RFC 9457 section 4.2.1) is every other problem: its title is the HTTP status phrase.
_PROBLEMS = "https://openmash.example/problems/"
VALIDATION = ProblemType(_PROBLEMS + "validation", "Some fields are not valid")
REFUSED = ProblemType(_PROBLEMS + "refused", "A rule of the service stops this request")
RESTRICTED = ProblemType(_PROBLEMS + "restricted", "This record is restricted")
STALE_VERSION = ProblemType(_PROBLEMS + "stale-version", "The record changed since you read it")
ALREADY_RECEIVED = ProblemType(
    _PROBLEMS + "already-received", "This contact has already been received"
)
PROBLEM_TYPES = (VALIDATION, REFUSED, RESTRICTED, STALE_VERSION, ALREADY_RECEIVED)


def about_blank(status: int) -> ProblemType:
    return ProblemType("about:blank", HTTPStatus(status).phrase)


def problem_body(
    status: int,
    detail: str,
    *,
    errors: Mapping[str, list[str]] | None = None,
    type: ProblemType | None = None,  # RFC 9457's name for it
    **extensions: object,
) -> dict[str, Any]:
    kind = type or about_blank(status)
    body: dict[str, Any] = {
        "type": kind.uri,
        "title": kind.title,
        "status": status,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = {path: [str(m) for m in messages] for path, messages in errors.items()}
    body.update(extensions)
    return body


def problem(
    status: int,
    detail: str,
    *,
    errors: Mapping[str, list[str]] | None = None,
    type: ProblemType | None = None,
    **extensions: object,
) -> Response:
    """A problem from a DRF view or the exception handler."""
    body = problem_body(status, detail, errors=errors, type=type, **extensions)
    return Response(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(status: int, detail: str) -> JsonResponse:
    """A problem from outside DRF: the middleware that answers /api/ requests itself."""
    body = problem_body(status, detail)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors keyed by field path: `{"subjects": [{}, {"upn": [...]}]}` becomes
    `{"subjects.1.upn": [...]}`. Errors about an object as a whole (`non_field_errors`) take the
    object's own path; for the whole body that is the empty path, ""."""
    if isinstance(errors, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for inner, messages in flatten_errors(value, path).items():
                flat.setdefault(inner, []).extend(messages)
        return flat
    if isinstance(errors, list) and any(isinstance(item, (list, Mapping)) for item in errors):
        # A list serializer's errors: one entry per item, empty for an item without problems.
        flat = {}
        for index, value in enumerate(errors):
            if value:
                flat.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix: [str(message) for message in messages]}


def field_path(name: str) -> str:
    """A service's field name as a path: `outcomes[0]` is `outcomes.0`."""
    return re.sub(r"\[(\d+)\]", r".\1", name)


def first_message(errors: Mapping[str, list[str]]) -> str:
    return next((m for messages in errors.values() for m in messages), "Invalid input.")


@contextmanager
def renamed_fields(names: Mapping[str, str]) -> Iterator[None]:
    """A service's ApplicationError names the service's argument (`chosen_level`); rename it to
    the API's JSON field (`level`) on its way to the exception handler."""
    try:
        yield
    except ApplicationError as error:
        if error.field is not None and error.field in names:
            error.field = names[error.field]
        raise


def filters_check(form: forms.Form) -> None:
    """A list endpoint's query filters, read with the same form as its page: a value the page
    would quietly ignore (an unknown team, an id past 2^63, a made-up RAG) is a 400 naming it."""
    if not form.is_valid():
        raise ValidationError(
            {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        )
