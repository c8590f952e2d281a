from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from openmash.accounts.services import users_disable_dormant


class Command(BaseCommand):
    help = (
        "Deactivate accounts not used for OPENMASH_DORMANT_ACCOUNT_DAYS (the scheduler runs this)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        users = users_disable_dormant()
        for user in users:
            self.stdout.write(f"Deactivated {user.email}")
        self.stdout.write(
            f"{len(users)} account(s) unused for {settings.DORMANT_ACCOUNT_DAYS} days deactivated."
        )
