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


def _pair(fx: Any) -> Any:
    """A possible duplicate of the child, waiting in the review pile."""
    from openmash.people.models import PersonPair

    return PersonPair.objects.create(
        person=fx.child, other=_other(fx), levels={"family": "exact", "given": "close"}, score=0.9
    )


def _pile(fx: Any) -> dict[str, Any]:
    _pair(fx)
    return {}


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
    "people:duplicates": Rule(MERGERS, reads=True, kwargs=_pile),
    "people:duplicate_decide": Rule(
        MERGERS, reads=True, kwargs=lambda fx: {"pair_id": _pair(fx).pk}
    ),
    "api:person_pairs": Rule(MERGERS, reads=True, kwargs=_pile),
    "api:person_pair_decide": Rule(
        MERGERS,
        method="post",
        kwargs=lambda fx: {"pair_id": _pair(fx).pk},
        body=lambda fx: {"decision": "different", "reason": "Twins: two different children"},
    ),
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
