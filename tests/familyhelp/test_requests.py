"""Requests for Family Help: from a MASH decision, a partner agency, or a step-down; accepted or
declined; the family's agreement; a refusal or decline with open concerns back to the MASH."""

from __future__ import annotations

from typing import Any

import pytest

from openmash.contacts.models import Contact
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.familyhelp.models import (
    Agreement,
    CaseSource,
    CaseStatus,
    ClosureReason,
    FamilyHelpCase,
    HandbackKind,
    MashHandback,
    MemberRole,
)
from openmash.familyhelp.services.requests import (
    MemberInput,
    familyhelp_agreement_record,
    familyhelp_request_accept,
    familyhelp_request_decline,
    familyhelp_request_step_down,
)
from openmash.frontdoor.selectors.queue import QueueFilters, queue_contacts
from tests.conftest import World
from tests.familyhelp.helpers import (
    early_help_decision,
    fh_setup,
    open_case,
    requested_case,
    sibling,
)


def _queue_ids(world: World) -> list[int]:
    return [c.pk for c in queue_contacts(world.social_worker, QueueFilters())]


def test_an_authorised_early_help_decision_becomes_a_request_on_the_family_help_team(
    world: World, contact: Contact, child: Any
) -> None:
    fh = fh_setup(world)
    decision = early_help_decision(fh, contact)
    case = FamilyHelpCase.objects.get(contact=contact)
    assert case.source == CaseSource.MASH
    assert case.status == CaseStatus.REQUESTED
    assert case.team == fh.team
    assert case.decision == decision
    assert case.open_concerns
    assert "help with routines" in case.reason
    assert "scared to go home" in case.reason  # what the referrer said travels with it
    assert [(m.person, m.role) for m in case.members.all()] == [(child, MemberRole.CHILD)]
    assert AuditEvent.objects.filter(verb="family_help.requested", target_id=str(case.pk)).exists()


def test_a_decision_on_another_team_goes_to_the_first_family_help_team(
    world: World, contact: Contact
) -> None:
    fh = fh_setup(world)
    early_help_decision(fh, contact, team=world.assessment)
    assert FamilyHelpCase.objects.get(contact=contact).team == fh.team


