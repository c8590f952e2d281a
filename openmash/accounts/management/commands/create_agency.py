from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openmash.accounts.models import AgencyType
from openmash.accounts.services import agency_create
from openmash.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an agency, e.g. openmash create_agency POL 'Example Police' --type police"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Short code used in the UI, API and imports, e.g. POL")
        parser.add_argument("name")
        parser.add_argument("--type", required=True, choices=AgencyType.values, dest="agency_type")

    def handle(self, *args: Any, code: str, name: str, agency_type: str, **options: Any) -> None:
        try:
            agency = agency_create(actor=None, code=code, name=name, agency_type=agency_type)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Created {agency}.")
