"""Routes of out-of-hours work (the emergency duty team): front-door staff see it, workers
record, managers acknowledge hand-overs, administrators set the period; partners see nothing."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})
MANAGERS = frozenset({"manager"})
ADMIN = frozenset({"admin"})


def _record(fx: Any) -> dict[str, Any]:
    from tests.outofhours.helpers import edt_record_for

    return {"edt_record_id": edt_record_for(fx.world).pk}


def _handover(fx: Any) -> dict[str, Any]:
    from tests.outofhours.helpers import edt_record_for

    return {"handover_id": edt_record_for(fx.world).handover_id}


def _action(fx: Any) -> dict[str, Any]:
    return {
        "kind": "visit",
        "taken_at": "2026-11-15T00:30:00Z",
        "detail": "Visited with police; Mia safe at her aunt's.",
    }


def _plan(fx: Any) -> dict[str, Any]:
    return {
        "version": 0,
        "who_does_what": "Aunt keeps Mia overnight; stepfather stays away.",
        "until": "2027-01-08T17:00:00Z",
        "how_checked": "EDT rings the aunt at 08:00.",
    }


RULES: dict[str, Rule] = {
    "outofhours:queue": Rule(FRONT_DOOR, reads=True),
    "outofhours:record": Rule(FRONT_DOOR, kwargs=_record, reads=True),
    "outofhours:action_add": Rule(WORKERS, kwargs=_record),
    "outofhours:safety_plan": Rule(WORKERS, kwargs=_record),
    "outofhours:handovers": Rule(FRONT_DOOR),
    "outofhours:handover": Rule(FRONT_DOOR, kwargs=_handover, reads=True),
    "outofhours:handover_acknowledge": Rule(
        MANAGERS, method="post", kwargs=_handover, content_type="multipart"
    ),
    "outofhours:settings": Rule(ADMIN),
    "api:edt_record_list": Rule(FRONT_DOOR, reads=True),
    "api:edt_record_detail": Rule(FRONT_DOOR, kwargs=_record, reads=True),
    "api:edt_action_create": Rule(WORKERS, method="post", kwargs=_record, body=_action),
    "api:edt_safety_plan": Rule(WORKERS, method="post", kwargs=_record, body=_plan),
    "api:edt_handover_list": Rule(FRONT_DOOR),
    "api:edt_handover_detail": Rule(FRONT_DOOR, kwargs=_handover, reads=True),
    "api:edt_handover_acknowledge": Rule(MANAGERS, method="post", kwargs=_handover),
}
