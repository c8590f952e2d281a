from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "openmash.insights"
    label = "insights"
    verbose_name = "Insights: dashboards and the journey map"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.insights.verbs import INSIGHTS_VERB_LABELS, InsightsVerb

        audit_verbs_register(InsightsVerb, INSIGHTS_VERB_LABELS)
