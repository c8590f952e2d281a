"""Matching in a second process (contacts/imports/ahead.py) records exactly what `contact_create`
records one notification at a time, including after a chunk recorded one by one, and an import
whose helper fails carries on in one process with the same result.

These tests commit (the helper process reads only what is committed), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction

from openmash.contacts.imports import batched, import_notifications, recording
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching import SubjectDetails
from openmash.people.matching_process import MatchingProcess
from tests.conftest import World
from tests.contacts.test_import_batched import START, Canon, as_csv, indexed_and_generated, line

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_processes(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.IMPORT_MATCHING_PROCESS = "always"
    monkeypatch.setattr(recording, "CHUNK_ROWS", 40)
    MatchingProcess.last = None


def _import(world: World, lines: list[list[str]], *, one_by_one: bool = False) -> Any:
    return import_notifications(
        actor=world.contact_officer,
        stream=as_csv(lines),
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
        total_rows=len(lines) + 1,
        one_by_one=one_by_one,
    )


def _one_by_one(world: World, before: set[int], *files: list[list[str]]) -> dict[str, Any]:
    """What recording the files one notification at a time records (then rolled back)."""
    with transaction.atomic():
        for lines in files:
            result = _import(world, lines, one_by_one=True)
        snapshot = Canon(before).snapshot(result.batch)
        transaction.set_rollback(True)
    return snapshot


def test_matching_in_a_second_process_records_what_contact_create_records(
    world: World, two_processes: None
) -> None:
    lines = indexed_and_generated(300, 3)
    before = set(Contact.objects.values_list("pk", flat=True))
    expected = _one_by_one(world, before, lines)

    result = _import(world, lines)

    helper = MatchingProcess.last
    assert helper is not None
    assert helper.lists >= 5  # every chunk after the first was matched in the helper
    assert Canon(before).snapshot(result.batch) == expected
    statuses = {s["match_status"] for s in expected["subjects"]}
    assert {"linked", "new"} <= statuses


def test_a_reference_another_agency_used_is_matched_ahead_and_recorded(
    world: World, two_processes: None
) -> None:
    lines = indexed_and_generated(160, 4)
    system, reference = lines[120][0], lines[120][1]  # in a chunk the helper matches
    school = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="api",
            concern="Sent by the school's system with the police's reference.",
            subjects=[SubjectInput(details=SubjectDetails("Maisie", "Okafor"))],
            submitted_by=world.referrer,
            source_system=system,
            source_reference=reference,
        ),
    )
    before = set(Contact.objects.values_list("pk", flat=True))
    expected = _one_by_one(world, before, lines)

    result = _import(world, lines)

    helper = MatchingProcess.last
    assert helper is not None
    assert helper.lists >= 2
    assert Canon(before).snapshot(result.batch) == expected
    police = Contact.objects.get(
        source_agency=world.police, source_system=system, source_reference=reference
    )
    assert police.pk != school.pk
    assert police.contact_subjects.count() >= 1


def test_matches_read_before_a_chunk_recorded_one_by_one_are_not_used(
    world: World, two_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recording, "CHUNK_ROWS", 2)
    t = START
    existing = line("VIST-1", t, "Maisie", "Okafor", "2019-07-02")
    lines = [
        line("VIST-10", t, "Ivy", "Evans", "2015-01-01", postcode="LS5 5EE"),
        line("VIST-11", t, "Leo", "Begum", "2014-01-01", postcode="LS6 6FF"),
        existing,
        # A new child, written by the chunk recorded one by one...
        line("VIST-3", t + timedelta(hours=1), "Tobi", "Nowak", "2016-03-11"),
        # ...and found again in the next chunk, whose match the helper read before that.
        line("CARA-3", t + timedelta(hours=2), "Tobi", "Nowak", "2016-03-11"),
        line("VIST-12", t + timedelta(hours=3), "Oscar", "Ali", "2013-02-02", postcode="LS7 7GG"),
        line("VIST-13", t + timedelta(hours=4), "Mia", "Khan", "2012-02-02", postcode="LS8 8HH"),
        line("VIST-14", t + timedelta(hours=5), "Ava", "Shaw", "2011-02-02", postcode="LS9 9JJ"),
    ]
    before = set(Contact.objects.values_list("pk", flat=True))
    expected = _one_by_one(world, before, [existing], lines)
    _import(world, [existing], one_by_one=True)
    # As if another import committed VIST-1 after its chunk looked: the chunk collides and is
    # recorded one by one, once the helper has answered for the chunk after it.
    monkeypatch.setattr(batched, "existing_references", lambda chunk, vocabulary: set())
    one_by_one = recording.record_chunk_one_by_one

    def after_the_helper_read(**arguments: Any) -> set[tuple[str, str, str]]:
        helper = MatchingProcess.last
        assert helper is not None
        assert helper.answered(60)
        return one_by_one(**arguments)

    monkeypatch.setattr(recording, "record_chunk_one_by_one", after_the_helper_read)

    result = _import(world, lines)

    snapshot = Canon(before).snapshot(result.batch)
    assert snapshot == expected
    tobi = [s["match_status"] for s in snapshot["subjects"] if s["given_name"] == "Tobi"]
    assert tobi == ["new", "linked"]


def test_an_import_whose_helper_fails_carries_on_in_one_process(
    world: World,
    two_processes: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    lines = indexed_and_generated(300, 5)
    before = set(Contact.objects.values_list("pk", flat=True))
    expected = _one_by_one(world, before, lines)

    def failing(self: MatchingProcess) -> None:
        raise RuntimeError("OperationalError: the helper lost its database")

    monkeypatch.setattr(MatchingProcess, "receive", failing)
    with caplog.at_level(logging.WARNING, logger="openmash.contacts.imports.ahead"):
        result = _import(world, lines)

    assert "the helper failed: OperationalError" in caplog.text
    assert result.batch.status == "done"
    assert Canon(before).snapshot(result.batch) == expected
