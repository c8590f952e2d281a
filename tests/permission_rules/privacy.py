"""Routes of subject access and retention. Only the privacy officer (`handles_privacy`) may use
them, and no persona of the matrix is one (tests/privacy/ covers them), so they allow no one
here: every persona of the matrix is refused."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import Rule

NOBODY: frozenset[str] = frozenset()


def _sar(fx: Any) -> dict[str, Any]:
    from tests.privacy.helpers import sample_request

    return {"sar_id": sample_request(fx.world).pk}


def _redaction(fx: Any) -> dict[str, Any]:
    from tests.privacy.helpers import sample_redaction

    redaction = sample_redaction(fx.world)
    return {"sar_id": redaction.request_id, "redaction_id": redaction.pk}


def _hold(fx: Any) -> dict[str, Any]:
    from tests.privacy.helpers import sample_hold

    return {"hold_id": sample_hold(fx.world).pk}


RULE_TYPE = {"record_type": "contact_nfa"}

RULES: dict[str, Rule] = {
    "privacy:requests": Rule(NOBODY),
    "privacy:request_new": Rule(NOBODY),
    "privacy:request": Rule(NOBODY, kwargs=_sar),
    "privacy:request_identity": Rule(NOBODY, kwargs=_sar),
    "privacy:request_extend": Rule(NOBODY, kwargs=_sar),
    "privacy:request_close": Rule(NOBODY, kwargs=_sar),
    "privacy:request_redact": Rule(NOBODY, kwargs=_sar),
    "privacy:redaction_remove": Rule(NOBODY, method="post", kwargs=_redaction),
    "privacy:request_pdf": Rule(NOBODY, kwargs=_sar),
    "privacy:retention": Rule(NOBODY),
    "privacy:rule_change": Rule(NOBODY, kwargs=lambda fx: RULE_TYPE),
    "privacy:hold_new": Rule(NOBODY),
    "privacy:hold_lift": Rule(NOBODY, method="post", kwargs=_hold),
    "api:sar_list": Rule(NOBODY),
    "api:sar_detail": Rule(NOBODY, kwargs=_sar),
    "api:sar_holdings": Rule(NOBODY, kwargs=_sar),
    "api:sar_identity": Rule(NOBODY, method="post", kwargs=_sar),
    "api:sar_extend": Rule(NOBODY, method="post", kwargs=_sar),
    "api:sar_close": Rule(NOBODY, method="post", kwargs=_sar),
    "api:sar_redactions": Rule(NOBODY, method="post", kwargs=_sar),
    "api:sar_redaction_delete": Rule(NOBODY, method="delete", kwargs=_redaction),
    "api:sar_disclosure_pdf": Rule(NOBODY, kwargs=_sar),
    "api:retention_rules": Rule(NOBODY),
    "api:retention_rule": Rule(NOBODY, method="post", kwargs=lambda fx: RULE_TYPE),
    "api:retention_review": Rule(NOBODY),
    "api:retention_disposals": Rule(NOBODY, method="post"),
    "api:retention_holds": Rule(NOBODY),
    "api:retention_hold_lift": Rule(NOBODY, method="post", kwargs=_hold),
}
