"""Statutory returns in a real browser: the quality and performance lead builds Ofsted's Annex A
for an inspection date (in the background), checks what the records lack, and downloads the
workbook. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-returns-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency
from openmash.returns.xlsx import read_workbook
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people
from tests.returns.helpers import contact, person, referral

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser, settings: Any, tmp_path: Path) -> Iterator[Journey]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


@pytest.mark.fixed_now_only
def test_the_performance_lead_builds_checks_and_downloads_annex_a(
    journey: Journey, tmp_path: Path
) -> None:
    people = _people()
    council = Agency.objects.get(code="LA")
    lead = make_user("pat.performance@council.test", council, "quality_lead")

    class World:  # what the helpers need of a world
        school = Agency.objects.get(code="SCH")
        social_worker = people["worker"]
        from openmash.accounts.models import Team

        assessment = Team.objects.get(name="Assessment team")

    ayaan = person("Ayaan", "Rahman")
    no_ethnicity = person("Maya", "Rahman", sex="F", ethnicity="")
    contact(World, date(2026, 9, 1), ayaan, no_ethnicity)  # type: ignore[arg-type]
    referral(World, ayaan, date(2026, 9, 2))  # type: ignore[arg-type]

    page = journey.as_(lead, "/returns/")
    expect(page.get_by_role("heading", name="Statutory returns")).to_be_visible()
    journey.check(page, "returns-start")

    page.locator("#id_inspection_date_0").fill("18")
    page.locator("#id_inspection_date_1").fill("11")
    page.locator("#id_inspection_date_2").fill("2026")
    page.get_by_role("button", name="Build Annex A").click()
    expect(page.get_by_text("Ready to download", exact=True)).to_be_visible()
    journey.check(page, "returns-built")

    page.get_by_role("link", name="Check the records for 18 Nov 2026").click()
    expect(page.get_by_role("heading", name="What the records lack")).to_be_visible()
    expect(page.get_by_role("heading", name="Ethnicity missing (1)")).to_be_visible()
    journey.check(page, "returns-validation")

    page.get_by_role("link", name="Back to statutory returns").click()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download Annex A for 18 Nov 2026").click()
    saved = tmp_path / "annex-a.xlsx"
    caught.value.save_as(saved)
    book = read_workbook(saved)
    assert len(book["List 1"]) == 1 + 3  # the two children's contact and the referral's own
    assert book["List 3"][1][5] == "02/09/2026"
