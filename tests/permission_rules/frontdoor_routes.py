"""Onward referrals and actions: workers record them; front-door staff (auditors included) read
them. Referrers, agency representatives and administrators do neither."""

from __future__ import annotations

from tests.permission_rules import FRONT_DOOR, Rule
from tests.permission_rules.frontdoor_contact import WORKERS

RULES: dict[str, Rule] = {
    "frontdoor:route_add": Rule(WORKERS),
    "api:contact_routes": Rule(FRONT_DOOR, reads=True),
}
