"""Statutory returns in a real browser: the quality and performance lead builds Ofsted's Annex A
for an inspection date (in the background), checks what the records lack, and downloads the
workbook. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-returns-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency
from openmash.core.dates import govuk_date
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
    today = timezone.localdate()  # the inspection date: "now", whichever it is
    referred_on = today - timedelta(days=77)
    contact(World, referred_on - timedelta(days=1), ayaan, no_ethnicity)  # type: ignore[arg-type]
    referral(World, ayaan, referred_on)  # type: ignore[arg-type]

    page = journey.as_(lead, "/returns/")
    expect(page.get_by_role("heading", name="Statutory returns")).to_be_visible()
    journey.check(page, "returns-start")

    page.locator("#id_inspection_date_0").fill(str(today.day))
    page.locator("#id_inspection_date_1").fill(str(today.month))
    page.locator("#id_inspection_date_2").fill(str(today.year))
    page.get_by_role("button", name="Build Annex A").click()
    expect(page.get_by_text("Ready to download", exact=True)).to_be_visible()
    journey.check(page, "returns-built")

    page.get_by_role("link", name=f"Check the records for {govuk_date(today, short=True)}").click()
    expect(page.get_by_role("heading", name="What the records lack")).to_be_visible()
    expect(page.get_by_role("heading", name="Ethnicity missing (1)")).to_be_visible()
    journey.check(page, "returns-validation")

    page.get_by_role("link", name="Back to statutory returns").click()
    download = f"Download Annex A for {govuk_date(today, short=True)}"
    with page.expect_download() as caught:
        page.get_by_role("link", name=download).click()
    saved = tmp_path / "annex-a.xlsx"
    caught.value.save_as(saved)
    book = read_workbook(saved)
    assert len(book["List 1"]) == 1 + 3  # the two children's contact and the referral's own
    assert book["List 3"][1][5] == f"{referred_on:%d/%m/%Y}"
