from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openmash.accounts"
    label = "accounts"
    verbose_name = "Accounts, agencies and teams"

    def ready(self) -> None:
        from openmash.accounts import permissions  # noqa: F401  (registers the rules permissions)
        from openmash.accounts.tasks import (
            break_glass_tell_managers,
            disable_dormant_accounts,
            dormant_check_every,
        )
        from openmash.core.registry import PeriodicJobEntry, break_glass_opened, periodic_jobs

        break_glass_opened.register("tell_managers", break_glass_tell_managers)
        periodic_jobs.register(
            "disable_dormant_accounts",
            PeriodicJobEntry(every=dormant_check_every, run=disable_dormant_accounts.enqueue),
        )
