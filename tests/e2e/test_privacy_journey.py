"""A subject access request in a real browser (issue 23 item 4, "Must show"): the privacy officer
logs a mother's request about her child, finds everything held (the police contact naming the
man arrested), redacts the third party and the police intelligence with their reasons, downloads
the disclosure (the redacted words are not in the PDF) and closes the request; a social worker is
refused. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-privacy-*.png."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from openmash.accounts.models import Agency
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.calendar import LONDON
from openmash.people.services import person_create
from openmash.privacy.models import SubjectAccessRequest
from tests.conftest import make_user, subject_details
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TUESDAY = datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)
THIRD_PARTY = "Dorian Kell of 14 Larch Road"
POLICE_INTEL = "Operation Nightjar intelligence grade B2"


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _date(page: Page, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def _redact(journey: Journey, page: Page, span: str, reason: str, name: str) -> None:
    page.get_by_role("link", name=re.compile(r"^Redact Contact")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redact an item")
    page.get_by_role("radio", name="Some of its text").check()
    page.get_by_label("Text to redact", exact=False).fill(span)
    page.get_by_role("radio", name=reason).check()
    journey.check(page, name)
    page.get_by_role("button", name="Add the redaction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Redaction added")


def test_a_subject_access_request_with_redactions_to_its_disclosure(
    journey: Journey, clock: time_machine.Traveller
) -> None:
    clock.move_to(TUESDAY)
    people = _people()
    council = Agency.objects.get(code="LA")
    police = Agency.objects.get(code="POL")
    officer = make_user("priya.privacy@council.test", council, "privacy_officer")
    child = person_create(
        actor=None,
        given_name="Maisie",
        family_name="Thornton",
        date_of_birth=datetime(2017, 6, 2, tzinfo=LONDON).date(),
        sex="F",
        nhs_number="9990000026",
    )
    contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=police,
            channel="phone",
            concern=(
                f"Police attended a domestic incident. {THIRD_PARTY} was arrested. "
                f"{POLICE_INTEL}. The child was asleep upstairs."
            ),
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            referrer_name="PC Hollis",
        ),
    )

    # A social worker has no way in.
    worker = journey.as_(people["worker"], "/information-governance/")
    expect(worker.get_by_role("heading", level=1)).not_to_have_text("Subject access requests")

    page = journey.as_(officer, "/information-governance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access requests")
    journey.check(page, "privacy-requests-none")
    page.get_by_role("link", name="Log a request").click()
    page.get_by_role("button", name="Log the request").click()  # nothing entered: errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the requester's name")
    journey.check(page, "privacy-request-errors")
    page.get_by_label("Person index number").fill(str(child.pk))
    page.get_by_label("Requester's name").fill("Karen Thornton")
    page.get_by_label("Who the requester is to the person").fill("Mother")
    _date(page, "received_on", 16, 11, 2026)
    _date(page, "identity_verified_on", 16, 11, 2026)
    page.get_by_label("How their identity was verified", exact=False).fill("Passport seen")
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Records held about Maisie Thornton")
    # 16 December 2026 is a Wednesday: the corresponding date, a working day.
    expect(page.locator(".govuk-summary-list")).to_contain_text("Wednesday 16 December 2026")
    expect(page.locator("main")).to_contain_text(THIRD_PARTY)
    journey.check(page, "privacy-request-held")

    _redact(journey, page, THIRD_PARTY, "Information about a third party", "privacy-redact-third")
    _redact(
        journey,
        page,
        POLICE_INTEL,
        "Police information: prevention or detection of crime",
        "privacy-redact-police",
    )
    main = page.locator("main")
    expect(main).to_contain_text("[Redacted: Information about a third party]")
    expect(main).to_contain_text("[Redacted: Police information: prevention or detection of crime]")
    journey.check(page, "privacy-request-redacted")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the disclosure (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Dorian Kell" not in text
    assert "Nightjar" not in text
    assert "The child was asleep upstairs" in text
    assert "Redacted: Information about a third party" in text

    page.get_by_role("link", name="Close the request").click()
    _date(page, "disclosed_on", 17, 11, 2026)
    journey.check(page, "privacy-close")
    page.get_by_role("button", name="Close the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Request closed")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Closed: disclosed 17 November 2026"
    )
    journey.check(page, "privacy-request-closed")
    assert SubjectAccessRequest.objects.get().status == "closed"

    page.goto(journey.base + "/information-governance/retention/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention and disposal")
    journey.check(page, "privacy-retention")
