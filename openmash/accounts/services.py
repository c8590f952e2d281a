"""Every change to agencies, teams, users and API keys, each audited in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from openmash.accounts.models import Agency, AgencyType, ApiKey, Role, Team, User
from openmash.accounts.selectors import users_with_capability
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.notify import send_message

API_KEY_PREFIX = "om"


@transaction.atomic
def agency_create(*, actor: User | None, code: str, name: str, agency_type: str) -> Agency:
    code = code.strip().upper()
    if not code or len(code) > 12 or not code.replace("-", "").isalnum():
        raise ApplicationError("Enter a short code of up to 12 letters or digits.", field="code")
    if agency_type not in AgencyType.values:
        raise ApplicationError(f"Select an agency type (got {agency_type!r}).", field="agency_type")
    if Agency.objects.filter(code__iexact=code).exists():
        raise ApplicationError(f"An agency with the code {code} already exists.", field="code")
    agency = Agency.objects.create(code=code, name=name.strip(), agency_type=agency_type)
    audit_record(
        actor=actor,
        verb=AuditVerb.AGENCY_CREATED,
        target=agency,
        summary={"code": code, "name": agency.name, "agency_type": agency_type},
    )
    return agency


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed."""
    return {name: [before[name], value] for name, value in after.items() if before[name] != value}


@transaction.atomic
def agency_update(
    *, actor: User, agency: Agency, name: str, agency_type: str, is_active: bool
) -> Agency:
    """Rename an agency, change its type (and so its CIN referral source) or (de)activate it.
    Its code never changes: contacts, imports and the API refer to it."""
    if not name.strip():
        raise ApplicationError("Enter the agency's name.", field="name")
    if agency_type not in AgencyType.values:
        raise ApplicationError(f"Select an agency type (got {agency_type!r}).", field="agency_type")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = {"name": agency.name, "agency_type": agency.agency_type, "is_active": agency.is_active}
    agency.name, agency.agency_type, agency.is_active = name.strip(), agency_type, is_active
    changes = _changes(before, {f: getattr(agency, f) for f in before})
    if changes:
        agency.save(update_fields=list(changes))
        audit_record(actor=actor, verb=AuditVerb.AGENCY_UPDATED, target=agency, summary=changes)
    return agency


def team_check(*, agency: Agency, name: str, team: Team | None = None) -> None:
    """A team's name is unique in its agency, whatever its case (the admin form shows this)."""
    clash = Team.objects.filter(agency=agency, name__iexact=name.strip())
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ApplicationError(f"{agency.name} already has a team called {name}.", field="name")


@transaction.atomic
def team_create(*, actor: User | None, agency: Agency, name: str, kind: str) -> Team:
    team_check(agency=agency, name=name)
    team = Team.objects.create(agency=agency, name=name.strip(), kind=kind)
    audit_record(
        actor=actor,
        verb=AuditVerb.TEAM_CREATED,
        target=team,
        summary={"agency": agency.code, "name": team.name, "kind": kind},
    )
    return team


@transaction.atomic
def team_update(
    *, actor: User, team: Team, agency: Agency, name: str, kind: str, is_active: bool
) -> Team:
    team_check(agency=agency, name=name, team=team)
    team = Team.objects.select_for_update().select_related("agency").get(pk=team.pk)
    before: dict[str, Any] = {"agency": team.agency.code, "name": team.name, "kind": team.kind}
    before["is_active"] = team.is_active
    team.agency, team.name, team.kind, team.is_active = agency, name.strip(), kind, is_active
    after = {"agency": agency.code, "name": team.name, "kind": kind, "is_active": is_active}
    changes = _changes(before, after)
    if changes:
        team.save(update_fields=list(changes))
        audit_record(actor=actor, verb=AuditVerb.TEAM_UPDATED, target=team, summary=changes)
    return team


ROLE_FIELDS = ("code", "name", "description", *Role.CAPABILITIES)


def _role_values(
    code: str, name: str, description: str, capabilities: Iterable[str]
) -> dict[str, Any]:
    capabilities = set(capabilities)
    unknown = capabilities - set(Role.CAPABILITIES)
    if unknown:
        raise ValueError(f"Not a capability: {sorted(unknown)}")
    code = code.strip()
    if not code or not code.replace("-", "").replace("_", "").isalnum():
        raise ApplicationError("Enter a code of letters, digits, - or _.", field="code")
    if not name.strip():
        raise ApplicationError("Enter the role's name.", field="name")
    values = {"code": code, "name": name.strip(), "description": description.strip()}
    return values | {flag: flag in capabilities for flag in Role.CAPABILITIES}


