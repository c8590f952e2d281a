"""Insights: managers and the quality and performance lead (the matrix's auditor) see the
dashboards, the records behind them, the CSVs and the journey map; nobody else reaches any of it."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import Rule

LEADS = frozenset({"manager", "auditor"})


def _figure(fx: Any) -> dict[str, Any]:
    return {"figure": "contacts"}


RULES: dict[str, Rule] = {
    "insights:index": Rule(LEADS),
    "insights:journey": Rule(LEADS),
    "insights:figure_csv": Rule(LEADS, kwargs=_figure),
    "insights:records": Rule(LEADS, reads=True, kwargs=_figure),
    "api:insights_figure": Rule(LEADS, kwargs=_figure),
    "api:insights_journey": Rule(LEADS),
}
