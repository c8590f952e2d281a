from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.familyhelp.defaults import domains_load_defaults

    domains_load_defaults(apps.get_model("familyhelp", "AssessmentDomain"))


class Migration(migrations.Migration):
    dependencies = [("familyhelp", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
