from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "openmash.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from openmash.contacts.permissions import contact_is_restricted_for, contacts_visible_to
        from openmash.core.registry import RestrictableRecord, restrictable_records

        restrictable_records.register(
            "contact",
            RestrictableRecord(
                visible_to=contacts_visible_to,
                is_restricted_for=contact_is_restricted_for,
                detail_url_name="contacts:detail",
            ),
        )
