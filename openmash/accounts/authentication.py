"""API authentication for DRF: Bearer API keys and sessions that have passed MFA."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from openmash.accounts.middleware import signed_in_with_sso, user_may_use_service
from openmash.accounts.models import ApiKey
from openmash.accounts.services import api_key_authenticate
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.request_context import update_request_context

# Recording every use of a key would double the audit rows of an API client; the first use in
# each interval is recorded, and every read or change it makes is audited anyway.
KEY_USE_AUDIT_SECONDS = 300


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the key acts with its user's permissions."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the key as 'Authorization: Bearer <key>'.")
        key = api_key_authenticate(header[1])
        if key is None:
            raise exceptions.AuthenticationFailed("The API key is not valid or has been revoked.")
        if not user_may_use_service(key.user):
            raise exceptions.AuthenticationFailed("The API key's user account is deactivated.")
        update_request_context(via=f"api:{key.prefix}")
        self._record_use(key)
        return key.user, key

    @staticmethod
    def _record_use(key: ApiKey) -> None:
        now = timezone.now()
        last = key.last_used_at
        if last is not None and (now - last).total_seconds() < KEY_USE_AUDIT_SECONDS:
            return
        with transaction.atomic():
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            audit_record(actor=key.user, verb=AuditVerb.API_KEY_USED, target=key)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, with CSRF checks, only once the user has passed MFA when required."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if (
            settings.MFA_REQUIRED
            and not is_mfa_enabled(user)
            and not signed_in_with_sso(request._request)
        ):
            raise exceptions.PermissionDenied("Set up two-factor authentication first.")
        return result
