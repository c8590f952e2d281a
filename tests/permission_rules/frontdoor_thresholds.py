"""Routes of threshold support: front-door workers assess; front-door staff read assessments; any
signed-in user reads the continuum of need and asks for a suggestion (partnerships publish it for
every practitioner, and it holds no case records); administrators and auditors read the history
of changes to local settings."""

from __future__ import annotations

from tests.permission_rules import FRONT_DOOR, SIGNED_IN, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})

RULES: dict[str, Rule] = {
    "frontdoor:threshold": Rule(WORKERS, reads=True),
    "frontdoor:settings_history": Rule(frozenset({"admin", "auditor"})),
    "api:threshold_list": Rule(SIGNED_IN),
    "api:threshold_suggest": Rule(
        SIGNED_IN, method="post", body=lambda fx: {"indicators": ["L3-FE-02", "L2-CD-01"]}
    ),
    "api:contact_threshold": Rule(FRONT_DOOR, reads=True),
}
