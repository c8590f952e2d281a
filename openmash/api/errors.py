"""The API's exception handler: every error answers as a problem (openmash.api.problems)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from openmash.api.problems import (
    PROBLEM_CONTENT_TYPE,
    REFUSED,
    RESTRICTED,
    STALE_VERSION,
    VALIDATION,
    field_path,
    first_message,
    flatten_errors,
    problem,
    problem_body,
)
from openmash.core.access import RecordRestricted
from openmash.core.errors import ApplicationError, ConflictError

RESTRICTED_DETAIL = (
    "This record is restricted. Ask for emergency access with a reason: "
    "POST /api/v1/break-glass/ with target_type, target_id and reason."
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service-rule errors become 400 (or 409 for conflicts) with the message as written; DRF's
    own errors keep their status and headers (WWW-Authenticate, Retry-After)."""
    if isinstance(exc, ApplicationError):
        return _refused(exc)
    if isinstance(exc, RecordRestricted):
        return problem(
            status.HTTP_403_FORBIDDEN,
            RESTRICTED_DETAIL,
            type=RESTRICTED,
            target_type=exc.target._meta.model_name,
            target_id=str(exc.target.pk),
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # the same words for "missing" and "forbidden"
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a fault: Django's 500
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        body = problem_body(
            response.status_code, first_message(errors), errors=errors, type=VALIDATION
        )
    else:
        body = problem_body(response.status_code, response.data["detail"])
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _refused(error: ApplicationError) -> Response:
    errors = {field_path(error.field): [error.message]} if error.field else None
    if isinstance(error, ConflictError):
        return problem(409, error.message, errors=errors, type=STALE_VERSION)
    return problem(400, error.message, errors=errors, type=VALIDATION if errors else REFUSED)
