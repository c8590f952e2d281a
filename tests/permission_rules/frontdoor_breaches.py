"""Routes of breached timescales: front-door staff and auditors."""

from __future__ import annotations

from tests.permission_rules import FRONT_DOOR, Rule

RULES: dict[str, Rule] = {
    "frontdoor:breaches": Rule(FRONT_DOOR, reads=True),
    "api:breach_list": Rule(FRONT_DOOR, reads=True),
}
