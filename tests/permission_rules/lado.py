"""Routes of the LADO (allegations against people who work with children). No persona of the
matrix is named LADO staff (tests/lado/ covers them), so the LADO's own pages allow no one here:
front-door staff get the break-glass page (403), the referrer who made the referral reads it in
outline, other partners see their own referrals only."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

REFERRERS = frozenset({"referrer", "outsider"})
OWN_REFERRER = frozenset({"referrer"})
NOBODY: frozenset[str] = frozenset()


def _allegation(fx: Any) -> dict[str, Any]:
    from tests.lado.helpers import allegation_for

    return {"allegation_id": allegation_for(fx.world).pk}


def _strand(fx: Any) -> dict[str, Any]:
    return _allegation(fx) | {"strand": "police"}


def _referral(fx: Any) -> dict[str, Any]:
    return {
        "subject": {"given_name": "Gareth", "family_name": "Hollins"},
        "role": "PE teacher",
        "sector": "education",
        "children": [{"given_name": "Lily", "family_name": "Marsh"}],
        "description": "Grabbed a pupil's arm in the changing room.",
    }


def _meeting(fx: Any) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from openmash.lado.services import ActionInput, meeting_record
    from tests.lado.helpers import allegation_for, lado_officer

    allegation = allegation_for(fx.world)
    existing = allegation.meetings.first()
    if existing is not None:
        return existing
    return meeting_record(
        allegation=allegation,
        actor=lado_officer(fx.world),
        kind="strategy",
        held_at=timezone.now(),
        attendees="LADO",
        minutes="Strategy discussion",
        actions=[ActionInput("Suspend", "Head teacher", timezone.localdate() + timedelta(days=1))],
    )


def _with_meeting(fx: Any) -> dict[str, Any]:
    meeting = _meeting(fx)
    return {"allegation_id": meeting.allegation_id, "lado_meeting_id": meeting.pk}


def _with_action(fx: Any) -> dict[str, Any]:
    meeting = _meeting(fx)
    return {"allegation_id": meeting.allegation_id, "lado_action_id": meeting.actions.get().pk}


RULES: dict[str, Rule] = {
    "lado:allegations": Rule(FRONT_DOOR | REFERRERS, reads=True),
    "lado:refer": Rule(REFERRERS),
    "lado:report": Rule(frozenset({"auditor"})),
    "lado:settings": Rule(frozenset({"admin"})),
    "lado:allegation": Rule(OWN_REFERRER, kwargs=_allegation, reads=True),
    "lado:consider": Rule(NOBODY, kwargs=_allegation),
    "lado:strand": Rule(NOBODY, kwargs=_strand),
    "lado:meeting_add": Rule(NOBODY, kwargs=_allegation),
    "lado:action_done": Rule(NOBODY, method="post", kwargs=_allegation, content_type="multipart"),
    "lado:conclude": Rule(NOBODY, kwargs=_allegation),
    "lado:regulator_referral_add": Rule(NOBODY, kwargs=_allegation),
    "api:allegation_list": Rule(FRONT_DOOR | REFERRERS, reads=True),
    "api:allegation_detail": Rule(OWN_REFERRER, kwargs=_allegation, reads=True),
    "api:allegation_strand": Rule(
        NOBODY, method="post", kwargs=_strand, body=lambda fx: {"status": "open", "owner": "DC"}
    ),
    "api:allegation_consider": Rule(
        NOBODY,
        method="post",
        kwargs=_allegation,
        body=lambda fx: {
            "harmed_child": True,
            "possible_offence": False,
            "risk_of_harm": True,
            "transferable_risk": False,
            "decision": "meets",
            "reason": "A bruise was seen",
        },
    ),
    "api:allegation_meeting_add": Rule(
        NOBODY,
        method="post",
        kwargs=_allegation,
        body=lambda fx: {
            "kind": "strategy",
            "held_at": "2026-01-01T10:00:00Z",
            "attendees": "LADO",
            "minutes": "x",
        },
    ),
    "api:allegation_meeting_action_add": Rule(
        NOBODY,
        method="post",
        kwargs=_with_meeting,
        body=lambda fx: {"action": "x", "owner": "y", "due_on": "2099-01-01"},
    ),
    "api:allegation_action_done": Rule(NOBODY, method="post", kwargs=_with_action),
    "api:allegation_conclude": Rule(
        NOBODY,
        method="post",
        kwargs=_allegation,
        body=lambda fx: {"outcome": "false", "reason": "x"},
    ),
    "api:allegation_referral_add": Rule(
        NOBODY,
        method="post",
        kwargs=_allegation,
        body=lambda fx: {"body": "dbs", "referred_on": "2026-01-01", "made_by": "LADO"},
    ),
}
