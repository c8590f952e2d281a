"""The data migration that puts NHS numbers and UPNs stored as typed into one form."""

from __future__ import annotations

import importlib

from django.apps import apps

from openmash.people.models import Person, PersonIdentifier
from tests.conftest import World
from tests.text import ARABIC_INDIC, in_script

migration = importlib.import_module("openmash.people.migrations.0004_canonical_identifiers")


def test_numbers_stored_in_other_scripts_are_put_into_one_form(world: World) -> None:
    typed = in_script("9990000018", ARABIC_INDIC)
    person = Person.objects.create(given_name="Ayaan", family_name="Rahman", nhs_number=typed)
    PersonIdentifier.objects.create(
        person=person, kind="nhs", value=in_script("9990000018", ARABIC_INDIC)
    )
    PersonIdentifier.objects.create(person=person, kind="nhs", value="9990000018")

    migration.canonicalise(apps, None)

    person.refresh_from_db()
    assert person.nhs_number == "9990000018"
    assert list(PersonIdentifier.objects.filter(person=person).values_list("value", flat=True)) == [
        "9990000018"
    ]
