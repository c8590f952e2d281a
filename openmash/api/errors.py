"""The API's exception handler, and its 404 for an unknown URL: every error answers as a problem
(openmash.api.problems)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.views.defaults import page_not_found
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
    problem_response,
)
from openmash.core.access import RecordRestricted
from openmash.core.errors import ApplicationError, ConflictError, RateLimitedError

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
    if isinstance(exc, RequestDataTooBig):
        return _too_large(context)
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
    if isinstance(error, RateLimitedError):
        response = problem(429, error.message)
        response["Retry-After"] = str(error.retry_after)
        return response
    return problem(400, error.message, errors=errors, type=VALIDATION if errors else REFUSED)


def _too_large(context: dict[str, Any]) -> Response:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django refuses to read it): 413, saying how big."""
    request = context["request"]
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = f"{int(request.META.get('CONTENT_LENGTH') or 0):,} bytes"
    except ValueError:
        length = "too large"
    return problem(
        status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        f"The request body is {length}; the API takes at most {limit:,} bytes "
        "(see Limits in the API guide).",
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a URL under /api/ that matches no endpoint (`/api/v1/contacts/abc/`) is a
    problem like any other 404; everywhere else, the site's own page."""
    if request.path.startswith("/api/"):
        return problem_response(404, "Not found.")
    return page_not_found(request, exception)
