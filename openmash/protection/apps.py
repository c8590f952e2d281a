from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "openmash.protection"
    label = "protection"
    verbose_name = "Child protection"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import HomeSection, home_sections
        from openmash.frontdoor import registry as frontdoor
        from openmash.people import registry as people
        from openmash.protection import selectors as s
        from openmash.protection.chronology import PROTECTION_EVENTS
        from openmash.protection.models import (
            Assessment,
            ChildProtectionPlan,
            ProtectionCase,
            Section47Enquiry,
            StrategyDiscussion,
        )
        from openmash.protection.services import protection_from_decision
        from openmash.protection.verbs import PROTECTION_VERB_LABELS, ProtectionVerb
        from openmash.protection.views import home_section

        audit_verbs_register(ProtectionVerb, PROTECTION_VERB_LABELS)
        frontdoor.decision_authorised.register("protection", protection_from_decision)
        clocks = [
            ("strategy_late", "Strategy discussion not held by its target", StrategyDiscussion,
             s.strategy_overdue, "strategy discussion late"),
            ("icpc_target", "Initial conference past its target", Section47Enquiry,
             s.icpc_overdue, "initial conference past its target"),
            ("assessment_overdue", "Assessment past 45 working days", Assessment,
             s.assessments_overdue, "assessment past 45 working days"),
            ("review_overdue", "Review conference overdue", ChildProtectionPlan,
             s.reviews_overdue, "review conference overdue"),
            ("visit_overdue", "Statutory visit overdue", ChildProtectionPlan,
             s.visits_overdue, "statutory visit overdue"),
        ]  # fmt: skip
        for key, label, model, overdue, what in clocks:
            frontdoor.breach_clocks.register(
                f"protection.{key}",
                frontdoor.BreachClock(
                    label=label,
                    model=model,
                    overdue=overdue,
                    visible_to=s.visible(model),
                    describe=s.describe(what),
                ),
            )
        home_sections.register(
            "protection",
            HomeSection(context=home_section, template="protection/home/_section.html"),
        )
        people.person_merge_rows.register(
            "protection_cases", people.rows_naming_person(ProtectionCase)
        )
        people.person_event_providers.register("protection", PROTECTION_EVENTS)
