from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_roles(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.accounts.roles import roles_load_defaults

    roles_load_defaults(apps.get_model("accounts", "Role"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_roles")]
    operations = [
        migrations.AddField(
            model_name="role",
            name="handles_privacy",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Privacy officer: subject access requests, retention, legal holds and disposal"
                ),
            ),
        ),
        migrations.RunPython(add_roles, migrations.RunPython.noop),
    ]
