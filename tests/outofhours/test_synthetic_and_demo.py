"""The generator's `--into-db` gives the loaded contacts received out of hours their EDT work,
at the documented rates; the demo has a night's EDT work waiting for the MASH manager."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.models import AuditEvent
from openmash.outofhours.models import EdtAction, EdtRecord, HandOver, SafetyPlanVersion
from openmash.outofhours.period import handover_day, is_out_of_hours
from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.loader import load_into_db
from tests.conftest import load_reference_data


@pytest.mark.django_db
def test_into_db_puts_every_contact_received_out_of_hours_with_the_edt() -> None:
    load_reference_data()
    load_into_db(GeneratorConfig(seed=5, scale="demo"))
    records = {r.contact_id: r for r in EdtRecord.objects.select_related("handover")}
    contacts = list(Contact.objects.only("pk", "received_at"))
    out = [c for c in contacts if is_out_of_hours(c.received_at)]
    assert out, "the generator sends contacts out of hours (police at night, weekends)"
    assert set(records) == {c.pk for c in out}
    for contact in out[:200]:
        assert records[contact.pk].handover.day == handover_day(contact.received_at)
    # Every record has at least one action; advice is the commonest, placements the rarest.
    assert not EdtRecord.objects.filter(actions__isnull=True).exists()
    kinds = {k: EdtAction.objects.filter(kind=k).count() for k in ("advice", "placement")}
    assert kinds["advice"] > kinds["placement"]
    assert SafetyPlanVersion.objects.filter(number=1).count() < len(records)
    # Hand-overs whose day has started are acknowledged; the counts are audited once.
    started = HandOver.objects.filter(due_at__lt=timezone.now())
    assert started.exists()
    assert not started.filter(acknowledged_at=None).exists()
    marker = AuditEvent.objects.get(verb="edt.synthetic_loaded")
    assert marker.summary["records"] == len(records)


@pytest.mark.django_db
def test_the_demo_has_last_nights_edt_work_once(settings: Any) -> None:
    from openmash.demo.accounts import demo_organisations_load
    from openmash.demo.outofhours import demo_out_of_hours_load

    settings.DEMO_MODE = True
    load_reference_data()
    demo_organisations_load()
    assert demo_out_of_hours_load() == 1
    record = EdtRecord.objects.get()
    assert is_out_of_hours(record.received_at)
    assert set(record.actions.values_list("kind", flat=True)) == {"police", "visit"}
    assert record.plan_versions.get().recorded_by.email == "edt.worker@example.org"
    assert demo_out_of_hours_load() == 0
