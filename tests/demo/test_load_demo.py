"""The demo data: refused outside demo mode; in demo mode every role gets an account and work."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from openmash.accounts.models import User
from openmash.contacts.models import Contact
from openmash.demo.accounts import DEMO_USERS, demo_organisations_load
from openmash.demo.work import DEMO_CONTACTS, demo_frontdoor_load, demo_records_load
from openmash.frontdoor.models import ContactEvent
from tests.conftest import load_reference_data


def test_load_demo_refuses_outside_demo_mode(db: None, settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="OPENMASH_DEMO=1"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_demo_accounts_and_work_load_once(db: None, settings: Any) -> None:
    settings.DEMO_MODE = True
    load_reference_data()
    assert demo_organisations_load() > 0
    assert demo_records_load() == len(DEMO_CONTACTS) + 1
    assert demo_frontdoor_load() == 3
    assert set(User.objects.filter(is_demo=True).values_list("email", flat=True)) == {
        demo.email for demo in DEMO_USERS
    }
    assert Contact.objects.count() == len(DEMO_CONTACTS)
    assert ContactEvent.objects.exists()
    # Running it again adds nothing.
    assert demo_organisations_load() + demo_records_load() + demo_frontdoor_load() == 0
