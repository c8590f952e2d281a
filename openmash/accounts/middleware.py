"""Session lifetime and the MFA requirement, enforced on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from openmash.api.problems import problem_response
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.signals import SESSION_STARTED

SESSION_LAST_SEEN = "openmash_last_seen"
# Rewriting the session on every request would cost a write per page; a minute is precise enough.
LAST_SEEN_RESOLUTION_SECONDS = 60


def user_may_use_service(user: object) -> bool:
    """Active, and a demo account only while the service runs in demo mode."""
    return bool(getattr(user, "is_active", False)) and (
        settings.DEMO_MODE or not getattr(user, "is_demo", False)
    )


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_MINUTES without a request, or SESSION_ABSOLUTE_HOURS in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            expired = self._expired_reason(request)
            if expired or not user_may_use_service(user):
                return self._sign_out(request, expired or "Your account cannot be used.")
        return self.get_response(request)

    def _expired_reason(self, request: HttpRequest) -> str:
        now = time.time()
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        last_seen = session.get(SESSION_LAST_SEEN, now)
        if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            return (
                f"You were signed out because you had not done anything for "
                f"{settings.SESSION_IDLE_MINUTES} minutes."
            )
        if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
            return (
                f"You were signed out after {settings.SESSION_ABSOLUTE_HOURS} hours. Sign in again."
            )
        if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or SESSION_LAST_SEEN not in session:
            session[SESSION_LAST_SEEN] = now
        return ""

    def _sign_out(self, request: HttpRequest, message: str) -> HttpResponse:
        audit_record(actor=request.user, verb=AuditVerb.SESSION_EXPIRED, summary={"why": message})
        logout(request)
        if request.path.startswith("/api/"):
            return problem_response(401, message)
        messages.info(request, message)
        return redirect(f"{reverse('account_login')}?next={request.path}")


MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/accessibility/", "/privacy/", "/cookies/")


def signed_in_with_sso(request: HttpRequest) -> bool:
    return any(r.get("method") == "socialaccount" for r in get_authentication_records(request))


class MfaRequiredMiddleware:
    """Outside demo mode every account must set up an authenticator app before doing anything.

    allauth offers MFA but cannot require it. Users signing in through single sign-on are exempt:
    their identity provider enforces MFA (docs/operations.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            if request.path.startswith("/api/"):
                return problem_response(
                    403, "Set up two-factor authentication before using the API."
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up_mfa(request: HttpRequest) -> bool:
        user = request.user
        if not (settings.MFA_REQUIRED and user.is_authenticated):
            return False
        if request.path.startswith(MFA_EXEMPT_PREFIXES):
            return False
        return not is_mfa_enabled(user) and not signed_in_with_sso(request)
