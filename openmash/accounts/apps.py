from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openmash.accounts"
    label = "accounts"
    verbose_name = "Accounts, agencies and teams"

    def ready(self) -> None:
        from openmash.accounts import permissions  # noqa: F401  (registers the rules permissions)
