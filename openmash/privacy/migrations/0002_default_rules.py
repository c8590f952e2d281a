from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_rules(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.privacy.record_types import rules_load_defaults

    rules_load_defaults(apps.get_model("privacy", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
