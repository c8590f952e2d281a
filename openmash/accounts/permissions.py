"""rules predicates for accounts; capability checks come from the user's roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import rules

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
