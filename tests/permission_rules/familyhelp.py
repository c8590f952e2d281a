"""Family Help: the lead practitioner (the world's referrer, a school's designated safeguarding
lead) works the family they lead; quality leads read it and change nothing; the Family Help
team (no persona of the matrix is in one) accepts and declines. Partner practitioners and MASH
staff ask for Family Help; social care staff step families down; administrators keep the
settings."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import SIGNED_IN, Rule

LEAD = frozenset({"referrer"})
READERS = frozenset({"referrer", "auditor"})
STAFF = frozenset({"contact_officer", "social_worker", "manager"})
ASKERS = STAFF | {"referrer", "outsider"}
NOBODY: frozenset[str] = frozenset()


def _team(fx: Any) -> Any:
    if not hasattr(fx, "fh"):
        from tests.familyhelp.helpers import fh_setup

        fx.fh = fh_setup(fx.world)
    return fx.fh.team


def _case(fx: Any) -> dict[str, Any]:
    from tests.familyhelp.helpers import open_case

    _team(fx)
    fx.fh_case = open_case(fx.fh, fx.child)
    return {"case_id": fx.fh_case.pk}


def _family(fx: Any) -> dict[str, Any]:
    return {
        "team_id": _team(fx).pk,
        "members": [{"given_name": "Ayaan", "family_name": "Rahman", "role": "child"}],
    }


RULES: dict[str, Rule] = {
    "familyhelp:queue": Rule(SIGNED_IN),
    "familyhelp:request": Rule(ASKERS),
    "familyhelp:step_down": Rule(STAFF),
    "familyhelp:settings": Rule(frozenset({"admin"})),
    "familyhelp:case": Rule(READERS, reads=True, kwargs=_case),
    "familyhelp:accept": Rule(NOBODY, kwargs=_case),
    "familyhelp:decline": Rule(NOBODY, kwargs=_case),
    "familyhelp:agreement": Rule(LEAD, kwargs=_case),
    "familyhelp:assessment": Rule(LEAD, kwargs=_case),
    "familyhelp:plan": Rule(LEAD, kwargs=_case),
    "familyhelp:review": Rule(LEAD, kwargs=_case),
    "familyhelp:meeting": Rule(LEAD, kwargs=_case),
    "familyhelp:network": Rule(LEAD, kwargs=_case),
    "familyhelp:close": Rule(LEAD, kwargs=_case),
    "familyhelp:step_up": Rule(LEAD, kwargs=_case),
    "api:family_help_cases": Rule(SIGNED_IN),
    "api:family_help_step_down": Rule(
        STAFF,
        method="post",
        body=lambda fx: _family(fx) | {"analysis": "Resolved.", "handover_note": "Keep visits."},
    ),
    "api:family_help_case": Rule(READERS, reads=True, kwargs=_case),
    "api:family_help_accept": Rule(
        NOBODY, method="post", kwargs=_case, body=lambda fx: {"lead_practitioner_email": "x@y.z"}
    ),
    "api:family_help_decline": Rule(
        NOBODY, method="post", kwargs=_case, body=lambda fx: {"reason": "Out of area"}
    ),
    "api:family_help_agreement": Rule(
        LEAD, method="post", kwargs=_case, body=lambda fx: {"agreed": True}
    ),
    "api:family_help_close": Rule(
        LEAD, method="post", kwargs=_case, body=lambda fx: {"reason": "outcomes_met"}
    ),
    "api:family_help_assessments": Rule(READERS, reads=True, kwargs=_case),
    "api:family_help_plans": Rule(READERS, reads=True, kwargs=_case),
    "api:family_help_reviews": Rule(READERS, reads=True, kwargs=_case),
    "api:family_help_meetings": Rule(READERS, reads=True, kwargs=_case),
    "api:family_help_step_up": Rule(
        LEAD,
        method="post",
        kwargs=_case,
        body=lambda fx: {"reason": "Neglect is worse.", "what_tried": "Breakfast club."},
    ),
}
