"""The out-of-hours period as installed: weekdays 17:00 to 09:00, weekends and bank holidays,
the hand-over acknowledged by 10:00 (administrators change it; a change adds a row)."""

from datetime import time
from typing import Any

from django.db import migrations


def add_default(apps: Any, schema_editor: Any) -> None:
    setting = apps.get_model("outofhours", "OutOfHoursSetting")
    if not setting.objects.exists():
        setting.objects.create(
            day_starts=time(9, 0),
            day_ends=time(17, 0),
            weekends=True,
            bank_holidays=True,
            acknowledge_by=time(10, 0),
            reason="Installed: weekdays 17:00 to 09:00, weekends and bank holidays",
        )


class Migration(migrations.Migration):
    dependencies = [("outofhours", "0001_initial")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
