"""`generate --into-db` loads the generated s42 and other enquiries, concluded ones with their
outcomes in national proportions, every concluded one complete enough to have concluded."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from openmash.adults.models import SafeguardingEnquiry
from openmash.core.calendar import LONDON
from openmash.core.models import AuditEvent
from openmash.people.services import person_create
from openmash.synthetic.load_adults import load_adult_enquiries
from openmash.synthetic.records import AdultConcern
from tests.conftest import load_reference_data


def _complete(enquiry: SafeguardingEnquiry) -> None:
    """What `enquiry_conclude` asks of a concluded enquiry."""
    assert enquiry.msp_asked
    assert enquiry.risk_outcome
    assert enquiry.action_taken is not None
    assert enquiry.risk_types
    assert enquiry.risk_location
    assert enquiry.risk_sources
    if enquiry.risk_outcome in ("identified", "inconclusive"):
        assert enquiry.risk_result
    outcomes = list(enquiry.outcomes.all())
    assert all(o.achieved for o in outcomes)
    assert (enquiry.msp_asked == "expressed") == bool(outcomes)


@pytest.mark.django_db
def test_into_db_loads_the_generated_enquiries(tmp_path: Path) -> None:
    load_reference_data()
    call_command("generate", "--seed", "5", "--scale", "demo", "--into-db", "--out", str(tmp_path))
    enquiries = list(SafeguardingEnquiry.objects.prefetch_related("outcomes"))
    marker = AuditEvent.objects.get(verb="synthetic.loaded")
    assert marker.summary["adult_enquiries"] == len(enquiries) > 0
    concluded = [e for e in enquiries if e.status == "concluded"]
    assert concluded
    for enquiry in concluded:
        _complete(enquiry)


@pytest.mark.django_db
def test_the_draws_are_in_national_proportions() -> None:
    """3,000 concluded enquiries with the generator's shares of outcome and result: what is drawn
    here (Making Safeguarding Personal, outcomes achieved, action taken) lands near its rate."""
    person = person_create(actor=None, given_name="Edith", family_name="Marsh")
    rows = []
    for n in range(3000):
        outcome = ("risk_identified", "inconclusive", "no_risk", "ceased_at_request")[
            (0 if n % 100 < 70 else 1 if n % 100 < 84 else 2 if n % 100 < 95 else 3)
        ]
        rows.append(
            AdultConcern(
                concern_id=f"J{n:09d}",
                received_at=datetime(2025, 6, 2, 10, 0, tzinfo=LONDON),
                record_id="r",
                true_person_id="p",
                source="police",
                concern_category="neglect_omission",
                s42=n % 10 != 0,
                other_enquiry=n % 10 == 0,
                risk_types=("neglect_omission",),
                location="care_home_residential",
                source_of_risk="service_provider",
                concluded_on=date(2025, 8, 1),
                risk_outcome=outcome,
                risk_result="risk_reduced" if outcome == "risk_identified" else "",
                worker_id="w",
            )
        )
    loaded = load_adult_enquiries([SimpleNamespace(adult_concerns=rows)], {"p": person.pk})
    assert loaded == 3000
    enquiries = list(SafeguardingEnquiry.objects.prefetch_related("outcomes"))
    for enquiry in enquiries[:300]:
        _complete(enquiry)
    asked = Counter(e.msp_asked for e in enquiries)
    assert asked["expressed"] / 3000 == pytest.approx(0.67, abs=0.03)
    assert asked["not_asked"] / 3000 == pytest.approx(0.12, abs=0.02)
    achieved = Counter(o.achieved for e in enquiries for o in e.outcomes.all())
    total = sum(achieved.values())
    assert achieved["fully"] / total == pytest.approx(0.68, abs=0.03)
    assert achieved["partly"] / total == pytest.approx(0.27, abs=0.03)
    identified = [e for e in enquiries if e.risk_outcome == "identified"]
    assert sum(bool(e.action_taken) for e in identified) / len(identified) == pytest.approx(
        0.93, abs=0.03
    )
    assert Counter(e.enquiry_type for e in enquiries) == {"s42": 2700, "other": 300}
