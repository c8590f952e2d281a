from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openmash.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from openmash.api import schema  # noqa: F401  (registers the authentication schemes)
        from openmash.api.fields import strings_only_install

        strings_only_install()
