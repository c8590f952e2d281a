from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "openmash.quality"
    label = "quality"
    verbose_name = "Quality assurance"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.quality.verbs import QUALITY_VERB_LABELS, QualityVerb

        audit_verbs_register(QualityVerb, QUALITY_VERB_LABELS)
