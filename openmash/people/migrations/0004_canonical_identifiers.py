"""NHS numbers and UPNs stored as typed (digits of other scripts, spaces, dashes) in one form."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from openmash.core.identifiers import canonical_identifier


def canonicalise(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Person = apps.get_model("people", "Person")
    PersonIdentifier = apps.get_model("people", "PersonIdentifier")
    for field in ("nhs_number", "upn"):
        for person in Person.objects.exclude(**{field: ""}).only("pk", field).iterator():
            value = getattr(person, field)
            if canonical_identifier(value) != value:
                Person.objects.filter(pk=person.pk).update(**{field: canonical_identifier(value)})
    for row in PersonIdentifier.objects.filter(kind__in=["nhs", "upn"]).iterator():
        canonical = canonical_identifier(row.value)
        if canonical == row.value:
            continue
        twin = PersonIdentifier.objects.filter(
            person_id=row.person_id, kind=row.kind, value=canonical
        )
        if twin.exists():
            row.delete()  # the same number already held in its canonical form
        else:
            PersonIdentifier.objects.filter(pk=row.pk).update(value=canonical)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_blocking_indexes")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop)]
