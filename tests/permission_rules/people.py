"""Routes of the person index: search and records for front-door staff; merging for those who
record contacts."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

MERGERS = frozenset({"contact_officer", "social_worker", "manager"})


def _other(fx: Any) -> Any:
    from openmash.people.services import person_create

    return person_create(actor=None, given_name="Ayan", family_name="Rahman")


def _merge(fx: Any) -> Any:
    from openmash.people.services import person_merge

    return person_merge(
        actor=fx.world.manager,
        survivor=fx.child,
        merged=_other(fx),
        reason="Same child: the school confirmed the date of birth",
    )


RULES: dict[str, Rule] = {
    "people:search": Rule(FRONT_DOOR, query="?q=Rahman", reads=True),
    "people:detail": Rule(FRONT_DOOR, reads=True),
    "people:merge_start": Rule(MERGERS, query="?q=Rahman", reads=True),
    "people:merge_check": Rule(
        MERGERS,
        reads=True,
        kwargs=lambda fx: {"person_id": fx.child.pk, "other_id": _other(fx).pk},
    ),
    "people:merge_undo": Rule(MERGERS, reads=True, kwargs=lambda fx: {"merge_id": _merge(fx).pk}),
    "api:person_search": Rule(FRONT_DOOR, query="?q=Rahman", reads=True),
    "api:person_detail": Rule(FRONT_DOOR, reads=True),
    "api:person_merge": Rule(
        MERGERS,
        method="post",
        body=lambda fx: {"other_id": _other(fx).pk, "reason": "Same child, same NHS number"},
    ),
    "api:person_merge_undo": Rule(
        MERGERS,
        method="post",
        kwargs=lambda fx: {"merge_id": _merge(fx).pk},
        body=lambda fx: {"reason": "Twins: these are two different children"},
    ),
}
