"""The batched import records exactly what `contact_create` one notification at a time records:
the same contacts, subjects, people, categories, duplicate flags and audit rows."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from openmash.contacts.imports import batched, import_notifications, recording
from openmash.contacts.models import Contact, ContactSubject, ImportBatch
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.identifiers import nhs_check_digit
from openmash.core.models import AuditEvent
from openmash.people.matching import SubjectDetails
from openmash.people.models import Address, Person, PersonIdentifier, PersonName
from openmash.people.services import person_create
from tests.conftest import World

HEADER = [
    "source_system",
    "source_reference",
    "received_at",
    "agency_code",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nhs_number",
    "address_line1",
    "postcode",
    "incident_date",
    "categories",
    "narrative",
    "officer_name",
    "officer_email",
]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
COUNTERS = [
    "status",
    "processed_rows",
    "created_rows",
    "skipped_rows",
    "error_rows",
    "duplicate_rows",
    "errors",
]


def nhs(serial: int) -> str:
    while (check := nhs_check_digit(f"999{serial:06d}")) is None:
        serial += 1
    return f"999{serial:06d}{check}"


def line(ref: str, when: datetime, given: str, family: str, dob: str, **extra: str) -> list[str]:
    system, _, _ = ref.partition("-")
    values = {
        "source_system": system,
        "source_reference": ref,
        "received_at": when.isoformat(),
        "agency_code": "POL",
        "given_name": given,
        "family_name": family,
        "date_of_birth": dob,
        "sex": "",
        "nhs_number": "",
        "address_line1": "1 Alder Road",
        "postcode": "LS1 1AA",
        "incident_date": (when - timedelta(hours=3)).date().isoformat(),
        "categories": "domestic_abuse",
        "narrative": "Police attended; children present.",
        "officer_name": "PC Sam Hale",
        "officer_email": "sam.hale@police.example",
    } | extra
    return [values[name] for name in HEADER]


def handmade() -> list[list[str]]:
    """Every case that makes one notification's recording depend on an earlier one's."""
    t = START
    return [
        # Two children, one known (by NHS number, with a new address), one new.
        line("VIST-1", t, "Maisie", "Okafor", "2019-07-02", nhs_number=nhs(1), postcode="LS2 2BB"),
        line("VIST-1", t, "Tobi", "Okafor", "2016-03-11"),
        # The same incident from CARA: the new child found again, both flagged as a duplicate.
        line(
            "CARA-1", t + timedelta(hours=5), "Tobi", "Okafor", "2016-03-11", categories="missing"
        ),
        # A known person spelt differently, with an NHS number they did not have (learnt).
        line("VIST-2", t + timedelta(hours=1), "Jon", "Smyth", "2012-05-06", nhs_number=nhs(7)),
        # Then found by that NHS number with yet another spelling.
        line("VIST-3", t + timedelta(hours=2), "Johnny", "Smith", "2012-05-06", nhs_number=nhs(7)),
        # Twins in the index: possible matches for a worker, no one linked or created.
        line("VIST-4", t + timedelta(hours=3), "Amy", "Brown", "2014-02-03", postcode="LS9 9ZZ"),
        # A bad row holds back its notification; a good notification after it goes in.
        line("VIST-5", t + timedelta(hours=3), "Kai", "Brown", "31/02/2015"),
        line("VIST-6", t + timedelta(hours=4), "Ruby", "Patel", "2010-09-30", incident_date=""),
        # The same reference again, later in the file: skipped.
        line("VIST-1", t, "Maisie", "Okafor", "2019-07-02"),
        # A different incident date: not a duplicate, though the same child and within 72 hours.
        line("CARA-2", t + timedelta(hours=6), "Ruby", "Patel", "2010-09-30"),
        line(
            "CARA-3",
            t + timedelta(hours=7),
            "Ruby",
            "Patel",
            "2010-09-30",
            incident_date="2025-12-01",
        ),
        # Received earlier than notifications above it in the file.
        line("VIST-7", t - timedelta(hours=30), "Tobi", "Okafor", "2016-03-11"),
        # Outside the window of the earlier ones.
        line("VIST-8", t + timedelta(days=9), "Tobi", "Okafor", "2016-03-11"),
        # Day and month swapped, no identifiers: a new person, then found again.
        line("VIST-9", t + timedelta(days=9), "Lena", "Nowak", "2013-04-07", postcode=""),
        line("CARA-9", t + timedelta(days=9, hours=1), "Lena", "Nowak", "2013-07-04", postcode=""),
        # A police reference sent by another agency: a notification of its own, not skipped.
        line("VIST-6", t + timedelta(hours=4), "Ruby", "Patel", "2010-09-30", agency_code="SCH"),
    ]


GIVEN = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Oliver",
    "George",
    "Noah",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Khan",
    "Patel",
    "Okafor",
    "Nowak",
    "Begum",
    "Hussain",
    "Ali",
    "Evans",
]


def generated(rows: int, seed: int) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """A small index of people and a file about them and new people, with shared incidents."""
    rng = random.Random(seed)

    def somebody(index: int) -> dict[str, Any]:
        return {
            "given": rng.choice(GIVEN),
            "family": rng.choice(FAMILY),
            "dob": date(2008, 1, 1) + timedelta(days=rng.randrange(400)),
            "nhs": nhs(1000 + index) if rng.random() < 0.5 else "",
            "postcode": f"LS{rng.randrange(1, 4)} {rng.randrange(1, 4)}AA",
        }

    people = [somebody(i) for i in range(60)]
    lines: list[list[str]] = []
    when = START
    serial = 0
    while len(lines) < rows:
        serial += 1
        when += timedelta(hours=rng.randrange(1, 20))
        children = [
            rng.choice(people) if rng.random() < 0.5 else somebody(500 + serial)
            for _ in range(rng.choice((1, 1, 2, 3)))
        ]
        systems = [("VIST", when)] + ([("CARA", when + timedelta(hours=2))] * (serial % 4 == 0))
        for system, received in systems:
            for child in children:
                nhs_number = child["nhs"] if rng.random() < 0.7 else ""
                lines.append(
                    line(
                        f"{system}-{serial}",
                        received,
                        child["given"],
                        child["family"],
                        child["dob"].isoformat() if rng.random() < 0.9 else "",
                        nhs_number=nhs_number,
                        postcode=child["postcode"],
                        incident_date=when.date().isoformat() if rng.random() < 0.8 else "",
                        categories=rng.choice(("neglect", "missing;neglect", "")),
                    )
                )
    return people, lines


def indexed_and_generated(rows: int, seed: int) -> list[list[str]]:
    """`generated`, its people put in the index; returns the file's lines."""
    people, lines = generated(rows, seed)
    for p in people:
        person_create(
            actor=None,
            given_name=p["given"],
            family_name=p["family"],
            date_of_birth=p["dob"],
            nhs_number=p["nhs"],
            postcode=p["postcode"],
        )
    return lines


