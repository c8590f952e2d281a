"""Routes of threshold support: front-door workers assess (children's continuum, or an adult's
risk thresholds and s42 tests); front-door staff read assessments; any signed-in user reads the
threshold scales and asks for a suggestion (partnerships publish them for every practitioner, and
they hold no case records); administrators and auditors read the history of changes to local
settings."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, SIGNED_IN, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})


def _adult_screening(fx: Any) -> dict[str, int]:
    from tests.frontdoor.adult_helpers import adult_contact

    contact = adult_contact(fx.world)
    return {"contact_id": contact.pk, "subject_id": contact.contact_subjects.get().pk}


RULES: dict[str, Rule] = {
    "frontdoor:threshold": Rule(WORKERS, reads=True),
    "frontdoor:threshold_adult": Rule(WORKERS, reads=True, kwargs=_adult_screening),
    "frontdoor:settings_history": Rule(frozenset({"admin", "auditor"})),
    "api:threshold_list": Rule(SIGNED_IN),
    "api:threshold_suggest": Rule(
        SIGNED_IN, method="post", body=lambda fx: {"indicators": ["L3-FE-02", "L2-CD-01"]}
    ),
    "api:contact_threshold": Rule(FRONT_DOOR, reads=True),
}
