"""`generate --into-db` loads the generated front door into OpenMASH's own tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from openmash.contacts.models import Contact, ContactSubject
from openmash.core.models import AuditEvent
from openmash.people.models import Person, PersonName
from tests.conftest import load_reference_data


@pytest.mark.django_db
def test_into_db_loads_the_same_people_and_contacts_as_the_csv(tmp_path: Path, capsys) -> None:
    load_reference_data()
    call_command("generate", "--seed", "3", "--scale", "demo", "--into-db", "--out", str(tmp_path))

    with (tmp_path / "contacts.csv").open() as handle:
        contacts = list(csv.DictReader(handle))
    with (tmp_path / "adult_concerns.csv").open() as handle:
        adult = list(csv.DictReader(handle))
    with (tmp_path / "persons.csv").open() as handle:
        true_people = {row["true_person_id"] for row in csv.DictReader(handle)}

    assert Person.objects.count() == len(true_people)
    assert Contact.objects.count() == len(contacts) + len(adult)
    assert ContactSubject.objects.filter(person__isnull=False).count() == Contact.objects.count()
    duplicates = sum(1 for row in contacts if row["duplicate_of"])
    assert Contact.objects.filter(duplicate_of__isnull=False).count() == duplicates
    assert PersonName.objects.exists()  # other agencies' spellings kept as variants
    police = Contact.objects.filter(channel="bulk").first()
    assert police.source_system in ("VIST", "CARA")
    # One audit marker for the whole load, not a row per generated record.
    marker = AuditEvent.objects.get(verb="synthetic.loaded")
    assert marker.summary["contacts"] == len(contacts)
    assert AuditEvent.objects.filter(verb="contact.created").count() == 0
    # Every loaded contact carries the statutory decision clock; decided ones are closed.
    from openmash.core.calendar import referral_decision_due

    for contact in Contact.objects.all()[:300]:
        assert contact.decision_due_at == referral_decision_due(contact.received_at)
    decided = sum(1 for row in contacts if row["decided_at"])
    assert Contact.objects.filter(closed_at__isnull=False).count() == decided
    assert "Loaded" in capsys.readouterr().out
