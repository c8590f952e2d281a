"""Family Help in a real browser (issue 16 "Must show"): a MASH manager authorises an early help
decision; the Family Help team accepts the request and names the school's designated
safeguarding lead as lead practitioner; the DSL records the family's agreement, the assessment
and a plan, reviews it and steps the family up; the MASH sees the Family Help history on the new
contact. Every page passes axe and keeps to the CSP; screenshots go to
test-artifacts/journey-*-fh-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from openmash.accounts.models import Agency, TeamKind
from openmash.accounts.services import team_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.familyhelp.defaults import domains_load_defaults
from openmash.familyhelp.models import FamilyHelpCase
from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from tests.conftest import make_user
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(live_server: Any, browser: Browser) -> Iterator[Journey]:
    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()


def _date(page: Page, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"#id_{field}_0").fill(day)
    page.locator(f"#id_{field}_1").fill(month)
    page.locator(f"#id_{field}_2").fill(year)


def _on(page: Page, field: str, day: date) -> None:
    """A GOV.UK date input set to `day` (dates follow the test's "now", whichever it is)."""
    _date(page, field, str(day.day), str(day.month), str(day.year))


def test_early_help_from_the_mash_to_a_step_up_that_loses_nothing(journey: Journey) -> None:
    people = _people()
    domains_load_defaults()  # a transactional test before may have flushed them
    council = Agency.objects.get(code="LA")
    team = team_create(
        actor=None, agency=council, name="Family Help North", kind=TeamKind.EARLY_HELP
    )
    fh_worker = make_user("jo.familyhelp@council.test", council, "early_help")
    fh_worker.teams.add(team)
    dsl = people["referrer"]
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="SCH"),
            channel="phone",
            concern="Ava is late most days and hungry; mum says she cannot cope since the baby.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Ava", family_name="Marsh", nhs_number="9990000026"
                    )
                )
            ],
        ),
    )
    contact = contact_screen(contact=contact, actor=people["worker"], rag="green")
    decision_propose(
        contact=contact,
        actor=people["worker"],
        outcomes=[OutcomeInput(contact.contact_subjects.get().pk, "early_help")],
        rationale="Needs below the threshold for social care: help with routines and school.",
        team=team,
    )

    # The MASH manager authorises the early help decision.
    page = journey.as_(people["manager"], f"/mash/contacts/{contact.pk}/authorise/")
    journey.check(page, "fh-mash-authorise")
    page.get_by_role("button", name="Authorise decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision authorised")
    case = FamilyHelpCase.objects.get(contact=contact)

    # The Family Help team sees the request and accepts it, naming the school's DSL.
    page = journey.as_(fh_worker, "/")
    expect(page.locator("#main-content")).to_contain_text("1 request waiting for your team")
    page = journey.as_(fh_worker, "/family-help/")
    journey.check(page, "fh-team-queue")
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator("#main-content")).to_contain_text("help with routines and school")
    journey.check(page, "fh-request")
    page.get_by_role("link", name="Accept the request").click()
    page.get_by_label("Lead practitioner's email address").fill(dsl.email)
    journey.check(page, "fh-accept")
    page.get_by_role("button", name="Accept and name the lead practitioner").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Request accepted")

    # The school's DSL, as lead practitioner, finds the family on their home page.
    page = journey.as_(dsl, "/")
    expect(page.locator("#main-content table")).to_contain_text(case.reference)
    journey.check(page, "fh-dsl-home")
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Record the family's agreement").click()
    page.get_by_label("Yes, the family agreed").check()
    page.get_by_label("What the family said").fill("Mum said she would welcome the help.")
    page.get_by_role("button", name="Record the family's answer").click()

    page.get_by_role("link", name="Record the early help assessment").click()
    page.get_by_label("Learning and education").fill("Late four days in five; behind in reading.")
    page.get_by_label("Parenting capacity").fill("Warm and loving; mornings overwhelm mum.")
    page.get_by_label("The child's own words").fill("I like school when I have had breakfast.")
    page.get_by_label("The parents' or carers' own words").fill("I need help in the mornings.")
    page.get_by_label("Analysis").fill("Mornings fall apart since the baby; mum is isolated.")
    journey.check(page, "fh-assessment")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assessment saved")

    page.get_by_role("link", name="Record the family's plan").click()
    _on(page, "agreed_on", timezone.localdate())
    page.locator("#id_o1_text").fill("Ava arrives at school on time")
    page.locator("#id_o1_actions").fill("Breakfast club: school")
    page.locator("#id_o2_text").fill("Mum has support in the mornings")
    journey.check(page, "fh-plan")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan saved")

    page.get_by_role("link", name="Review the plan").click()
    _on(page, "held_on", timezone.localdate())
    page.get_by_label("What has changed, and what was tried").fill(
        "Breakfast club place taken up twice; mum missed the family support visits."
    )
    page.locator("fieldset").filter(has_text="Progress: Ava arrives").get_by_label(
        "Some progress"
    ).check()
    page.locator("fieldset").filter(has_text="Progress: Mum has support").get_by_label(
        "Not started"
    ).check()
    journey.check(page, "fh-review")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review saved")
    journey.check(page, "fh-case")

    page.get_by_role("link", name="Step up to social care").click()
    page.get_by_label("Why is Family Help not enough now?").fill(
        "Ava came in with a bruise and says mum's new partner shouts and grabs her."
    )
    page.get_by_label("What was tried with the family").fill(
        "Breakfast club, family support visits offered weekly, a parenting course."
    )
    journey.check(page, "fh-step-up")
    page.get_by_role("button", name="Send to the MASH").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sent to the MASH")
    case.refresh_from_db()
    step_up = case.handbacks.get().contact

    # The MASH: the step-up is first on the queue, and its page shows the Family Help history.
    page = journey.as_(people["worker"], "/mash/queue/")
    expect(page.locator("#queue-table tbody tr").first).to_contain_text(step_up.reference)
    journey.check(page, "fh-mash-queue")
    page = journey.as_(people["worker"], f"/contacts/{step_up.pk}/")
    panel = page.locator("#family-help")
    expect(panel).to_contain_text("Step-up from Family Help")
    expect(panel).to_contain_text("Breakfast club, family support visits offered weekly")
    expect(panel).to_contain_text("Ava arrives at school on time")
    expect(panel).to_contain_text("Some progress")
    expect(panel).to_contain_text("I like school when I have had breakfast.")
    journey.check(page, "fh-mash-contact")
