from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openmash.people"
    label = "people"
    verbose_name = "Person index"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.people.verbs import PEOPLE_VERB_LABELS, PeopleVerb

        audit_verbs_register(PeopleVerb, PEOPLE_VERB_LABELS)
