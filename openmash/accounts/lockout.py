from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The login being tried: allauth passes it as `email`, the form posts it as `login`.

    Without this django-axes records no username and locks out the whole IP address, i.e. a
    whole council office behind one NAT address.
    """
    if credentials:
        for key in ("email", "login", "username"):
            if credentials.get(key):
                return str(credentials[key]).strip().lower()
    value = request.POST.get("login") if request is not None else None
    return value.strip().lower() if value else None
