"""A source reference is unique within its source agency only (issue 12 finding 1).

Keyed by (source_system, source_reference) alone, a referrer's contact could take a reference a
police notification had not yet brought, and the notification was then skipped as already
imported. The new key is wider than the old one, so no existing rows can break it. Undoing it
fails if two agencies have since used one reference.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_canonical_identifiers")]

    operations = [
        migrations.RemoveConstraint(model_name="contact", name="contact_source_reference_unique"),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_system", ""), _negated=True),
                fields=("source_agency", "source_system", "source_reference"),
                name="contact_source_reference_unique",
            ),
        ),
    ]
