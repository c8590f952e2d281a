"""Every figure equals the value worked out by hand from the fixed data set (tests/insights/
helpers.py), and counts only what the user may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
from django.utils import timezone

from openmash.insights.filters import FiltersForm, default_filters
from openmash.insights.selectors import (
    contacts_by_source,
    conversion,
    drift,
    figure_records,
    repeats,
    request_times,
    timeliness,
    workload,
)
from tests.insights.helpers import data_set, named_on


def cells(figure) -> list[list[Any]]:
    return [row.cells for row in figure.rows]


@pytest.mark.clock
def test_every_figure_equals_its_hand_computed_value(world):
    made = data_set(world)
    filters = default_filters()
    manager = world.manager

    # (a) Contacts by agency and channel, by month. C5 is restricted and the manager is not
    # named on it.
    figure = contacts_by_source(manager, filters)
    totals: Counter[tuple[Any, Any]] = Counter()
    by_month: Counter[Any] = Counter()
    for start, agency, channel, n in cells(figure):
        totals[(agency, channel)] += n
        by_month[start] += n
    assert totals == {
        ("Test Police", "Bulk notification import"): 3,
        ("Test School", "Online referral form"): 2,
    }
    assert by_month == Counter(
        timezone.localtime(c.received_at).date().replace(day=1)
        for c in (made.c0, made.c1, made.c2, made.c3, made.c4)
    )
    assert sum(bar.value for bar in figure.bars) == 5

    # (b) Conversion: police outcomes, half no further action.
    figure = conversion(manager, filters)
    assert cells(figure) == [
        ["Test Police", "Child and family assessment (section 17)", 1, 50.0],
        ["Test Police", "No further action", 1, 50.0],
    ]
    assert [(bar.label, bar.value) for bar in figure.bars] == [("Test Police", 50.0)]
    nfa = figure.rows[1].records
    assert nfa is not None
    assert list(figure_records(manager, filters, "conversion", nfa)) == [made.c1]  # not C5

    # (c) Timeliness: clock, on time, late, open past, open in time, % on time.
    assert cells(timeliness(manager, filters)) == [
        ["Red RAG", 1, 0, 0, 0, 100.0],
        ["Amber RAG", 0, 1, 0, 0, 0.0],
        ["Green RAG", 0, 0, 1, 0, 0.0],
        ["One working day decision", 1, 1, 1, 1, 50.0],
    ]

    # (d) Requests: agency, sent, answered, by the due time, waiting past due, median hours.
    assert cells(request_times(manager, filters)) == [
        ["Test Police", 1, 0, 0, 1, ""],
        ["Test School", 2, 2, 1, 0, 7.0],  # answered in 10 and 4 hours
    ]

    # (e) Repeats: agency, contacts, re-contacts, %, referrals, re-referrals, %. C4 is about
    # Chidi, as the hidden C5 is: not a re-contact for this manager.
    assert cells(repeats(manager, filters)) == [
        ["Test Police", 3, 1, 33.3, 2, 1, 50.0],
        ["Test School", 2, 1, 50.0, 0, 0, 0.0],
    ]

    # (f) Workload: open contacts now by team and worker.
    figure = workload(manager, filters)
    assert sorted(cells(figure), key=str) == sorted(
        [["MASH", "Not allocated", 1, 0, 0], ["MASH", "Social Worker", 1, 1, 0]], key=str
    )
    allocated = next(r for r in figure.rows if r.cells[1] == "Social Worker")
    assert allocated.records is not None
    assert list(figure_records(manager, filters, "workload", allocated.records)) == [made.c3]

    # (g) Drift: C3 was due a day after it arrived, 10 days ago.
    figure = drift(manager, filters)
    assert [row.cells[0] for row in figure.rows] == [made.c3.reference]
    assert figure.rows[0].cells[5] == 9.0
    assert figure.rows[0].href == f"/contacts/{made.c3.pk}/"


@pytest.mark.clock
def test_filters_narrow_every_figure_and_only_dashboard_users_count_anything(world):
    data_set(world)
    form = FiltersForm({"by": "week"})
    assert form.is_valid()
    weekly = contacts_by_source(world.auditor, form.filters())
    assert sum(cells(weekly)[i][3] for i in range(len(weekly.rows))) == 5
    assert all(row[0].weekday() == 0 for row in cells(weekly))  # weeks start on Monday

    form = FiltersForm({"agency": str(world.school.pk)})
    assert form.is_valid()
    school = form.filters()
    assert [r.cells[0] for r in repeats(world.manager, school).rows] == ["Test School"]
    assert conversion(world.manager, school).rows == []
    adults = replace(default_filters(), group="adult")
    assert contacts_by_source(world.manager, adults).rows == []
    worker = replace(default_filters(), worker_id=world.social_worker.pk)
    assert [r.cells[2] for r in workload(world.manager, worker).rows] == [1]

    assert contacts_by_source(world.social_worker, default_filters()).rows == []
    assert contacts_by_source(world.referrer, default_filters()).rows == []


@pytest.mark.clock
def test_a_restricted_contact_counts_only_for_a_user_named_on_it(world):
    made = data_set(world)
    named_on(made.c5, world.manager)
    assert cells(conversion(world.manager, default_filters())) == [
        ["Test Police", "Child and family assessment (section 17)", 1, 33.3],
        ["Test Police", "No further action", 2, 66.7],
    ]
    assert [row.cells[2] for row in conversion(world.auditor, default_filters()).rows] == [1, 1]


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"from": "2026-02-30"}, "from_"),
        ({"from": "2026-05-02", "to": "2026-05-01"}, "from_"),
        ({"from": "2015-01-01", "to": "2026-01-01"}, "from_"),
        ({"team": "abc"}, "team"),
        ({"team": "999999"}, "team"),
        ({"group": "elderly"}, "group"),
        ({"by": "year"}, "by"),
    ],
)
def test_bad_filters_are_refused_with_a_reason(db, given, field):
    form = FiltersForm(given)
    assert not form.is_valid()
    assert field in form.errors
