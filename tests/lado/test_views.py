"""The LADO's pages as its staff and an employer use them: the referral form, the consideration,
a strand, a meeting with actions, the outcome, a DBS referral and the annual report."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.lado.models import Allegation
from openmash.lado.selectors import lado_annual_report
from openmash.lado.services import (
    allegation_conclude,
    allegation_consider,
    regulator_referral_record,
    strand_update,
)
from tests.conftest import World, client_for
from tests.lado.helpers import allegation_referred, lado_officer, london


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


REFERRAL = {
    "subject_given_name": "Gareth",
    "subject_family_name": "Hollins",
    "role": "PE teacher",
    "sector": "education",
    "child_given_name": "Lily",
    "child_family_name": "Marsh",
    "description": "Grabbed Lily's arm in the changing room; a bruise was seen.",
}


def test_an_employer_refers_through_the_portal(world: World) -> None:
    client = client_for(world.referrer)

    response = client.post(reverse("lado:refer"), REFERRAL)

    allegation = Allegation.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("lado:allegation", args=[allegation.pk])
    assert (allegation.referred_by, allegation.employer, allegation.channel) == (
        world.referrer,
        world.school,
        "portal",
    )
    assert allegation.source == "employer"


def test_the_referral_form_says_what_is_missing(world: World) -> None:
    response = client_for(world.referrer).post(reverse("lado:refer"), {"role": "Coach"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter the adult&#x27;s first name" in text or "Enter the adult's first name" in text
    assert "Select the sector the adult works in" in text
    assert not Allegation.objects.exists()


def test_the_lado_works_an_allegation_through_the_pages(world: World) -> None:
    allegation = allegation_referred(world, at=london(2026, 11, 17, 9, 0))
    client = client_for(lado_officer(world))
    page = reverse("lado:allegation", args=[allegation.pk])

    considered = client.post(
        reverse("lado:consider", args=[allegation.pk]),
        {
            "criteria": ["harmed_child", "transferable_risk"],
            "decision": "meets",
            "reason": "Bruise",
        },
    )
    strand = client.post(
        reverse("lado:strand", args=[allegation.pk, "police"]),
        {"owner": "DC Patel, Test Police", "status": "closed", "outcome": "No further action"},
    )
    meeting = client.post(
        reverse("lado:meeting_add", args=[allegation.pk]),
        {
            "kind": "management",
            **_date("held_on", date(2026, 11, 18)),
            "held_time": "09:00",
            "attendees": "LADO\nDC Patel",
            "minutes": "Police NFA; school to hold a disciplinary hearing.",
            "action_1": "Send the hearing's outcome to the LADO",
            "owner_1": "Head teacher",
            **_date("due_1", date(2026, 12, 2)),
        },
    )

    assert [considered.status_code, strand.status_code, meeting.status_code] == [302, 302, 302]
    allegation.refresh_from_db()
    assert allegation.transferable_risk is True
    assert allegation.decision == "meets"
    text = client.get(page).content.decode()
    assert "Send the hearing&#x27;s outcome to the LADO" in text
    assert "DC Patel, Test Police" in text
    outcome_refused = client.get(reverse("lado:conclude", args=[allegation.pk]))
    posted = client.post(
        reverse("lado:conclude", args=[allegation.pk]),
        {"outcome": "substantiated", "reason": "Proven"},
    )
    assert outcome_refused.status_code == 200
    assert "Close every strand" in posted.content.decode()


def test_a_half_filled_action_row_is_refused(world: World) -> None:
    allegation = allegation_referred(world, at=london(2026, 11, 17, 9, 0))
    response = client_for(lado_officer(world)).post(
        reverse("lado:meeting_add", args=[allegation.pk]),
        {
            "kind": "strategy",
            **_date("held_on", date(2026, 11, 18)),
            "held_time": "09:00",
            "attendees": "LADO",
            "minutes": "Minutes",
            "action_1": "Interview the child",
        },
    )
    assert response.status_code == 200
    assert "Enter who owns action 1" in response.content.decode()


def test_the_annual_report_counts_by_sector_source_outcome_and_timeliness(world: World) -> None:
    officer = lado_officer(world)
    on_time = allegation_referred(world, at=london(2026, 11, 16, 10, 0))
    late = allegation_referred(
        world, at=london(2026, 11, 2, 10, 0), sector="sport", role="Football coach"
    )
    allegation_referred(world, at=london(2025, 5, 1, 10, 0))  # the year before
    for allegation, moment in ((on_time, london(2026, 11, 16, 15, 0)), (late, None)):
        allegation_consider(
            allegation=allegation,
            actor=officer,
            harmed_child=True,
            possible_offence=False,
            risk_of_harm=False,
            transferable_risk=False,
            decision="meets",
            reason="Bruise",
        ) if moment is None else _consider_at(allegation, officer, moment)
    for strand in on_time.strands.all():
        strand_update(strand=strand, actor=officer, owner="O", status="closed", outcome="NFA")
    allegation_conclude(allegation=on_time, actor=officer, outcome="substantiated", reason="R")
    regulator_referral_record(
        allegation=on_time,
        actor=officer,
        body="dbs",
        referred_on=date(2026, 11, 18),
        made_by="Test School",
    )

    report = lado_annual_report(officer, year_start=date(2026, 4, 1))

    assert report.total == 2
    assert dict(report.by_sector) == {
        "Education (schools and colleges)": 1,
        "Sport and leisure": 1,
    }
    assert dict(report.by_source) == {"Employer": 2}
    assert dict(report.by_outcome)["Substantiated"] == 1
    assert (report.considered, report.considered_on_time, report.on_time_percent) == (2, 1, 50)
    assert report.still_open == 1
    assert report.regulator_referrals == [("Disclosure and Barring Service", 1)]
    page = client_for(officer).get(reverse("lado:report") + "?year=2026")
    assert page.status_code == 200
    assert "Sport and leisure" in page.content.decode()


def _consider_at(allegation: Allegation, officer, moment) -> None:
    import time_machine

    with time_machine.travel(moment, tick=False):
        allegation_consider(
            allegation=allegation,
            actor=officer,
            harmed_child=True,
            possible_offence=False,
            risk_of_harm=False,
            transferable_risk=False,
            decision="meets",
            reason="Bruise",
        )


def test_the_administrator_changes_the_consideration_time(world: World) -> None:
    client = client_for(world.admin)
    response = client.post(
        reverse("lado:settings"), {"consideration_working_days": "2", "reason": "Local protocol"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="lado.setting_changed").exists()


@pytest.mark.parametrize("persona", ["social_worker", "referrer", "manager"])
def test_only_lado_staff_change_an_allegation(world: World, persona: str) -> None:
    allegation = allegation_referred(world)
    user = getattr(world, persona)
    response = client_for(user).post(
        reverse("lado:strand", args=[allegation.pk, "police"]), {"status": "open", "owner": "x"}
    )
    assert response.status_code == 403
    assert allegation.strands.get(kind="police").status == "not_started"
