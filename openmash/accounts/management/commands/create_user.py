import sys
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from openmash.accounts.models import Agency, Role, Team
from openmash.accounts.services import user_create
from openmash.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Create a user. Without --password-stdin, prints a one-off link where the user sets "
        "their own password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, dest="full_name")
        parser.add_argument("--agency", required=True, help="Agency code, e.g. LA")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            dest="roles",
            help="Role code (repeatable), e.g. social_worker",
        )
        parser.add_argument(
            "--team",
            action="append",
            default=[],
            dest="teams",
            help="Team name within the agency (repeatable)",
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code__iexact=options["agency"]).first()
        if agency is None:
            raise CommandError(f"There is no agency with the code {options['agency']}.")
        roles = list(Role.objects.filter(code__in=options["roles"]))
        missing = set(options["roles"]) - {r.code for r in roles}
        if missing:
            known = ", ".join(Role.objects.values_list("code", flat=True))
            raise CommandError(f"Unknown role(s): {', '.join(sorted(missing))}. Known: {known}")
        teams = list(Team.objects.filter(agency=agency, name__in=options["teams"]))
        if len(teams) != len(set(options["teams"])):
            raise CommandError(f"Unknown team name(s) for {agency.code}: {options['teams']}")
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
        try:
            user = user_create(
                actor=None,
                email=options["email"],
                full_name=options["full_name"],
                agency=agency,
                roles=roles,
                teams=teams,
                password=password,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Created {user}.")
        if password is None:
            key = default_token_generator.make_token(user)
            path = reverse(
                "account_reset_password_from_key",
                kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
            )
            self.stdout.write(f"They can set a password at: {settings.OPENMASH_BASE_URL}{path}")
