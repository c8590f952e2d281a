from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "openmash.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from openmash.contacts.verbs import CONTACTS_VERB_LABELS
        from openmash.core.audit import VERB_LABELS

        VERB_LABELS.update(CONTACTS_VERB_LABELS)
