from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openmash.people"
    label = "people"
    verbose_name = "Person index"

    def ready(self) -> None:
        from openmash.core.registry import RestrictableRecord, restrictable_records
        from openmash.people.permissions import person_is_restricted_for, persons_visible_to

        restrictable_records.register(
            "person",
            RestrictableRecord(
                visible_to=persons_visible_to,
                is_restricted_for=person_is_restricted_for,
                detail_url_name="people:detail",
            ),
        )
