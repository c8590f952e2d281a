"""Routes of contact intake: the referral form (referrers), staff intake and matching (those who
record contacts), contact pages and the contacts API."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, SIGNED_IN, Rule

RECORDERS = frozenset({"contact_officer", "social_worker", "manager"})
REFERRERS = frozenset({"referrer", "outsider"})
OWNER = frozenset({"referrer"})


def _draft(fx: Any) -> Any:
    """A draft of the school referrer with one child added."""
    from openmash.contacts.drafts import referral_draft_create, referral_draft_update

    draft = referral_draft_create(actor=fx.world.referrer)
    child = {"kind": "child", "given_name": "Maisie", "family_name": "Okafor"}
    return referral_draft_update(
        actor=fx.world.referrer, draft=draft, answers={"subjects": [child]}
    )


def _subject(fx: Any) -> dict[str, Any]:
    return {"contact_id": fx.contact.pk, "subject_id": fx.contact.contact_subjects.first().pk}


RULES: dict[str, Rule] = {
    "contacts:list": Rule(FRONT_DOOR, reads=True),
    "contacts:mine": Rule(REFERRERS, reads=True),
    "contacts:detail": Rule(FRONT_DOOR | {"referrer"}, reads=True),
    "contacts:record": Rule(RECORDERS),
    "contacts:subject_resolve": Rule(RECORDERS, method="post", kwargs=_subject),
    "contacts:duplicate_confirm": Rule(RECORDERS, method="post"),
    "contacts:duplicate_reject": Rule(RECORDERS, method="post"),
    "contacts:refer_start": Rule(REFERRERS),
    "contacts:refer_sent": Rule(OWNER, reads=True),
    "contacts:refer_step": Rule(
        OWNER, kwargs=lambda fx: {"draft_id": _draft(fx).pk, "step": "you"}
    ),
    "contacts:refer_people": Rule(OWNER, kwargs=lambda fx: {"draft_id": _draft(fx).pk}),
    "contacts:refer_person_add": Rule(OWNER, kwargs=lambda fx: {"draft_id": _draft(fx).pk}),
    "contacts:refer_person_change": Rule(
        OWNER, kwargs=lambda fx: {"draft_id": _draft(fx).pk, "index": 0}
    ),
    "contacts:refer_person_remove": Rule(
        OWNER, method="post", kwargs=lambda fx: {"draft_id": _draft(fx).pk, "index": 0}
    ),
    "contacts:refer_check": Rule(OWNER, kwargs=lambda fx: {"draft_id": _draft(fx).pk}),
    "contacts:refer_delete": Rule(OWNER, kwargs=lambda fx: {"draft_id": _draft(fx).pk}),
    "api:contact_list": Rule(SIGNED_IN, reads=True),
    "api:contact_detail": Rule(FRONT_DOOR | {"referrer"}, reads=True),
}
