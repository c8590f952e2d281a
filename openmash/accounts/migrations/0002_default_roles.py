from django.db import migrations


def add_roles(apps, schema_editor):
    from openmash.accounts.roles import roles_load_defaults

    roles_load_defaults(apps.get_model("accounts", "Role"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
