"""The per-agency response-time report, on a known set of requests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.core.calendar import LONDON
from openmash.frontdoor.models import InformationRequest, RequestStatus
from openmash.frontdoor.selectors_requests import information_request_report
from tests.conftest import client_for
from tests.frontdoor.test_requests_support import health_with_rep

pytestmark = pytest.mark.clock

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)


def _at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def _request(world, contact, agency, sent, due, *, answered=None, status=RequestStatus.OPEN):
    if answered is not None:
        status = RequestStatus.ANSWERED
    return InformationRequest.objects.create(
        contact=contact,
        agency=agency,
        questions="Known to you?",
        shared_summary="Concern about a child.",
        lawful_basis="children_act_1989_s17",
        requested_by=world.social_worker,
        requested_at=sent,
        due_at=due,
        status=status,
        responded_at=answered,
        responded_by=world.police_rep if answered else None,
        response="Answer." if answered else "",
    )


def _another_contact(world, contact):
    from openmash.contacts.services import ContactInput, SubjectInput, contact_create
    from tests.conftest import subject_details

    child = contact.subjects.get()
    return contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Earlier concern.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
        ),
    )


def _known_requests(world, contact):
    """Police: answered on time (2 h), late (24 h, 8 working), on time over a weekend (67 h,
    3 working), overdue, withdrawn, and one overdue from before the period. Health: answered
    in 4 h, one not yet due, and one after the period."""
    health, _ = health_with_rep(world)
    police = world.police
    _request(world, contact, police, _at(2, 10), _at(2, 16), answered=_at(2, 12))
    _request(world, contact, police, _at(3, 10), _at(3, 16), answered=_at(4, 10))
    _request(world, contact, police, _at(6, 16), _at(9, 14), answered=_at(9, 11))
    _request(world, contact, police, _at(10, 9), _at(10, 15))
    _request(world, contact, police, _at(11, 9), _at(11, 15), status=RequestStatus.WITHDRAWN)
    _request(world, _another_contact(world, contact), police, _at(1, 10), _at(2, 10))
    _request(world, contact, health, _at(12, 10), _at(13, 10), answered=_at(12, 14))
    _request(world, contact, health, _at(13, 10), _at(25, 10))
    _request(world, contact, health, _at(14, 10), _at(16, 10), answered=_at(14, 12))
    return health


def test_the_report_counts_each_agencys_requests_in_the_period(
    world, contact, django_assert_max_num_queries
):
    _known_requests(world, contact)
    with django_assert_max_num_queries(5):
        report = information_request_report(
            date_from=date(2026, 11, 2), date_to=date(2026, 11, 13), now=NOW
        )
    health, police = report.rows
    assert (health.agency_name, police.agency_name) == ("Test Health Trust", "Test Police")
    assert (police.sent, police.answered, police.answered_on_time) == (5, 3, 2)
    assert (police.withdrawn, police.overdue_in_period, police.due) == (1, 1, 4)
    assert police.on_time_percent == 50.0
    assert (police.median_hours, police.p90_hours) == (24.0, 58.4)
    assert (police.median_working_hours, police.p90_working_hours) == (3.0, 7.0)
    assert police.open_overdue_now == 2
    assert (health.sent, health.answered, health.due, health.on_time_percent) == (2, 1, 1, 100.0)
    assert (health.median_hours, health.p90_hours, health.open_overdue_now) == (4.0, 4.0, 0)
    total = report.total
    assert (total.sent, total.answered, total.due, total.on_time_percent) == (7, 4, 5, 60.0)
    assert total.open_overdue_now == 2


def test_an_agency_with_nothing_due_shows_no_percentage(world, contact):
    health, _ = health_with_rep(world)
    _request(world, contact, health, _at(13, 10), _at(25, 10))
    report = information_request_report(
        date_from=date(2026, 11, 2), date_to=date(2026, 11, 13), now=NOW
    )
    (row,) = report.rows
    assert row.sent == 1
    assert row.on_time_percent is None
    assert row.median_hours is None


def test_the_report_page_shows_the_figures_to_staff_and_auditors_only(world, contact):
    now = timezone.now()
    _request(world, contact, world.police, now - timedelta(hours=30), now - timedelta(hours=2))
    url = reverse("frontdoor:request_report")
    for allowed in (world.auditor, world.manager, world.contact_officer):
        response = client_for(allowed).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Test Police" in body
        assert 'govuk-tag--red">1<' in body  # open and overdue now
    for refused in (world.police_rep, world.referrer, world.admin):
        assert client_for(refused).get(url).status_code == 403


def test_the_report_page_checks_the_period(world):
    today = timezone.localdate()
    start, end = today - timedelta(days=10), today - timedelta(days=20)
    response = client_for(world.auditor).get(
        reverse("frontdoor:request_report")
        + f"?date_from_day={start.day}&date_from_month={start.month}&date_from_year={start.year}"
        + f"&date_to_day={end.day}&date_to_month={end.month}&date_to_year={end.year}"
    )
    assert response.status_code == 200
    assert "The end of the period must be after its start" in response.content.decode()


def test_the_report_api_gives_the_same_figures(world, contact):
    now = timezone.now()
    answered_at = now - timedelta(hours=1)
    _request(world, contact, world.police, now - timedelta(hours=5), now, answered=answered_at)
    response = client_for(world.auditor).get(reverse("api:information_request_report"))
    assert response.status_code == 200
    body = response.json()
    (police,) = body["agencies"]
    assert police["agency"] == "POL"
    assert (police["sent"], police["answered"], police["on_time_percent"]) == (1, 1, 100.0)
    assert police["median_hours"] == 4.0
    assert body["total"]["sent"] == 1
    assert (
        client_for(world.police_rep).get(reverse("api:information_request_report")).status_code
        == 403
    )
    bad = client_for(world.auditor).get(
        reverse("api:information_request_report") + "?date_from=2026-11-10&date_to=2026-11-01"
    )
    assert bad.status_code == 400
    assert "date_to" in bad.json()["errors"]
