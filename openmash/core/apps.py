from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openmash.core"
    label = "core"
    verbose_name = "OpenMASH core"

    def ready(self) -> None:
        from openmash.core import admin, signals  # noqa: F401  (admin pages; login audit)
