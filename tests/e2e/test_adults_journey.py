"""An adult's safeguarding enquiry in a real browser (issue 18 "Must show"): the MASH manager
authorises a section 42 enquiry for an older woman's concern; the adults' worker takes it as
enquiry officer, asks her what she wants to happen and records it in her own words, records that
she lacks capacity (flagged until an IMCA is offered), causes the care home to make the enquiry,
reviews its report, records the risk and concludes: risk reduced, outcomes partly achieved. Every
page passes axe and keeps to the CSP; screenshots go to test-artifacts/journey-*-adults-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from openmash.accounts.models import Agency, Team
from openmash.adults.models import SafeguardingEnquiry
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.services.decisions import OutcomeInput, decision_propose
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from tests.e2e.test_frontdoor_journey import Journey, _people

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WANTS = ("I want to feel safe when the night staff come", "I want to stay living at Larchwood")


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


def _saved(page: Page, words: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(words)


def test_an_adults_concern_becomes_an_enquiry_that_asks_her_what_safe_means(
    journey: Journey,
) -> None:
    people = _people()
    worker, manager = people["worker"], people["manager"]
    mash = Team.objects.get(name="MASH")
    contact = contact_create(
        actor=people["officer"],
        data=ContactInput(
            source_agency=Agency.objects.get(code="POL"),
            channel="phone",
            concern="Edith's daughter says night staff at Larchwood leave her in wet bedding; "
            "bruises on both forearms.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Edith", family_name="Marsh", nhs_number="9990000026"
                    ),
                    is_child=False,
                )
            ],
        ),
    )
    contact = contact_screen(contact=contact, actor=worker, rag="amber")
    decision_propose(
        contact=contact,
        actor=worker,
        outcomes=[OutcomeInput(contact.contact_subjects.get().pk, "s42_enquiry", True, True, True)],
        rationale="Dementia and care needs; possible neglect at the home; cannot protect herself.",
        team=mash,
    )

    # The MASH manager authorises the section 42 enquiry.
    page = journey.as_(manager, f"/mash/contacts/{contact.pk}/authorise/")
    journey.check(page, "adults-mash-authorise")
    page.get_by_role("button", name="Authorise decision").click()
    _saved(page, "Decision authorised")
    enquiry = SafeguardingEnquiry.objects.get(source__contact=contact)
    assert enquiry.enquiry_type == "s42"

    # The worker finds it on the team's list and takes it as enquiry officer.
    page = journey.as_(worker, "/adults/")
    journey.check(page, "adults-list")
    page.get_by_role("link", name=enquiry.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edith Marsh")
    journey.check(page, "adults-enquiry-new")
    page.get_by_role("link", name="Allocate an enquiry officer").click()
    page.get_by_label("Enquiry officer").select_option(label=worker.full_name)
    journey.check(page, "adults-allocate")
    page.get_by_role("button", name="Save").click()
    _saved(page, f"Enquiry allocated to {worker.full_name}")

    # Making Safeguarding Personal: what Edith wants, in her own words.
    page.get_by_role("link", name="Change what the adult wants to happen").click()
    page.get_by_label("Yes, and they expressed outcomes").check()
    page.get_by_label("Who was asked (optional)").fill("Edith, with her daughter present")
    page.get_by_label("The outcomes they want, in their own words").fill("\n".join(WANTS))
    journey.check(page, "adults-msp")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Desired outcomes recorded")
    expect(page.locator("#main-content")).to_contain_text(WANTS[0])

    # Capacity: she lacks it, nobody offered yet: flagged; then an IMCA offered and involved.
    page.get_by_role("link", name="Change mental capacity and advocacy").click()
    page.get_by_label("Lacks capacity").check()
    page.get_by_label("Nobody").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Lacks capacity: no advocate offered"
    )
    journey.check(page, "adults-flagged")
    page.get_by_role("link", name="Change mental capacity and advocacy").click()
    page.get_by_label("Independent Mental Capacity Advocate (IMCA)").check()
    page.get_by_role("group", name="Was the support offered?").get_by_label("Yes").check()
    page.get_by_role(
        "group", name="Is the advocate, family member or friend involved?"
    ).get_by_label("Yes").check()
    page.get_by_label("Their name (optional)").fill("Sam Ellis, Advocacy in Knowsley")
    journey.check(page, "adults-capacity")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Capacity and advocacy recorded")
    expect(page.locator("#main-content")).not_to_contain_text("no advocate offered")

    # The care home is caused to make the enquiry; it is also the provider the concern is about.
    page = journey.as_(worker, "/adults/providers/new/")
    page.get_by_label("Provider's name").fill("Larchwood Care Home")
    page.get_by_label("Care home (residential)").check()
    page.get_by_label("CQC location ID (optional)").fill("1-000000001")
    journey.check(page, "adults-provider-add")
    page.get_by_role("button", name="Add the provider").click()
    _saved(page, "Larchwood Care Home added")
    page = journey.as_(worker, f"/adults/enquiries/{enquiry.pk}/made-by/")
    page.get_by_label("Caused to be made by another organisation").check()
    page.get_by_label("Organisation caused to make the enquiry").select_option(
        label="Larchwood Care Home"
    )
    _on(page, "report_due_on", timezone.localdate() + timedelta(days=14))
    page.get_by_label("Care provider the concern is about").select_option(
        label="Larchwood Care Home"
    )
    journey.check(page, "adults-made-by")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Who makes the enquiry recorded")
    expect(page.locator("#main-content")).to_contain_text("Not yet received")

    # Its report arrives and the worker reviews it.
    page.get_by_role("link", name="Record the report and your review").click()
    _on(page, "received_on", timezone.localdate())
    page.get_by_label("What did your review of the report find?").fill(
        "The home's investigation is thorough: two night carers untrained in continence care; "
        "both retrained, night staffing raised to three."
    )
    journey.check(page, "adults-report")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Report and review recorded")

    # The risk, on the Safeguarding Adults Collection's lists.
    page.get_by_role("link", name="Change risk").click()
    page.get_by_label("Neglect and acts of omission").check()
    page.get_by_label("Service provider").check()
    page.get_by_label("Care home: residential").check()
    journey.check(page, "adults-risk")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Risk recorded")

    # The safeguarding plan: an action, done.
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action").fill("Night checks every two hours, recorded on the care plan")
    page.get_by_label("Who will do it").fill("Larchwood's registered manager")
    _on(page, "due_on", timezone.localdate() + timedelta(days=7))
    journey.check(page, "adults-plan-action")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Action added to the safeguarding plan")
    page.get_by_role("button", name="Mark done").click()
    _saved(page, "Action done")

    # Concluded: risk reduced, both outcomes partly achieved.
    page.get_by_role("link", name="Conclude the enquiry").click()
    page.get_by_label("Risk identified", exact=True).check()
    page.get_by_role("group", name="Was action taken?").get_by_label("Yes").check()
    page.get_by_label("Risk reduced").check()
    for want in WANTS:
        page.get_by_role("group", name=want).get_by_label("Partly achieved").check()
    page.get_by_label("The enquiry's findings").fill(
        "Neglect at night substantiated. Edith feels safer but is still anxious at night; she "
        "stays at Larchwood with a review in six weeks."
    )
    journey.check(page, "adults-conclude")
    page.get_by_role("button", name="Save").click()
    _saved(page, f"Enquiry {enquiry.reference} concluded")
    main = page.locator("#main-content")
    expect(main).to_contain_text("risk identified, risk reduced")
    expect(main.get_by_text("Partly achieved")).to_have_count(2)
    journey.check(page, "adults-concluded")

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.risk_result) == ("concluded", "reduced")
    assert {o.achieved for o in enquiry.outcomes.all()} == {"partly"}

    # The contact the concern came in on links to the enquiry.
    page = journey.as_(worker, f"/contacts/{contact.pk}/")
    panel = page.locator("#adult-enquiries")
    expect(panel).to_contain_text(f"Section 42 enquiry {enquiry.reference}")
    expect(panel).to_contain_text("concluded")

    # The provider's page for the quality team shows the enquiry linked.
    page = journey.as_(worker, f"/adults/providers/{enquiry.provider_id}/")
    expect(page.locator("#main-content table")).to_contain_text(enquiry.reference)
    journey.check(page, "adults-provider")
