from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from openmash.core.request_context import RequestContext, reset_request_context, set_request_context


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: behind a proxy, the deployment sets it from X-Forwarded-For at the
    # proxy/gunicorn layer (docs/operations.md), so a client cannot forge its own address.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Make the client's address and user agent available to `audit_record` for this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        token = set_request_context(
            RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                via=via,
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)