@transaction.atomic
def role_create(
    *, actor: User, code: str, name: str, description: str = "", capabilities: Iterable[str] = ()
) -> Role:
    """A local role (e.g. "Shield worker"): what its holders may do is its capabilities."""
    values = _role_values(code, name, description, capabilities)
    if Role.objects.filter(code=values["code"]).exists():
        raise ApplicationError(
            f"A role with the code {values['code']} already exists.", field="code"
        )
    role = Role.objects.create(**values)
    summary: dict[str, Any] = {"code": role.code, "name": role.name}
    summary["capabilities"] = [flag for flag in Role.CAPABILITIES if values[flag]]
    audit_record(actor=actor, verb=AuditVerb.ROLE_CREATED, target=role, summary=summary)
    return role


@transaction.atomic
def role_update(
    *,
    actor: User,
    role: Role,
    code: str,
    name: str,
    description: str,
    capabilities: Iterable[str],
) -> Role:
    """Change a role's words or capabilities: every holder gains or loses them at once."""
    values = _role_values(code, name, description, capabilities)
    if Role.objects.filter(code=values["code"]).exclude(pk=role.pk).exists():
        raise ApplicationError(
            f"A role with the code {values['code']} already exists.", field="code"
        )
    role = Role.objects.select_for_update().get(pk=role.pk)
    gained = {f for f in CASE_CAPABILITIES if values[f] and not getattr(role, f)}
    _case_access_granted(actor=actor, holders=list(role.users.all()), gained=gained)
    changes: dict[str, Any] = _changes({f: getattr(role, f) for f in ROLE_FIELDS}, values)
    if changes:
        for field_name, (_, after) in changes.items():
            setattr(role, field_name, after)
        role.save(update_fields=list(changes))
        audit_record(actor=actor, verb=AuditVerb.ROLE_UPDATED, target=role, summary=changes)
    return role


# Capabilities that open case records. Administering users is not one: an administrator sees no
# case records, so one who could give themselves such a role would bypass that rule.
CASE_CAPABILITIES = tuple(c for c in Role.CAPABILITIES if c != "administers")


def _case_access(roles: Iterable[Role]) -> set[str]:
    return {flag for role in roles for flag in CASE_CAPABILITIES if getattr(role, flag)}


def _case_access_granted(*, actor: User, holders: list[User], gained: set[str]) -> None:
    """Refuse an administrator access to case records of their own granting; tell the auditors
    of every grant by another, once it commits."""
    if not gained:
        return
    if any(holder.pk == actor.pk for holder in holders):
        raise ApplicationError(
            "Another administrator must give you access to case records "
            f"({', '.join(sorted(gained))}).",
            field="roles",
        )
    names = ", ".join(f"{h.full_name} ({h.email})" for h in holders[:20])
    body = (
        f"{actor.full_name} ({actor.email}) gave access to case records "
        f"({', '.join(sorted(gained))}) to: {names}. Check it was meant in the audit log."
    )

    def tell_auditors() -> None:
        for auditor in users_with_capability("audits").exclude(pk=actor.pk):
            send_message(to_email=auditor.email, subject="Access to case records given", body=body)

    transaction.on_commit(tell_auditors)


def user_roles_check(*, actor: User, user: User, roles: Iterable[Role]) -> None:
    """What `user_update` refuses of a change of roles before saving (for the admin's form)."""
    if actor.pk == user.pk and (gained := _case_access(roles) - _case_access(user.roles.all())):
        raise ApplicationError(
            "Another administrator must give you access to case records "
            f"({', '.join(sorted(gained))}).",
            field="roles",
        )


def _check_roles(roles: Iterable[Role], *, agency: Agency) -> list[Role]:
    roles = list(roles)
    la_only = [r for r in roles if r.sees_front_door or r.authorises_decisions or r.administers]
    if la_only and agency.agency_type != AgencyType.LOCAL_AUTHORITY:
        names = ", ".join(r.name for r in la_only)
        raise ApplicationError(
            f"Only council staff can hold these roles: {names}. "
            f"{agency.name} is not the local authority.",
            field="roles",
        )
    return roles


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    agency: Agency,
    roles: Iterable[Role] = (),
    teams: Iterable[Team] = (),
    password: str | None = None,
    job_title: str = "",
    is_demo: bool = False,
) -> User:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(
            "Enter an email address in the correct format, like name@example.org", field="email"
        ) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            f"A user with the email address {email} already exists.", field="email"
        )
    if not full_name.strip():
        raise ApplicationError("Enter the user's full name.", field="full_name")
    roles = _check_roles(roles, agency=agency)
    user = User(email=email, full_name=full_name.strip(), agency=agency, job_title=job_title)
    user.is_demo = is_demo
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.is_staff = any(r.administers for r in roles)
    user.save()
    user.roles.set(roles)
    user.teams.set(teams)
    audit_record(
        actor=actor,
        verb=AuditVerb.USER_CREATED,
        target=user,
        summary={
            "email": email,
            "agency": agency.code,
            "roles": sorted(r.code for r in roles),
            "teams": sorted(t.name for t in user.teams.all()),
        },
    )
    return user


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from None


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    job_title: str,
    agency: Agency,
    roles: Iterable[Role],
    teams: Iterable[Team],
) -> User:
    roles = _check_roles(roles, agency=agency)
    gained = _case_access(roles) - _case_access(user.roles.all())
    _case_access_granted(actor=actor, holders=[user], gained=gained)
    before = _user_snapshot(user)
    user.full_name, user.job_title, user.agency = full_name.strip(), job_title.strip(), agency
    user.is_staff = any(r.administers for r in roles)
    user.save(update_fields=["full_name", "job_title", "agency", "is_staff"])
    user.roles.set(roles)
    user.teams.set(teams)
    after = _user_snapshot(user)
    changes: dict[str, Any] = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if gained:
        changes["grants_case_access"] = sorted(gained)
    if changes:
        audit_record(actor=actor, verb=AuditVerb.USER_UPDATED, target=user, summary=changes)
    return user


