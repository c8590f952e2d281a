from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "openmash.privacy"
    label = "privacy"
    verbose_name = "Privacy (subject access and retention)"

    def ready(self) -> None:
        from openmash.core.audit import audit_verbs_register
        from openmash.privacy.verbs import PRIVACY_VERB_LABELS, PrivacyVerb

        audit_verbs_register(PrivacyVerb, PRIVACY_VERB_LABELS)
