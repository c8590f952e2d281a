"""Shared state for simulating events: calendar, timing, decisions, workforce, identifiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random

from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.dates import WorkingCalendar
from openmash.synthetic.decisions import DecisionModel
from openmash.synthetic.messiness import RecordFactory
from openmash.synthetic.records import HouseholdBatch, Person
from openmash.synthetic.timing import Timing
from openmash.synthetic.workforce import Workforce


@dataclass(slots=True)
class EventIds:
    """Sequential identifiers for events, shared by the whole run."""

    counters: dict[str, int] = field(default_factory=dict)

    def next(self, prefix: str, width: int = 9) -> str:
        value = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = value
        return f"{prefix}{value:0{width}d}"


@dataclass(slots=True)
class EventContext:
    config: GeneratorConfig
    calendar: WorkingCalendar
    timing: Timing
    model: DecisionModel
    workforce: Workforce
    records: RecordFactory
    ids: EventIds

    @property
    def start(self) -> date:
        return self.config.start

    @property
    def end(self) -> date:
        return self.config.end


class AgencyRecords:
    """One record per (person, agency system) within a household, made on first use."""

    def __init__(self, factory: RecordFactory, rng: Random, batch: HouseholdBatch) -> None:
        self._factory = factory
        self._rng = rng
        self._batch = batch
        self._ids: dict[tuple[str, str], str] = {}

    def record_id(self, person: Person, system: str) -> str:
        key = (person.person_id, system)
        found = self._ids.get(key)
        if found is None:
            record = self._factory.agency_record(
                self._rng, person, self._batch.household, system, self._batch.people
            )
            self._batch.records.append(record)
            found = self._ids[key] = record.record_id
        return found
