"""The chronology's own events: what workers added from outside OpenMASH."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING

from openmash.chronology.models import ChronologyEntry, EntryKind
from openmash.core.calendar import LONDON
from openmash.people.permissions import persons_visible_to
from openmash.people.registry import PersonEvent, PersonEventProvider, nothing_open

if TYPE_CHECKING:
    from openmash.accounts.models import User


def entry_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    entries = ChronologyEntry.objects.filter(
        person_id__in=person_ids, person__in=persons_visible_to(user)
    ).select_related("agency", "recorded_by")
    for entry in entries:
        detail = entry.detail
        if entry.source:
            detail = f"{detail}\nSource: {entry.source}".strip()
        yield PersonEvent(
            key=f"chronology.chronologyentry:{entry.pk}",
            person_id=entry.person_id,
            # A day only: it sorts within its day as if at noon.
            at=datetime.combine(entry.happened_on, time(12, 0), tzinfo=LONDON),
            kind=f"chronology.{entry.kind}",
            summary=entry.summary,
            agency=entry.agency.name if entry.agency else "",
            agency_id=entry.agency_id,
            detail=f"{detail}\nAdded by {entry.recorded_by.full_name}".strip(),
            url="",  # it is on the chronology already: there is no other page
        )


ENTRY_EVENTS = PersonEventProvider(
    kinds={f"chronology.{kind.value}": f"{kind.label} (added by a worker)" for kind in EntryKind},
    models=(ChronologyEntry,),
    events=entry_events,
    open_involvement=nothing_open,  # workers' entries are history: nothing in them is open
)
