"""Statutory returns: the quality and performance lead (the matrix's auditor) builds, checks and
downloads Annex A and the Safeguarding Adults Collection, and reconciles them; nobody else
reaches any of it."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import Rule

LEAD = frozenset({"auditor"})


def _run(fx: Any) -> dict[str, Any]:
    from tests.returns.factories import built_run

    return {"run_id": built_run(fx.world.auditor).pk}


def _sac_run(fx: Any) -> dict[str, Any]:
    from tests.returns.factories import built_sac_run

    return {"sac_run_id": built_sac_run(fx.world.auditor).pk}


RECONCILE = "?inspection_date=2026-11-18&period=2025-26"


def _cin_run(fx: Any) -> dict[str, Any]:
    from tests.returns.factories import built_cin_run

    return {"cin_run_id": built_cin_run(fx.world.auditor).pk}


RULES: dict[str, Rule] = {
    "returns:index": Rule(LEAD),
    "returns:annex_a_validation": Rule(LEAD, reads=True, query="?inspection_date=2026-11-18"),
    "returns:annex_a_download": Rule(LEAD, reads=True, kwargs=_run),
    "api:returns_runs": Rule(LEAD, reads=True),
    "api:returns_run_download": Rule(LEAD, reads=True, kwargs=_run),
    "returns:sac": Rule(LEAD),
    "returns:sac_download": Rule(LEAD, reads=True, kwargs=_sac_run),
    "returns:reconciliation": Rule(LEAD, reads=True, query=RECONCILE),
    "api:returns_sac_runs": Rule(LEAD, reads=True),
    "api:returns_sac_run_download": Rule(LEAD, reads=True, kwargs=_sac_run),
    "api:returns_reconciliation": Rule(LEAD, reads=True, query=RECONCILE),
    "returns:cin_index": Rule(LEAD),
    "returns:cin_validation": Rule(LEAD, reads=True, query="?period=2025-26"),
    "returns:cin_download": Rule(LEAD, reads=True, kwargs=_cin_run),
    "api:returns_cin_runs": Rule(LEAD, reads=True),
    "api:returns_cin_run_download": Rule(LEAD, reads=True, kwargs=_cin_run),
}
