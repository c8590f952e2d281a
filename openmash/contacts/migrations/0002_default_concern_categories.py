from django.db import migrations


def add_categories(apps, schema_editor):
    from openmash.contacts.vocabulary import categories_load_defaults

    categories_load_defaults(apps.get_model("contacts", "ConcernCategory"))


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
