from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def seed(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    import holidays

    BankHoliday = apps.get_model("core", "BankHoliday")
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2036))
    for day, name in sorted(calendar.items()):
        BankHoliday.objects.get_or_create(
            day=day, defaults={"name": name, "source": "holidays package"}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_bank_holidays")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
