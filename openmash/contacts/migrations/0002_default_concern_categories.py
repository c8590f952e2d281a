from django.db import migrations


def add_categories(apps, schema_editor):
    from openmash.contacts.vocabulary import DEFAULT_CATEGORIES

    ConcernCategory = apps.get_model("contacts", "ConcernCategory")
    for row in DEFAULT_CATEGORIES:
        row = dict(row)
        ConcernCategory.objects.update_or_create(code=row.pop("code"), defaults=row)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
