from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openmash.core"
    label = "core"
    verbose_name = "OpenMASH core"

    def ready(self) -> None:
        from openmash.core import signals  # noqa: F401  (login and lockout audit)
