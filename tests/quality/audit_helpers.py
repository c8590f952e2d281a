"""Set-up for case audit, dip sample and analytics tests: authorised decisions built row by row
(the analytics read rows; how the front door makes them is tested in tests/frontdoor)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from openmash.accounts.models import User
from openmash.frontdoor.models import Decision, DecisionOutcome, DecisionState
from openmash.quality.audit_services import Question, template_create
from openmash.quality.models import AuditTemplate
from tests.conftest import World, make_user
from tests.quality.helpers import identified_contact

QUESTIONS = [
    Question("Was the threshold applied correctly?", "Compare with the continuum of need"),
    Question("Was the child's voice recorded?", "Look for the child's own words"),
]


def second_auditor(world: World) -> User:
    found = User.objects.filter(email="second.auditor@council.test").first()
    return found or make_user("second.auditor@council.test", world.la, "quality_lead")


def a_template(world: World) -> AuditTemplate:
    return template_create(actor=world.auditor, title="Front door decisions", questions=QUESTIONS)


def decided(
    world: World,
    *,
    outcome: str = "nfa",
    worker: User | None = None,
    state: str = DecisionState.AUTHORISED,
    days_ago: int = 1,
    contact: Any = None,
) -> Decision:
    """A decision on a (new) contact, authorised or returned by the manager `days_ago` ago."""
    contact = contact or identified_contact(world)
    at = timezone.now() - timedelta(days=days_ago)
    decision = Decision.objects.create(
        contact=contact,
        state=state,
        rationale="Synthetic rationale",
        team=world.mash,
        proposed_by=worker or world.social_worker,
        proposed_at=at,
        authorised_by=world.manager if state == DecisionState.AUTHORISED else None,
        authorised_at=at if state == DecisionState.AUTHORISED else None,
        returned_by=world.manager if state == DecisionState.RETURNED else None,
        returned_at=at if state == DecisionState.RETURNED else None,
        manager_comment="Check with the school first" if state == DecisionState.RETURNED else "",
    )
    DecisionOutcome.objects.create(
        decision=decision, subject=contact.contact_subjects.first(), outcome=outcome
    )
    return decision
