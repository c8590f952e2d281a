"""Routes of threshold calibration exercises: quality leads run them; the invited participants
(here the social worker, the manager and the police representative) answer while one is open
and see the results once it closes; nobody else sees them."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import Rule

LEAD = frozenset({"auditor"})
PARTICIPANTS = frozenset({"social_worker", "manager", "police_rep"})
MAY_TAKE_PART = frozenset({"contact_officer", "social_worker", "manager", "auditor", "police_rep"})


def _open(fx: Any) -> dict[str, Any]:
    from tests.quality.helpers import exercise_for

    return {"exercise_id": exercise_for(fx.world, closed=False).pk}


def _closed(fx: Any) -> dict[str, Any]:
    from tests.quality.helpers import exercise_for

    return {"exercise_id": exercise_for(fx.world, closed=True).pk}


def _vignette(fx: Any) -> dict[str, Any]:
    from tests.quality.helpers import exercise_for

    exercise = exercise_for(fx.world, closed=False)
    return {"exercise_id": exercise.pk, "vignette_id": exercise.vignettes.first().pk}


def _answer(fx: Any) -> dict[str, Any]:
    return {"level": 3, "outcome": "assessment", "rationale": ""}


RULES: dict[str, Rule] = {
    "quality:exercises": Rule(MAY_TAKE_PART),
    "quality:exercise_new": Rule(LEAD),
    "quality:exercise": Rule(LEAD | PARTICIPANTS, kwargs=_closed),
    "quality:vignette_add": Rule(LEAD, method="post", kwargs=_open, content_type="multipart"),
    "quality:vignette_review": Rule(LEAD, kwargs=_vignette),
    "quality:answer": Rule(PARTICIPANTS, kwargs=_vignette),
    "quality:invite": Rule(LEAD, method="post", kwargs=_open, content_type="multipart"),
    "quality:open": Rule(LEAD, method="post", kwargs=_open, content_type="multipart"),
    "quality:close": Rule(LEAD, method="post", kwargs=_open, content_type="multipart"),
    "quality:notes": Rule(LEAD, method="post", kwargs=_closed, content_type="multipart"),
    "api:calibration_exercise_list": Rule(MAY_TAKE_PART),
    "api:calibration_exercise_detail": Rule(LEAD | PARTICIPANTS, kwargs=_open),
    "api:calibration_exercise_results": Rule(LEAD | PARTICIPANTS, kwargs=_closed),
    "api:calibration_answer": Rule(PARTICIPANTS, method="post", kwargs=_vignette, body=_answer),
}
