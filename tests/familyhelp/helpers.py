"""Family Help's test set-up: a Family Help team with its worker, the school's designated
safeguarding lead (the world's referrer) as lead practitioner, and cases at each stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from openmash.accounts.models import Team, TeamKind, User
from openmash.accounts.services import team_create
from openmash.contacts.models import Contact
from openmash.familyhelp.models import FamilyHelpCase, FamilyHelpPlan, MemberRole
from openmash.familyhelp.services.requests import (
    MemberInput,
    familyhelp_request_accept,
    familyhelp_request_create,
)
from openmash.familyhelp.services.work import (
    OutcomeInput,
    familyhelp_assessment_record,
    familyhelp_plan_record,
)
from openmash.frontdoor.models import Decision
from openmash.frontdoor.services.decisions import (
    OutcomeInput as DecisionOutcomeInput,
)
from openmash.frontdoor.services.decisions import (
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.services import person_create
from tests.conftest import World, make_user


@dataclass
class FH:
    world: World
    team: Team
    worker: User  # a member of the Family Help team
    dsl: User  # the school's designated safeguarding lead: the world's referrer
    other_dsl: User  # another school's: the world's outsider


def fh_setup(world: World) -> FH:
    team = team_create(
        actor=None, agency=world.la, name="Family Help North", kind=TeamKind.EARLY_HELP
    )
    worker = make_user("family.help@council.test", world.la, "early_help")
    worker.teams.add(team)
    return FH(world=world, team=team, worker=worker, dsl=world.referrer, other_dsl=world.outsider)


def sibling(given: str = "Maya", family: str = "Rahman") -> Any:
    return person_create(
        actor=None, given_name=given, family_name=family, date_of_birth=date(2018, 6, 2), sex="F"
    )


def early_help_decision(fh: FH, contact: Contact, *, team: Team | None = None) -> Decision:
    world = fh.world
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="green")
    subject = contact.contact_subjects.order_by("pk").first()
    assert subject is not None
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[DecisionOutcomeInput(subject_id=subject.pk, outcome="early_help")],
        rationale="Needs below the threshold for social care: help with routines and school.",
        next_step="Family Help to offer a lead practitioner.",
        team=team or fh.team,
    )
    return decision_authorise(decision=decision, actor=world.manager)


def requested_case(fh: FH, child: Any, *, open_concerns: bool = True) -> FamilyHelpCase:
    return familyhelp_request_create(
        actor=fh.dsl,
        team=fh.team,
        members=[
            MemberInput.of(child),
            MemberInput(given_name="Sara", family_name="Rahman", role=MemberRole.PARENT),
        ],
        reason="Ayaan is often late and hungry; mum says she is struggling since the baby.",
        open_concerns=open_concerns,
    )


def open_case(fh: FH, child: Any, *, lead: User | None = None) -> FamilyHelpCase:
    case = requested_case(fh, child)
    return familyhelp_request_accept(case=case, actor=fh.worker, lead_practitioner=lead or fh.dsl)


def with_plan(fh: FH, case: FamilyHelpCase, *, agreed_on: date | None = None) -> FamilyHelpPlan:
    familyhelp_assessment_record(
        case=case,
        actor=fh.dsl,
        domains={"learning": "Late most days; behind in reading.", "parenting": "Mum is tired."},
        child_voice="I like school when I have had breakfast.",
        parents_voice="I need help getting them out in the morning.",
        analysis="Mornings are chaotic since the baby; mum is isolated.",
    )
    return familyhelp_plan_record(
        case=case,
        actor=fh.dsl,
        agreed_on=agreed_on or date(2026, 11, 18),
        outcomes=[
            OutcomeInput(text="Ayaan arrives at school on time", actions="Breakfast club: school"),
            OutcomeInput(text="Mum has support in the mornings", actions="Family support worker"),
        ],
    )
