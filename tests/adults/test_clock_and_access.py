"""The enquiry's clock (its local target date, a setting with history) on the front door's
breach job; who may see and work an enquiry; the API; My work on the home page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from openmash.adults.models import EnquirySetting
from openmash.adults.selectors import enquiries_overdue
from openmash.adults.services import (
    enquiry_allocate,
    enquiry_setting_change,
    setting_current,
    target_date_for,
)
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import Breach
from openmash.frontdoor.registry import breach_clocks
from openmash.frontdoor.services.breaches import breaches_detect
from tests.adults.helpers import enquiry_for, ready_to_conclude
from tests.conftest import client_for

LONDON = ZoneInfo("Europe/London")
KIND = "adults.enquiry_target"
pytestmark = pytest.mark.clock


def test_the_target_is_a_local_setting_with_history(world):
    assert setting_current().target_working_days == 20
    # Wednesday 18 November 2026 + 20 working days: Wednesday 16 December.
    assert target_date_for(date(2026, 11, 18)) == date(2026, 12, 16)
    with pytest.raises(ApplicationError, match="between 1 and 130"):
        enquiry_setting_change(actor=world.admin, target_working_days=0, reason="x")
    enquiry_setting_change(
        actor=world.admin, target_working_days=28, reason="Board procedures revised"
    )
    assert setting_current().target_working_days == 28
    assert list(EnquirySetting.objects.values_list("target_working_days", flat=True)) == [28, 20]
    # Enquiries already started keep their target; new ones get the new one.
    assert target_date_for(date(2026, 11, 18)) == date(2026, 12, 30)  # Christmas skipped
    page = client_for(world.admin).get(reverse("adults:settings")).content.decode()
    assert "Board procedures revised" in page


def test_an_enquiry_past_its_target_date_is_a_breach_until_concluded(world):
    from openmash.adults.services import ConclusionInput, enquiry_conclude

    assert breach_clocks.get(KIND) is not None
    enquiry = ready_to_conclude(world)
    due = enquiry.target_date
    assert list(enquiries_overdue(datetime(due.year, due.month, due.day, 23, tzinfo=LONDON))) == []
    later = datetime(due.year, due.month, due.day, tzinfo=LONDON) + timedelta(days=1, hours=9)
    [overdue] = enquiries_overdue(later)
    assert overdue.target == enquiry
    assert overdue.team_id == world.mash.pk
    breaches_detect(now=later)
    [breach] = Breach.objects.filter(kind=KIND)
    assert (breach.target_type, breach.target_id) == ("adults.safeguardingenquiry", enquiry.pk)
    enquiry.refresh_from_db()
    enquiry_conclude(
        enquiry=enquiry,
        actor=world.social_worker,
        data=ConclusionInput("no_risk", False, "", {}, "No abuse found."),
    )
    breaches_detect(now=later + timedelta(hours=1))
    breach.refresh_from_db()
    assert breach.resolved_at is not None


def test_partners_and_other_teams_get_the_same_404_and_readers_cannot_change(world):
    from openmash.accounts.services import team_create
    from tests.conftest import make_user

    enquiry = enquiry_for(world)
    url = reverse("adults:enquiry", args=[enquiry.pk])
    for user in (world.referrer, world.police_rep, world.admin):
        assert client_for(user).get(url).status_code in (403, 404)
    other_team = team_create(actor=None, agency=world.la, name="Adults East", kind="adults_mash")
    stranger = make_user("adults.east@council.test", world.la, "adults_social_worker")
    stranger.teams.add(other_team)
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(world.auditor).get(url).status_code == 200
    change = reverse("adults:msp", args=[enquiry.pk])
    assert client_for(world.auditor).get(change).status_code == 403
    # The officer from another team, once allocated, sees and works it.
    enquiry_allocate(enquiry=enquiry, actor=world.manager, officer=stranger)
    assert client_for(stranger).get(change).status_code == 200


def test_my_work_on_the_home_page_and_the_list(world):
    enquiry = enquiry_for(world)
    enquiry_allocate(enquiry=enquiry, actor=world.manager, officer=world.social_worker)
    home = client_for(world.social_worker).get("/").content.decode()
    assert "You are the officer for 1 open enquiry" in home
    assert enquiry.reference in home
    listing = client_for(world.social_worker).get(reverse("adults:enquiries")).content.decode()
    assert "Enquiries you are the officer for" in listing
    assert "Not allocated" not in listing
    assert "You are the officer" not in client_for(world.contact_officer).get("/").content.decode()


def test_the_api_reads_and_concludes_through_the_same_rules(world):
    enquiry = ready_to_conclude(world)
    api = client_for(world.social_worker)
    listing = api.get("/api/v1/adult-enquiries/?status=open").json()
    assert [e["reference"] for e in listing["results"]] == [enquiry.reference]
    url = f"/api/v1/adult-enquiries/{enquiry.pk}/"
    assert api.get(url).json()["msp_asked"] == "none_expressed"
    refused = api.post(
        url + "conclude/",
        {"risk_outcome": "identified", "action_taken": True, "conclusion": "Found."},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "removed, reduced or remains" in refused.json()["detail"]
    done = api.post(
        url + "conclude/",
        {
            "risk_outcome": "identified",
            "action_taken": True,
            "risk_result": "removed",
            "conclusion": "Found.",
        },
        content_type="application/json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "concluded"
    assert client_for(world.referrer).get(url).status_code == 404
    capacity = api.post(
        f"/api/v1/adult-enquiries/{enquiry_for(world, 2).pk}/capacity/",
        {"capacity": "lacks", "support_kind": "none"},
        content_type="application/json",
    )
    assert capacity.json()["needs_advocate"] is True
    assert "Lacks capacity: no advocate offered" in capacity.json()["flags"]
