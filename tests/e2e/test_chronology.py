"""A worker reads a child's chronology in a real browser (issue 19 "Must show"): opens a child
with history from the person page, filters to the police's events, marks one significant, and
downloads the PDF. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-chronology-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency
from openmash.chronology.models import SignificantEvent
from openmash.chronology.services import chronology_entry_add
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.requests import (
    information_request_respond,
    information_request_send,
)
from openmash.people.services import person_create
from tests.conftest import subject_details
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _child_with_history(people: dict[str, Any]) -> Any:
    child = person_create(
        actor=None,
        given_name="Maisie",
        family_name="Okafor",
        date_of_birth=date(2017, 4, 2),
        nhs_number="9990000026",
    )
    police, school = Agency.objects.get(code="POL"), Agency.objects.get(code="SCH")
    for agency, concern in (
        (school, "Maisie came to school hungry again and asleep in class."),
        (police, "Police called to a domestic incident; Maisie was in the flat."),
    ):
        contact = contact_create(
            actor=people["officer"],
            data=ContactInput(
                source_agency=agency,
                channel="phone",
                concern=concern,
                subjects=[SubjectInput(details=subject_details(child), person=child)],
            ),
        )
    contact = contact_screen(contact=contact, actor=people["worker"], rag="amber")
    request = information_request_send(
        contact=contact,
        actor=people["worker"],
        agency=police,
        subjects=[contact.contact_subjects.get()],
        questions="Any earlier incidents at the flat?",
        shared_summary="A domestic incident with Maisie present.",
        lawful_basis="children_act_1989_s17",
    )
    information_request_respond(
        request=request,
        actor=people["police"],
        response="Three call-outs since March; her mother's partner was arrested once.",
    )
    chronology_entry_add(
        person=child,
        actor=people["worker"],
        happened_on=date(2019, 8, 14),
        kind="health",
        summary="Seen at A&E with a burn to her hand",
        agency=Agency.objects.get(code="LA"),
        source="Health visitor's record",
    )
    return child


def test_a_worker_reads_filters_marks_and_exports_a_chronology(journey: Journey) -> None:
    people = _people()
    child = _child_with_history(people)
    page = journey.as_(people["worker"], f"/people/{child.pk}/")
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_role("heading", level=1, name="Chronology")).to_be_visible()
    expect(page.get_by_role("heading", name="Seen at A&E with a burn to her hand")).to_be_visible()
    journey.check(page, "chronology-person")

    page.get_by_label("Agency").select_option(label="Example Police")
    page.get_by_role("button", name="Apply filters").click()
    shared = page.get_by_role("heading", name="Example Police shared what they know")
    expect(shared).to_be_visible()
    expect(page.get_by_role("heading", name="Seen at A&E with a burn to her hand")).to_have_count(0)
    journey.check(page, "chronology-police")

    page.get_by_role("button", name="Example Police shared what they know").click()
    expect(page.get_by_text("Event marked significant")).to_be_visible()
    expect(page.get_by_text("Significant", exact=True)).to_be_visible()
    assert SignificantEvent.objects.filter(person=child).count() == 1
    journey.check(page, "chronology-marked")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this chronology as a PDF").click()
    pdf = download.value
    assert pdf.suggested_filename == f"chronology-{child.pk}.pdf"
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("link", name="Family").click()
    expect(page.get_by_role("heading", level=1, name="Family")).to_be_visible()
    journey.check(page, "chronology-family")

    # The police's MASH representative reads what the police shared about Maisie, and nothing
    # of the MASH's own records (issue 19 item 8).
    rep = journey.as_(people["police"], "/")
    menu = rep.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="People asked about").click()
    expect(
        rep.get_by_role("heading", level=1, name="People your agency was asked about")
    ).to_be_visible()
    journey.check(rep, "chronology-agency-people")
    rep.get_by_role("link", name="Maisie Okafor").click()
    expect(rep.get_by_role("heading", level=1, name="What Example Police shared")).to_be_visible()
    expect(rep.get_by_text("Three call-outs since March")).to_be_visible()
    expect(rep.get_by_text("Seen at A&E with a burn to her hand")).to_have_count(0)
    expect(rep.get_by_text("Significant", exact=True)).to_have_count(0)
    journey.check(rep, "chronology-agency")
