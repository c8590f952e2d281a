from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "openmash.familyhelp"
    label = "familyhelp"
    verbose_name = "Family Help"

    def ready(self) -> None:
        from openmash.contacts import registry as contacts
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import HomeSection, home_sections
        from openmash.familyhelp.chronology import FAMILYHELP_EVENTS
        from openmash.familyhelp.models import FamilyHelpCase, FamilyMember
        from openmash.familyhelp.permissions import cases_visible_to
        from openmash.familyhelp.selectors import (
            contact_family_help,
            describe_case,
            reviews_overdue,
        )
        from openmash.familyhelp.services.requests import familyhelp_from_decision
        from openmash.familyhelp.verbs import FAMILYHELP_VERB_LABELS, FamilyHelpVerb
        from openmash.familyhelp.views import home_section
        from openmash.frontdoor import registry as frontdoor
        from openmash.people import registry as people

        audit_verbs_register(FamilyHelpVerb, FAMILYHELP_VERB_LABELS)
        frontdoor.decision_authorised.register("familyhelp", familyhelp_from_decision)
        frontdoor.breach_clocks.register(
            "familyhelp.review_overdue",
            frontdoor.BreachClock(
                label="Family Help plan review overdue",
                model=FamilyHelpCase,
                overdue=reviews_overdue,
                visible_to=cases_visible_to,
                describe=describe_case,
            ),
        )
        contacts.contact_page_panels.register(
            "familyhelp",
            contacts.ContactPagePanels(
                context=contact_family_help,
                templates={"summary": "familyhelp/partials/_contact_panel.html"},
            ),
        )
        home_sections.register(
            "familyhelp",
            HomeSection(context=home_section, template="familyhelp/home/_section.html"),
        )
        people.person_merge_rows.register(
            "family_help_members", people.rows_naming_person(FamilyMember)
        )
        people.person_event_providers.register("familyhelp", FAMILYHELP_EVENTS)
