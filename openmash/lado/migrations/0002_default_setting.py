"""The initial consideration time as installed: one working day (Working Together 2023 and
Keeping Children Safe in Education: the LADO considers an allegation within one working day).
Administrators change it; a change adds a row."""

from typing import Any

from django.db import migrations


def add_default(apps: Any, schema_editor: Any) -> None:
    setting = apps.get_model("lado", "LadoSetting")
    if not setting.objects.exists():
        setting.objects.create(
            consideration_working_days=1, reason="Installed: within one working day"
        )


class Migration(migrations.Migration):
    dependencies = [("lado", "0001_initial")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
