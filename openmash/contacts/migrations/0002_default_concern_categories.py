from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_categories(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.contacts.vocabulary import categories_load_defaults

    categories_load_defaults(apps.get_model("contacts", "ConcernCategory"))


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
