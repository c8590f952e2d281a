"""The dashboards, the records behind a figure, the CSV and the journey map in the browser and
the API: who may see them (managers and the quality and performance lead), what each shows, and
the audit of every view and download."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from tests.conftest import client_for
from tests.insights.helpers import data_set

ALLOWED = {"manager", "auditor"}
PAGES = [
    reverse("insights:index"),
    reverse("insights:journey"),
    reverse("insights:figure_csv", args=["conversion"]),
    reverse("insights:records", args=["conversion"]) + "?outcome=nfa",
    reverse("api:insights_figure", args=["timeliness"]),
    reverse("api:insights_journey"),
]


def test_only_managers_and_the_performance_lead_reach_insights(world):
    for persona, user in world.personas().items():
        client = client_for(user)
        for url in PAGES:
            status = client.get(url).status_code
            if persona in ALLOWED:
                assert status == 200, (persona, url)
            elif user is None:
                assert status in (302, 401, 403), (persona, url)
            else:
                assert status in (403, 404), (persona, url)


@pytest.mark.clock
def test_the_dashboard_draws_every_figure_with_its_table_and_is_audited(world):
    data_set(world)
    page = client_for(world.manager).get(reverse("insights:index"))
    text = page.content.decode()
    for title in (
        "Contacts by source agency and channel",
        "Outcomes by source agency",
        "RAG and decision timeliness",
        "how long agencies take to answer",
        "Re-contacts and re-referrals within 12 months",
        "Workload by team and worker",
        "Drift: open contacts past their decision clock",
    ):
        assert title in text
    assert text.count("<svg") == 7
    assert "style=" not in text  # the CSP forbids inline styles
    assert AuditEvent.objects.filter(verb="insights.figure_viewed", actor=world.manager).exists()

    # The records behind a row: the police's no-further-action contacts, not the restricted C5.
    behind = client_for(world.manager).get(
        reverse("insights:records", args=["conversion"]) + "?outcome=nfa"
    )
    assert behind.status_code == 200
    assert len(re.findall(r'href="/contacts/\d+/"', behind.content.decode())) == 1
    assert AuditEvent.objects.filter(verb="record.listed", actor=world.manager).exists()


@pytest.mark.clock
def test_the_csv_has_the_tables_figures_and_its_download_is_audited(world):
    data_set(world)
    response = client_for(world.auditor).get(reverse("insights:figure_csv", args=["requests"]))
    assert response["Content-Disposition"] == 'attachment; filename="openmash-requests.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Agency asked",
            "Requests",
            "Answered",
            "Answered by the due time",
            "Waiting, past due",
            "Median hours to answer",
        ],
        ["Test Police", "1", "0", "0", "1", ""],
        ["Test School", "2", "2", "1", "0", "7.0"],
    ]
    event = AuditEvent.objects.get(verb="insights.figure_downloaded")
    assert event.actor == world.auditor
    assert event.summary["figure"] == "requests"


@pytest.mark.clock
def test_the_api_serves_each_figure_and_the_journey_and_refuses_bad_filters(world):
    data_set(world)
    client = client_for(world.manager)
    answer = client.get(reverse("api:insights_figure", args=["conversion"])).json()
    assert answer["rows"] == [
        ["Test Police", "Child and family assessment (section 17)", 1, 50.0],
        ["Test Police", "No further action", 1, 50.0],
    ]
    journey = client.get(reverse("api:insights_journey")).json()
    assert journey["cases"] == 5
    assert journey["starts"] == {"Received": 5}
    for bad in ("?from=2026-13-01", "?team=abc", "?group=old", "?from=2026-05-02&to=2026-05-01"):
        assert client.get(reverse("api:insights_journey") + bad).status_code == 400, bad
    assert client.get(reverse("api:insights_figure", args=["nothing"])).status_code == 404
    page = client.get(reverse("insights:journey"))
    assert page.status_code == 200
    assert "The most common journeys" in page.content.decode()
    assert AuditEvent.objects.filter(verb="insights.journey_viewed").count() == 2
