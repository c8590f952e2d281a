from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_rules(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.privacy.record_types import RECORD_TYPES

    rule = apps.get_model("privacy", "RetentionRule")
    for code, kind in RECORD_TYPES.items():
        if not rule.objects.filter(record_type=code).exists():
            rule.objects.create(
                record_type=code,
                years_after_closure=kind.years_after_closure,
                until_age=kind.until_age,
                source=kind.source,
            )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
