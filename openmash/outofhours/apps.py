from django.apps import AppConfig


class OutOfHoursConfig(AppConfig):
    name = "openmash.outofhours"
    label = "outofhours"
    verbose_name = "Out of hours"

    def ready(self) -> None:
        from openmash.contacts import registry as contacts
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import HomeSection, home_sections
        from openmash.frontdoor.registry import BreachClock, breach_clocks, out_of_hours_periods
        from openmash.outofhours.chronology import OUTOFHOURS_EVENTS
        from openmash.outofhours.models import HandOver
        from openmash.outofhours.period import is_out_of_hours
        from openmash.outofhours.permissions import handovers_visible_to
        from openmash.outofhours.selectors import (
            contact_edt_panel,
            handover_describe,
            handovers_overdue,
            out_of_hours_home_section,
        )
        from openmash.outofhours.services import contacts_arrived_out_of_hours
        from openmash.outofhours.verbs import OUT_OF_HOURS_VERB_LABELS, OutOfHoursVerb
        from openmash.people import registry as people

        audit_verbs_register(OutOfHoursVerb, OUT_OF_HOURS_VERB_LABELS)
        contacts.contacts_arrived.register("out_of_hours", contacts_arrived_out_of_hours)
        contacts.contact_page_panels.register(
            "outofhours",
            contacts.ContactPagePanels(
                context=contact_edt_panel,
                templates={"summary": "outofhours/partials/_contact_panel.html"},
            ),
        )
        breach_clocks.register(
            "outofhours.handover_unacknowledged",
            BreachClock(
                label="Out-of-hours hand-over not acknowledged",
                model=HandOver,
                overdue=handovers_overdue,
                visible_to=handovers_visible_to,
                describe=handover_describe,
            ),
        )
        out_of_hours_periods.register("outofhours", is_out_of_hours)
        people.person_event_providers.register("outofhours", OUTOFHOURS_EVENTS)
        home_sections.register(
            "out_of_hours",
            HomeSection(
                context=out_of_hours_home_section, template="outofhours/home/_section.html"
            ),
        )