def as_csv(lines: list[list[str]]) -> io.StringIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(lines)
    out.seek(0)
    return out


def _sorted(rows: Any) -> list[Any]:
    return sorted(rows, key=repr)


class Canon:
    """Rows as comparable values: ids replaced by what they stand for."""

    def __init__(self, contacts_before: set[int]) -> None:
        self.contacts_before = contacts_before
        new = Contact.objects.exclude(pk__in=contacts_before).order_by("pk")
        self.rank = {pk: f"new#{i}" for i, pk in enumerate(new.values_list("pk", flat=True))}
        self.refs = {c.reference: self.rank[c.pk] for c in new}
        self.people: dict[int | None, Any] = {p.pk: self.person(p) for p in Person.objects.all()}

    def contact(self, pk: int | None) -> Any:
        return self.rank.get(pk, pk) if pk is not None else None

    def source(self, text: str) -> str:
        kind, _, reference = text.partition(" ")
        return f"{kind} {self.refs.get(reference, reference)}"

    @staticmethod
    def person(p: Person) -> tuple[Any, ...]:
        fields = ("given_name", "family_name", "date_of_birth", "sex", "nhs_number", "upn")
        return (*(getattr(p, f) for f in fields), p.postcode, p.created_by_id, p.given_norm)

    def snapshot(self, batch: ImportBatch) -> dict[str, Any]:
        contacts = Contact.objects.exclude(pk__in=self.contacts_before).order_by("pk")
        skip = {"id", "reference", "created_at", "import_batch", "duplicate_of"}
        return {
            "batch": [getattr(batch, f) for f in COUNTERS],
            "contacts": [
                {f.name: getattr(c, f.attname) for f in Contact._meta.concrete_fields}
                | dict.fromkeys(skip)
                | {
                    "reference": c.reference.split("-")[0] + "-" + self.rank[c.pk],
                    "duplicate_of": self.contact(c.duplicate_of_id),
                    "categories": sorted(c.categories.values_list("code", flat=True)),
                    "batch": c.import_batch_id == batch.pk,
                }
                for c in contacts
            ],
            "subjects": [
                {f.name: getattr(s, f.attname) for f in ContactSubject._meta.concrete_fields}
                | {
                    "id": None,
                    "contact": self.contact(s.contact_id),
                    "person": self.people.get(s.person_id),
                    "possible_matches": [
                        m | {"person_id": self.people[m["person_id"]]} for m in s.possible_matches
                    ],
                }
                for s in ContactSubject.objects.filter(contact__in=contacts).order_by("pk")
            ],
            "people": sorted(self.people.values(), key=repr),
            "identifiers": _sorted(
                (self.people[i.person_id], i.kind, i.value, self.source(i.source))
                for i in PersonIdentifier.objects.all()
            ),
            "names": _sorted(
                (self.people[n.person_id], n.given_name, n.family_name, self.source(n.source))
                for n in PersonName.objects.all()
            ),
            "addresses": _sorted(
                (self.people[a.person_id], a.line1, a.postcode, a.valid_from, self.source(a.source))
                for a in Address.objects.all()
            ),
            "audit": [self.event(e) for e in AuditEvent.objects.exclude(verb="import.finished")],
        }

    def event(self, e: AuditEvent) -> tuple[Any, ...]:
        summary = dict(e.summary)
        if e.verb in ("person.created", "person.details_learnt"):
            target: Any = self.people[int(e.target_id)]
            summary["source"] = self.source(summary["source"])
        elif e.target_type == "contact":
            target = self.contact(int(e.target_id))
            summary["duplicate_of"] = self.contact(summary.get("duplicate_of"))
            summary["subjects"] = [
                s | {"person": self.people.get(s["person"])} for s in summary.get("subjects", [])
            ]
        else:
            target = e.target_id
        label = self.refs.get(e.target_label, e.target_label)
        return (e.verb, e.actor_id, e.actor_label, e.target_type, target, label, summary, e.via)


