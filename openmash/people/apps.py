from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openmash.people"
    label = "people"
    verbose_name = "Person index"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import (
            PeriodicJobEntry,
            RestrictableRecord,
            periodic_jobs,
            restrictable_records,
        )
        from openmash.people.permissions import person_is_restricted_for, persons_visible_to
        from openmash.people.tasks import match_model_refresh, match_model_refresh_every
        from openmash.people.verbs import PEOPLE_VERB_LABELS, PeopleVerb

        audit_verbs_register(PeopleVerb, PEOPLE_VERB_LABELS)
        restrictable_records.register(
            "person",
            RestrictableRecord(
                visible_to=persons_visible_to,
                is_restricted_for=person_is_restricted_for,
                detail_url_name="people:detail",
            ),
        )
        periodic_jobs.register(
            "match_model_refresh",
            PeriodicJobEntry(every=match_model_refresh_every, run=match_model_refresh.enqueue),
        )
