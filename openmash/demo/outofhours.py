"""Demo out-of-hours work: an emergency duty team worker, and last night's contacts with the EDT
(a visit, the police and an interim safety plan), on a hand-over waiting for the MASH manager."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency, Role, Team, TeamKind, User
from openmash.accounts.services import user_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.calendar import LONDON
from openmash.demo.accounts import DEMO_PASSWORD, require_demo_mode
from openmash.outofhours.models import EdtRecord
from openmash.outofhours.period import handover_day, is_out_of_hours, setting_current
from openmash.outofhours.services import edt_action_record, edt_record_open, safety_plan_record
from openmash.people.matching import SubjectDetails

EDT_EMAIL = "edt.worker@example.org"
CONCERN = (
    "Police rang at 22:40: Maya (9) ran to a neighbour's flat; her mother's partner was shouting "
    "and threw a glass, and her mother has a cut hand. Maya is frightened to go back tonight."
)


def _edt_worker() -> User:
    worker = User.objects.filter(email=EDT_EMAIL).first()
    if worker is not None:
        return worker
    agency = Agency.objects.get(code="LA")
    return user_create(
        actor=None,
        email=EDT_EMAIL,
        full_name="Eden Duty",
        job_title="Emergency duty team social worker",
        agency=agency,
        roles=Role.objects.filter(code="edt"),
        teams=Team.objects.filter(agency=agency, kind=TeamKind.EDT),
        password=DEMO_PASSWORD,
        is_demo=True,
    )


def _last_night(now: datetime) -> datetime:
    """22:45 on the latest evening before now that was out of hours."""
    setting = setting_current()
    day: date = timezone.localtime(now, LONDON).date()
    for back in range(1, 8):
        moment = datetime.combine(day - timedelta(days=back), time(22, 45), LONDON)
        if is_out_of_hours(moment, setting=setting):
            return moment
    return now - timedelta(hours=12)


@transaction.atomic
def demo_out_of_hours_load() -> int:
    require_demo_mode()
    if EdtRecord.objects.exists():
        return 0
    worker = _edt_worker()
    now = timezone.now()
    received = _last_night(now)
    contact = contact_create(
        actor=worker,
        data=ContactInput(
            source_agency=Agency.objects.get(code="POL"),
            channel="phone",
            concern=CONCERN,
            immediate_risk=True,
            immediate_risk_details="Domestic abuse tonight; Maya will not go home.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name="Maya",
                        family_name="Brennan",
                        date_of_birth=date(2017, 2, 11),
                        sex="F",
                        nhs_number="9990000069",
                    )
                )
            ],
            received_at=received,
        ),
    )
    record = EdtRecord.objects.filter(contact=contact).first() or edt_record_open(
        contact=contact, actor=worker, now=received
    )
    edt_action_record(
        record=record,
        actor=worker,
        kind="police",
        taken_at=received + timedelta(minutes=10),
        detail="Police attended; the partner was arrested and is in custody overnight.",
        now=received + timedelta(minutes=15),
    )
    edt_action_record(
        record=record,
        actor=worker,
        kind="visit",
        taken_at=received + timedelta(minutes=75),
        detail="Visited with police. Maya safe with her grandmother; mother's hand treated.",
        now=received + timedelta(minutes=120),
    )
    day = handover_day(received)
    safety_plan_record(
        record=record,
        actor=worker,
        who_does_what=(
            "Grandmother keeps Maya at her home until the day team visits. Mother stays with "
            "them; police tell EDT if the partner is released."
        ),
        until=datetime.combine(day, time(17, 0), LONDON),
        how_checked="EDT rings the grandmother at 08:00; the MASH social worker visits today.",
        expected_version=0,
        now=received + timedelta(minutes=130),
    )
    return 1
