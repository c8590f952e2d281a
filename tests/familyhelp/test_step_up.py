"""Step-up to social care: a MASH contact carrying the Family Help history, flagged and
fast-tracked; the MASH contact page's Family Help panel; re-contacts within 12 months."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.familyhelp.models import CaseStatus, ClosureReason, HandbackKind, MashHandback
from openmash.familyhelp.services.handback import familyhelp_step_up
from openmash.familyhelp.services.work import familyhelp_case_close
from openmash.frontdoor.models import RagRating
from openmash.frontdoor.selectors.queue import QueueFilters, queue_contacts
from tests.conftest import World, client_for, subject_details
from tests.familyhelp.helpers import fh_setup, open_case, with_plan


def _step_up(fh: Any, case: Any, **kwargs: Any) -> MashHandback:
    return familyhelp_step_up(
        case=case,
        actor=fh.dsl,
        reason="Ayaan came in with a bruise and says dad's new partner hits him.",
        what_tried="Breakfast club, family support worker twice a week, a parenting course.",
        **kwargs,
    )


def _new_contact(world: World, child: Any, concern: str = "Ayaan is missing school.") -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern=concern,
            subjects=[SubjectInput(details=subject_details(child), person=child)],
        ),
    )


def test_a_step_up_contact_carries_the_plan_and_is_flagged(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with_plan(fh, case)

    handback = _step_up(fh, case)

    contact = handback.contact
    assert handback.kind == HandbackKind.STEP_UP
    assert contact.source_system == "familyhelp"
    assert contact.source_reference == f"{case.reference}-step_up-1"
    assert contact.concern.startswith("Step-up from Family Help")
    assert "Why Family Help is not enough: Ayaan came in with a bruise" in contact.concern
    assert "What was tried: Breakfast club" in contact.concern
    assert "- Ayaan arrives at school on time (Not started)" in contact.concern  # the plan
    assert "Mornings are chaotic since the baby" in contact.concern  # the assessment
    assert "I like school when I have had breakfast." in contact.concern  # the child's words
    assert contact.source_agency == world.school
    assert contact.submitted_by == fh.dsl
    subjects = list(contact.contact_subjects.order_by("pk"))
    assert [(s.person, s.role) for s in subjects[:1]] == [(child, "subject")]
    assert [(s.given_name, s.role, s.is_child) for s in subjects[1:]] == [
        ("Sara", "household", False)
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closure_reason == ClosureReason.STEPPED_UP
    row = AuditEvent.objects.get(verb="family_help.stepped_up")
    assert row.summary == {"contact": contact.reference, "rag": "red"}


def test_a_step_up_is_fast_tracked_ahead_of_contacts_waiting_on_the_decision_clock(
    world: World, child: Any, contact: Contact
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    step_up = _step_up(fh, case).contact

    assert step_up.rag == "red"
    rating = RagRating.objects.get(contact=step_up)
    assert rating.rated_by is None  # the system's rating, not the practitioner's
    assert rating.reason == "Rated on arrival: step-up from Family Help"
    queue = [c.pk for c in queue_contacts(world.social_worker, QueueFilters())]
    assert queue.index(step_up.pk) < queue.index(contact.pk)


def test_the_council_may_fast_track_step_ups_as_amber(world: World, child: Any) -> None:
    from openmash.familyhelp.models import AssessmentDomain
    from openmash.familyhelp.services.settings import familyhelp_settings_update

    fh = fh_setup(world)
    familyhelp_settings_update(
        actor=world.admin,
        review_interval_days=42,
        step_up_rag="amber",
        domains=[d.label for d in AssessmentDomain.objects.filter(is_active=True)],
    )
    case = open_case(fh, child)
    assert _step_up(fh, case).contact.rag == "amber"


def test_a_step_up_with_immediate_risk_arrives_red_with_the_risk(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    contact = _step_up(
        fh, case, immediate_risk=True, immediate_risk_details="He is frightened to go home."
    ).contact
    assert contact.immediate_risk
    assert contact.rag == "red"
    assert RagRating.objects.filter(contact=contact).count() == 1


def test_a_step_up_needs_what_was_tried(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with pytest.raises(ApplicationError, match="what was tried"):
        familyhelp_step_up(case=case, actor=fh.dsl, reason="Worse", what_tried="")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not Contact.objects.filter(source_system="familyhelp").exists()


def test_the_mash_sees_the_family_help_history_on_the_step_up_contact(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with_plan(fh, case)
    contact = _step_up(fh, case).contact

    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Step-up from Family Help" in html
    assert "Breakfast club, family support worker twice a week" in html
    assert "Ayaan arrives at school on time" in html
    assert f"Family Help {case.reference}" in html
    assert AuditEvent.objects.filter(
        actor=world.social_worker, verb="record.viewed", target_type="familyhelpcase"
    ).exists()


def test_a_referrer_sees_no_family_help_panel(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    contact = _step_up(fh, case).contact
    page = client_for(fh.dsl).get(reverse("contacts:detail", args=[contact.pk]))
    assert page.status_code == 200
    assert 'id="family-help"' not in page.content.decode()


def test_a_re_contact_within_12_months_of_a_closure_shows_family_help_was_tried(
    world: World, child: Any, clock: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with_plan(fh, case)
    familyhelp_case_close(case=case, actor=fh.dsl, reason=ClosureReason.OUTCOMES_MET)
    clock.move_to(timezone.now() + timedelta(days=200))
    later = _new_contact(world, child)

    html = client_for(world.social_worker).get(reverse("contacts:detail", args=[later.pk]))
    text = html.content.decode()
    assert "Re-contact within 12 months of Family Help" in text
    assert f"Family Help {case.reference}: closed" in text
    assert "(outcomes met)" in text


def test_a_contact_more_than_12_months_after_a_closure_is_not_a_re_contact(
    world: World, child: Any, clock: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    familyhelp_case_close(case=case, actor=fh.dsl, reason=ClosureReason.OUTCOMES_MET)
    clock.move_to(timezone.now() + timedelta(days=400))
    later = _new_contact(world, child)
    text = client_for(world.social_worker).get(reverse("contacts:detail", args=[later.pk]))
    assert "Family Help" not in text.content.decode().split("The contact")[0]
