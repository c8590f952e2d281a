"""The rules of an adult's safeguarding enquiry (issue 18, "Must show")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from openmash.adults.models import EnquiryStatus, EnquiryType, SafeguardingEnquiry
from openmash.adults.selectors import flags_of, linked_enquiries
from openmash.adults.services import (
    ConclusionInput,
    enquiry_capacity_record,
    enquiry_conclude,
    enquiry_made_by_record,
    enquiry_msp_record,
    enquiry_report_review,
    enquiry_risk_record,
    enquiry_tests_record,
)
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from tests.adults.helpers import enquiry_for, provider

pytestmark = pytest.mark.clock


def _verbs(target: object) -> set[str]:
    return set(
        AuditEvent.objects.filter(
            target_type=target._meta.model_name,  # type: ignore[attr-defined]
            target_id=str(target.pk),  # type: ignore[attr-defined]
        ).values_list("verb", flat=True)
    )


def _risk(world, enquiry):
    return enquiry_risk_record(
        enquiry=enquiry,
        actor=world.social_worker,
        types=["neglect"],
        sources=["service_provider"],
        location="care_home_residential",
    )


def _conclusion(enquiry, achieved="partly", result="reduced"):
    return ConclusionInput(
        risk_outcome="identified",
        action_taken=True,
        risk_result=result,
        achieved={o.pk: achieved for o in enquiry.outcomes.all()},
        conclusion="Neglect by night staff substantiated; staffing and training changed.",
    )


def test_the_mash_decision_starts_the_enquiry_with_a_local_target_date(world):
    enquiry = enquiry_for(world)
    assert enquiry.enquiry_type == EnquiryType.S42
    assert enquiry.team == world.mash
    assert enquiry.status == EnquiryStatus.OPEN
    # Wednesday 18 November 2026 + 20 working days (the default local target).
    assert enquiry.started_on == date(2026, 11, 18) or enquiry.target_date > enquiry.started_on
    assert enquiry.target_date > enquiry.started_on
    assert "adults.enquiry_started" in _verbs(enquiry)


def test_an_enquiry_cannot_conclude_without_the_msp_questions_and_a_result(world):
    enquiry = enquiry_for(world)
    _risk(world, enquiry)
    with pytest.raises(ApplicationError, match="asked about the outcomes they want"):
        enquiry_conclude(enquiry=enquiry, actor=world.social_worker, data=_conclusion(enquiry))
    enquiry = enquiry_msp_record(
        enquiry=enquiry,
        actor=world.social_worker,
        asked="expressed",
        outcomes=["I want to feel safe at night", "I want to stay at Larchwood"],
    )
    with pytest.raises(ApplicationError, match="was achieved"):
        enquiry_conclude(
            enquiry=enquiry, actor=world.social_worker, data=_conclusion(enquiry, achieved="")
        )
    with pytest.raises(ApplicationError, match="removed, reduced or remains"):
        enquiry_conclude(
            enquiry=enquiry, actor=world.social_worker, data=_conclusion(enquiry, result="")
        )
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.OPEN
    done = enquiry_conclude(enquiry=enquiry, actor=world.social_worker, data=_conclusion(enquiry))
    assert done.status == EnquiryStatus.CONCLUDED
    assert done.risk_result == "reduced"
    assert {o.achieved for o in done.outcomes.all()} == {"partly"}
    assert "adults.enquiry_concluded" in _verbs(done)


def test_not_asked_needs_a_reason_and_expressed_needs_the_words(world):
    enquiry = enquiry_for(world)
    with pytest.raises(ApplicationError, match="why the adult was not asked"):
        enquiry_msp_record(enquiry=enquiry, actor=world.social_worker, asked="not_asked")
    with pytest.raises(ApplicationError, match="in their own words"):
        enquiry_msp_record(enquiry=enquiry, actor=world.social_worker, asked="expressed")


def test_an_other_enquiry_stays_other_when_a_test_is_not_met(world):
    enquiry = enquiry_for(world, tests=(True, True, False))
    assert enquiry.enquiry_type == EnquiryType.OTHER
    enquiry = enquiry_tests_record(
        enquiry=enquiry,
        actor=world.social_worker,
        has_care_and_support_needs=True,
        experiencing_or_at_risk_of_abuse=False,
        unable_to_protect_self=True,
    )
    assert enquiry.enquiry_type == EnquiryType.OTHER
    # All three met on review: it becomes a section 42 enquiry; one failing again: other.
    enquiry = enquiry_tests_record(
        enquiry=enquiry,
        actor=world.social_worker,
        has_care_and_support_needs=True,
        experiencing_or_at_risk_of_abuse=True,
        unable_to_protect_self=True,
    )
    assert enquiry.enquiry_type == EnquiryType.S42
    enquiry = enquiry_tests_record(
        enquiry=enquiry,
        actor=world.social_worker,
        has_care_and_support_needs=False,
        experiencing_or_at_risk_of_abuse=True,
        unable_to_protect_self=True,
    )
    assert SafeguardingEnquiry.objects.get(pk=enquiry.pk).enquiry_type == EnquiryType.OTHER


def test_an_adult_who_lacks_capacity_with_no_advocate_offered_is_flagged(world):
    enquiry = enquiry_for(world)
    enquiry = enquiry_capacity_record(
        enquiry=enquiry,
        actor=world.social_worker,
        capacity="lacks",
        support_kind="none",
        support_offered=None,
        support_involved=None,
    )
    assert enquiry.needs_advocate
    assert "Lacks capacity: no advocate offered" in flags_of(enquiry)
    with pytest.raises(ApplicationError, match="whether the support was offered"):
        enquiry_capacity_record(
            enquiry=enquiry,
            actor=world.social_worker,
            capacity="lacks",
            support_kind="imca",
            support_offered=None,
            support_involved=None,
        )
    with pytest.raises(ApplicationError, match="once it has been offered"):
        enquiry_capacity_record(
            enquiry=enquiry,
            actor=world.social_worker,
            capacity="lacks",
            support_kind="imca",
            support_offered=False,
            support_involved=True,
        )
    enquiry = enquiry_capacity_record(
        enquiry=enquiry,
        actor=world.social_worker,
        capacity="lacks",
        support_kind="imca",
        support_offered=True,
        support_involved=True,
        support_name="Sam Ellis, Advocacy in Knowsley",
    )
    assert not enquiry.needs_advocate
    assert "Lacks capacity: no advocate offered" not in flags_of(enquiry)
    # Capacity with nobody: no flag (the adult speaks for themselves).
    enquiry = enquiry_capacity_record(
        enquiry=enquiry,
        actor=world.social_worker,
        capacity="has",
        support_kind="none",
        support_offered=None,
        support_involved=None,
    )
    assert not enquiry.needs_advocate


def test_enquiries_about_the_same_provider_are_linked(world):
    home = provider(world)
    other_home = provider(world, "Oak Lodge")
    first, second, third = (enquiry_for(world, n) for n in range(3))
    for enquiry, about in ((first, home), (second, home), (third, other_home)):
        enquiry_made_by_record(
            enquiry=enquiry, actor=world.social_worker, made_by="council", provider=about
        )
    first.refresh_from_db()
    linked = linked_enquiries(world.social_worker, first)
    assert [e.pk for e in linked] == [second.pk]
    assert set(home.enquiries.values_list("pk", flat=True)) == {first.pk, second.pk}
    # The auditor sees the same links; a referrer sees none of them.
    assert [e.pk for e in linked_enquiries(world.auditor, first)] == [second.pk]
    assert linked_enquiries(world.referrer, first) == []


def test_an_enquiry_caused_to_be_made_waits_for_the_report_to_be_reviewed(world):
    enquiry = enquiry_for(world)
    home = provider(world)
    with pytest.raises(ApplicationError, match="Select the organisation"):
        enquiry_made_by_record(enquiry=enquiry, actor=world.social_worker, made_by="caused")
    enquiry = enquiry_made_by_record(
        enquiry=enquiry, actor=world.social_worker, made_by="caused", organisation=home
    )
    enquiry = enquiry_msp_record(enquiry=enquiry, actor=world.social_worker, asked="none_expressed")
    _risk(world, enquiry)
    enquiry.refresh_from_db()
    with pytest.raises(ApplicationError, match="report of the organisation"):
        enquiry_conclude(enquiry=enquiry, actor=world.social_worker, data=_conclusion(enquiry))
    enquiry = enquiry_report_review(
        enquiry=enquiry,
        actor=world.social_worker,
        received_on=enquiry.started_on,
        review="The home's investigation is thorough; night staffing raised.",
    )
    done = enquiry_conclude(enquiry=enquiry, actor=world.social_worker, data=_conclusion(enquiry))
    assert done.status == EnquiryStatus.CONCLUDED


def test_the_plan_its_reviews_and_a_sar_referral(world):
    from openmash.adults.services import (
        enquiry_sar_record,
        plan_action_add,
        plan_action_done,
        plan_review_record,
    )

    enquiry = enquiry_for(world)
    today = timezone.localdate()
    action = plan_action_add(
        enquiry=enquiry,
        actor=world.social_worker,
        text="Night checks every two hours",
        owner="Registered manager, Larchwood",
        due_on=today + timedelta(days=7),
    )
    with pytest.raises(ApplicationError, match="today or in the past"):
        plan_action_done(
            enquiry=enquiry,
            actor=world.social_worker,
            action_id=action.pk,
            done_on=today + timedelta(days=1),
        )
    plan_action_done(enquiry=enquiry, actor=world.social_worker, action_id=action.pk, done_on=today)
    with pytest.raises(ApplicationError, match="after this one"):
        plan_review_record(
            enquiry=enquiry,
            actor=world.social_worker,
            held_on=today,
            summary="x",
            next_review_on=today,
        )
    plan_review_record(
        enquiry=enquiry, actor=world.social_worker, held_on=today, summary="On track"
    )
    with pytest.raises(ApplicationError, match="why the case is referred"):
        enquiry_sar_record(enquiry=enquiry, actor=world.social_worker, referred=True)
    enquiry = enquiry_sar_record(
        enquiry=enquiry,
        actor=world.social_worker,
        referred=True,
        reason="Second resident harmed at the same home; agencies could have worked together",
    )
    assert enquiry.sar_referred
    assert "Referred for a safeguarding adults review" in flags_of(enquiry)
    assert "adults.sar_recorded" in _verbs(enquiry)
