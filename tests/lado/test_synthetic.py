"""The generator's `--into-db` loads allegations to the LADO at the documented rates (one per 20
loaded contacts; the strands, outcomes and referrals consistent with the services' rules)."""

from __future__ import annotations

import time

import pytest

from openmash.contacts.models import Contact
from openmash.core.models import AuditEvent
from openmash.lado.models import Allegation, RegulatorReferral, Strand
from openmash.lado.selectors import lado_annual_report
from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.load_lado import CONTACTS_PER_ALLEGATION
from openmash.synthetic.loader import load_into_db
from tests.conftest import World
from tests.lado.helpers import lado_officer


@pytest.mark.django_db
def test_into_db_loads_allegations_at_the_documented_rates(world: World) -> None:
    load_into_db(GeneratorConfig(seed=5, scale="demo"))

    contacts = Contact.objects.count()
    allegations = Allegation.objects.count()
    assert allegations == contacts // CONTACTS_PER_ALLEGATION
    assert allegations > 0
    assert not Strand.objects.exclude(allegation__in=Allegation.objects.all()).exists()
    assert Strand.objects.count() == 3 * allegations
    # An allegation is closed only when its three strands are.
    for allegation in Allegation.objects.exclude(closed_at=None).prefetch_related("strands"):
        assert all(s.status == "closed" for s in allegation.strands.all())
        assert allegation.outcome
    # A decision that meets the threshold names a criterion; one that does not names none.
    for allegation in Allegation.objects.exclude(considered_at=None):
        assert allegation.harm_test_met() == (allegation.decision == "meets")
    assert not RegulatorReferral.objects.exclude(allegation__outcome="substantiated").exists()
    marker = AuditEvent.objects.get(verb="lado.synthetic_loaded")
    assert marker.summary["allegations"] == allegations
    started = time.perf_counter()
    report = lado_annual_report(lado_officer(world), year_start=report_year())
    elapsed = time.perf_counter() - started
    print(
        f"\nLADO: {contacts} contacts, {allegations} allegations, "
        f"{marker.summary}; annual report in {elapsed * 1000:.0f} ms"
    )
    assert report.total >= 0


def report_year():
    from django.utils import timezone

    from openmash.lado.selectors import financial_year_start

    return financial_year_start(timezone.localdate())


@pytest.mark.django_db
def test_the_demo_has_an_allegation_waiting_and_one_in_progress_once(settings) -> None:
    from openmash.demo.accounts import demo_organisations_load
    from openmash.demo.lado import demo_lado_load
    from tests.conftest import load_reference_data

    settings.DEMO_MODE = True
    load_reference_data()
    demo_organisations_load()

    assert demo_lado_load() == 2
    waiting, running = Allegation.objects.order_by("-received_at")
    assert waiting.considered_at is None
    assert running.meetings.get().actions.count() == 2
    assert demo_lado_load() == 0
