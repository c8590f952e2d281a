"""A second report of an incident is not closed silently (issue 13 item 4): what it adds is an
alert on the first contact for its worker until acknowledged (which may re-rate it), a marker on
the queue, a part of the contact resource, and the second referrer is told it joined the work."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.duplicates import contact_duplicate_confirm, second_reports_of
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import RagRating, SecondReportAcknowledgement
from openmash.frontdoor.services.lifecycle import contact_allocate
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.second_reports import second_report_acknowledge
from openmash.people.matching import SubjectDetails
from tests.conftest import World, client_for, subject_details
from tests.frontdoor.queue_helpers import person

pytestmark = pytest.mark.clock

ALERT = "Second report of this incident"


def _report(world: World, people: list[Any], **extra: Any) -> Contact:
    subjects = [SubjectInput(details=subject_details(p), person=p) for p in people]
    subjects += extra.pop("unmatched", [])
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=extra.pop("agency", world.police),
            channel="phone",
            concern=extra.pop("concern", "Police called to a domestic incident; child present."),
            subjects=subjects,
            **extra,
        ),
    )


@pytest.fixture
def pair(world: World) -> tuple[Contact, Contact]:
    """ViST then CARA about the same child: the first is screened amber by the contact officer;
    the second names the alleged perpetrator too, adds a category and immediate risk."""
    ayo = person("Ayo", "Adeyemi")
    first = _report(world, [ayo], source_system="VIST", source_reference="V1")
    first = contact_screen(contact=first, actor=world.contact_officer, rag="amber")
    second = _report(
        world,
        [ayo],
        source_system="CARA",
        source_reference="C1",
        referrer_name="PC Jo Hart",
        referrer_role="CARA officer",
        referrer_email="jo.hart@police.test",
        concern="Mother's partner threatened her with a knife in front of Ayo.",
        categories=["domestic_abuse"],
        immediate_risk=True,
        immediate_risk_details="Partner still at the address",
        unmatched=[
            SubjectInput(
                details=SubjectDetails("Leo", "Marsh", date(1990, 1, 2), "M"),
                role="alleged_perpetrator",
                is_child=False,
            )
        ],
    )
    assert (second.duplicate_of, second.duplicate_status) == (first, "suspected")
    return first, second


def _page(user: Any, contact: Contact) -> str:
    return client_for(user).get(reverse("contacts:detail", args=[contact.pk])).text


def test_what_a_second_report_adds_is_worked_out_against_the_first(pair: Any) -> None:
    first, second = pair
    (report,) = second_reports_of(first)
    assert report.contact == second
    assert report.new_people == ["Leo Marsh (alleged perpetrator)"]
    assert report.new_categories == ["Domestic abuse"]
    assert (report.immediate_risk, report.risk_is_new) == (True, True)


def test_a_suspected_second_report_is_an_alert_on_the_first_contact(
    world: World, pair: Any
) -> None:
    first, second = pair
    page = _page(world.contact_officer, first)
    assert ALERT in page
    assert "Test Police, received" in page
    assert "PC Jo Hart, CARA officer" in page
    assert f"{second.reference}</a>: possibly the same incident (not yet checked)" in page
    assert "Named here for the first time: Leo Marsh (alleged perpetrator)" in page
    assert "New kinds of concern: Domestic abuse" in page
    assert "Partner still at the address" in page
    assert "threatened her with a knife" in page
    acknowledge = reverse("frontdoor:second_report_acknowledge", args=[first.pk, second.pk])
    assert acknowledge in page  # the contact officer has it (took it to screen)
    other = _page(world.social_worker, first)
    assert ALERT in other
    assert acknowledge not in other
    assert "Waiting for Contact Officer, the allocated worker, to acknowledge it" in other


def test_confirming_tells_the_second_referrer_it_joined_existing_work_and_no_more(
    world: World, pair: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = pair
    with django_capture_on_commit_callbacks(execute=True):
        contact_duplicate_confirm(actor=world.contact_officer, contact=second)
    second.refresh_from_db()
    assert second.status == "closed"
    text = second.outcome_for_referrer
    assert "was joined to that work" in text
    assert "already looking at this incident" in text
    assert (
        f"so on {timezone.localdate(second.closed_at):%-d %B %Y} your referral was joined" in text
    )
    assert first.reference not in text  # no internals: not the other report, nor who sent it
    assert "VIST" not in text
    assert "Test Police" not in text
    assert second.outcome_sent_at is not None
    sent = OutboxMessage.objects.get(to_email="jo.hart@police.test")
    assert sent.body == text
    assert AuditEvent.objects.filter(
        verb="contact.feedback_sent", target_id=str(second.pk)
    ).exists()
    # Still an alert on the first until its worker acknowledges it.
    page = _page(world.contact_officer, first)
    assert ALERT in page
    assert f"{second.reference}</a>: confirmed as the same incident" in page
    assert first.events.filter(kind="duplicate").exists()


def test_the_worker_acknowledges_and_re_rates_through_the_rag_service(
    world: World, pair: Any
) -> None:
    first, second = pair
    with pytest.raises(ApplicationError, match="Enter why the rating is changing"):
        second_report_acknowledge(
            contact=first, second_report=second, actor=world.contact_officer, rag="red"
        )
    ack = second_report_acknowledge(
        contact=first,
        second_report=second,
        actor=world.contact_officer,
        note="Knife and partner at the address: red, strategy discussion likely.",
        rag="red",
    )
    first.refresh_from_db()
    assert first.rag == "red"
    assert (ack.rag_before, ack.rag_after) == ("amber", "red")
    rating = RagRating.objects.filter(contact=first).last()
    assert (rating.previous, rating.rating) == ("amber", "red")
    row = AuditEvent.objects.get(verb="contact.second_report_acknowledged", target_id=str(first.pk))
    assert row.summary["second_report"] == second.pk
    assert row.summary["rag_after"] == "red"
    page = _page(world.contact_officer, first)
    assert ALERT not in page
    assert "acknowledged by Contact Officer" in page
    assert "re-rated red. Knife and partner at the address" in page
    with pytest.raises(ApplicationError, match="already been acknowledged"):
        second_report_acknowledge(contact=first, second_report=second, actor=world.manager)


def test_only_the_allocated_worker_or_a_manager_acknowledges(world: World, pair: Any) -> None:
    first, second = pair
    url = reverse("frontdoor:second_report_acknowledge", args=[first.pk, second.pk])
    body = {"version": first.version, "note": "Read it.", "rag": ""}
    for user, status in (
        (world.referrer, 404),
        (world.auditor, 403),
        (world.social_worker, 403),
    ):
        assert client_for(user).post(url, body).status_code == status, user
    assert not SecondReportAcknowledgement.objects.exists()
    response = client_for(world.manager).post(url, body)
    assert response.status_code == 302
    assert SecondReportAcknowledgement.objects.get().acknowledged_by == world.manager


def test_an_unallocated_contacts_alert_is_for_any_worker(world: World) -> None:
    ayo = person("Ayo", "Adeyemi")
    first = _report(world, [ayo])
    second = _report(world, [ayo], agency=world.school)
    assert first.allocated_to_id is None
    url = reverse("frontdoor:second_report_acknowledge", args=[first.pk, second.pk])
    client = client_for(world.social_worker)
    assert "Acknowledge the second report" in client.get(url).text
    assert client.post(url, {"version": first.version, "note": "", "rag": ""}).status_code == 302
    first = contact_allocate(contact=first, actor=world.manager, to=world.contact_officer)
    assert SecondReportAcknowledgement.objects.filter(contact=first).count() == 1


def test_a_contact_that_is_not_a_report_of_this_incident_is_404(world: World, pair: Any) -> None:
    first, second = pair
    unrelated = _report(world, [person("Kit", "Other")])
    url = reverse("frontdoor:second_report_acknowledge", args=[first.pk, unrelated.pk])
    assert client_for(world.contact_officer).post(url, {"version": ""}).status_code == 404
    url = reverse("frontdoor:second_report_acknowledge", args=[second.pk, first.pk])
    assert client_for(world.contact_officer).post(url, {"version": ""}).status_code == 404


def test_a_rejected_second_report_is_no_alert(world: World, pair: Any) -> None:
    from openmash.contacts.duplicates import contact_duplicate_reject

    first, second = pair
    contact_duplicate_reject(actor=world.contact_officer, contact=second)
    assert second_reports_of(first) == []
    assert ALERT not in _page(world.contact_officer, first)


def test_a_restricted_second_report_is_in_outline_only(world: World, pair: Any) -> None:
    first, second = pair
    Contact.objects.filter(pk=second.pk).update(is_restricted=True)
    second.restricted_to.add(world.manager)
    page = _page(world.contact_officer, first)
    assert "A restricted contact reports this incident again" in page
    assert "threatened her with a knife" not in page
    assert "Leo Marsh" not in page
    named = _page(world.manager, first)
    assert "threatened her with a knife" in named


def test_the_queue_marks_a_contact_with_a_second_report_until_acknowledged(
    world: World, pair: Any
) -> None:
    first, second = pair

    def row() -> dict[str, Any]:
        items = client_for(world.contact_officer).get("/api/v1/queue/").json()["results"]
        return next(i for i in items if i["id"] == first.pk)

    assert row()["second_reports_waiting"] == 1
    assert "Second report" in client_for(world.contact_officer).get(reverse("frontdoor:queue")).text
    second_report_acknowledge(contact=first, second_report=second, actor=world.contact_officer)
    assert row()["second_reports_waiting"] == 0


def test_the_contact_resource_carries_the_alert_for_staff_only(world: World) -> None:
    ayo = person("Ayo", "Adeyemi")
    first = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Ayo said there was shouting at home.",
            subjects=[SubjectInput(details=subject_details(ayo), person=ayo)],
            submitted_by=world.referrer,
        ),
    )
    second = _report(world, [ayo], categories=["domestic_abuse"])
    url = f"/api/v1/contacts/{first.pk}/"
    staff = client_for(world.contact_officer).get(url).json()
    (item,) = staff["second_reports"]
    assert item["id"] == second.pk
    assert item["reference"] == second.reference
    assert item["new_categories"] == ["Domestic abuse"]
    assert item["acknowledged"] is False
    assert client_for(world.referrer).get(url).json()["second_reports"] == []


def test_the_acknowledge_api_runs_the_same_service(world: World, pair: Any) -> None:
    first, second = pair
    url = f"/api/v1/contacts/{first.pk}/second-reports/{second.pk}/acknowledge/"

    def post(user: Any, body: dict[str, Any]) -> Any:
        return client_for(user).post(url, body, content_type="application/json")

    assert post(world.social_worker, {}).status_code == 403
    assert post(world.contact_officer, {"rag": "red", "version": first.version}).status_code == 400
    assert post(world.contact_officer, {"version": first.version - 1}).status_code == 409
    response = post(
        world.contact_officer, {"rag": "red", "note": "Knife.", "version": first.version}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["acknowledged"], body["rag_before"], body["rag_after"]) == (True, "amber", "red")
    assert post(world.contact_officer, {}).status_code == 400  # already acknowledged
    missing = f"/api/v1/contacts/{first.pk}/second-reports/{first.pk}/acknowledge/"
    response = client_for(world.contact_officer).post(missing, {}, content_type="application/json")
    assert response.status_code == 404


def test_the_contact_page_query_count_does_not_grow_with_second_reports(
    world: World, pair: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, _ = pair
    client = client_for(world.contact_officer)
    url = reverse("contacts:detail", args=[first.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ayo = first.contact_subjects.get().person
    for agency in (world.school, world.other_school, world.la):
        _report(world, [ayo], agency=agency, categories=["neglect"])
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).text
    assert page.count(ALERT) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
