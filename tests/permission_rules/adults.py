"""Routes of adults' safeguarding enquiries: the holding team (the world's MASH team: contact
officer, social worker, manager) sees and works its enquiries; quality leads read every enquiry
and change none; partners and administrators see nothing; administrators set the local target."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})
ADMIN = frozenset({"admin"})


def _enquiry(fx: Any) -> dict[str, Any]:
    from tests.adults.helpers import enquiry_for

    return {"enquiry_id": enquiry_for(fx.world, 1).pk}


def _ready(fx: Any) -> dict[str, Any]:
    from tests.adults.helpers import ready_to_conclude

    return {"enquiry_id": ready_to_conclude(fx.world).pk}


def _provider(fx: Any) -> dict[str, Any]:
    from tests.adults.helpers import provider

    return {"provider_id": provider(fx.world).pk}


def _with_action(fx: Any) -> dict[str, Any]:
    from datetime import date

    from openmash.adults.services import plan_action_add
    from tests.adults.helpers import enquiry_for

    enquiry = enquiry_for(fx.world, 1)
    action = plan_action_add(
        enquiry=enquiry,
        actor=fx.world.social_worker,
        text="Visit the home",
        owner="Quality team",
        due_on=date(2099, 1, 1),
    )
    return {"enquiry_id": enquiry.pk, "plan_action_id": action.pk}


def _caused(fx: Any) -> dict[str, Any]:
    from openmash.adults.services import enquiry_made_by_record
    from tests.adults.helpers import enquiry_for, provider

    enquiry = enquiry_made_by_record(
        enquiry=enquiry_for(fx.world, 1),
        actor=fx.world.social_worker,
        made_by="caused",
        organisation=provider(fx.world),
    )
    return {"enquiry_id": enquiry.pk}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


RULES: dict[str, Rule] = {
    "adults:enquiries": Rule(FRONT_DOOR, reads=True),
    "adults:enquiry": Rule(FRONT_DOOR, kwargs=_enquiry, reads=True),
    "adults:allocate": Rule(WORKERS, kwargs=_enquiry),
    "adults:tests": Rule(WORKERS, kwargs=_enquiry),
    "adults:made_by": Rule(WORKERS, kwargs=_enquiry),
    "adults:report": Rule(WORKERS, kwargs=_enquiry),
    "adults:msp": Rule(WORKERS, kwargs=_enquiry),
    "adults:capacity": Rule(WORKERS, kwargs=_enquiry),
    "adults:risk": Rule(WORKERS, kwargs=_enquiry),
    "adults:action_add": Rule(WORKERS, kwargs=_enquiry),
    "adults:action_done": Rule(WORKERS, method="post", kwargs=_enquiry, content_type="multipart"),
    "adults:review_add": Rule(WORKERS, kwargs=_enquiry),
    "adults:sar": Rule(WORKERS, kwargs=_enquiry),
    "adults:conclude": Rule(WORKERS, kwargs=_enquiry),
    "adults:providers": Rule(FRONT_DOOR),
    "adults:provider_add": Rule(WORKERS),
    "adults:provider": Rule(FRONT_DOOR, kwargs=_provider, reads=True),
    "adults:settings": Rule(ADMIN),
    "api:adult_enquiry_list": Rule(FRONT_DOOR, reads=True),
    "api:adult_enquiry_providers": Rule(FRONT_DOOR),
    "api:adult_enquiry_detail": Rule(FRONT_DOOR, kwargs=_enquiry, reads=True),
    "api:adult_enquiry_outcomes": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {"asked": "expressed", "outcomes": ["I want to feel safe"]},
    ),
    "api:adult_enquiry_capacity": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {"capacity": "has", "support_kind": "none"},
    ),
    "api:adult_enquiry_risk": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {
            "types": ["neglect"],
            "sources": ["service_provider"],
            "location": "care_home_residential",
        },
    ),
    "api:adult_enquiry_conclude": Rule(
        WORKERS,
        method="post",
        kwargs=_ready,
        body=lambda fx: {"risk_outcome": "no_risk", "action_taken": False, "conclusion": "x"},
    ),
    "api:adult_enquiry_tests": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {
            "has_care_and_support_needs": True,
            "experiencing_or_at_risk_of_abuse": True,
            "unable_to_protect_self": False,
        },
    ),
    "api:adult_enquiry_provider_add": Rule(
        WORKERS,
        method="post",
        body=lambda fx: {"name": "Beech House", "kind": "care_home_residential"},
    ),
    "api:adult_enquiry_allocate": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {"officer": fx.world.social_worker.pk},
    ),
    "api:adult_enquiry_made_by": Rule(
        WORKERS, method="post", kwargs=_enquiry, body=lambda fx: {"made_by": "council"}
    ),
    "api:adult_enquiry_report": Rule(
        WORKERS,
        method="post",
        kwargs=_caused,
        body=lambda fx: {"received_on": _today(), "review": "x"},
    ),
    "api:adult_enquiry_action_add": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {"text": "Visit", "owner": "Quality team", "due_on": "2099-01-01"},
    ),
    "api:adult_enquiry_action_done": Rule(
        WORKERS, method="post", kwargs=_with_action, body=lambda fx: {}
    ),
    "api:adult_enquiry_review_add": Rule(
        WORKERS,
        method="post",
        kwargs=_enquiry,
        body=lambda fx: {"held_on": _today(), "summary": "x"},
    ),
    "api:adult_enquiry_sar": Rule(
        WORKERS, method="post", kwargs=_enquiry, body=lambda fx: {"referred": False}
    ),
}
