"""Routes that work a contact at the front door: workers screen, rate, escalate, pause, propose,
note and close; only managers authorise; front-door staff (auditors included) read the
chronology. Referrers, agency representatives and administrators do none of it."""

from __future__ import annotations

from typing import Any

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


def _rated(fx: Any) -> Any:
    from openmash.frontdoor.services.rag import contact_screen

    return contact_screen(contact=fx.contact, actor=fx.world.contact_officer, rag="amber")


def _paused(fx: Any) -> dict[str, Any]:
    from openmash.frontdoor.services.rag import contact_clock_pause

    contact_clock_pause(contact=_rated(fx), actor=fx.world.contact_officer, reason="Waiting")
    return {}


def _proposed(fx: Any) -> Any:
    from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose

    contact = _rated(fx)
    subject = contact.contact_subjects.get()
    return decision_propose(
        contact=contact,
        actor=fx.world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="early_help")],
        rationale="Needs family support.",
    )


def _authorised(fx: Any) -> dict[str, Any]:
    from openmash.frontdoor.services.decisions import decision_authorise

    decision_authorise(decision=_proposed(fx), actor=fx.world.manager)
    return {}


def _returning(fx: Any) -> dict[str, Any]:
    _proposed(fx)
    return {"reason": "Ask health first"}


RULES.update(
    {
        "api:contact_screen": Rule(WORKERS, method="post", body=lambda fx: {"rag": "amber"}),
        "api:contact_escalate": Rule(
            WORKERS, method="post", body=lambda fx: {"details": "Says he will be hit tonight"}
        ),
        "api:contact_clock_pause": Rule(
            WORKERS, method="post", body=lambda fx: (_rated(fx), {"reason": "Awaiting GP"})[1]
        ),
        "api:contact_clock_resume": Rule(WORKERS, method="post", body=_paused),
        "api:contact_decision": Rule(FRONT_DOOR, reads=True),
        "api:contact_authorise": Rule(
            MANAGERS, method="post", body=lambda fx: (_proposed(fx), {})[1]
        ),
        "api:contact_return": Rule(MANAGERS, method="post", body=_returning),
        "api:contact_notes": Rule(FRONT_DOOR, reads=True),
        "api:contact_close": Rule(WORKERS, method="post", body=_authorised),
        "api:contact_chronology": Rule(FRONT_DOOR, reads=True),
    }
)