def both_ways(world: World, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    before = set(Contact.objects.values_list("pk", flat=True))
    audit_before = AuditEvent.objects.count()
    results = []
    for one_by_one in (True, False):
        with transaction.atomic():
            result = import_notifications(
                actor=world.contact_officer,
                stream=io.StringIO(text),
                file_name="notifications.csv",
                source_system="",
                mapping="generic",
                one_by_one=one_by_one,
            )
            assert AuditEvent.objects.count() > audit_before
            results.append(Canon(before).snapshot(result.batch))
            transaction.set_rollback(True)
    return results[0], results[1]


@pytest.fixture
def index(world: World) -> dict[str, Person]:
    """People already known, and one contact about one of them before the import."""

    def known(given: str, family: str, dob: date, **extra: Any) -> Person:
        return person_create(
            actor=None, given_name=given, family_name=family, date_of_birth=dob, **extra
        )

    people = {
        "maisie": known("Maisie", "Okafor", date(2019, 7, 2), nhs_number=nhs(1)),
        "jon": known("Jonathan", "Smith", date(2012, 5, 6), postcode="LS3 3CC"),
        "amy": known("Amy", "Brown", date(2014, 2, 3), postcode="LS9 9ZZ"),
        "twin": known("Amy", "Brown", date(2014, 2, 3), postcode="LS9 9ZZ"),
        "ruby": known("Ruby", "Patel", date(2010, 9, 30)),
    }
    contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Ruby was upset at school.",
            received_at=START + timedelta(hours=1),
            subjects=[
                SubjectInput(
                    details=SubjectDetails("Ruby", "Patel", date(2010, 9, 30)),
                    person=people["ruby"],
                )
            ],
        ),
    )
    return people


