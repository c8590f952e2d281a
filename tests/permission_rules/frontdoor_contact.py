"""Routes that work a contact at the front door: workers screen, rate, escalate, pause, propose,
note and close; only managers authorise; front-door staff (auditors included) read the
chronology. Referrers, agency representatives and administrators do none of it."""

from __future__ import annotations

from tests.permission_rules import FRONT_DOOR, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})
MANAGERS = frozenset({"manager"})

RULES: dict[str, Rule] = {
    "frontdoor:screen": Rule(WORKERS),
    "frontdoor:escalate": Rule(WORKERS),
    "frontdoor:clock_pause": Rule(WORKERS),
    "frontdoor:clock_resume": Rule(WORKERS, method="post"),
    "frontdoor:decision": Rule(WORKERS),
    "frontdoor:authorise": Rule(MANAGERS),
    "frontdoor:note": Rule(WORKERS),
    "frontdoor:close": Rule(WORKERS),
    "frontdoor:chronology": Rule(FRONT_DOOR, reads=True),
}
