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


def sweep_audit(world: World) -> Any:
    """A completed audit (made once per test) of the social worker's decision by a second
    quality lead, with an action the social worker owns: the world's quality lead may moderate
    it."""
    from datetime import date

    from openmash.quality.audit_services import (
        audit_action_add,
        audit_answers_record,
        audit_complete,
        audit_start,
    )
    from openmash.quality.models import AuditState, CaseAudit

    found = CaseAudit.objects.filter(state=AuditState.COMPLETED).first()
    if found is not None:
        return found
    other = second_auditor(world)
    audit = audit_start(
        actor=other, contact=decided(world).contact, template=a_template(world), auditor=other
    )
    audit_answers_record(audit=audit, actor=other, answers=[("Yes", "Right"), ("Yes", "")])
    audit = audit_complete(audit=audit, actor=other, grade="good", summary="Sound decision")
    audit_action_add(
        audit=audit,
        actor=other,
        text="Record her views",
        owner=world.social_worker,
        due_on=date(2099, 1, 1),
    )
    return audit


def audit_in_progress(world: World) -> Any:
    """The world's quality lead's own audit, answered but not completed (made once per test)."""
    from openmash.quality.audit_services import audit_answers_record, audit_start
    from openmash.quality.models import AuditState, CaseAudit

    found = CaseAudit.objects.filter(state=AuditState.IN_PROGRESS).first()
    if found is not None:
        return found
    audit = audit_start(
        actor=world.auditor, contact=decided(world).contact, template=a_template(world)
    )
    audit_answers_record(audit=audit, actor=world.auditor, answers=[("Yes", ""), ("No", "")])
    return audit


def sweep_sample(world: World) -> Any:
    from datetime import timedelta as days

    from openmash.quality.audit_services import sample_draw
    from openmash.quality.models import DipSample
    from openmash.quality.sampling import SampleCriteria

    found = DipSample.objects.first()
    if found is not None:
        return found
    decided(world)
    today = timezone.localdate()
    return sample_draw(
        actor=world.auditor,
        title="Last month",
        template=a_template(world),
        criteria=SampleCriteria(date_from=today - days(days=30), date_to=today, count=1),
        seed=1,
        auditors=[world.auditor],
    )
