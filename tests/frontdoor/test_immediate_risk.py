"""A contact recorded with immediate risk, from any channel, arrives rated red by the system,
first in the queue, and tells the MASH managers at once (and the out-of-hours team out of hours).
Issue 13 item 2."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.accounts.models import TeamKind
from openmash.accounts.services import team_create
from openmash.contacts.drafts import referral_draft_create
from openmash.contacts.imports import import_notifications
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import ContactEvent, RagRating
from openmash.frontdoor.selectors.queue import QueueFilters, queue_contacts
from openmash.frontdoor.services.arrival import ARRIVAL_REASON
from openmash.frontdoor.services.rag import contact_screen, rag_due
from tests.conftest import World, client_for, make_user, subject_details
from tests.contacts.test_imports import GOOD, HEADER
from tests.contacts.test_referral_form import _complete_draft, _step
from tests.contacts.test_staff_intake import URL as INTAKE_URL
from tests.contacts.test_staff_intake import _form as intake_form

pytestmark = pytest.mark.clock

LONDON = ZoneInfo("Europe/London")
RISK = "Stepfather is at the house tonight and has threatened her."


@pytest.fixture
def edt_worker(world: World) -> Any:
    """A member of the emergency duty team: told of immediate risk out of working hours."""
    team = team_create(actor=None, agency=world.la, name="EDT", kind=TeamKind.EDT)
    worker = make_user("edt.worker@council.test", world.la, "edt")
    worker.teams.add(team)
    return worker


def _told(user: Any) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(to_email=user.email, subject__contains="Immediate"))


def assert_arrived_red(world: World, contact: Contact) -> None:
    """What every channel must give: the system's red rating, the flag, the audit and the notice."""
    contact.refresh_from_db()
    assert contact.immediate_risk
    assert contact.rag == "red"
    assert contact.status == "received"  # nobody has screened it yet
    assert contact.allocated_to_id is None
    assert contact.escalated_at == contact.rated_at
    assert contact.rag_due_at == rag_due("red", contact.received_at)
    rating = RagRating.objects.get(contact=contact)
    assert (rating.rating, rating.rated_by, rating.reason) == ("red", None, ARRIVAL_REASON)
    rated = AuditEvent.objects.get(verb="contact.rag_rated", target_id=str(contact.pk))
    assert rated.actor is None
    assert rated.summary["by"] == "system"
    assert rated.summary["reason"] == "Rated red on arrival: immediate risk"
    told = AuditEvent.objects.get(verb="contact.immediate_risk_arrived", target_id=str(contact.pk))
    assert world.manager.email in told.summary["told"]
    assert ContactEvent.objects.filter(contact=contact, summary__startswith=ARRIVAL_REASON).exists()
    messages = _told(world.manager)
    assert len(messages) == 1
    assert contact.reference in messages[0].body
    assert RISK not in messages[0].body  # the message says where to look, not what was said
    assert not _told(world.referrer)


# Each channel.


def test_the_referral_form_sends_a_contact_with_immediate_risk_in_red(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    _complete_draft(client, draft)
    client.post(_step(draft, "risk"), {"immediate_risk": "yes", "immediate_risk_details": RISK})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contacts:refer_check", args=[draft.pk]))
    assert response.status_code == 302
    assert_arrived_red(world, Contact.objects.get(submitted_by=world.referrer))


def test_staff_intake_of_a_contact_with_immediate_risk_arrives_red(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.contact_officer)
    data = intake_form(world, immediate_risk="yes", immediate_risk_details=RISK)
    data["categories_household"] = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INTAKE_URL, data)
    assert response.status_code == 302, response.text
    assert_arrived_red(world, Contact.objects.get(channel="phone"))


