from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "openmash.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic data generator"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.synthetic.verbs import SYNTHETIC_VERB_LABELS, SyntheticVerb

        audit_verbs_register(SyntheticVerb, SYNTHETIC_VERB_LABELS)
