from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "openmash.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from openmash.contacts.verbs import CONTACTS_VERB_LABELS, ContactsVerb
        from openmash.core.audit import audit_verbs_register

        audit_verbs_register(ContactsVerb, CONTACTS_VERB_LABELS)
