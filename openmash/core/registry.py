"""Registries: how a lower floor lets a higher one add to it without importing it.

The lower app declares a `Registry` in its `registry.py` and calls what is registered; the higher
app registers in its `AppConfig.ready()`. docs/architecture.md ("Registries") lists every one:
who offers it, who fills it and the contract an entry keeps.

The kernel's own registries are below: record types with restrictions and break-glass access,
what happens when break-glass access is opened, and the scheduler's periodic jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.core.models import BreakGlassAccess

T = TypeVar("T")


class Registry(Generic[T]):
    """Entries by name, in the order they were registered: INSTALLED_APPS order, as each app's
    `ready()` runs. Registering an equal entry again under its name changes nothing; a different
    entry under a name already taken is a mistake."""

    def __init__(self, description: str) -> None:
        self.description = description
        self._entries: dict[str, T] = {}

    def register(self, name: str, entry: T) -> None:
        if name in self._entries and self._entries[name] != entry:
            raise ImproperlyConfigured(f"{self.description}: {name!r} is already registered")
        self._entries[name] = entry

    def get(self, name: str) -> T | None:
        return self._entries.get(name)

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class RestrictableRecord:
    """A record type that can be restricted to named users (the name is its model name, as in
    the audit log's `target_type`): break-glass access is asked for at
    `/restricted/<name>/<id>/`, and the record's page shows who has seen it."""

    # The records of this type the user may see, restricted ones included.
    visible_to: Callable[[User], QuerySet[Any]]
    # Whether this record is restricted for this user now (not named on it, no break-glass).
    is_restricted_for: Callable[[User, Any], bool]
    # The URL name of the record's page, reversed with its primary key.
    detail_url_name: str


restrictable_records: Registry[RestrictableRecord] = Registry("Restrictable record types")


@dataclass(frozen=True)
class PeriodicJobEntry:
    """A job the scheduler runs every so often (`core.scheduler`). The name is the job's row
    in PeriodicJobRun, so it must not change once deployed."""

    every: Callable[[], timedelta]  # read each time, so a changed setting takes effect
    run: Callable[[], object]  # quick: enqueue a task rather than do the work inline


periodic_jobs: Registry[PeriodicJobEntry] = Registry("Periodic jobs")

# Called with the new BreakGlassAccess inside `break_glass_open`'s transaction, after its audit
# row: to tell someone (on commit), never to refuse the access.
break_glass_opened: Registry[Callable[[BreakGlassAccess], None]] = Registry("Break-glass notices")

# Called with a user and how many reads they were refused in the last REFUSALS_WINDOW, once, when
# the count reaches REFUSALS_ALERT_AT (`core.access.record_refused`): to tell the auditors.
access_refusals_repeated: Registry[Callable[[User, int], None]] = Registry(
    "Repeated refusals notices"
)


@dataclass(frozen=True)
class HomeSection:
    """A section of the signed-in home page (`core.views.home`): `context(user)` gives its
    template's context, or None when it has nothing for this user. Whatever it lists it must read
    through the access gate and log, as any list does."""

    context: Callable[[User], dict[str, Any] | None]
    template: str


home_sections: Registry[HomeSection] = Registry("Home page sections")
