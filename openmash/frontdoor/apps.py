from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "openmash.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"

    def ready(self) -> None:
        from openmash.core.audit import VERB_LABELS
        from openmash.core.registry import PeriodicJobEntry, periodic_jobs
        from openmash.frontdoor.tasks import breaches_check, breaches_check_every
        from openmash.frontdoor.verbs import FRONTDOOR_VERB_LABELS

        VERB_LABELS.update(FRONTDOOR_VERB_LABELS)
        periodic_jobs.register(
            "frontdoor_breaches",
            PeriodicJobEntry(every=breaches_check_every, run=breaches_check.enqueue),
        )
