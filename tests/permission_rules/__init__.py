"""Permission rules for the matrix test, one module per area so features can add routes
without touching each other's rules. Each module defines RULES: dict[url name, Rule]."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = [
    "anonymous",
    "referrer",
    "outsider",
    "police_rep",
    "contact_officer",
    "social_worker",
    "manager",
    "auditor",
    "admin",
]
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
EVERYONE = frozenset(PERSONAS)
FRONT_DOOR = frozenset({"contact_officer", "social_worker", "manager", "auditor"})


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    method: str = "get"
    query: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    reads: bool = False  # the page shows person or contact records, or searches for them
    # For routes whose URL or POST body needs objects of their own: functions of the test's
    # Fixtures (fx.world, fx.contact, fx.child, ...) returning URL kwargs / the POST body.
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    body: Callable[[Any], dict[str, Any]] | None = None
    content_type: str = "application/json"


CORE_RULES: dict[str, Rule] = {
    "home": Rule(SIGNED_IN),
    "healthz": Rule(EVERYONE),
    "accessibility": Rule(EVERYONE),
    "privacy": Rule(EVERYONE),
    "cookies": Rule(EVERYONE),
    "api_schema": Rule(EVERYONE),
    "api_docs": Rule(EVERYONE),
    "core:audit_search": Rule(
        frozenset({"auditor"}), query="?user=referrer%40school.test", reads=True
    ),
    "core:break_glass_list": Rule(frozenset({"manager", "auditor"})),
    "core:break_glass_review": Rule(frozenset({"manager", "auditor"}), method="post"),
    "break_glass_request": Rule(FRONT_DOOR),
    "api:me": Rule(SIGNED_IN),
    "api:agency_list": Rule(SIGNED_IN),
    "api:user_list": Rule(frozenset({"admin"})),
    "api:api_key_list": Rule(SIGNED_IN),
    "api:api_key_revoke": Rule(frozenset({"referrer", "admin"}), method="post"),
    "api:audit_event_list": Rule(frozenset({"auditor"}), reads=True),
    "api:break_glass": Rule(FRONT_DOOR, method="post"),
}


def all_rules() -> dict[str, Rule]:
    rules = dict(CORE_RULES)
    for module in pkgutil.iter_modules(__path__):
        area = importlib.import_module(f"{__name__}.{module.name}")
        overlap = set(rules) & set(area.RULES)
        assert not overlap, f"Rules defined twice: {overlap}"
        rules.update(area.RULES)
    return rules
