from __future__ import annotations

from django.db.models import Q, QuerySet

from openmash.accounts.models import Role, User


def users_with_capability(capability: str) -> QuerySet[User]:
    if capability not in Role.CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}")
    return User.objects.filter(Q(is_active=True), **{f"roles__{capability}": True}).distinct()


def user_list() -> QuerySet[User]:
    return User.objects.select_related("agency").prefetch_related("roles", "teams")
