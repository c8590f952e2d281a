"""The demo's adults' enquiries: two linked residents of one care home, once."""

from __future__ import annotations

from typing import Any

from openmash.adults.models import SafeguardingEnquiry
from openmash.demo.accounts import demo_organisations_load
from openmash.demo.adults import demo_adults_load
from tests.conftest import load_reference_data


def test_the_demo_enquiries_load_once(db: None, settings: Any) -> None:
    settings.DEMO_MODE = True
    load_reference_data()
    demo_organisations_load()
    assert demo_adults_load() == 3
    first, second = SafeguardingEnquiry.objects.order_by("pk")
    assert first.officer is not None
    assert first.needs_advocate
    assert first.provider == second.provider
    assert second.made_by == "caused"
    assert demo_adults_load() == 0
