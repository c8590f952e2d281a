"""Family Help in the demo: Sky School's designated safeguarding lead leads the Okafor family's
Family Help (assessment, plan, a review now overdue), and has asked the Early help team to help
the Thompson family. The team has no demo member yet: the auditor reads both cases."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Team, TeamKind, User
from openmash.demo.accounts import require_demo_mode
from openmash.familyhelp.models import FamilyHelpCase, MemberRole
from openmash.familyhelp.services.requests import (
    MemberInput,
    familyhelp_agreement_record,
    familyhelp_request_accept,
    familyhelp_request_create,
)
from openmash.familyhelp.services.work import (
    OutcomeInput,
    familyhelp_assessment_record,
    familyhelp_plan_record,
)
from openmash.people.models import Person


@transaction.atomic
def demo_familyhelp_load() -> int:
    require_demo_mode()
    team = Team.objects.filter(kind=TeamKind.EARLY_HELP, name="Early help").first()
    dsl = User.objects.filter(email="school.referrer@example.org").first()
    manager = User.objects.filter(email="team.manager@example.org").first()
    maisie = Person.objects.filter(given_name="Maisie", family_name="Okafor").first()
    ruby = Person.objects.filter(given_name="Ruby", family_name="Thompson").first()
    if (
        team is None
        or dsl is None
        or manager is None
        or maisie is None
        or ruby is None
        or FamilyHelpCase.objects.filter(reason__startswith="Demo:").exists()
    ):
        return 0
    led = familyhelp_request_create(
        actor=dsl,
        team=team,
        members=[
            MemberInput.of(maisie),
            MemberInput(given_name="Grace", family_name="Okafor", role=MemberRole.PARENT),
        ],
        reason="Demo: Maisie is often late and tired; mum has asked the school for help.",
        open_concerns=True,
    )
    led = familyhelp_request_accept(case=led, actor=manager, lead_practitioner=dsl)
    familyhelp_agreement_record(case=led, actor=dsl, agreed=True, note="Mum welcomed the help.")
    familyhelp_assessment_record(
        case=led,
        actor=dsl,
        domains={"learning": "Late three days in five.", "parents_needs": "Mum works nights."},
        child_voice="I'm tired in the mornings because the baby cries.",
        parents_voice="I need someone to help with the school run.",
        analysis="Mornings break down on the days mum works nights; there is no one to help.",
    )
    familyhelp_plan_record(
        case=led,
        actor=dsl,
        agreed_on=timezone.localdate() - timedelta(days=60),
        outcomes=[
            OutcomeInput(text="Maisie arrives at school on time", actions="Breakfast club"),
            OutcomeInput(text="Mum has help on the nights she works", actions="Family network"),
        ],
    )
    familyhelp_request_create(
        actor=dsl,
        team=team,
        members=[MemberInput.of(ruby)],
        reason="Demo: Ruby's attendance has fallen since her grandmother died.",
        open_concerns=False,
    )
    return 2
