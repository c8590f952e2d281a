"""`bulk_insert` writes the rows `bulk_create` writes, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from openmash.core.bulk import (
    IdSource,
    allocate_ids,
    bulk_insert,
    bulk_insert_values,
    fewer_collections,
)
from openmash.core.models import AuditEvent
from openmash.people.matching import match_keys
from openmash.people.models import Address, Person, PersonName

pytestmark = pytest.mark.django_db


def _events(label: str) -> list[AuditEvent]:
    return [
        AuditEvent(
            occurred_at=datetime(2026, 3, 29, 0, 30 + n, tzinfo=UTC),
            actor_label=label,
            verb="test.bulk",
            target_type="person",
            target_id=str(n),
            summary={"n": n, "names": ["Zoë", "O'Neill"], "nested": {"ok": True}},
            ip_address="192.0.2.1" if n % 2 else None,
            seq=None,
        )
        for n in range(3)
    ]


def _rows(label: str) -> list[dict[str, object]]:
    fields = ["occurred_at", "actor_label", "verb", "target_id", "summary", "ip_address"]
    return [
        {**model_to_dict(e, fields=fields), "occurred_at": e.occurred_at}
        for e in AuditEvent.objects.filter(actor_label=label).order_by("pk")
    ]


def test_the_rows_read_back_as_bulk_create_writes_them() -> None:
    created = AuditEvent.objects.bulk_create(_events("by bulk_create"))
    inserted = bulk_insert(_events("by bulk_insert"))
    assert all(e.pk for e in inserted)
    assert all(not e._state.adding for e in inserted)
    assert [e.pk for e in inserted] == sorted(e.pk for e in inserted)
    assert min(e.pk for e in inserted) > max(e.pk for e in created)
    by_create, by_insert = _rows("by bulk_create"), _rows("by bulk_insert")
    for row in by_create + by_insert:
        row.pop("actor_label")
    assert by_insert == by_create
    assert by_insert[0]["summary"] == {"n": 0, "names": ["Zoë", "O'Neill"], "nested": {"ok": True}}


def test_dates_choices_and_a_foreign_key_assigned_before_it_was_saved() -> None:
    person = Person(
        given_name="Ada",
        family_name="Byron",
        date_of_birth=date(2015, 12, 10),
        sex="F",
        **match_keys("Ada", "Byron"),
    )
    name = PersonName(
        person=person, given_name="Addie", family_name="Byron", **match_keys("Addie", "Byron")
    )
    address = Address(
        person=person, line1="1 Test Road", postcode="LS6 2AB", valid_from=date(2026, 1, 2)
    )
    bulk_insert([person])
    bulk_insert([name])
    bulk_insert([address])
    stored = Person.objects.get(pk=person.pk)
    assert (stored.date_of_birth, stored.sex, stored.family_phonetic) == (
        date(2015, 12, 10),
        "F",
        person.family_phonetic,
    )
    assert PersonName.objects.get(pk=name.pk).person_id == person.pk
    assert Address.objects.get(pk=address.pk).valid_from == date(2026, 1, 2)


def test_many_rows_go_in_several_statements_in_order() -> None:
    events = [AuditEvent(verb="test.many", target_id=str(n)) for n in range(1234)]
    bulk_insert(events, rows_per_statement=100)
    stored = list(AuditEvent.objects.filter(verb="test.many").order_by("pk"))
    assert [e.target_id for e in stored] == [str(n) for n in range(1234)]
    assert [e.pk for e in events] == [e.pk for e in stored]


def test_an_unsaved_related_object_is_refused_and_nothing_is_written() -> None:
    person = Person(given_name="Ada", family_name="Byron", **match_keys("Ada", "Byron"))
    name = PersonName(
        person=person, given_name="A", family_name="Byron", **match_keys("A", "Byron")
    )
    with pytest.raises(ValueError, match="not saved yet"):
        bulk_insert([name])
    assert not PersonName.objects.exists()


def test_a_model_it_cannot_write_faithfully_is_refused() -> None:
    assert bulk_insert([Group(name="ok")])[0].pk  # an automatic primary key: written
    session = Session(session_key="k" * 32, session_data="", expire_date=datetime.now(UTC))
    with pytest.raises(TypeError, match="not a plain model"):
        bulk_insert([session])  # a primary key it would have to be given: refused
    assert not Session.objects.exists()


def test_fewer_collections_while_bulk_work_runs_and_the_thresholds_put_back() -> None:
    before, seen = gc.get_threshold(), []

    def work() -> None:
        with fewer_collections(young=50_000, older=40):
            seen.append(gc.get_threshold())
            raise RuntimeError("the work failed")

    with pytest.raises(RuntimeError):
        work()
    assert seen == [(50_000, 40, 40)]
    assert gc.get_threshold() == before


def test_without_ids_the_same_rows_go_in_by_copy_on_postgresql() -> None:
    AuditEvent.objects.bulk_create(_events("by bulk_create"))
    bulk_insert(_events("without ids"), ids=False)
    by_create, without_ids = _rows("by bulk_create"), _rows("without ids")
    for row in by_create + without_ids:
        row.pop("actor_label")
    assert without_ids == by_create
    name = PersonName(given_name="A", family_name="B", **match_keys("A", "B"))
    # The database's own checks still apply (no person), raised as Django's errors.
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert([name], ids=False)


def test_allocated_ids_are_new_and_taken_by_no_other_insert() -> None:
    before = AuditEvent.objects.bulk_create(_events("before"))
    ids = allocate_ids(AuditEvent, 3)
    assert ids == sorted(ids)
    assert len(set(ids)) == 3
    assert min(ids) > max(e.pk for e in before)
    after = AuditEvent.objects.bulk_create(_events("after"))  # the counter has moved on
    assert min(e.pk for e in after) > max(ids)
    assert allocate_ids(AuditEvent, 0) == []


def test_rows_with_allocated_ids_keep_them_and_read_back_as_bulk_create_writes_them() -> None:
    AuditEvent.objects.bulk_create(_events("by bulk_create"))
    events = _events("with ids")
    for event, pk in zip(events, allocate_ids(AuditEvent, len(events)), strict=True):
        event.pk = pk
    wanted = [e.pk for e in events]
    bulk_insert(events)
    assert [e.pk for e in events] == wanted
    assert all(not e._state.adding for e in events)
    stored = AuditEvent.objects.filter(actor_label="with ids").order_by("pk")
    assert list(stored.values_list("pk", flat=True)) == wanted
    by_create, with_ids = _rows("by bulk_create"), _rows("with ids")
    for row in by_create + with_ids:
        row.pop("actor_label")
    assert with_ids == by_create


def test_rows_some_with_ids_and_some_without_are_refused() -> None:
    events = _events("mixed")
    events[0].pk = allocate_ids(AuditEvent, 1)[0]
    with pytest.raises(ValueError, match="every row"):
        bulk_insert(events)
    assert not AuditEvent.objects.filter(actor_label="mixed").exists()


def test_an_id_source_hands_out_increasing_ids_and_gives_back_the_rest() -> None:
    source = IdSource(Person, block=4)
    people = [  # two blocks
        Person(pk=source(), given_name=f"P{n}", family_name="Byron", **match_keys(f"P{n}", "Byron"))
        for n in range(5)
    ]
    source.close()
    assert [p.pk for p in people] == sorted(p.pk for p in people)
    bulk_insert(people)
    later = Person.objects.create(given_name="Q", family_name="Byron", **match_keys("Q", "Byron"))
    assert later.pk > people[-1].pk
    if transaction.get_connection().vendor == "sqlite":
        assert later.pk == people[-1].pk + 1  # the three unused ids given back


def test_rows_given_as_values_go_in_as_bulk_create_writes_their_instances() -> None:
    AuditEvent.objects.bulk_create(_events("by bulk_create"))
    fields = ["occurred_at", "verb", "target_type", "target_id", "summary", "ip_address", "seq"]
    written = bulk_insert_values(
        AuditEvent,
        [
            {f: e.__dict__[f] for f in fields} | {"actor_label": "as values"}
            for e in _events("unused")
        ],
    )
    assert written == 3
    by_create, as_values = _rows("by bulk_create"), _rows("as values")
    for row in by_create + as_values:
        row.pop("actor_label")
    assert as_values == by_create
    # Fields left out take their defaults, as a model instance's do.
    stored = AuditEvent.objects.filter(actor_label="as values").first()
    assert (stored.user_agent, stored.via, stored.actor_id) == ("", AuditEvent().via, None)


def test_values_for_a_field_the_model_does_not_have_are_refused() -> None:
    with pytest.raises(TypeError, match="no field"):
        bulk_insert_values(AuditEvent, [{"verb": "x", "actor": None}])  # "actor_id" it is
    assert not AuditEvent.objects.filter(verb="x").exists()
