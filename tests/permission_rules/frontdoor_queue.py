"""Routes of the MASH queue and allocation: front-door staff see the queue (auditors read-only);
front-door workers take contacts; only team managers assign them to others."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})
MANAGERS = frozenset({"manager"})


def _take(fx: Any) -> dict[str, Any]:
    return {"to": "me", "version": fx.contact.version}


RULES: dict[str, Rule] = {
    "frontdoor:queue": Rule(FRONT_DOOR, reads=True),
    "frontdoor:allocation_take": Rule(WORKERS, method="post", body=_take, content_type="multipart"),
    "frontdoor:allocation_assign": Rule(MANAGERS),
    "api:queue_list": Rule(FRONT_DOOR, reads=True),
    "api:contact_allocate": Rule(WORKERS, method="post", body=_take),
}
