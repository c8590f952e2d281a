from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "openmash.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"

    def ready(self) -> None:
        from openmash.contacts import registry as contacts
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import (
            HomeSection,
            PeriodicJobEntry,
            home_sections,
            periodic_jobs,
        )
        from openmash.frontdoor.apis.second_reports import (
            second_reports_field,
            second_reports_value,
        )
        from openmash.frontdoor.chronology import FRONTDOOR_EVENTS
        from openmash.frontdoor.models import AdultEnquiry, Referral
        from openmash.frontdoor.panels import frontdoor_panels
        from openmash.frontdoor.selectors.manager import manager_home_section
        from openmash.frontdoor.services.arrival import contacts_arrived_with_immediate_risk
        from openmash.frontdoor.services.lifecycle import contact_close_duplicate
        from openmash.frontdoor.tasks import breaches_check, breaches_check_every
        from openmash.frontdoor.verbs import FRONTDOOR_VERB_LABELS, FrontdoorVerb
        from openmash.people import registry as people

        audit_verbs_register(FrontdoorVerb, FRONTDOOR_VERB_LABELS)
        periodic_jobs.register(
            "frontdoor_breaches",
            PeriodicJobEntry(every=breaches_check_every, run=breaches_check.enqueue),
        )
        contacts.contact_page_panels.register(
            "frontdoor",
            contacts.ContactPagePanels(
                context=frontdoor_panels,
                templates={
                    "summary": "frontdoor/partials/_contact_page_summary.html",
                    "work": "frontdoor/partials/_contact_page_work.html",
                },
            ),
        )
        contacts.contact_duplicate_confirmed.register("frontdoor", contact_close_duplicate)
        home_sections.register(
            "manager",
            HomeSection(context=manager_home_section, template="frontdoor/home/_manager.html"),
        )
        contacts.contact_resource_parts.register(
            "second_reports",
            contacts.ContactResourcePart(field=second_reports_field, value=second_reports_value),
        )
        contacts.contacts_arrived.register("immediate_risk", contacts_arrived_with_immediate_risk)
        people.person_event_providers.register("frontdoor", FRONTDOOR_EVENTS)
        people.person_merge_rows.register("referrals", people.rows_naming_person(Referral))
        people.person_merge_rows.register(
            "adult_enquiries", people.rows_naming_person(AdultEnquiry)
        )
