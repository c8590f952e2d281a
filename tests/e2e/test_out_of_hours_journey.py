"""Out of hours in a real browser (issue 17 item 2, "Must show"): a contact arrives on Saturday
night; the emergency duty team's worker finds it in the EDT queue, records a visit and an interim
safety plan and sees it on Monday's hand-over list; on Monday morning the MASH manager
acknowledges the hand-over from the home page; the day team's social worker sees the EDT record
on the contact and updates the plan. Every page passes axe and keeps to the CSP; screenshots go
to test-artifacts/journey-*-edt-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency, Team, TeamKind
from openmash.accounts.services import team_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.calendar import LONDON
from openmash.outofhours.models import EdtRecord
from openmash.people.matching import SubjectDetails
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SATURDAY_NIGHT = datetime(2026, 11, 21, 22, 55, tzinfo=LONDON)
AN_HOUR_LATER = datetime(2026, 11, 21, 23, 55, tzinfo=LONDON)
MONDAY_MORNING = datetime(2026, 11, 23, 9, 20, tzinfo=LONDON)


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def test_a_saturday_night_contact_from_the_edt_to_the_day_team(
    journey: Journey, clock: time_machine.Traveller
) -> None:
    clock.move_to(SATURDAY_NIGHT)
    people = _people()
    council = Agency.objects.get(code="LA")
    edt_team = team_create(
        actor=None, agency=council, name="Emergency duty team", kind=TeamKind.EDT
    )
    edt = make_user("eden.duty@council.test", council, "edt")
    edt.teams.add(edt_team)
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="POL"),
            channel="phone",
            concern="Police at the house at 22:50: Mia's stepfather threw a glass at her mother.",
            immediate_risk=True,
            immediate_risk_details="Mia is frightened to stay at home tonight.",
            subjects=[SubjectInput(details=SubjectDetails(given_name="Mia", family_name="Marsh"))],
        ),
    )
    record = EdtRecord.objects.get(contact=contact)

    # Saturday night: the EDT worker's queue, a visit and an interim safety plan.
    clock.move_to(AN_HOUR_LATER)
    page = journey.as_(edt, "/out-of-hours/")
    expect(page.locator("main table")).to_contain_text(contact.reference)
    expect(page.locator("main table")).to_contain_text("Mia Marsh")
    journey.check(page, "edt-queue")
    page.get_by_role("link", name=contact.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {contact.reference}")
    journey.check(page, "edt-record")
    page.get_by_role("link", name="Record an action").click()
    page.get_by_role("button", name="Save").click()  # nothing entered: the errors first
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the kind of action")
    journey.check(page, "edt-action-errors")
    page.get_by_label("Visit").check()
    page.locator("#id_taken_on_0").fill("21")
    page.locator("#id_taken_on_1").fill("11")
    page.locator("#id_taken_on_2").fill("2026")
    page.get_by_label("Time of the action").fill("23:40")
    page.get_by_label("What was done and what was found").fill(
        "Visited with police. Mia safe; stepfather arrested. Mother's hand treated."
    )
    journey.check(page, "edt-action-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit recorded")
    page.get_by_role("link", name="Record an interim safety plan").click()
    page.get_by_label("Who does what").fill(
        "Grandmother keeps Mia at her home. Police tell EDT if the stepfather is released."
    )
    page.locator("#id_until_on_0").fill("23")
    page.locator("#id_until_on_1").fill("11")
    page.locator("#id_until_on_2").fill("2026")
    page.get_by_label("Time the plan runs until").fill("17:00")
    page.get_by_label("How the plan is checked").fill("EDT rings the grandmother at 08:00.")
    journey.check(page, "edt-plan-form")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("version 1 saved")
    journey.check(page, "edt-record-with-plan")
    page.get_by_role("link", name="Monday 23 November 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hand-over of Monday 23 November 2026"
    )
    expect(page.locator("main")).to_contain_text("Grandmother keeps Mia")
    journey.check(page, "edt-handover-night")

    # Monday morning: the MASH manager acknowledges the hand-over.
    clock.move_to(MONDAY_MORNING)
    page = journey.as_(people["manager"], "/")
    expect(page.locator("main")).to_contain_text("Hand-over of Monday 23 November")
    journey.check(page, "edt-manager-home")
    page.get_by_role("link", name="Hand-over of Monday 23 November").click()
    page.get_by_label("Note for the day team").fill("Sam takes Mia's contact today.")
    journey.check(page, "edt-handover-to-acknowledge")
    page.get_by_role("button", name="Acknowledge the hand-over").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("acknowledged")
    expect(page.locator("main")).to_contain_text("Acknowledged by Morgan Manager")
    journey.check(page, "edt-handover-acknowledged")
    page.get_by_role("link", name="All hand-overs").click()
    expect(page.locator("main table")).to_contain_text("Morgan Manager")
    journey.check(page, "edt-handovers")

    # The day team sees the EDT record on the contact and updates the plan.
    page = journey.as_(people["worker"], f"/contacts/{contact.pk}/")
    panel = page.locator("#out-of-hours")
    expect(panel).to_contain_text("Visited with police")
    expect(panel).to_contain_text("Grandmother keeps Mia")
    journey.check(page, "edt-contact-page")
    panel.get_by_role("link", name="Update the safety plan").click()
    page.get_by_label("Who does what").fill(
        "Grandmother keeps Mia until the strategy discussion. Sam visits daily."
    )
    page.locator("#id_until_on_0").fill("27")
    page.get_by_label("Why the plan changes").fill("Strategy discussion on Thursday.")
    journey.check(page, "edt-plan-update")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("version 2 saved")
    expect(page.locator("main")).to_contain_text("Sam visits daily")
    expect(page.locator("main")).to_contain_text("day team")
    journey.check(page, "edt-record-updated")
    assert record.plan_versions.count() == 2

    # An administrator moves the start of the day; the old period stays as history.
    admin = make_user("alex.admin@council.test", council, "administrator")
    page = journey.as_(admin, "/out-of-hours/settings/")
    page.get_by_label("The day team takes over at").fill("08:30")
    page.get_by_label("Why does the period change?").fill("The MASH opens at 08:30 from December.")
    journey.check(page, "edt-settings")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("period changed")
    expect(page.locator("main table")).to_contain_text("The MASH opens at 08:30")
    journey.check(page, "edt-settings-history")
    assert Team.objects.filter(kind=TeamKind.EDT).count() == 1
