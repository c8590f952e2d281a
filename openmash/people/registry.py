"""What apps above the person index add to it (docs/architecture.md, "Registries").

- `person_merge_rows`: an app whose rows point at a person registers how a merge moves them to
  the survivor and how undoing the merge puts them back (contacts: its contact subjects).
- `person_contact_links`: the contacts naming a person, for the person page and API (contacts).
- `match_training_subjects`: records as they arrived, for the match model to learn from
  (contacts: its subjects).

- `person_page_links`: pages about the person that other apps offer, linked from the person page
  (chronology: the chronology, the family, the case summary).
- `person_event_providers`: what each app knows happened to a person, for the chronology
  (frontdoor: contacts and the MASH's work on them; chronology: workers' own entries; each pathway
  app: its records), and what is open now about each person, for the family view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from openmash.core.registry import Registry
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.people.matching.details import SubjectDetails


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


@dataclass(frozen=True)
class PersonEvent:
    """One thing that happened to a person, as their chronology shows it."""

    key: str  # unique, stable: "<app_label>.<model>:<pk>", plus ":<person>" when shared
    person_id: int  # whom it is about
    at: datetime  # when it happened, which may be long before it was recorded
    kind: str  # one of its provider's `kinds`
    summary: str  # one line
    agency: str = ""  # the agency it came from, by name ("" when it is the council's own work)
    agency_id: int | None = None
    detail: str = ""
    url: str = ""  # the record's page, for those who may open it
    restricted: bool = False  # shown in outline only: the record is restricted for this user


@dataclass(frozen=True)
class OpenInvolvement:
    """Something open now about a person, as the family view shows it beside their name: an open
    contact, a child protection plan, Family Help, an adults' enquiry..."""

    person_id: int  # whom it is about
    service: str  # the service holding it, in words ("Child protection", "Family Help")
    summary: str  # one line: what is open ("Child protection plan (neglect)")
    since: date  # when it opened
    url: str = ""  # the record's page, for those who may open it ("" when masked)
    restricted: bool = False  # masked: the record is restricted for this user, its details hidden


def nothing_open(user: User, person_ids: Sequence[int]) -> Iterable[OpenInvolvement]:
    """For a provider whose events are history only (workers' entries): never anything open."""
    return ()


@dataclass(frozen=True)
class PersonEventProvider:
    """An app's events about people. `kinds` names every kind it gives (code -> label; codes are
    prefixed with the app, e.g. "frontdoor.decision"), `models` the models its events come from
    (every model naming a person is given a provider, or is listed in the chronology's tests as not
    chronological, with the reason), and `events(user, person_ids)` the events about those people
    that the user may see, through the app's own gate, in any order."""

    kinds: Mapping[str, str]
    models: tuple[type[Model], ...]
    events: Callable[[User, Sequence[int]], Iterable[PersonEvent]]
    # Kinds the chronology's cumulative-risk panel lists however long ago they happened (e.g.
    # child protection plans and their categories), beside the year's counts of every kind.
    lasting_kinds: frozenset[str] = frozenset()
    # `open_involvement(user, person_ids)`: what is open now about those people that the user may
    # see, through the app's own gate (a restricted record masked: `restricted`, no details), for
    # the family view; one query or a few for all of them, never one per person. Every provider
    # says (`nothing_open` when its events are history only): a test fails when one does not.
    open_involvement: Callable[[User, Sequence[int]], Iterable[OpenInvolvement]] | None = None


person_event_providers: Registry[PersonEventProvider] = Registry("Person chronology events")


@dataclass(frozen=True)
class PersonPageLink:
    """A page about a person another app offers: its label, and the URL name reversed with
    `person_id`. The page must pass the person through its own gate."""

    label: str
    url_name: str


person_page_links: Registry[PersonPageLink] = Registry("Links from the person page")


# The records the match model learns from (match_model.py): each provider gives the latest `n`
# subjects as they were recorded, before matching changed anything (contacts: its subjects).
match_training_subjects: Registry[Callable[[int], list[SubjectDetails]]] = Registry(
    "Records the match model learns from"
)
