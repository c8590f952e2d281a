from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.accounts.models import User
from openmash.accounts.services import api_key_create
from openmash.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an API key for a user. The key is printed once and cannot be shown again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The user's email address")
        parser.add_argument("--name", default="API key", help="What the key is for")

    def handle(self, *args: Any, user: str, name: str, **options: Any) -> None:
        owner = User.objects.filter(email__iexact=user.strip()).first()
        if owner is None:
            raise CommandError(f"There is no user with the email address {user}.")
        try:
            key, secret = api_key_create(actor=None, user=owner, name=name)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"Created API key {key.name!r} ({key.prefix}) for {owner.email}.")
        self.stderr.write(
            "Copy it now: it is shown only once. Send it as 'Authorization: Bearer <key>'."
        )
        self.stdout.write(secret)
