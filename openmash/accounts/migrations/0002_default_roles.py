from django.db import migrations


def add_roles(apps, schema_editor):
    from openmash.accounts.roles import DEFAULT_ROLES

    Role = apps.get_model("accounts", "Role")
    for values in DEFAULT_ROLES:
        values = dict(values)
        Role.objects.update_or_create(code=values.pop("code"), defaults=values)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
