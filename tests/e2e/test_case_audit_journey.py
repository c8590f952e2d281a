"""A case audit with moderation in a real browser (issue 22 "Must show"): a quality lead writes
an audit template, audits a social worker's decision on a contact (an answer and a finding per
question, a grade); the worker reads the findings and responds; a second quality lead disagrees
with the grade and records the moderated grade; the auditor is never offered moderation of their
own audit. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-case-audit-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from openmash.accounts.models import Agency
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.models import Decision, DecisionOutcome
from openmash.people.matching import SubjectDetails
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def test_a_case_audit_is_answered_responded_to_and_moderated(journey: Journey) -> None:
    people = _people()
    council = Agency.objects.get(code="LA")
    lead = make_user("quinn.quality@council.test", council, "quality_lead")
    moderator = make_user("robin.moderator@council.test", council, "quality_lead")
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="SCH"),
            channel="phone",
            concern="Ava came to school hungry again; mum says she cannot cope since the baby.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Ava", family_name="Marsh", nhs_number="9990000026"
                    )
                )
            ],
        ),
    )
    now = timezone.now()
    decision = Decision.objects.create(
        contact=contact,
        state="authorised",
        rationale="Needs are met by early help",
        proposed_by=people["worker"],
        authorised_by=people["manager"],
        authorised_at=now,
    )
    subject = contact.contact_subjects.first()
    assert subject is not None
    DecisionOutcome.objects.create(decision=decision, subject=subject, outcome="early_help")

    # The lead writes a template with guidance.
    page = journey.as_(lead, "/quality/audit-templates/")
    page.get_by_role("button", name="Create a template").click()
    page.get_by_label("Title").fill("Front door decisions")
    page.get_by_label("Questions").fill(
        "Was the threshold applied correctly? | Compare with the continuum of need\n"
        "Was the child's voice recorded? | Look for the child's own words"
    )
    journey.check(page, "case-audit-template-new")
    page.get_by_role("button", name="Create the template").click()
    expect(page.get_by_text("Audit template created")).to_be_visible()
    journey.check(page, "case-audit-template")

    # The lead audits the worker's decision.
    page.goto(journey.base + "/quality/audits/")
    page.get_by_label("Contact reference").fill(contact.reference)
    page.get_by_label("Audit template").select_option(label="Front door decisions (version 1)")
    page.get_by_role("button", name="Start the audit").click()
    page.get_by_label("1. Was the threshold applied correctly?").fill("Yes: early help fits")
    page.get_by_label("Finding for question 1 (optional)").fill("Level 2 was right")
    page.get_by_label("2. Was the child's voice recorded?").fill("No")
    page.get_by_label("Finding for question 2 (optional)").fill("Ava's own words are missing")
    page.get_by_role("button", name="Save answers and findings").click()
    expect(page.get_by_text("Answers and findings saved")).to_be_visible()
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Summary of findings").fill("A sound decision; the child's voice is thin.")
    journey.check(page, "case-audit-auditor")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_text("Audit completed")).to_be_visible()
    expect(page.get_by_role("heading", name="Moderate the grade")).to_have_count(0)

    # The worker reads the findings and responds.
    page = journey.as_(people["worker"], "/quality/audits/")
    page.get_by_role("link", name=f"{contact.reference} case audit").click()
    expect(page.get_by_text("Ava's own words are missing")).to_be_visible()
    page.get_by_label("Your response").fill("Agreed. I will speak to Ava at school this week.")
    page.get_by_role("button", name="Save your response").click()
    expect(page.get_by_text("Your response is saved")).to_be_visible()
    journey.check(page, "case-audit-worker")

    # A second quality lead disagrees with the grade.
    page = journey.as_(moderator, "/quality/audits/")
    page.get_by_role("link", name=f"{contact.reference} case audit").first.click()
    page.get_by_label("No, I disagree").check()
    page.get_by_label("Requires improvement").check()
    page.get_by_label("Reason").fill("Without Ava's voice the decision cannot be checked.")
    journey.check(page, "case-audit-moderation")
    page.get_by_role("button", name="Record the moderation").click()
    expect(page.get_by_text("Moderation recorded")).to_be_visible()
    expect(page.get_by_text("Requires improvement").first).to_be_visible()
    journey.check(page, "case-audit-moderated")