def test_a_partner_request_names_the_family_and_waits_for_the_team(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    assert case.source == CaseSource.PARTNER
    assert case.requested_by == fh.dsl
    assert case.reference.startswith("FH26-")
    assert [m.role for m in case.members.all()] == [MemberRole.CHILD, MemberRole.PARENT]


def test_a_request_needs_a_child(world: World) -> None:
    from openmash.familyhelp.services.requests import familyhelp_request_create

    fh = fh_setup(world)
    with pytest.raises(ApplicationError, match="at least one child"):
        familyhelp_request_create(
            actor=fh.dsl,
            team=fh.team,
            members=[MemberInput(given_name="Sara", family_name="Rahman", role=MemberRole.PARENT)],
            reason="Struggling.",
            open_concerns=False,
        )
    assert not FamilyHelpCase.objects.exists()


def test_a_request_must_go_to_a_family_help_team(world: World, child: Any) -> None:
    from openmash.familyhelp.services.requests import familyhelp_request_create

    fh = fh_setup(world)
    assert world.assessment is not None
    with pytest.raises(ApplicationError, match="Family Help team"):
        familyhelp_request_create(
            actor=fh.dsl,
            team=world.assessment,
            members=[MemberInput.of(child)],
            reason="Struggling.",
            open_concerns=False,
        )


def test_a_step_down_request_carries_the_assessment_and_the_hand_over_note(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    maya = sibling()
    case = familyhelp_request_step_down(
        actor=world.social_worker,
        team=fh.team,
        people=[MemberInput.of(child), MemberInput.of(maya)],
        analysis="Neglect concerns resolved with support; routines remain fragile.",
        handover_note="Mum trusts the school nurse; keep the Tuesday visits.",
        stepped_down_from="Child and family assessment closed 2 December 2026",
    )
    assert case.source == CaseSource.STEP_DOWN
    assert (
        case.step_down_analysis
        == "Neglect concerns resolved with support; routines remain fragile."
    )
    assert case.step_down_handover == "Mum trusts the school nurse; keep the Tuesday visits."
    assert case.step_down_from.startswith("Child and family assessment")
    assert {m.person for m in case.members.all()} == {child, maya}
    row = AuditEvent.objects.get(verb="family_help.requested", target_id=str(case.pk))
    assert row.summary["source"] == "step_down"
    # The new lead practitioner sees what the social worker wrote.
    accepted = familyhelp_request_accept(case=case, actor=fh.worker, lead_practitioner=fh.dsl)
    from openmash.familyhelp.permissions import family_help_case_get_for_user

    seen = family_help_case_get_for_user(fh.dsl, accepted.pk)
    assert "Tuesday visits" in seen.step_down_handover


def test_a_step_down_needs_the_analysis_and_the_note(world: World, child: Any) -> None:
    fh = fh_setup(world)
    with pytest.raises(ApplicationError, match="analysis"):
        familyhelp_request_step_down(
            actor=world.social_worker,
            team=fh.team,
            people=[MemberInput.of(child)],
            analysis=" ",
            handover_note="Note",
        )


def test_the_team_accepts_and_names_a_lead_practitioner_from_any_agency(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    case = familyhelp_request_accept(
        case=case, actor=fh.worker, lead_practitioner="REFERRER@school.test"
    )
    assert case.status == CaseStatus.OPEN
    assert case.lead_practitioner == fh.dsl
    assert case.accepted_by == fh.worker
    row = AuditEvent.objects.get(verb="family_help.accepted", target_id=str(case.pk))
    assert row.summary == {"lead_practitioner": fh.dsl.pk, "agency": world.school.pk}


def test_an_unknown_lead_practitioner_is_refused(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    with pytest.raises(ApplicationError, match="no OpenMASH user"):
        familyhelp_request_accept(case=case, actor=fh.worker, lead_practitioner="nobody@x.test")
    case.refresh_from_db()
    assert case.status == CaseStatus.REQUESTED


def test_a_declined_request_with_open_concerns_returns_to_the_mash_queue(
    world: World, contact: Contact, child: Any
) -> None:
    fh = fh_setup(world)
    early_help_decision(fh, contact)
    case = FamilyHelpCase.objects.get(contact=contact)
    assert contact.pk not in _queue_ids(world)  # decided: off the queue

    case = familyhelp_request_decline(
        case=case, actor=fh.worker, reason="Out of our area: the family lives in the next borough."
    )

    assert case.status == CaseStatus.DECLINED
    handback = MashHandback.objects.get(case=case)
    assert handback.kind == HandbackKind.DECLINED
    back = handback.contact
    assert back.pk in _queue_ids(world)  # back on the MASH queue for review
    assert back.source_system == "familyhelp"
    assert back.source_reference == f"{case.reference}-declined-1"
    assert "declined while concerns are unresolved" in back.concern
    assert "Out of our area" in back.concern
    assert "help with routines" in back.concern  # the history travels with it
    assert [s.person for s in back.contact_subjects.all()] == [child]
    assert AuditEvent.objects.filter(
        verb="family_help.returned_to_mash", target_id=str(case.pk)
    ).exists()


def test_a_declined_request_without_concerns_does_not_go_back_to_the_mash(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child, open_concerns=False)
    before = Contact.objects.count()
    familyhelp_request_decline(
        case=case, actor=fh.worker, reason="The family found a parenting course."
    )
    assert Contact.objects.count() == before
    assert not MashHandback.objects.exists()


def test_a_decline_needs_a_reason(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    with pytest.raises(ApplicationError, match="Enter why"):
        familyhelp_request_decline(case=case, actor=fh.worker, reason="")


def test_the_familys_agreement_is_recorded(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    case = familyhelp_agreement_record(case=case, actor=fh.dsl, agreed=True, note="Mum said yes.")
    assert case.agreement == Agreement.AGREED
    assert case.status == CaseStatus.OPEN
    assert AuditEvent.objects.filter(verb="family_help.agreement_recorded").exists()


def test_a_refusal_with_open_concerns_closes_and_goes_back_to_the_mash(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    case = familyhelp_agreement_record(
        case=case, actor=fh.dsl, agreed=False, note="Dad says they do not need anyone."
    )
    assert case.status == CaseStatus.CLOSED
    assert case.closure_reason == ClosureReason.DECLINED
    back = MashHandback.objects.get(case=case)
    assert back.kind == HandbackKind.REFUSED
    assert "Dad says they do not need anyone." in back.contact.concern
    assert back.contact.pk in _queue_ids(world)
    # The school's DSL asked for it, so they can follow the contact as its referrer.
    assert back.contact.submitted_by == fh.dsl


def test_a_refusal_needs_the_familys_words(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="what the family said"):
        familyhelp_agreement_record(case=case, actor=fh.dsl, agreed=False, note="")
