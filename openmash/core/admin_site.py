"""The administration site (Django admin at /admin/), which every app registers its pages on.

Administrators only (the `administers` capability), signed in through the service's own sign-in
with MFA (ADR 0005). Each app's `admin.py` saves through that app's services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class OpenMashAdminSite(admin.AdminSite):
    site_header = "OpenMASH administration"
    site_title = "OpenMASH administration"

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Always the service's own sign-in, so administrators pass MFA like everyone else.
        return redirect_to_login(request.GET.get("next", "/admin/"), reverse("account_login"))

    # The stubs promise the TemplateResponse of Django's own logout page; any response serves a
    # view, and ours sends the administrator to the service's sign-out instead.
    def logout(  # type: ignore[override]
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        return redirect("account_logout")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_authenticated and user.is_active and user.has_capability("administers"))


admin_site = OpenMashAdminSite(name="openmash_admin")


class AdministratorsOnly(admin.ModelAdmin):
    """Administrators (the `administers` capability) may view, add and change; nobody deletes."""

    def _administers(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._administers(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: records and the audit log refer to these rows
