from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "openmash.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        from openmash.chronology.models import CaseSummary, ChronologyEntry
        from openmash.chronology.providers import ENTRY_EVENTS
        from openmash.chronology.verbs import CHRONOLOGY_VERB_LABELS, ChronologyVerb
        from openmash.core.audit import audit_verbs_register
        from openmash.people import registry as people

        audit_verbs_register(ChronologyVerb, CHRONOLOGY_VERB_LABELS)
        people.person_event_providers.register("chronology", ENTRY_EVENTS)
        for name, label, url_name in (
            ("chronology", "Chronology", "chronology:person"),
            ("family", "Family", "chronology:family"),
            ("case_summary", "Case summary", "chronology:summary"),
        ):
            people.person_page_links.register(name, people.PersonPageLink(label, url_name))
        people.person_merge_rows.register(
            "chronology_entries", people.rows_naming_person(ChronologyEntry)
        )
        people.person_merge_rows.register("case_summaries", people.rows_naming_person(CaseSummary))
