from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from openmash.frontdoor.adult_thresholds_defaults import adult_thresholds_load_defaults

    adult_thresholds_load_defaults(
        level_model=apps.get_model("frontdoor", "ThresholdLevel"),
        indicator_model=apps.get_model("frontdoor", "ThresholdIndicator"),
    )


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0011_threshold_scales")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
