from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from openmash.core.request_context import RequestContext, reset_request_context, set_request_context


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the audit log and lockouts.

    REMOTE_ADDR, unless it is one of OPENMASH_TRUSTED_PROXIES: then the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (anything left of it could be forged).
    """
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    trusted: frozenset[str] = settings.TRUSTED_PROXIES
    if not trusted or remote not in trusted:
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [a.strip() for a in header.split(",")]
    for address in reversed([a for a in forwarded if a]):
        if address not in trusted:
            return address
    return remote


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
                route=f"{request.method} {request.path}"[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)


class NoStoreMiddleware:
    """Signed-in pages and API answers hold case records: no browser or proxy may keep a copy.

    A page read on a shared computer must not come back from its cache after sign-out, so every
    response to a signed-in user or an API key says `no-store`, whatever the view set.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        return response
