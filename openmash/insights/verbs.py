"""Audit verbs of the dashboards: every figure viewed and every CSV downloaded is recorded, with
the filters it was drawn for."""

from __future__ import annotations

from openmash.core.audit import Verb


class InsightsVerb(Verb):
    FIGURE_VIEWED = "insights.figure_viewed"
    FIGURE_DOWNLOADED = "insights.figure_downloaded"
    JOURNEY_VIEWED = "insights.journey_viewed"


INSIGHTS_VERB_LABELS = {
    InsightsVerb.FIGURE_VIEWED: "Viewed a dashboard figure",
    InsightsVerb.FIGURE_DOWNLOADED: "Downloaded a dashboard figure (CSV)",
    InsightsVerb.JOURNEY_VIEWED: "Viewed the journey map",
}
