from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from openmash.core.access import RecordRestricted
from openmash.core.errors import ApplicationError, ConflictError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service-rule errors become 400 (or 409 for conflicts) with the message as written."""
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body[exc.field] = [exc.message]
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RecordRestricted):
        return Response(
            {
                "detail": "This record is restricted. Ask for emergency access with a reason: "
                "POST /api/v1/break-glass/ with target_type, target_id and reason.",
                "target_type": exc.target._meta.model_name,
                "target_id": str(exc.target.pk),
            },
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)
