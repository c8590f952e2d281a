from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "openmash.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic data generator"

    def ready(self) -> None:
        from openmash.core.audit import VERB_LABELS
        from openmash.synthetic.verbs import SYNTHETIC_VERB_LABELS

        VERB_LABELS.update(SYNTHETIC_VERB_LABELS)
