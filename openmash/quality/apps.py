from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "openmash.quality"
    label = "quality"
    verbose_name = "Quality assurance"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.core.registry import HomeSection, home_sections
        from openmash.people import registry as people
        from openmash.quality.audit_selectors import audit_home_section
        from openmash.quality.chronology import AUDIT_EVENTS
        from openmash.quality.selectors import calibration_home_section
        from openmash.quality.verbs import (
            AUDIT_VERB_LABELS,
            QUALITY_VERB_LABELS,
            AuditVerb,
            QualityVerb,
        )

        audit_verbs_register(QualityVerb, QUALITY_VERB_LABELS)
        audit_verbs_register(AuditVerb, AUDIT_VERB_LABELS)
        people.person_event_providers.register("quality", AUDIT_EVENTS)
        home_sections.register(
            "case_audits",
            HomeSection(context=audit_home_section, template="quality/home/_audits.html"),
        )
        home_sections.register(
            "calibration",
            HomeSection(context=calibration_home_section, template="quality/home/_section.html"),
        )
