from django.db import migrations


def load(apps, schema_editor):
    from openmash.frontdoor.defaults import frontdoor_load_defaults

    frontdoor_load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
