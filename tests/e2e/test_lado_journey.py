"""The LADO in a real browser (issue 17 item 1, "Must show"): a school's designated safeguarding
lead refers an allegation about a teacher through the portal; the LADO finds it on the home page,
records the initial consideration (the harm test), an allegation management meeting with actions,
owners and due dates, closes the three strands one by one, records the outcome and the DBS
referral, and reads the annual report; a MASH social worker gets only the break-glass page; the
school sees the outcome of its own referral. Every page passes axe and keeps to the CSP;
screenshots go to test-artifacts/journey-*-lado-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect

from openmash.accounts.models import Agency, TeamKind
from openmash.accounts.services import team_create
from openmash.core.calendar import LONDON
from openmash.lado.models import Allegation
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)
MONDAY_AFTERNOON = datetime(2026, 11, 16, 14, 0, tzinfo=LONDON)
TUESDAY = datetime(2026, 11, 17, 11, 0, tzinfo=LONDON)
MONTH_END = datetime(2026, 11, 30, 15, 0, tzinfo=LONDON)


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _date(page: Page, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def _signed_in_again(journey: Journey, user: Any, path: str) -> Page:
    """After the clock jumps past the idle timeout, the session has ended: sign in again."""
    stale = journey.pages.pop(user.email, None)
    if stale is not None:
        stale.context.close()
    return journey.as_(user, path)


def _close_strand(page: Page, name: str, owner: str, outcome: str) -> None:
    page.get_by_role("link", name=f"Update the {name.lower()}").click()
    page.get_by_label("Owner").fill(owner)
    page.get_by_label("Closed").check()
    page.get_by_label("Outcome").fill(outcome)
    page.get_by_role("button", name="Save the strand").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name}: Closed")


def test_an_allegation_from_the_employer_to_the_annual_report(
    journey: Journey, clock: time_machine.Traveller
) -> None:
    clock.move_to(MONDAY)
    people = _people()
    council = Agency.objects.get(code="LA")
    lado_team = team_create(actor=None, agency=council, name="LADO", kind=TeamKind.LADO)
    lado = make_user("lee.lado@council.test", council, "lado")
    lado.teams.add(lado_team)

    # The school's designated safeguarding lead refers through the portal.
    page = journey.as_(people["referrer"], "/lado/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your referrals to the LADO")
    page.get_by_role("link", name="Refer an allegation").click()
    page.get_by_role("button", name="Send the referral").click()  # nothing entered: errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the adult's first name")
    journey.check(page, "lado-referral-errors")
    page.get_by_label("Adult's first name").fill("Gareth")
    page.get_by_label("Adult's last name").fill("Hollins")
    page.get_by_label("Their job or volunteering role").fill("PE teacher")
    page.get_by_label("Sector").select_option("education")
    page.get_by_label("Child's first name").fill("Lily")
    page.get_by_label("Child's last name").fill("Marsh")
    page.get_by_label("What is alleged").fill(
        "Lily (Year 8) says Mr Hollins grabbed her arm hard in the changing room on Friday. "
        "Her form tutor saw a bruise this morning. Mr Hollins is not teaching today."
    )
    journey.check(page, "lado-referral-form")
    page.get_by_role("button", name="Send the referral").click()
    allegation = Allegation.objects.get()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(allegation.reference)
    expect(page.locator("main")).to_contain_text("What you told us")
    journey.check(page, "lado-referral-sent")

    # A MASH social worker who is not LADO staff: the break-glass page, nothing of the record.
    page = journey.as_(people["worker"], f"/lado/allegations/{allegation.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("restricted")
    expect(page.locator("main")).not_to_contain_text("Hollins")
    journey.check(page, "lado-restricted-for-social-worker")

    # The LADO: the home page, then the initial consideration within the working day.
    clock.move_to(MONDAY_AFTERNOON)
    page = journey.as_(lado, "/")
    expect(page.locator("main")).to_contain_text(
        "1 allegation waiting for the initial consideration"
    )
    journey.check(page, "lado-home")
    page.get_by_role("link", name="1 allegation waiting").click()
    expect(page.locator("main table")).to_contain_text("Gareth Hollins")
    journey.check(page, "lado-list")
    page.get_by_role("link", name=allegation.reference).click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Initial consideration due")
    journey.check(page, "lado-allegation-new")
    page.get_by_role("link", name="Record the initial consideration").click()
    page.get_by_label("Behaved in a way that has harmed a child").check()
    page.get_by_label("Possibly committed a criminal offence").check()
    page.get_by_label("Meets the harm threshold").check()
    page.get_by_label("Reasons for the decision").fill(
        "A bruise seen by staff and a consistent account: possible assault. Strategy with police."
    )
    journey.check(page, "lado-consideration-form")
    page.get_by_role("button", name="Save the consideration").click()
    expect(page.locator("main")).to_contain_text("On time")
    journey.check(page, "lado-considered")

    # Tuesday: the allegation management meeting, with actions, owners and due dates.
    clock.move_to(TUESDAY)
    page = _signed_in_again(journey, lado, f"/lado/allegations/{allegation.pk}/")
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Allegation management meeting").check()
    _date(page, "held_on", 17, 11, 2026)
    page.get_by_label("Time of the meeting").fill("09:30")
    page.get_by_label("Who attended").fill(
        "Lee Lado, LADO\nDC Priya Patel, Example Police\nHead teacher, Hillside Primary\n"
        "Sam Worker, children's social care"
    )
    page.get_by_label("What was discussed and decided").fill(
        "Police to interview Lily and Mr Hollins. The school suspends Mr Hollins on full pay "
        "pending the police investigation. Social care to visit Lily's family."
    )
    page.locator("#id_action_1").fill("Interview Lily (ABE)")
    page.locator("#id_owner_1").fill("DC Priya Patel")
    _date(page, "due_1", 24, 11, 2026)
    page.locator("#id_action_2").fill("Confirm the suspension in writing")
    page.locator("#id_owner_2").fill("Head teacher")
    _date(page, "due_2", 18, 11, 2026)
    journey.check(page, "lado-meeting-form")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("meeting recorded")
    expect(page.locator("main")).to_contain_text("Interview Lily (ABE)")
    journey.check(page, "lado-meeting-recorded")

    # End of the month: each strand closes on its own; then the outcome and the DBS referral.
    clock.move_to(MONTH_END)
    page = _signed_in_again(journey, lado, f"/lado/allegations/{allegation.pk}/")
    row = page.locator("tr", has_text="Confirm the suspension in writing")
    row.get_by_role("button", name="Mark done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action marked done")
    _close_strand(page, "Police investigation", "DC Priya Patel", "Charged with common assault")
    expect(page.locator("main")).to_contain_text("The outcome is recorded once")
    _close_strand(page, "Employer's process", "Head teacher", "Dismissed after a hearing")
    _close_strand(page, "Children's social care", "Sam Worker", "Single assessment: NFA")
    journey.check(page, "lado-strands-closed")
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Substantiated", exact=True).check()
    page.get_by_label("Reasons for the outcome").fill(
        "Charged by the police and dismissed by the school: sufficient evidence to prove it."
    )
    journey.check(page, "lado-outcome-form")
    page.get_by_role("button", name="Record the outcome and close").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Substantiated")
    page.get_by_role("link", name="Record a referral to the DBS or a regulator").click()
    page.wait_for_load_state("load")
    page.get_by_label("Disclosure and Barring Service").check()
    _date(page, "referred_on", 30, 11, 2026)
    page.get_by_label("Who made the referral").fill("Hillside Primary (the employer)")
    page.get_by_label("Their reference").fill("DBS-2026-0412")
    journey.check(page, "lado-dbs-form")
    page.get_by_role("button", name="Save the referral").click()
    expect(page.locator("main")).to_contain_text("DBS-2026-0412")
    journey.check(page, "lado-closed")

    # The annual report.
    page.goto(journey.base + "/lado/")
    page.get_by_role("link", name="Annual report").click()
    expect(page.locator("main")).to_contain_text("1 of 1 considered (100%)")
    expect(page.locator("main")).to_contain_text("Education (schools and colleges)")
    journey.check(page, "lado-annual-report")

    # The school sees the outcome of its own referral.
    page = _signed_in_again(journey, people["referrer"], f"/lado/allegations/{allegation.pk}/")
    expect(page.locator("main")).to_contain_text("Substantiated")
    expect(page.locator("main")).not_to_contain_text("Charged with common assault")
    journey.check(page, "lado-employer-sees-outcome")
    allegation.refresh_from_db()
    assert allegation.closed_at is not None
    assert allegation.regulator_referrals.count() == 1
