"""rules predicates for accounts; capability checks come from the user's roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import rules
from django.db.models import QuerySet
from django.http import Http404

from openmash.accounts.models import ApiKey
from openmash.core.access import record_refused

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def has_capability(name: str) -> rules.Predicate:
    @rules.predicate(name=f"has_capability:{name}")
    def predicate(user: User | AnonymousUser) -> bool:
        return bool(user.is_authenticated and user.has_capability(name))

    # rules.predicate has no annotations: it returns the Predicate it built around the function.
    return cast("rules.Predicate", predicate)


is_administrator = has_capability("administers")
is_auditor = has_capability("audits")
sees_front_door = has_capability("sees_front_door")
is_manager = has_capability("authorises_decisions")

rules.add_perm("accounts.manage", is_administrator)
rules.add_perm("core.view_audit", is_auditor)
rules.add_perm("core.review_break_glass", is_auditor | is_manager)


def api_keys_visible_to(user: User) -> QuerySet[ApiKey]:
    """A user's own keys; an administrator's, everyone's."""
    keys = ApiKey.objects.select_related("user")
    return keys if user.has_capability("administers") else keys.filter(user=user)


def api_key_get_for_user(user: User, key_id: int) -> ApiKey:
    """The gate for one key: anyone else's key is the same 404 as a missing one, logged."""
    key = api_keys_visible_to(user).filter(pk=key_id).first()
    if key is None:
        record_refused(user, ApiKey, key_id, why="not visible")
        raise Http404("No such API key")
    return key
