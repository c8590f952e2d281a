"""Demo LADO work: the designated officer (in the LADO team), an allegation the demo school
referred this morning, waiting for the initial consideration, and one in progress (considered,
an allegation management meeting with actions, the police strand open)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency, Role, Team, TeamKind, User
from openmash.accounts.services import user_create
from openmash.demo.accounts import DEMO_PASSWORD, require_demo_mode
from openmash.lado.models import Allegation
from openmash.lado.services import (
    ActionInput,
    AllegationInput,
    allegation_consider,
    allegation_refer,
    meeting_record,
    strand_update,
)
from openmash.people.matching import SubjectDetails

LADO_EMAIL = "lado.officer@example.org"


def _lado_officer() -> User:
    officer = User.objects.filter(email=LADO_EMAIL).first()
    if officer is not None:
        return officer
    agency = Agency.objects.get(code="LA")
    return user_create(
        actor=None,
        email=LADO_EMAIL,
        full_name="Lee Lado",
        job_title="Designated officer (LADO)",
        agency=agency,
        roles=Role.objects.filter(code="lado"),
        teams=Team.objects.filter(agency=agency, kind=TeamKind.LADO),
        password=DEMO_PASSWORD,
        is_demo=True,
    )


@transaction.atomic
def demo_lado_load() -> int:
    require_demo_mode()
    if Allegation.objects.exclude(channel="synthetic").exists():
        return 0
    officer = _lado_officer()
    school = User.objects.get(email="school.referrer@example.org")
    now = timezone.now()
    allegation_refer(
        actor=school,
        data=AllegationInput(
            subject=SubjectDetails(given_name="Gareth", family_name="Hollins"),
            role="PE teacher",
            sector="education",
            description="A Year 8 pupil says Mr Hollins grabbed her arm hard in the changing "
            "room yesterday; her form tutor saw a bruise this morning.",
            children=[SubjectDetails(given_name="Lily", family_name="Marsh")],
            received_at=now - timedelta(hours=2),
        ),
    )
    earlier = now - timedelta(days=9)
    running = allegation_refer(
        actor=officer,
        data=AllegationInput(
            subject=SubjectDetails(given_name="Dean", family_name="Carver"),
            role="Football coach",
            sector="sport",
            is_volunteer=True,
            employer_name="Riverside Juniors FC",
            source="parent",
            channel="phone",
            description="A parent says the coach sends her son (12) messages late at night "
            "on a social media app and asked him to keep them secret.",
            children=[SubjectDetails(given_name="Ollie", family_name="Brennan")],
            received_at=earlier,
        ),
    )
    allegation_consider(
        allegation=running,
        actor=officer,
        harmed_child=False,
        possible_offence=True,
        risk_of_harm=True,
        transferable_risk=False,
        decision="meets",
        reason="Secret messages at night: possible grooming. Strategy discussion with police.",
    )
    meeting_record(
        allegation=running,
        actor=officer,
        kind="management",
        held_at=earlier + timedelta(days=2),
        attendees="Lee Lado, LADO\nDC Priya Patel, police\nClub welfare officer\nSam Social, MASH",
        minutes="Police to examine the messages. The club stands the coach down from all "
        "sessions. The MASH talks to Ollie's mother about support.",
        actions=[
            ActionInput(
                action="Examine the messages on Ollie's phone",
                owner="DC Priya Patel",
                due_on=(earlier + timedelta(days=16)).date(),
            ),
            ActionInput(
                action="Confirm in writing the coach is stood down",
                owner="Club welfare officer",
                due_on=(earlier + timedelta(days=3)).date(),
            ),
        ],
    )
    for kind, owner in (("police", "DC Priya Patel"), ("employer", "Club welfare officer")):
        strand_update(
            strand=running.strands.get(kind=kind), actor=officer, owner=owner, status="open"
        )
    return 2
