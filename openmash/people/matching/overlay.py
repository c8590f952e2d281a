"""People written since a match read the index: what matching the subject again now would give,
without reading the index again.

A bulk import matches a chunk's subjects together (`match_open`) against the index as it was,
then records them one after another, each of whom may create a person or teach the index about
one (a new name, an NHS number, an address). For the import to record what one-at-a-time
recording records, each subject's match must see what the subjects before it wrote. `Overlay`
keeps those people as they now are (their fields, other names and identifiers, as the database
will hold them once the writes are flushed) and corrects a match read before they were written:

- blocking: a person written since is a candidate when one of the subject's look-ups
  (`blocking.block_keys`) finds them as they are now, which is checked here against an index
  of their current values by look-up; people not written since are found as they were;
- scoring: people written since are scored as they are now (the same `MatchRecord`s blocking
  builds from the database), and take the place of whatever the match read of them before.

The result is what matching now would return, as long as blocking did not reach its limit
(CANDIDATE_LIMIT, where it keeps the people found by the most look-ups): when it might have,
`correct` says so, and the subject must be matched against the database once the writes are in.

Each write carries an epoch (the import's chunk number), so a match read at some epoch is
corrected only for what was written after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openmash.people.matching.blocking import (
    CANDIDATE_LIMIT,
    RECORD_FIELDS,
    block_keys,
    match_record,
)
from openmash.people.matching.decide import OpenMatch
from openmash.people.matching.details import Candidate, MatchRecord, SubjectDetails
from openmash.people.matching.keys import KEY_FIELDS
from openmash.people.matching.scoring import rank_candidates
from openmash.people.models import Person

# A look-up as blocking makes it: (table, columns), and the values it looks for.
Combo = tuple[str, tuple[str, ...]]
IndexKey = tuple[str, tuple[str, ...], tuple[Any, ...]]


@dataclass
class _Written:
    """One person as the writes leave them: the rows blocking looks up, the record scoring reads."""

    pk: int
    epoch: int
    fields: dict[str, Any]  # the person's own columns, as blocking compares them
    names: list[dict[str, str]]  # their other names' match keys, a row each
    identifiers: list[tuple[str, str]]  # their identifier rows, (kind, value) as stored
    record: MatchRecord
    keys: set[IndexKey] = field(default_factory=set)

    def rows(self, combo: Combo) -> list[tuple[Any, ...]]:
        """The values of the columns of a look-up, for each row of theirs it reads."""
        table, columns = combo
        if table == "person":
            values = tuple(self.fields[c] for c in columns)
            return [] if None in values else [values]
        if table == "name":
            return [tuple(name[c] for c in columns) for name in self.names]
        if table == "identifier" and columns == ("kind", "value"):
            return list(self.identifiers)
        raise ValueError(f"Unknown look-up {combo}")


class Overlay:
    """The people written since matches were read, as they now are (see the module's doc)."""

    def __init__(self, *, limit: int = CANDIDATE_LIMIT) -> None:
        self.limit = limit
        self._people: dict[int, _Written] = {}
        self._combos: set[Combo] = set()
        self._index: dict[IndexKey, set[int]] = defaultdict(set)
        self.latest = 0  # the latest epoch written

    def __len__(self) -> int:
        return len(self._people)

    def put(
        self,
        person: Person,
        names: Sequence[Sequence[str]],
        identifiers: Iterable[tuple[str, str]],
        *,
        epoch: int,
    ) -> None:
        """Person `person` (a Person with its id) has been written at `epoch`: now with these
        other names (each their KEY_FIELDS values) and identifier rows (kind, value)."""
        dob = person.date_of_birth
        fields = {name: getattr(person, name) for name in RECORD_FIELDS}
        fields["date_of_birth"] = dob.isoformat() if dob else None
        identifiers = list(identifiers)
        row = tuple(fields[name] for name in RECORD_FIELDS)
        written = _Written(
            pk=person.pk,
            epoch=epoch,
            fields=fields,
            names=[dict(zip(KEY_FIELDS, name, strict=True)) for name in names],
            identifiers=identifiers,
            # As blocking builds it from the database's rows.
            record=match_record(
                (*row[:1], dob, *row[2:]),
                tuple(tuple(name) for name in names),
                tuple((kind, value.upper()) for kind, value in identifiers),
            ),
        )
        old = self._people.get(person.pk)
        if old is not None:
            for key in old.keys:
                self._index[key].discard(person.pk)
        self._people[person.pk] = written
        for combo in self._combos:
            self._add(written, combo)
        self.latest = max(self.latest, epoch)

    def _add(self, written: _Written, combo: Combo) -> None:
        for values in written.rows(combo):
            key = (*combo, values)
            self._index[key].add(written.pk)
            written.keys.add(key)

    def _found(self, details: SubjectDetails, since: int) -> set[int]:
        """The people written after `since` whom the subject's look-ups find as they are now."""
        found: set[int] = set()
        for (table, columns, _), values in block_keys(details):
            combo = (table, columns)
            if combo not in self._combos:
                self._combos.add(combo)
                for written in self._people.values():
                    self._add(written, combo)
            found |= self._index.get((table, columns, values), set())
        return {pk for pk in found if self._people[pk].epoch > since}

    def correct(
        self, details: SubjectDetails, found: OpenMatch, since: int, *, minimum: float
    ) -> list[Candidate] | None:
        """`found`, read at epoch `since`, as matching the subject now would return it (every
        candidate reaching `minimum`, best first); None when blocking's limit leaves that open."""
        if self.latest <= since:
            return found.candidates
        people = self._people
        stale = {
            c.person_id
            for c in found.candidates
            if (written := people.get(c.person_id)) and written.epoch > since
        }
        now = self._found(details, since)
        if not now and not stale:
            return found.candidates
        # Blocking keeps at most `limit` people, those found by the most look-ups: when it may
        # have left some out, which it would keep now depends on counts not repeated here.
        if found.blocked >= self.limit or found.blocked + len(now) > self.limit:
            return None
        kept = [c for c in found.candidates if c.person_id not in stale]
        records = [people[pk].record for pk in sorted(now)]
        live = [r for r in records if r.merged_into_id is None]
        kept += rank_candidates(details, live, minimum=minimum)
        kept.sort(key=lambda c: (-c.score, c.person_id))
        return kept

    def forget(self, up_to: int) -> None:
        """Leave out people last written at or before epoch `up_to` (every match still to be
        corrected was read after it)."""
        gone = [pk for pk, written in self._people.items() if written.epoch <= up_to]
        for pk in gone:
            for key in self._people.pop(pk).keys:
                self._index[key].discard(pk)
                if not self._index[key]:
                    del self._index[key]
