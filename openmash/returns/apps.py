from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "openmash.returns"
    label = "returns"
    verbose_name = "Statutory returns"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.returns.verbs import RETURNS_VERB_LABELS, ReturnsVerb

        audit_verbs_register(ReturnsVerb, RETURNS_VERB_LABELS)
