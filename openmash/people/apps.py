from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openmash.people"
    label = "people"
    verbose_name = "Person index"

    def ready(self) -> None:
        from openmash.core.audit import VERB_LABELS
        from openmash.people.verbs import PEOPLE_VERB_LABELS

        VERB_LABELS.update(PEOPLE_VERB_LABELS)
