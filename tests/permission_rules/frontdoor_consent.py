"""Routes of consent: front-door workers record it; managers sign off an accepted refusal on a
red or level 4 contact (never one they recorded); front-door staff read the history."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})
MANAGERS = frozenset({"manager"})


def _awaiting_sign_off(fx: Any) -> dict[str, Any]:
    """A red contact whose family's refusal a social worker accepted."""
    from openmash.frontdoor.services.consent import consent_record
    from openmash.frontdoor.services.rag import contact_screen

    contact_screen(contact=fx.contact, actor=fx.world.social_worker, rag="red")
    record = consent_record(
        contact=fx.contact,
        actor=fx.world.social_worker,
        family_told="yes",
        consent="refused",
        reason="Father refused: he says the school is exaggerating.",
        refusal_accepted=True,
    )
    return {"record_id": record.pk}


RULES: dict[str, Rule] = {
    "frontdoor:consent": Rule(WORKERS, reads=True),
    "frontdoor:consent_sign_off": Rule(MANAGERS, reads=True),
    "api:contact_consent": Rule(FRONT_DOOR, reads=True),
    "api:consent_sign_off": Rule(
        MANAGERS,
        method="post",
        kwargs=_awaiting_sign_off,
        body=lambda fx: {"note": "Police visited today; the family engage with the GP."},
    ),
}
