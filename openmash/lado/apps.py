from django.apps import AppConfig


class LadoConfig(AppConfig):
    name = "openmash.lado"
    label = "lado"
    verbose_name = "LADO (allegations)"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import (
            HomeSection,
            RestrictableRecord,
            home_sections,
            restrictable_records,
        )
        from openmash.frontdoor.registry import BreachClock, breach_clocks
        from openmash.lado.chronology import LADO_EVENTS
        from openmash.lado.models import Allegation, AllegationChild
        from openmash.lado.permissions import allegation_is_restricted_for, allegations_visible_to
        from openmash.lado.selectors import (
            allegation_describe,
            considerations_overdue,
            lado_breach_scope,
            lado_home_section,
        )
        from openmash.lado.verbs import LADO_VERB_LABELS, LadoVerb
        from openmash.people import registry as people

        audit_verbs_register(LadoVerb, LADO_VERB_LABELS)
        restrictable_records.register(
            "allegation",
            RestrictableRecord(
                visible_to=allegations_visible_to,
                is_restricted_for=allegation_is_restricted_for,
                detail_url_name="lado:allegation",
            ),
        )
        breach_clocks.register(
            "lado.initial_consideration",
            BreachClock(
                label="LADO initial consideration late",
                model=Allegation,
                overdue=considerations_overdue,
                visible_to=lado_breach_scope,
                describe=allegation_describe,
            ),
        )
        people.person_event_providers.register("lado", LADO_EVENTS)
        people.person_merge_rows.register(
            "lado_subjects", people.rows_naming_person(Allegation, "subject")
        )
        people.person_merge_rows.register(
            "lado_children", people.rows_naming_person(AllegationChild)
        )
        home_sections.register(
            "lado", HomeSection(context=lado_home_section, template="lado/home/_section.html")
        )
