"""The journey map's arrows, counts, median times, starts, ends and variants equal pm4py's
directly-follows discovery on the same event log. pm4py's pins clash with ours, so it runs in its
own environment (`make pm4py-venv`, or OPENMASH_PM4PY_PYTHON naming its python), through a
subprocess on a CSV of the log."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from openmash.frontdoor.models import ContactEvent, EventKind, RagRating
from openmash.insights.filters import default_filters
from openmash.insights.journey import event_log, journey_build
from tests.insights.helpers import HOUR, ask, contact, person

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("pm4py_dfg.py")


def pm4py_python() -> str:
    for candidate in (
        os.environ.get("OPENMASH_PM4PY_PYTHON", ""),
        str(ROOT / ".venv-pm4py" / "bin" / "python"),
        "/tmp/venv-pm4py/bin/python",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise AssertionError(
        "pm4py's environment is missing: run `make pm4py-venv` (or set OPENMASH_PM4PY_PYTHON)"
    )


def stage_events(world, made, start: datetime, steps: list[tuple[str, float]]) -> None:
    """Record the contact's stages at `start` plus the given hours, as the services do."""
    statuses = {
        "Screened": "screening",
        "Decided": "decision_proposed",
        "Authorised": "authorised",
        "Closed": "closed",
    }
    for stage, hours in steps:
        at = start + timedelta(hours=hours)
        if stage in statuses:
            ContactEvent.objects.create(
                contact=made,
                at=at,
                kind=EventKind.STATUS,
                summary=stage,
                to_status=statuses[stage],
            )
        elif stage == "Rated":
            RagRating.objects.create(contact=made, rating="amber", rated_at=at)


@pytest.mark.clock
def test_the_journey_map_equals_pm4pys_directly_follows_graph(world, tmp_path):
    now = timezone.now()
    child = person("Dami")
    plain = [("Screened", 1), ("Rated", 2), ("Decided", 5), ("Authorised", 6), ("Closed", 7)]
    for days, stretch in ((30, 1.0), (20, 2.5), (12, 0.5)):
        start = now - timedelta(days=days)
        made = contact(world, start, child, agency=world.police)
        stage_events(world, made, start, [(s, h * stretch) for s, h in plain])
    start = now - timedelta(days=15)
    made = contact(world, start, child, agency=world.school)
    ask(
        world,
        made,
        world.police,
        asked=start + 3 * HOUR,
        due=start + 9 * HOUR,
        answered=start + 9 * HOUR,
    )
    stage_events(
        world,
        made,
        start,
        [("Rated", 1), ("Screened", 2), ("Decided", 20), ("Authorised", 22), ("Closed", 30)],
    )

    events = event_log(world.manager, default_filters())
    ours = journey_build(events)
    path = tmp_path / "log.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "activity", "timestamp"])
        for event in events:
            writer.writerow([event.case, event.stage, event.at.isoformat()])
    done = subprocess.run(
        [pm4py_python(), str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = json.loads(done.stdout.strip().splitlines()[-1])

    assert {(a.source, a.target, a.count) for a in ours.arrows} == {
        tuple(arrow) for arrow in theirs["arrows"]
    }
    their_medians = {(a, b): seconds / 3600 for a, b, seconds in theirs["medians"]}
    for arrow in ours.arrows:
        assert arrow.median_hours == pytest.approx(their_medians[(arrow.source, arrow.target)])
    assert ours.starts == theirs["starts"]
    assert ours.ends == theirs["ends"]
    assert dict(ours.variants) == {tuple(stages): n for stages, n in theirs["variants"]}
    # And by hand: Screened -> Rated in 1, 2.5 and 0.5 hours; the school's contact waited for
    # the police's answer 6 hours.
    by_pair = {(a.source, a.target): a for a in ours.arrows}
    assert by_pair[("Screened", "Rated")].count == 3
    assert by_pair[("Screened", "Rated")].median_hours == 1.0
    assert by_pair[("Information requested", "Information returned")].median_hours == 6.0
    assert ours.variants[0] == (
        ("Received", "Screened", "Rated", "Decided", "Authorised", "Closed"),
        3,
    )
    assert sys.executable != pm4py_python()  # pm4py never ran in our own environment
