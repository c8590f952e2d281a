from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "openmash.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.frontdoor.verbs import FRONTDOOR_VERB_LABELS, FrontdoorVerb

        audit_verbs_register(FrontdoorVerb, FRONTDOOR_VERB_LABELS)
