"""Administration of agencies, teams, roles and users (Django admin, administrators only, MFA).

Saving goes through the services, so every change is validated and audited like any other.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from openmash.accounts import services
from openmash.accounts.models import Agency, ApiKey, Role, Team, User
from openmash.core.admin_site import AdministratorsOnly, admin_site
from openmash.core.errors import ApplicationError
from openmash.core.http import signed_in_user


class AgencyAdmin(AdministratorsOnly):
    list_display = ["code", "name", "agency_type", "is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Agency | None = None) -> list[str]:
        return ["code", "created_at"] if obj else ["created_at"]

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.agency_update(
                actor=signed_in_user(request),
                agency=obj,
                name=data["name"],
                agency_type=data["agency_type"],
                is_active=data["is_active"],
            )
            return
        created = services.agency_create(
            actor=signed_in_user(request), code=obj.code, name=obj.name, agency_type=obj.agency_type
        )
        obj.pk = created.pk


class TeamAdminForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["agency", "name", "kind", "is_active"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("agency") and data.get("name"):
            team = self.instance if self.instance.pk else None
            try:
                services.team_check(agency=data["agency"], name=data["name"], team=team)
            except ApplicationError as exc:
                raise ValidationError({"name": exc.message}) from exc
        return data


class TeamAdmin(AdministratorsOnly):
    form = TeamAdminForm
    list_display = ["name", "agency", "kind", "is_active"]
    list_filter = ["kind", "agency"]

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.team_update(
                actor=signed_in_user(request),
                team=obj,
                agency=data["agency"],
                name=data["name"],
                kind=data["kind"],
                is_active=data["is_active"],
            )
            return
        created = services.team_create(
            actor=signed_in_user(request), agency=obj.agency, name=obj.name, kind=obj.kind
        )
        obj.pk = created.pk


class RoleAdmin(AdministratorsOnly):
    list_display = ["name", "code", *Role.CAPABILITIES]

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = {
            "code": data["code"],
            "name": data["name"],
            "description": data.get("description", ""),
            "capabilities": [flag for flag in Role.CAPABILITIES if data.get(flag)],
        }
        if change:
            services.role_update(actor=signed_in_user(request), role=obj, **values)
            return
        obj.pk = services.role_create(actor=signed_in_user(request), **values).pk


class UserAdminForm(forms.ModelForm):
    actor: User  # the administrator editing, set by UserAdmin.get_form

    class Meta:
        model = User
        fields = ["email", "full_name", "job_title", "phone", "agency", "roles", "teams"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        agency, roles = data.get("agency"), data.get("roles")
        if agency and roles is not None:
            try:
                services._check_roles(roles, agency=agency)
                if self.instance.pk:
                    services.user_roles_check(actor=self.actor, user=self.instance, roles=roles)
            except ApplicationError as exc:
                raise ValidationError({"roles": exc.message}) from exc
        return data


class UserAdmin(AdministratorsOnly):
    form = UserAdminForm
    list_display = ["full_name", "email", "agency", "is_active", "last_login"]
    list_filter = ["is_active", "agency", "roles"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["roles", "teams"]
    actions = ["deactivate_users", "reactivate_users", "reset_mfa"]

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = signed_in_user(request)  # type: ignore[attr-defined]  # a subclass per request
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        always = ["is_active", "last_login", "date_joined", "deactivated_at", "deactivated_reason"]
        return ["email", *always] if obj else always

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.user_update(
                actor=signed_in_user(request),
                user=obj,
                full_name=data["full_name"],
                job_title=data.get("job_title", ""),
                agency=data["agency"],
                roles=data["roles"],
                teams=data["teams"],
            )
            return
        created = services.user_create(
            actor=signed_in_user(request),
            email=data["email"],
            full_name=data["full_name"],
            job_title=data.get("job_title", ""),
            agency=data["agency"],
            roles=data["roles"],
            teams=data["teams"],
        )
        obj.pk = created.pk
        messages.info(
            request,
            f"{created.email} can set a password with 'Forgotten your password?' "
            "on the sign-in page.",
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Roles and teams were saved (and audited) by the service.
        return None

    @admin.action(description="Deactivate the selected users")
    def deactivate_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.filter(is_active=True):
            try:
                services.user_deactivate(
                    actor=signed_in_user(request), user=user, reason="By an administrator"
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)

    @admin.action(description="Reactivate the selected users")
    def reactivate_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.filter(is_active=False):
            services.user_reactivate(actor=signed_in_user(request), user=user)

    @admin.action(description="Reset two-factor authentication (lost phone)")
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            try:
                services.user_mfa_reset(
                    actor=signed_in_user(request),
                    user=user,
                    reason="Reset by an administrator (lost device)",
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)


class ApiKeyAdmin(AdministratorsOnly):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["key_hash"]
    actions = ["revoke_keys"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are created with `openmash create_api_key`, which shows the key once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a key only changes by being revoked: the action below, through the service

    @admin.action(description="Revoke the selected keys")
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset.filter(revoked_at__isnull=True):
            services.api_key_revoke(actor=signed_in_user(request), key=key)


admin_site.register(Agency, AgencyAdmin)
admin_site.register(Team, TeamAdmin)
admin_site.register(Role, RoleAdmin)
admin_site.register(User, UserAdmin)
admin_site.register(ApiKey, ApiKeyAdmin)
