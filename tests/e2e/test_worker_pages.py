"""Pages a worker can use (issue 13 item 10), in a real browser as a busy social worker sees
them: the queue and the contacts list use the full width of the screen, the list filters by RAG,
the contact page has a contents list, the threshold suggestion appears beside the indicators as
they are ticked. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-worker-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency, Team
from openmash.contacts.models import Contact, ContactStatus
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching import SubjectDetails
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _contact(people: dict[str, Any], name: str, family: str, **fields: Any) -> Contact:
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="POL"),
            channel="phone",
            concern=f"Police called to the address overnight; {name} was at home.",
            subjects=[SubjectInput(details=SubjectDetails(given_name=name, family_name=family))],
            categories=["domestic_abuse"],
        ),
    )
    if fields:
        Contact.objects.filter(pk=contact.pk).update(**fields)
    return contact


def _contacts(people: dict[str, Any]) -> dict[str, Contact]:
    mash = Team.objects.get(name="MASH")
    return {
        "red": _contact(people, "Mia", "Marsh", rag="red", team=mash, status="screening"),
        "amber": _contact(people, "Leo", "Okafor", rag="amber", team=mash, status="screening"),
        "green": _contact(
            people, "Ava", "Kowalczyk-Fitzgerald", rag="green", status=ContactStatus.SCREENING
        ),
        "new": _contact(people, "Noah", "Patel"),
    }


def test_a_social_workers_pages(journey: Journey) -> None:
    people = _people()
    contacts = _contacts(people)
    worker = people["worker"]

    # The queue: the full width, nothing off the side of a laptop's screen (1280 pixels), and on
    # an office monitor (1440 and wider) each clock's words on one line.
    page = journey.as_(worker, "/mash/queue/")
    journey.check(page, "worker-queue-1280")
    main = page.locator("#main-content").bounding_box()
    assert main is not None
    assert main["width"] > 1100, main  # wider than GOV.UK's 960px reading measure
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 1280, wide
    page.set_viewport_size({"width": 1440, "height": 900})
    page.reload()
    row = page.locator("#queue-table tbody tr").first.bounding_box()
    assert row is not None
    assert row["height"] < 100, row  # name and category, Take under Unallocated; times unwrapped
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    expect(page.locator("#queue-table")).to_contain_text("Received ")
    journey.check(page, "worker-queue-1440")

    # The contacts list: RAG on each row, filtered to red.
    page = journey.as_(worker, "/contacts/")
    expect(page.locator("table")).to_contain_text("Not rated")
    page.get_by_label("RAG rating").select_option(label="Red")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".moj-filter__selected")).to_contain_text("RAG rating: Red")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table")).to_contain_text(contacts["red"].reference)
    journey.check(page, "worker-contacts-filtered")

    # The contact page: a contents list beside its sections.
    page = journey.as_(worker, f"/contacts/{contacts['red'].pk}/")
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents).to_be_visible()
    expect(contents.get_by_role("link", name="People")).to_be_visible()
    journey.check(page, "worker-contact-page")
    contents.get_by_role("link", name="Who has seen or changed this record").click()
    assert page.url.endswith("#record-history")
    expect(contents).to_be_in_viewport()  # it stays beside the section the worker reads

    # The threshold: the suggestion beside the indicators changes as they are ticked.
    page = journey.as_(worker, f"/mash/contacts/{contacts['red'].pk}/threshold/")
    suggestion = page.locator("#threshold-suggestion")
    expect(suggestion).to_contain_text("No level suggested yet")
    page.locator("details", has=page.locator('input[value="L3-CD-01"]')).locator(
        "summary"
    ).first.click()
    page.locator('input[value="L3-CD-01"]').check()
    expect(suggestion.get_by_role("heading", name="Suggested: level 3")).to_be_visible()
    box, ticked = suggestion.bounding_box(), page.locator('input[value="L3-CD-01"]').bounding_box()
    assert box is not None
    assert ticked is not None
    assert box["x"] > ticked["x"] + 300, (box, ticked)  # beside the indicators, not below
    journey.check(page, "worker-threshold-live")
