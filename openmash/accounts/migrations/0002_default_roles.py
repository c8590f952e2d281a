from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_roles(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.accounts.roles import roles_load_defaults

    roles_load_defaults(apps.get_model("accounts", "Role"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
