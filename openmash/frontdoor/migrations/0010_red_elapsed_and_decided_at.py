"""Issue 13 item 3.

Red's clock runs on elapsed time by default. A council still on the old default (red: 4 working
hours) and which never changed red's timescale (no `rag.timescale_changed` audit row for it) is
moved to 4 hours elapsed, with an audit row saying why; a council that chose its red timescale
keeps it. Contacts already rated keep the due times they were given.

Contacts already decided get `decided_at`, the time their decision was authorised, so their
clocks show as stopped.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

OLD_RED = {"amount": 4, "unit": "working_hours"}


def red_on_elapsed_time(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RagTimescale = apps.get_model("frontdoor", "RagTimescale")
    AuditEvent = apps.get_model("core", "AuditEvent")
    red = RagTimescale.objects.filter(rating="red", **OLD_RED).first()
    if red is None:
        return  # no red row yet (defaults come later), or a council's own timescale
    chosen = AuditEvent.objects.filter(
        verb="rag.timescale_changed", target_type="ragtimescale", target_id=str(red.pk)
    ).exists()
    if chosen:
        return  # set to 4 working hours on purpose: keep it
    red.unit, red.updated_at = "hours", timezone.now()
    red.save(update_fields=["unit", "updated_at"])
    AuditEvent.objects.create(
        verb="rag.timescale_changed",
        target_type="ragtimescale",
        target_id=str(red.pk),
        target_label=red.label[:200],
        via="cli",
        summary={
            "setting": "RAG timescale: Red",
            "changes": {"unit": {"before": "working_hours", "after": "hours"}},
            "why": "Red runs on elapsed time by default (issue 13): the old default was moved; "
            "a council that chose red's timescale kept it.",
        },
    )


def decided_at_from_decisions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Contact = apps.get_model("contacts", "Contact")
    Decision = apps.get_model("frontdoor", "Decision")
    authorised = (
        Decision.objects.filter(contact_id=OuterRef("pk"), state="authorised")
        .values("contact_id")
        .annotate(last=Max("authorised_at"))
        .values("last")
    )
    Contact.objects.filter(status__in=["authorised", "closed"], decided_at__isnull=True).update(
        decided_at=Subquery(authorised)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("frontdoor", "0009_rag_rating_by_the_system"),
        ("contacts", "0012_contact_decided_at"),
        ("core", "0004_seed_bank_holidays"),
    ]
    operations = [
        migrations.RunPython(red_on_elapsed_time, migrations.RunPython.noop),
        migrations.RunPython(decided_at_from_decisions, migrations.RunPython.noop),
    ]
