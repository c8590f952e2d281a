from django.apps import AppConfig


class AdultsConfig(AppConfig):
    name = "openmash.adults"
    label = "adults"
    verbose_name = "Adults' safeguarding enquiries"

    def ready(self) -> None:
        from openmash.adults.chronology import ADULTS_EVENTS
        from openmash.adults.models import SafeguardingEnquiry
        from openmash.adults.permissions import enquiries_visible_to
        from openmash.adults.selectors import (
            adults_home_section,
            contact_adults_panel,
            enquiries_overdue,
            enquiry_describe,
        )
        from openmash.adults.services import adults_from_decision
        from openmash.adults.verbs import ADULTS_VERB_LABELS, AdultsVerb
        from openmash.contacts import registry as contacts
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import HomeSection, home_sections
        from openmash.frontdoor import registry as frontdoor
        from openmash.people import registry as people

        audit_verbs_register(AdultsVerb, ADULTS_VERB_LABELS)
        frontdoor.decision_authorised.register("adults", adults_from_decision)
        frontdoor.breach_clocks.register(
            "adults.enquiry_target",
            frontdoor.BreachClock(
                label="Adult safeguarding enquiry past its target date",
                model=SafeguardingEnquiry,
                overdue=enquiries_overdue,
                visible_to=enquiries_visible_to,
                describe=enquiry_describe,
            ),
        )
        contacts.contact_page_panels.register(
            "adults",
            contacts.ContactPagePanels(
                context=contact_adults_panel,
                templates={"summary": "adults/partials/_contact_panel.html"},
            ),
        )
        home_sections.register(
            "adults", HomeSection(context=adults_home_section, template="adults/home/_section.html")
        )
        people.person_merge_rows.register(
            "safeguarding_enquiries", people.rows_naming_person(SafeguardingEnquiry)
        )
        people.person_event_providers.register("adults", ADULTS_EVENTS)
