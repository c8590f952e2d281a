"""Sign-ins, failures, lockouts and MFA changes go to the audit log."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from allauth.mfa.signals import authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.request_context import request_context

if TYPE_CHECKING:
    from openmash.accounts.models import User

SESSION_STARTED = "openmash_started_at"


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = time.time()
    audit_record(actor=user, verb=AuditVerb.LOGIN)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, verb=AuditVerb.LOGOUT)


def _attempted_login(credentials: dict[str, Any]) -> str:
    return str(
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    )[:254]


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    login = _attempted_login(credentials)
    with request_context(anonymous_label=login):
        audit_record(actor=None, verb=AuditVerb.LOGIN_FAILED, summary={"login": login})


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    with request_context(anonymous_label=username or ""):
        audit_record(actor=None, verb=AuditVerb.LOCKED_OUT, summary={"login": username or ""})


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    audit_record(actor=user, verb=AuditVerb.MFA_ACTIVATED, summary={"type": authenticator.type})


@receiver(authenticator_removed)
def _mfa_removed(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    audit_record(actor=user, verb=AuditVerb.MFA_DEACTIVATED, summary={"type": authenticator.type})
