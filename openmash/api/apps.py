from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openmash.api"
    label = "api"
    verbose_name = "REST API"
