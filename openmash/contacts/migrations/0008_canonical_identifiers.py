"""Subjects' NHS numbers and UPNs stored as typed (other scripts' digits, spaces) in one form."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from openmash.core.identifiers import canonical_identifier


def canonicalise(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ContactSubject = apps.get_model("contacts", "ContactSubject")
    for field in ("nhs_number", "upn"):
        for subject in ContactSubject.objects.exclude(**{field: ""}).only("pk", field).iterator():
            value = getattr(subject, field)
            if canonical_identifier(value) != value:
                ContactSubject.objects.filter(pk=subject.pk).update(
                    **{field: canonical_identifier(value)}
                )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0007_fewer_indexes")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop)]
