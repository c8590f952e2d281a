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
            refusals_tell_auditors,
        )
        from openmash.core.registry import (
            PeriodicJobEntry,
            access_refusals_repeated,
            break_glass_opened,
            periodic_jobs,
        )

        break_glass_opened.register("tell_managers", break_glass_tell_managers)
        access_refusals_repeated.register("tell_auditors", refusals_tell_auditors)
        periodic_jobs.register(
            "disable_dormant_accounts",
            PeriodicJobEntry(every=dormant_check_every, run=disable_dormant_accounts.enqueue),
        )
