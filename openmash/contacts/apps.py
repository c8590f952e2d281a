from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "openmash.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from openmash.contacts.models import ContactSubject
        from openmash.contacts.permissions import contact_is_restricted_for, contacts_visible_to
        from openmash.contacts.selectors import person_contact_links, subjects_as_recorded
        from openmash.contacts.verbs import CONTACTS_VERB_LABELS, ContactsVerb
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import RestrictableRecord, restrictable_records
        from openmash.people import registry as people

        audit_verbs_register(ContactsVerb, CONTACTS_VERB_LABELS)
        restrictable_records.register(
            "contact",
            RestrictableRecord(
                visible_to=contacts_visible_to,
                is_restricted_for=contact_is_restricted_for,
                detail_url_name="contacts:detail",
            ),
        )
        people.person_merge_rows.register(
            "contact_subjects",
            people.rows_naming_person(ContactSubject),
        )
        people.person_contact_links.register("contacts", person_contact_links)
        people.match_training_subjects.register("contact_subjects", subjects_as_recorded)