def test_a_contact_posted_to_the_api_with_immediate_risk_comes_back_red(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.contacts.test_contacts_api import _body, _post

    received = (timezone.now() - timedelta(minutes=20)).isoformat()
    body = _body(received_at=received, immediate_risk=True, immediate_risk_details=RISK)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(world.contact_officer, body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["rag"], data["immediate_risk"]) == ("red", True)
    assert_arrived_red(world, Contact.objects.get(pk=data["id"]))


def _file(*references: str, risk: str = "yes") -> io.StringIO:
    header = HEADER + ",immediate_risk,immediate_risk_details"
    received = timezone.localtime(timezone.now() - timedelta(minutes=30)).isoformat()
    rows = []
    for number, reference in enumerate(references):
        values = {**GOOD, "source_reference": reference, "received_at": received}
        values["nhs_number"] = ""  # a different child each time
        values["given_name"] = f"Child{chr(65 + number)}"
        cells = [values[name] for name in HEADER.split(",")] + [risk, RISK if risk else ""]
        rows.append(",".join(f'"{cell}"' for cell in cells))
    return io.StringIO("\n".join([header, *rows]) + "\n")


@pytest.mark.parametrize("one_by_one", [False, True], ids=["batched", "one-by-one"])
def test_an_imported_notification_with_immediate_risk_arrives_red(
    world: World, django_capture_on_commit_callbacks: Any, one_by_one: bool
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = import_notifications(
            actor=world.contact_officer,
            stream=_file("VI-RISK-1", "VI-RISK-2"),
            file_name="notifications.csv",
            source_system="",
            mapping="generic",
            one_by_one=one_by_one,
        )
    assert result.contacts_created == 2, result.errors
    contacts = list(Contact.objects.order_by("pk"))
    for contact in contacts:
        assert contact.import_batch_id == result.batch.pk
    assert all(c.rag == "red" for c in contacts)
    assert RagRating.objects.filter(rated_by=None).count() == 2
    # The batched path tells each manager once for the chunk; one by one, once per contact.
    messages = _told(world.manager)
    assert len(messages) == (2 if one_by_one else 1)
    assert all(c.reference in "".join(m.body for m in messages) for c in contacts)


def test_an_imported_row_saying_yes_without_details_is_the_row_s_error(world: World) -> None:
    stream = _file("VI-RISK-3")
    text = stream.getvalue().replace(RISK, "")
    result = import_notifications(
        actor=world.contact_officer,
        stream=io.StringIO(text),
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
    )
    assert result.contacts_created == 0
    assert [(e.field, e.message) for e in result.errors] == [
        ("immediate_risk_details", "Describe the immediate risk")
    ]


def test_an_imported_notification_without_immediate_risk_is_not_rated(world: World) -> None:
    result = import_notifications(
        actor=world.contact_officer,
        stream=_file("VI-CALM-1", risk=""),
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
    )
    assert result.contacts_created == 1, result.errors
    assert Contact.objects.get().rag == ""
    assert not RagRating.objects.exists()


# Who is told, and when.


def _recorded_with_risk(world: World, child: Any, **changes: Any) -> Contact:
    data = ContactInput(
        source_agency=world.police,
        channel="phone",
        concern="Police at the address.",
        subjects=[SubjectInput(details=subject_details(child), person=child)],
        immediate_risk=True,
        immediate_risk_details=RISK,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return contact_create(actor=world.contact_officer, data=data)


def test_out_of_hours_the_emergency_duty_team_is_told_too(
    world: World, child: Any, edt_worker: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    clock.move_to(datetime(2026, 11, 21, 2, 40, tzinfo=LONDON))  # a Saturday night
    with django_capture_on_commit_callbacks(execute=True):
        contact = _recorded_with_risk(world, child)
    assert _told(world.manager)
    assert _told(edt_worker)
    assert "the out-of-hours team has been told too" in _told(edt_worker)[0].body
    told = AuditEvent.objects.get(verb="contact.immediate_risk_arrived", target_id=str(contact.pk))
    assert told.summary["out_of_hours"] is True
    assert edt_worker.email in told.summary["told"]


def test_in_working_hours_only_the_managers_are_told(
    world: World, child: Any, edt_worker: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    clock.move_to(datetime(2026, 11, 18, 10, 30, tzinfo=LONDON))  # a Wednesday morning
    with django_capture_on_commit_callbacks(execute=True):
        _recorded_with_risk(world, child)
    assert _told(world.manager)
    assert not _told(edt_worker)


def test_nothing_is_sent_when_the_contact_is_not_recorded(
    world: World, child: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    def refused() -> None:
        with transaction.atomic():
            _recorded_with_risk(world, child)
            raise RuntimeError("the database refused it")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        refused()
    assert not OutboxMessage.objects.exists()
    assert not RagRating.objects.exists()


# The queue and the contact page.


def test_a_contact_with_immediate_risk_is_first_in_the_queue_before_an_overdue_one(
    world: World, child: Any, contact: Contact
) -> None:
    Contact.objects.filter(pk=contact.pk).update(
        rag="amber", rag_due_at=timezone.now() - timedelta(hours=5)
    )
    urgent = _recorded_with_risk(world, child)
    order = [c.pk for c in queue_contacts(world.manager, QueueFilters())]
    assert order == [urgent.pk, contact.pk]


def test_the_queue_and_the_contact_page_show_the_flag(world: World, child: Any) -> None:
    urgent = _recorded_with_risk(world, child)
    client = client_for(world.social_worker)
    queue = client.get(reverse("frontdoor:queue"))
    assert "1 immediate risk" in queue.text
    assert queue.text.count(">Immediate risk</strong>") == 1
    page = client.get(reverse("contacts:detail", args=[urgent.pk]))
    assert "Rated red on arrival" in page.text
    assert "the managers were told" in page.text
    api = client.get("/api/v1/queue/").json()
    assert api["results"][0]["immediate_risk"] is True


def test_the_flag_is_not_shown_to_a_referrer_as_a_rating(world: World, child: Any) -> None:
    # Deny: the same contact through the referrer's eyes shows no rating or clock.
    urgent = _recorded_with_risk(world, child, submitted_by=world.referrer, channel="portal")
    data = client_for(world.referrer).get(f"/api/v1/contacts/{urgent.pk}/").json()
    assert data["rag"] == ""
    assert data["rag_due_at"] is None


def test_screening_it_red_keeps_the_system_s_rating(world: World, child: Any) -> None:
    urgent = _recorded_with_risk(world, child)
    screened = contact_screen(contact=urgent, actor=world.social_worker, rag="red")
    assert (screened.status, screened.rag) == ("screening", "red")
    assert RagRating.objects.filter(contact=urgent).count() == 1


def test_re_rating_it_down_needs_a_reason(world: World, child: Any) -> None:
    from openmash.core.errors import ApplicationError

    urgent = _recorded_with_risk(world, child)
    with pytest.raises(ApplicationError, match="Enter why the rating is changing"):
        contact_screen(contact=urgent, actor=world.social_worker, rag="amber")
