"""The generator: a stream of typed batches, built district by district, household by household.

Memory stays flat: a household's people and history are built, yielded and forgotten. Each
district has its own random streams (population, events, agency records) seeded from
(seed, district), so changing messiness rates leaves the people and events unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from openmash.synthetic.adults import AdultsSimulator
from openmash.synthetic.children import ChildrenSimulator
from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.context import AgencyRecords, EventContext, EventIds
from openmash.synthetic.csv_output import FILES, CsvWriter
from openmash.synthetic.dates import window_calendar
from openmash.synthetic.decisions import DecisionModel
from openmash.synthetic.geography import Geography
from openmash.synthetic.identifiers import NhsNumberAllocator
from openmash.synthetic.messiness import RecordFactory
from openmash.synthetic.names import NameBook
from openmash.synthetic.population import Ids, PopulationBuilder, Window
from openmash.synthetic.records import Batch, HouseholdBatch, ReferenceBatch
from openmash.synthetic.stats import RealismStats
from openmash.synthetic.timing import Timing
from openmash.synthetic.workforce import Workforce, calibration_exercises


def build_context(config: GeneratorConfig, names: NameBook) -> EventContext:
    calendar = window_calendar(config.start, config.end)
    return EventContext(
        config=config,
        calendar=calendar,
        timing=Timing(calendar, config.start, config.end),
        model=DecisionModel(),
        workforce=Workforce(config.seed, names, config.child_target),
        records=RecordFactory(config.messiness, names),
        ids=EventIds(),
    )


def generate(config: GeneratorConfig) -> Iterator[Batch]:
    """Yield reference batches (workers, calibration, each district's schools and practices)
    and one HouseholdBatch per household, in a fixed order for a given seed and scale."""
    names = NameBook()
    ctx = build_context(config, names)
    yield ReferenceBatch(workers=ctx.workforce.workers())
    for exercise in calibration_exercises(
        config.seed, ctx.workforce, ctx.model, config.start, config.end
    ):
        yield ReferenceBatch(calibration=exercise)
    geography = Geography(config.seed, config.child_target, national=config.scale == "national")
    builder = PopulationBuilder(
        window=Window(config.start, config.end),
        names=names,
        nhs=NhsNumberAllocator(config.seed),
        ids=Ids(),
    )
    children = ChildrenSimulator(ctx)
    adults = AdultsSimulator(ctx)
    for index in range(geography.count):
        district = geography.district(index)
        yield ReferenceBatch(
            schools=[*district.primaries, *district.secondaries],
            gp_practices=list(district.gp_practices),
        )
        population_rng = Random(f"{config.seed}:{index}:population")
        events_rng = Random(f"{config.seed}:{index}:events")
        records_rng = Random(f"{config.seed}:{index}:records")
        quota = geography.child_quota(index)
        for household, people in builder.district_households(district, population_rng, quota):
            batch = HouseholdBatch(household, people)
            batch.records = [ctx.records.register_record(records_rng, p, household) for p in people]
            agency = AgencyRecords(ctx.records, records_rng, batch)
            children.simulate(events_rng, batch, agency, index)
            adults.simulate(events_rng, batch, agency, index)
            yield batch


@dataclass
class RunResult:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stats: RealismStats | None = None
    files: list[Path] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def run(
    config: GeneratorConfig,
    *,
    out_dir: Path | None = None,
    with_stats: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunResult:
    """Generate once and feed every consumer asked for: the CSV writer and/or the stats."""
    started = time.perf_counter()
    stats = RealismStats(config) if with_stats else None
    counter = RowCounter()
    consumers: list[Callable[[Batch], None]] = [counter.consume]
    if stats is not None:
        consumers.append(stats.consume)
    with ExitStack() as stack:
        if out_dir is not None:
            consumers.append(stack.enter_context(CsvWriter(out_dir)).consume)
        _drive(config, consumers, progress)
    files = [out_dir / f"{name}.csv" for name in FILES] if out_dir is not None else []
    return RunResult(counter.rows, time.perf_counter() - started, stats, files)


def summary_lines(result: RunResult, out_dir: Path | None) -> list[str]:
    rate = result.total_rows / result.seconds if result.seconds else 0.0
    where = f" to {out_dir}" if out_dir is not None else ""
    lines = [
        f"Generated {result.total_rows:,} records{where} in {result.seconds:.1f} s "
        f"({rate:,.0f} records/s)."
    ]
    lines += [f"  {name + '.csv':<20} {count:>12,}" for name, count in result.rows.items()]
    return lines


def _drive(
    config: GeneratorConfig,
    consumers: list[Callable[[Batch], None]],
    progress: Callable[[int], None] | None,
) -> None:
    households = 0
    for batch in generate(config):
        for consume in consumers:
            consume(batch)
        if isinstance(batch, HouseholdBatch):
            households += 1
            if progress is not None and households % 50_000 == 0:
                progress(households)


class RowCounter:
    """Counts records per output file (for throughput figures), with or without CSV."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    def consume(self, batch: Batch) -> None:
        if isinstance(batch, HouseholdBatch):
            counts = {
                "households": 1,
                "persons": len(batch.records),
                "contacts": len(batch.contacts),
                "assessments": len(batch.assessments),
                "section47": len(batch.section47s),
                "cp_plans": len(batch.cp_plans),
                "early_help": len(batch.early_help),
                "adult_concerns": len(batch.adult_concerns),
            }
        else:
            counts = {
                "workers": len(batch.workers),
                "schools": len(batch.schools),
                "gp_practices": len(batch.gp_practices),
                "calibration": len(batch.calibration),
            }
        for name, count in counts.items():
            self.rows[name] = self.rows.get(name, 0) + count
