"""What apps above the person index add to it (docs/architecture.md, "Registries").

- `person_merge_rows`: an app whose rows point at a person registers how a merge moves them to
  the survivor and how undoing the merge puts them back (contacts: its contact subjects).
- `person_contact_links`: the contacts naming a person, for the person page and API (contacts).

A person's chronology will be built the same way: each app registering one provider of events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from openmash.core.registry import Registry
from openmash.people.models import Person


@dataclass(frozen=True)
class PersonMergeRows:
    """Rows of another app that belong to a person. The name they are registered under is their
    key in `PersonMerge.moved` and in the merge's audit summary (counts), so it must not change
    once merges have been recorded."""

    # (survivor, merged) -> the ids of the rows moved from merged to survivor. Called inside
    # `person_merge`'s transaction with both people locked.
    move: Callable[[Person, Person], list[int]]
    # (merged, ids) -> None: point those rows at the merged person again (`person_unmerge`).
    restore: Callable[[Person, list[int]], None]


person_merge_rows: Registry[PersonMergeRows] = Registry("Rows moved by a person merge")


def rows_naming_person(model: type[Model], field: str = "person") -> PersonMergeRows:
    """The usual case: `model.<field>` points at the person, and a merge repoints it."""
    rows = model._default_manager

    def move(survivor: Person, merged: Person) -> list[int]:
        ids = list(rows.filter(**{field: merged}).values_list("pk", flat=True))
        if ids:
            rows.filter(pk__in=ids).update(**{field: survivor})
        return ids

    def restore(merged: Person, ids: list[int]) -> None:
        rows.filter(pk__in=ids).update(**{field: merged})

    return PersonMergeRows(move=move, restore=restore)


# person -> the links naming this person in contacts, newest first, at most 100; each has
# `contact` (with `source_agency`), `contact_id`, `role` and `get_role_display()`. The caller has
# been through `person_get_for_user`.
person_contact_links: Registry[Callable[[Person], list[Any]]] = Registry("Contacts naming a person")
