"""rules predicates for accounts; capability checks come from the user's roles."""

from __future__ import annotations

from typing import Any

import rules


def has_capability(name: str) -> Any:
    @rules.predicate(name=f"has_capability:{name}")
    def predicate(user: Any) -> bool:
        return bool(user.is_authenticated and user.has_capability(name))

    return predicate


is_administrator = has_capability("administers")
is_auditor = has_capability("audits")
sees_front_door = has_capability("sees_front_door")
is_manager = has_capability("authorises_decisions")

rules.add_perm("accounts.manage", is_administrator)
rules.add_perm("core.view_audit", is_auditor)
rules.add_perm("core.review_break_glass", is_auditor | is_manager)
