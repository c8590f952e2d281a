"""Child protection: the world's social worker leads the child's case (the assessment team
holding it has no persona of the matrix), the police MASH representative is the police member
of the child's multi-agency child protection team, quality leads read. Everyone else: 404."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import SIGNED_IN, Rule

LEAD = frozenset({"social_worker"})
TEAM = frozenset({"social_worker", "police_rep"})
READERS = TEAM | {"auditor"}
NOBODY: frozenset[str] = frozenset()


def _case(fx: Any) -> dict[str, Any]:
    from tests.protection.helpers import case_with_open_discussion

    if not hasattr(fx, "cp_case"):
        fx.cp_case = case_with_open_discussion(fx.world, fx.child)
    return {"protection_case_id": fx.cp_case.pk}


def _chain(fx: Any) -> dict[str, Any]:
    from tests.protection.helpers import chain, other_child

    if not hasattr(fx, "cp_chain"):
        fx.cp_chain = chain(fx.world, other_child())
    return fx.cp_chain


def _record(param: str, key: str) -> Any:
    return lambda fx: {param: _chain(fx)[key].pk}


def _review(fx: Any) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "case_id": _chain(fx)["case"].pk,
        "held_on": timezone.localdate().isoformat(),
        "agencies_invited": ["police", "health"],
        "plan_needed": True,
        "category": "PHY",
    }


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _start(fx: Any) -> dict[str, Any]:
    return {
        "case_id": _case(fx)["protection_case_id"],
        "referral_date": _today(),
        "started_on": _today(),
    }


def _meeting(accepted: bool) -> Any:
    """The case with a family network meeting offered (and, for the meeting held, accepted)."""

    def kwargs(fx: Any) -> dict[str, Any]:
        from datetime import date

        from openmash.protection.models import FamilyNetworkMeeting

        found = _case(fx)
        meeting = FamilyNetworkMeeting.objects.create(
            case=fx.cp_case,
            offered_on=date.fromisoformat(_today()),
            response="accepted" if accepted else "waiting",
            responded_on=date.fromisoformat(_today()) if accepted else None,
        )
        return {**found, "fnm_id": meeting.pk}

    return kwargs


def _cin_case(fx: Any) -> dict[str, Any]:
    from datetime import date

    from openmash.protection.models import CinPlan

    found = _case(fx)
    if not fx.cp_case.cin_plans.exists():
        CinPlan.objects.create(case=fx.cp_case, started_on=date.fromisoformat(_today()))
    return found


def _authorised_case(fx: Any) -> dict[str, Any]:
    """The case with an authorised child and family assessment, so a CIN plan may start."""
    from datetime import date

    from openmash.protection.models import Assessment

    found = _case(fx)
    today = date.fromisoformat(_today())
    if not fx.cp_case.assessments.exclude(authorised_on=None).exists():
        Assessment.objects.create(
            case=fx.cp_case,
            referral_date=today,
            started_on=today,
            due_on=today,
            completed_on=today,
            authorised_on=today,
        )
    return found


RULES: dict[str, Rule] = {
    "protection:my_work": Rule(SIGNED_IN, reads=True),
    "protection:timing": Rule(SIGNED_IN, reads=True),
    "protection:settings": Rule(frozenset({"admin"})),
    "protection:case": Rule(READERS, reads=True, kwargs=_case),
    "protection:convene": Rule(LEAD, kwargs=_case),
    "protection:strategy": Rule(LEAD, kwargs=_case),
    "protection:s47": Rule(LEAD, kwargs=_case),
    "protection:assessment": Rule(LEAD, kwargs=_case),
    "protection:assessment_authorise": Rule(NOBODY, kwargs=_case),
    "protection:conference": Rule(LEAD, kwargs=_case),
    "protection:activity": Rule(LEAD, kwargs=_case),
    "protection:plan_end": Rule(LEAD, kwargs=_case),
    "protection:member": Rule(LEAD, kwargs=_case),
    "protection:note": Rule(TEAM, kwargs=_case),
    "protection:family_meeting": Rule(LEAD, kwargs=_case),
    "protection:cin_review": Rule(LEAD, kwargs=_cin_case),
    "protection:cin_start": Rule(LEAD, kwargs=_authorised_case),
    "protection:cin_end": Rule(LEAD, kwargs=_cin_case),
    "api:protection_strategy_discussions": Rule(SIGNED_IN, reads=True),
    "api:protection_section47_enquiries": Rule(SIGNED_IN, reads=True),
    "api:protection_assessments": Rule(SIGNED_IN, reads=True),
    "api:protection_conferences": Rule(SIGNED_IN, reads=True),
    "api:protection_plans": Rule(SIGNED_IN, reads=True),
    "api:protection_conference_record": Rule(LEAD, method="post", body=_review),
    "api:protection_strategy_discussions_detail": Rule(
        READERS, reads=True, kwargs=_record("sd_id", "sd")
    ),
    "api:protection_section47_enquiries_detail": Rule(
        READERS, reads=True, kwargs=_record("s47_id", "enquiry")
    ),
    "api:protection_assessments_detail": Rule(
        READERS, reads=True, kwargs=_record("cfa_id", "assessment")
    ),
    "api:protection_conferences_detail": Rule(
        READERS, reads=True, kwargs=_record("cpc_id", "conference")
    ),
    "api:protection_plans_detail": Rule(READERS, reads=True, kwargs=_record("cpp_id", "plan")),
    "api:protection_assessment_start": Rule(LEAD, method="post", body=_start),
    "api:protection_assessment_authorise": Rule(
        NOBODY,
        method="post",
        kwargs=_record("cfa_id", "assessment"),
        body=lambda fx: {"on": _today()},
    ),
    "api:protection_plan_activity": Rule(
        LEAD,
        method="post",
        kwargs=_record("cpp_id", "plan"),
        body=lambda fx: {"kind": "visit", "on": _today(), "seen_alone": True},
    ),
    "api:protection_plan_end": Rule(
        LEAD,
        method="post",
        kwargs=_record("cpp_id", "plan"),
        body=lambda fx: {"ended_on": _today(), "reason": "safe"},
    ),
    "api:protection_case_lead": Rule(
        LEAD, method="post", kwargs=_case, body=lambda fx: {"email": fx.world.social_worker.email}
    ),
    "api:protection_case_members": Rule(
        LEAD,
        method="post",
        kwargs=_case,
        body=lambda fx: {"email": fx.world.police_rep.email, "role": "police"},
    ),
    "api:protection_case_family_meetings": Rule(
        LEAD, method="post", kwargs=_case, body=lambda fx: {"offered_on": _today()}
    ),
    "api:protection_case_family_meeting_answer": Rule(
        LEAD,
        method="post",
        kwargs=_meeting(accepted=False),
        body=lambda fx: {"accepted": True, "responded_on": _today(), "family_words": "Yes."},
    ),
    "api:protection_case_family_meeting_held": Rule(
        LEAD,
        method="post",
        kwargs=_meeting(accepted=True),
        body=lambda fx: {"held_on": _today(), "attended": "Mum, nan", "family_plan": "Nan helps."},
    ),
    "api:protection_case_cin_reviews": Rule(
        LEAD,
        method="post",
        kwargs=_cin_case,
        body=lambda fx: {"reviewed_on": _today(), "summary": "Going well."},
    ),
    "api:protection_case_cin_plans": Rule(
        LEAD,
        method="post",
        kwargs=_authorised_case,
        body=lambda fx: {"started_on": _today()},
    ),
    "api:protection_case_cin_plan_end": Rule(
        LEAD,
        method="post",
        kwargs=_cin_case,
        body=lambda fx: {"ended_on": _today(), "reason": "RC7"},
    ),
    "api:protection_case_notes": Rule(
        TEAM, method="post", kwargs=_case, body=lambda fx: {"text": "Seen at school today."}
    ),
}