def _user_snapshot(user: User) -> dict[str, Any]:
    return {
        "full_name": user.full_name,
        "job_title": user.job_title,
        "agency": user.agency.code,
        "roles": sorted(user.roles.values_list("code", flat=True)),
        "teams": sorted(user.teams.values_list("name", flat=True)),
    }


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str) -> User:
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError("You cannot deactivate your own account.")
    if not user.is_active:
        raise ApplicationError(f"{user.full_name}'s account is already deactivated.")
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.deactivated_reason = reason[:200]
    user.save(update_fields=["is_active", "deactivated_at", "deactivated_reason"])
    revoked = user.api_keys.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        verb=AuditVerb.USER_DEACTIVATED,
        target=user,
        summary={"reason": reason, "api_keys_revoked": revoked},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    if user.is_active:
        raise ApplicationError(f"{user.full_name}'s account is already active.")
    user.is_active = True
    user.deactivated_at = None
    user.deactivated_reason = ""
    # A fresh start for the dormancy clock, or the nightly job would disable them again.
    user.last_login = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at", "deactivated_reason", "last_login"])
    audit_record(actor=actor, verb=AuditVerb.USER_REACTIVATED, target=user)
    return user


@transaction.atomic
def user_mfa_reset(*, actor: User, user: User, reason: str) -> int:
    """Remove a user's authenticator app and recovery codes (they set it up again at sign-in)."""
    from allauth.mfa.models import Authenticator

    if actor.pk == user.pk:
        raise ApplicationError("You cannot reset your own two-factor authentication.")
    if not reason.strip():
        raise ApplicationError(
            "Enter why two-factor authentication is being reset.", field="reason"
        )
    removed: int
    removed, _ = Authenticator.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        verb=AuditVerb.USER_MFA_RESET,
        target=user,
        summary={"reason": reason, "removed": removed},
    )
    return removed


def users_disable_dormant(*, now: datetime | None = None) -> list[User]:
    """Deactivate accounts unused for DORMANT_ACCOUNT_DAYS.

    Accounts never used count from their creation.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DORMANT_ACCOUNT_DAYS)
    # A sign-in or an API key's use both count as using the account.
    dormant = (
        User.objects.filter(is_active=True)
        .annotate(last_key_use=Max("api_keys__last_used_at"))
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff)
        .filter(Q(last_key_use__isnull=True) | Q(last_key_use__lt=cutoff))
    )
    reason = f"Not used for {settings.DORMANT_ACCOUNT_DAYS} days"
    return [user_deactivate(actor=None, user=user, reason=reason) for user in dormant]


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_key_create(*, actor: User | None, user: User, name: str) -> tuple[ApiKey, str]:
    """Create a key and return it with its full text, which is shown once and never stored."""
    if not user.is_active:
        raise ApplicationError(f"{user.email}'s account is deactivated.")
    name = name.strip() or "API key"
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        user=user, name=name[:100], prefix=prefix, key_hash=_hash_secret(secret), created_by=actor
    )
    audit_record(
        actor=actor, verb=AuditVerb.API_KEY_CREATED, target=key, summary={"user": user.email}
    )
    return key, f"{API_KEY_PREFIX}_{prefix}_{secret}"


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The active key matching `raw`, or None. Compares hashes in constant time."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX:
        return None
    key = ApiKey.objects.select_related("user").filter(prefix=parts[1]).first()
    if key is None or not secrets.compare_digest(key.key_hash, _hash_secret(parts[2])):
        return None
    if not key.is_active:
        return None
    return key


@transaction.atomic
def api_key_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    if not key.is_active:
        raise ApplicationError("This API key is already revoked.")
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_record(actor=actor, verb=AuditVerb.API_KEY_REVOKED, target=key)
    return key
