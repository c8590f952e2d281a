from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "openmash.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"

    def ready(self) -> None:
        from openmash.core.audit import VERB_LABELS
        from openmash.frontdoor.verbs import FRONTDOOR_VERB_LABELS

        VERB_LABELS.update(FRONTDOOR_VERB_LABELS)
