"""Routes of case audits, audit templates, dip samples and decision analytics: quality leads do
all of it; the worker whose case was audited (here the social worker) reads the completed audit
and responds; an action's owner (also the social worker) marks it done; nobody else sees any."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import SIGNED_IN, Rule

LEAD = frozenset({"auditor"})
WORKER = frozenset({"social_worker"})


def _done(fx: Any) -> dict[str, Any]:
    from tests.quality.audit_helpers import sweep_audit

    return {"audit_id": sweep_audit(fx.world).pk}


def _action(fx: Any) -> dict[str, Any]:
    from tests.quality.audit_helpers import sweep_audit

    audit = sweep_audit(fx.world)
    return {"audit_id": audit.pk, "action_id": audit.actions.get().pk}


def _doing(fx: Any) -> dict[str, Any]:
    from tests.quality.audit_helpers import audit_in_progress

    return {"audit_id": audit_in_progress(fx.world).pk}


def _template(fx: Any) -> dict[str, Any]:
    from tests.quality.audit_helpers import audit_in_progress

    return {"template_id": audit_in_progress(fx.world).template_version.template_id}


def _sample(fx: Any) -> dict[str, Any]:
    from tests.quality.audit_helpers import sweep_sample

    return {"sample_id": sweep_sample(fx.world).pk}


def _answers(fx: Any) -> dict[str, Any]:
    return {"answers": [{"answer": "Yes", "finding": ""}, {"answer": "No", "finding": ""}]}


def _action_body(fx: Any) -> dict[str, Any]:
    return {"text": "Record her views", "owner_id": fx.world.manager.pk, "due_on": "2099-01-01"}


MULTIPART = "multipart"
RULES: dict[str, Rule] = {
    "quality:audits": Rule(SIGNED_IN),
    "quality:audit": Rule(LEAD | WORKER, kwargs=_done),
    "quality:audit_answers": Rule(LEAD, method="post", kwargs=_doing, content_type=MULTIPART),
    "quality:audit_complete": Rule(LEAD, method="post", kwargs=_doing, content_type=MULTIPART),
    "quality:audit_action_add": Rule(LEAD, method="post", kwargs=_done, content_type=MULTIPART),
    "quality:audit_action_done": Rule(
        LEAD | WORKER, method="post", kwargs=_action, content_type=MULTIPART
    ),
    "quality:audit_respond": Rule(WORKER, method="post", kwargs=_done, content_type=MULTIPART),
    "quality:audit_moderate": Rule(LEAD, method="post", kwargs=_done, content_type=MULTIPART),
    "quality:templates": Rule(LEAD),
    "quality:template_new": Rule(LEAD),
    "quality:template": Rule(LEAD, kwargs=_template),
    "quality:samples": Rule(LEAD),
    "quality:sample_new": Rule(LEAD),
    "quality:sample": Rule(LEAD, kwargs=_sample),
    "quality:analytics": Rule(LEAD),
    "quality:analytics_records": Rule(LEAD, query="?figure=consent"),
    "api:audit_template_list": Rule(LEAD),
    "api:audit_template_detail": Rule(LEAD, kwargs=_template),
    "api:audit_list": Rule(SIGNED_IN),
    "api:audit_detail": Rule(LEAD | WORKER, kwargs=_done),
    "api:audit_answers": Rule(LEAD, method="post", kwargs=_doing, body=_answers),
    "api:audit_complete": Rule(
        LEAD,
        method="post",
        kwargs=_doing,
        body=lambda fx: {"grade": "good", "summary": "Sound"},
    ),
    "api:audit_actions": Rule(LEAD, method="post", kwargs=_done, body=_action_body),
    "api:audit_action_done": Rule(LEAD | WORKER, method="post", kwargs=_action),
    "api:audit_respond": Rule(
        WORKER, method="post", kwargs=_done, body=lambda fx: {"response": "Agreed"}
    ),
    "api:audit_moderate": Rule(LEAD, method="post", kwargs=_done, body=lambda fx: {"agrees": True}),
    "api:dip_sample_list": Rule(LEAD),
    "api:dip_sample_detail": Rule(LEAD, kwargs=_sample),
    "api:decision_analytics": Rule(LEAD),
}