@pytest.mark.parametrize("chunk_rows", [500, 3])
def test_a_batched_import_records_what_contact_create_records_for_each(
    world: World, index: dict[str, Person], monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    monkeypatch.setattr(recording, "CHUNK_ROWS", chunk_rows)

    one_by_one, batched = both_ways(world, as_csv(handmade()).getvalue())

    assert batched == one_by_one
    contacts = {c["reference"]: c for c in batched["contacts"]}
    assert sum(1 for c in contacts.values() if c["duplicate_of"]) >= 3
    assert {s["match_status"] for s in batched["subjects"]} == {"linked", "new", "possible"}
    assert batched["names"], "a spelling learnt as another name"
    assert any(e[0] == "person.details_learnt" for e in batched["audit"]), "learning audited"
    assert all(c["batch"] for c in batched["contacts"])
    assert all(c["decision_due_at"] for c in batched["contacts"])
    sources = [(c["source_agency"], c["source_reference"]) for c in batched["contacts"]]
    assert (world.school.pk, "VIST-6") in sources
    assert (world.police.pk, "VIST-6") in sources


@pytest.mark.parametrize(("rows", "chunk_rows", "seed"), [(300, 500, 1), (300, 40, 2)])
def test_a_generated_file_is_recorded_the_same_both_ways(
    world: World, monkeypatch: pytest.MonkeyPatch, rows: int, chunk_rows: int, seed: int
) -> None:
    monkeypatch.setattr(recording, "CHUNK_ROWS", chunk_rows)
    lines = indexed_and_generated(rows, seed)

    one_by_one, batched = both_ways(world, as_csv(lines).getvalue())

    assert batched == one_by_one
    statuses = [s["match_status"] for s in batched["subjects"]]
    assert {"linked", "new"} <= set(statuses)
    assert batched["batch"][1] >= rows


def test_notifications_recorded_meanwhile_by_another_import_are_skipped(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = as_csv(handmade()).getvalue()
    import_notifications(
        actor=world.contact_officer,
        stream=io.StringIO(text),
        file_name="first.csv",
        source_system="",
        mapping="generic",
    )
    counts = (Contact.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    # As if another import committed them after this chunk looked: the bulk insert collides.
    monkeypatch.setattr(batched, "existing_references", lambda chunk, vocabulary: set())

    again = import_notifications(
        actor=world.contact_officer,
        stream=io.StringIO(text),
        file_name="second.csv",
        source_system="",
        mapping="generic",
    ).batch

    assert (again.status, again.created_rows, again.error_rows) == ("done", 0, 1)
    assert again.skipped_rows == again.processed_rows - 1
    assert (Contact.objects.count(), Person.objects.count()) == counts[:2]
    assert AuditEvent.objects.count() == counts[2] + 1  # import.finished only


def test_a_chunk_the_database_refuses_leaves_nothing_and_the_batch_says_where_it_stopped(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recording, "CHUNK_ROWS", 4)
    real = batched.audit_record_each
    calls = []

    def failing_second_time(**kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("disk I/O error")
        return real(**kwargs)

    monkeypatch.setattr(batched, "audit_record_each", failing_second_time)

    batch = import_notifications(
        actor=world.contact_officer,
        stream=as_csv(handmade()),
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
    ).batch

    assert batch.status == "failed"
    # The first chunk (rows 2 to 5: three notifications) is in; nothing of the second.
    assert sorted(Contact.objects.values_list("source_reference", flat=True)) == [
        "CARA-1",
        "VIST-1",
        "VIST-2",
    ]
    assert batch.processed_rows == 4
    assert batch.created_rows == 4
    [error] = batch.errors
    assert error["row"] == 6
    assert error["message"].startswith("Stopped at row 6: the database refused the rows from here")
    assert Person.objects.filter(given_name="Johnny").count() == 0
    assert AuditEvent.objects.filter(verb="contact.created").count() == 3
