"""Insights in a real browser: a team manager opens the dashboards, reads a figure's contacts
and the journey map. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-insights-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency, Team
from tests.e2e.test_frontdoor_journey import Journey, _people
from tests.insights.helpers import data_set
from tests.insights.test_journey_pm4py import stage_events

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def test_a_manager_reads_the_dashboards_the_records_behind_and_the_journey_map(
    journey: Journey,
) -> None:
    people = _people()
    world = SimpleNamespace(
        school=Agency.objects.get(code="SCH"),
        police=Agency.objects.get(code="POL"),
        social_worker=people["worker"],
        manager=people["manager"],
        police_rep=people["police"],
        mash=Team.objects.get(name="MASH"),
        assessment=Team.objects.get(name="Assessment team"),
    )
    made = data_set(world)  # type: ignore[arg-type]
    plain = [("Screened", 1), ("Rated", 2), ("Decided", 5), ("Authorised", 6), ("Closed", 7)]
    for contact, stretch in ((made.c0, 1.0), (made.c1, 2.0), (made.c2, 30.0)):
        stage_events(world, contact, contact.received_at, [(s, h * stretch) for s, h in plain])
    stage_events(world, made.c3, made.c3.received_at, [("Screened", 1), ("Rated", 3)])
    assert made.c3.received_at < timezone.now() - timedelta(days=9)

    page = journey.as_(people["manager"], "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboards").click()
    expect(page.get_by_role("heading", level=1, name="Front door dashboards")).to_be_visible()
    expect(page.get_by_role("heading", name="Outcomes by source agency")).to_be_visible()
    journey.check(page, "insights-dashboards")

    page.get_by_label("Source agency", exact=True).select_option(label="Example Police")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=1, name="Front door dashboards")).to_be_visible()
    journey.check(page, "insights-police")

    page.get_by_role("link", name="Contacts behind row 2 of Outcomes by source agency").click()
    expect(page.get_by_role("heading", name="The contacts behind the figure")).to_be_visible()
    expect(page.get_by_role("link", name=made.c1.reference)).to_be_visible()
    expect(page.get_by_role("link", name=made.c5.reference)).to_have_count(0)
    journey.check(page, "insights-records")

    page.get_by_role("link", name="Back to the dashboards").click()
    page.get_by_role("link", name="See the journey map").click()
    expect(page.get_by_role("heading", level=1, name="The journey map")).to_be_visible()
    expect(page.get_by_role("heading", name="The most common journeys")).to_be_visible()
    journey.check(page, "insights-journey-map")
