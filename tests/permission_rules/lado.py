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
}
