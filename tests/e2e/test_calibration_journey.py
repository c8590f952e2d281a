"""A threshold calibration exercise in a real browser (issue 22 "Must show"): a quality lead
makes a vignette from a real contact, reviews its anonymised text, invites a MASH social worker,
a team manager and a police representative, and opens the exercise; each answers on their own
(seeing nobody else's answer); the lead closes it and the results show kappa and alpha with their
intervals. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-calibration-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from openmash.accounts.models import Agency
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching import SubjectDetails
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _answer(page: Page, level: str, outcome: str) -> None:
    page.get_by_role("link", name="Answer to vignette 1").click()
    page.get_by_label(level, exact=True).check()
    page.get_by_label(outcome, exact=True).check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Your answer to vignette 1 is saved")).to_be_visible()


def test_three_participants_calibrate_a_threshold_decision(journey: Journey) -> None:
    people = _people()
    council = Agency.objects.get(code="LA")
    lead = make_user("quinn.quality@council.test", council, "quality_lead")
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="SCH"),
            channel="phone",
            concern=(
                "Ava Marsh (born 02/06/2015) came to school hungry again; mum says she cannot "
                "cope since the baby. Their flat at 3 Mill Lane, LS6 1AB, had no food."
            ),
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Ava",
                        family_name="Marsh",
                        nhs_number="9990000026",
                        postcode="LS6 1AB",
                    ),
                    address_line1="3 Mill Lane",
                )
            ],
        ),
    )

    # The lead creates the exercise and makes a vignette from the contact.
    page = journey.as_(lead, "/quality/calibration/")
    journey.check(page, "calibration-list")
    page.get_by_role("button", name="Create an exercise").click()
    page.get_by_label("Title").fill("Neglect thresholds, December")
    page.get_by_role("button", name="Create the exercise").click()
    page.get_by_label("Contact reference").fill(contact.reference)
    page.get_by_role("button", name="Add a vignette").click()
    expect(page.get_by_text("Not reviewed")).to_be_visible()

    # The draft names nobody; the lead reads it and saves it as reviewed.
    page.get_by_role("link", name="Review vignette 1").click()
    text = page.get_by_label("Vignette text").input_value()
    for identifier in ("Ava", "Marsh", "Mill Lane", "LS6 1AB", "02/06/2015", contact.reference):
        assert identifier not in text
    journey.check(page, "calibration-review")
    page.get_by_label("Vignette text").fill(text + "\n\nThe school has raised hunger twice.")
    page.get_by_role("button", name="Save as reviewed").click()

    for who in (people["worker"], people["manager"], people["police"]):
        page.get_by_label("Invite a participant").select_option(
            label=f"{who.full_name}, {who.agency.name}"
        )
        page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_role("button", name="Open for answers").click()
    expect(page.get_by_text("participants can now answer")).to_be_visible()
    journey.check(page, "calibration-lead-open")

    # Each participant answers alone: nobody else's answer is on their page.
    answers = [
        (people["worker"], "Level 2", "Early help"),
        (people["manager"], "Level 3", "Child and family assessment (section 17)"),
        (people["police"], "Level 3", "Child and family assessment (section 17)"),
    ]
    for number, (who, level, outcome) in enumerate(answers):
        page = journey.as_(who, "/quality/calibration/")
        page.get_by_role("link", name="Neglect thresholds, December").click()
        if number == 0:
            page.get_by_role("link", name="Answer to vignette 1").click()
            journey.check(page, "calibration-answer")
            page.go_back()
        _answer(page, level, outcome)
        expect(page.get_by_role("heading", name="Results")).to_have_count(0)
        assert "Early help" not in page.content() or number == 0

    # The lead closes the exercise: the results, by vignette, participant, agency and team.
    page = journey.as_(lead, "/quality/calibration/")
    page.get_by_role("link", name="Neglect thresholds, December").click()
    expect(page.get_by_text("1 of 1")).to_have_count(3)
    page.get_by_role("button", name="Close and show the results").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.get_by_text("Krippendorff's alpha (ordinal)")).to_be_visible()
    journey.check(page, "calibration-results")

    # A participant sees the results too, without colleagues' names.
    page = journey.as_(people["police"], "/quality/calibration/")
    page.get_by_role("link", name="Neglect thresholds, December").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.get_by_text("By participant")).to_have_count(0)
    journey.check(page, "calibration-results-participant")
