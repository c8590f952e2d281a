"""Bulk police notifications: the CSV format, mappings, row errors and idempotent re-import."""

from __future__ import annotations

import gc
import io
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openmash.accounts.services import api_key_create
from openmash.contacts.imports import import_notifications
from openmash.contacts.models import Contact, ContactSubject, ImportBatch
from openmash.core.models import AuditEvent
from openmash.people.models import Person
from tests.conftest import World, client_for
from tests.text import ARABIC_INDIC, in_script

pytestmark = pytest.mark.clock

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = (
    "source_system,source_reference,received_at,agency_code,given_name,family_name,"
    "date_of_birth,nhs_number,address_line1,postcode,incident_date,categories,narrative,"
    "officer_name,officer_email"
)
GOOD = {
    "source_system": "VIST",
    "source_reference": "VI-1",
    "received_at": "2026-01-05T09:12:00+00:00",
    "agency_code": "POL",
    "given_name": "Maisie",
    "family_name": "Okafor",
    "date_of_birth": "2019-07-02",
    "nhs_number": "9990000026",
    "address_line1": "14 Alder Road",
    "postcode": "SW1A 1AA",
    "incident_date": "2026-01-04",
    "categories": "domestic_abuse",
    "narrative": "Verbal argument between adults; children present.",
    "officer_name": "PC Sam Hale",
    "officer_email": "sam.hale@police.example",
}


def row(**changes: str) -> str:
    values = {**GOOD, **changes}
    return ",".join(f'"{values[name]}"' for name in HEADER.split(","))


def csv_of(*rows: str, header: str = HEADER) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


def run(world: World, text: IO[str], *, mapping: str = "generic", system: str = ""):
    return import_notifications(
        actor=world.contact_officer,
        stream=text,
        file_name="notifications.csv",
        source_system=system,
        mapping=mapping,
    )


def test_a_generic_file_creates_one_contact_per_notification(world: World) -> None:
    with (SAMPLES / "notifications-generic.csv").open(encoding="utf-8-sig", newline="") as f:
        result = run(world, f)

    batch = result.batch
    assert (batch.status, batch.created_rows, batch.error_rows) == ("done", 3, 0)
    assert result.contacts_created == 2
    contact = Contact.objects.get(source_system="VIST", source_reference="VI-2026-000102")
    assert contact.channel == "bulk"
    assert contact.source_agency == world.police
    assert contact.officer_email == "priya.nair@police.example"
    assert contact.incident_date == date(2026, 1, 5)
    assert {c.code for c in contact.categories.all()} == {"missing", "child_criminal_exploitation"}
    assert AuditEvent.objects.filter(verb="contact.created", target_id=str(contact.pk)).exists()
    finished = AuditEvent.objects.get(verb="import.finished", target_id=str(batch.pk))
    assert finished.actor == world.contact_officer
    assert finished.summary["contacts"] == 2


def test_rows_sharing_a_reference_are_one_contact_about_several_children(world: World) -> None:
    with (SAMPLES / "notifications-generic.csv").open(encoding="utf-8-sig", newline="") as f:
        run(world, f)

    contact = Contact.objects.get(source_reference="VI-2026-000101")
    names = [s.given_name for s in ContactSubject.objects.filter(contact=contact)]
    assert names == ["Maisie", "Tobi"]


def test_a_vist_file_is_read_with_its_own_headers_and_dates(world: World) -> None:
    with (SAMPLES / "notifications-vist.csv").open(encoding="utf-8-sig", newline="") as f:
        result = run(world, f, mapping="vist", system="VIST")

    assert (result.batch.created_rows, result.batch.error_rows) == (2, 0)
    contact = Contact.objects.get(source_system="VIST", source_reference="VI-2026-000202")
    subject = contact.contact_subjects.get()
    assert (subject.given_name, subject.date_of_birth, subject.sex) == (
        "Ruby",
        date(2010, 9, 30),
        "F",
    )
    assert timezone.localtime(contact.received_at).strftime("%d/%m/%Y %H:%M") == "05/01/2026 11:30"
    assert {c.code for c in contact.categories.all()} == {"missing", "child_sexual_exploitation"}


def test_the_same_incident_in_vist_and_cara_is_flagged_as_a_duplicate(world: World) -> None:
    with (SAMPLES / "notifications-vist.csv").open(encoding="utf-8-sig", newline="") as f:
        run(world, f, mapping="vist", system="VIST")
    with (SAMPLES / "notifications-cara.csv").open(encoding="utf-8-sig", newline="") as f:
        result = run(world, f, mapping="cara", system="CARA")

    vist = Contact.objects.get(source_system="VIST", source_reference="VI-2026-000201")
    cara = Contact.objects.get(source_system="CARA", source_reference="CA-77801")
    assert cara.duplicate_of == vist
    assert cara.duplicate_status == "suspected"
    assert result.batch.duplicate_rows == 1


def test_importing_the_same_file_again_adds_nothing(world: World) -> None:
    text = (SAMPLES / "notifications-generic.csv").read_text(encoding="utf-8-sig")
    run(world, io.StringIO(text))
    counts = (Contact.objects.count(), Person.objects.count(), ContactSubject.objects.count())

    again = run(world, io.StringIO(text)).batch

    assert (again.created_rows, again.skipped_rows, again.error_rows) == (0, 3, 0)
    assert (Contact.objects.count(), Person.objects.count(), ContactSubject.objects.count()) == (
        counts
    )


def sent_through_the_api(client: Client, agency_code: str, reference: str) -> dict[str, Any]:
    """A contact sent by POST /api/v1/contacts/ with ViST's reference; the answer's body."""
    response = client.post(
        "/api/v1/contacts/",
        {
            "source": {"agency_code": agency_code},
            "subjects": [{"given_name": "Maisie", "family_name": "Okafor"}],
            "concern": "Maisie said there was shouting at home.",
            "source_system": "VIST",
            "source_reference": reference,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    return dict(response.json())


@pytest.mark.parametrize("one_by_one", [False, True])
def test_a_referrer_cannot_pre_empt_a_police_notification(world: World, one_by_one: bool) -> None:
    _, secret = api_key_create(actor=None, user=world.referrer, name="School MIS")
    sent = sent_through_the_api(Client(HTTP_AUTHORIZATION=f"Bearer {secret}"), "SCH", "SQUAT-777")

    batch = import_notifications(
        actor=world.contact_officer,
        stream=csv_of(row(source_reference="SQUAT-777")),
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
        one_by_one=one_by_one,
    ).batch

    assert (batch.created_rows, batch.skipped_rows, batch.error_rows) == (1, 0, 0)
    police = Contact.objects.get(source_agency=world.police, source_reference="SQUAT-777")
    assert (police.source_system, police.channel, police.import_batch) == ("VIST", "bulk", batch)
    school = Contact.objects.get(source_agency=world.school, source_reference="SQUAT-777")
    assert school.pk == sent["id"]
    # Imported again, the police's own notification is the one already imported.
    again = run(world, csv_of(row(source_reference="SQUAT-777"))).batch
    assert (again.created_rows, again.skipped_rows) == (0, 1)
    assert Contact.objects.filter(source_reference="SQUAT-777").count() == 2


def test_a_staff_contact_recorded_for_the_police_is_the_notification_already_imported(
    world: World,
) -> None:
    sent_through_the_api(client_for(world.contact_officer), "POL", "VI-1")

    batch = run(world, csv_of(row())).batch

    assert (batch.created_rows, batch.skipped_rows) == (0, 1)
    assert Contact.objects.filter(source_reference="VI-1").count() == 1


def test_one_reference_from_two_agencies_is_two_notifications(world: World) -> None:
    # Consecutive rows with one reference are one notification only when one agency sent them.
    batch = run(
        world,
        csv_of(
            row(given_name="Maisie"),
            row(given_name="Tobi", agency_code="SCH"),
            row(given_name="Ruby"),
        ),
    ).batch

    assert (batch.created_rows, batch.skipped_rows, batch.error_rows) == (2, 1, 0)
    police = Contact.objects.get(source_agency=world.police, source_reference="VI-1")
    school = Contact.objects.get(source_agency=world.school, source_reference="VI-1")
    assert [s.given_name for s in police.contact_subjects.all()] == ["Maisie"]
    assert [s.given_name for s in school.contact_subjects.all()] == ["Tobi"]


IN_TWO_DAYS = "in two days"  # the date is worked out in the test, at the test's "now"

ROW_ERRORS = [
    ({"date_of_birth": "31/02/2019"}, "date_of_birth", "Enter the date of birth as 2026-01-05"),
    (
        {"incident_date": IN_TWO_DAYS},
        "incident_date",
        "The date of the incident must be today or in the past",
    ),
    (
        {"received_at": "2099-01-01T10:00:00+00:00"},
        "received_at",
        "The date and time received must be in the past",
    ),
    ({"received_at": "yesterday"}, "received_at", "Enter the date and time received as"),
    ({"nhs_number": "9990000019"}, "nhs_number", "Enter a valid NHS number"),
    ({"agency_code": "NOPE"}, "agency_code", "'NOPE' is not an agency code in OpenMASH"),
    ({"categories": "domestic_abuse;made_up"}, "categories", "'made_up' is not a concern category"),
    ({"given_name": "", "family_name": ""}, "given_name", "Enter the person's name"),
    ({"narrative": ""}, "narrative", "Enter what happened"),
    ({"postcode": "NOT A CODE"}, "postcode", "Enter a full UK postcode"),
    ({"officer_email": "not-an-email"}, "officer_email", "Enter the officer's email address"),
    ({"family_name": "x" * 101}, "family_name", "Shorten this to 100 characters or fewer"),
    ({"narrative": "x" * 50_001}, "narrative", "Shorten this to 50,000 characters or fewer"),
]


@pytest.mark.parametrize(("changes", "column", "message"), ROW_ERRORS)
def test_a_bad_row_is_reported_with_its_row_column_and_reason_and_saves_nothing(
    world: World, changes: dict[str, str], column: str, message: str
) -> None:
    before = (Contact.objects.count(), Person.objects.count())
    in_two_days = (timezone.localdate() + timedelta(days=2)).isoformat()
    changes = {k: in_two_days if v == IN_TWO_DAYS else v for k, v in changes.items()}

    result = run(
        world, csv_of(row(**changes, source_reference="BAD-1"), row(source_reference="OK-1"))
    )

    batch = result.batch
    assert (batch.created_rows, batch.error_rows) == (1, 1)
    [error] = batch.errors
    assert (error["row"], error["field"], error["ref"]) == (2, column, "BAD-1")
    assert message in error["message"]
    assert not Contact.objects.filter(source_reference="BAD-1").exists()
    assert (Contact.objects.count(), Person.objects.count()) == (before[0] + 1, before[1] + 1)
    created = AuditEvent.objects.filter(verb="contact.created").values_list("summary", flat=True)
    assert [s["source_reference"] for s in created] == ["VIST:OK-1"]
    assert not AuditEvent.objects.filter(verb="person.created").count() > 1


def test_a_bad_row_rejects_its_whole_notification_and_says_why_for_the_others(
    world: World,
) -> None:
    result = run(
        world,
        csv_of(
            row(source_reference="VI-9"),
            row(source_reference="VI-9", given_name="Tobi", nhs_number="123"),
        ),
    )

    assert (result.batch.created_rows, result.batch.error_rows) == (0, 2)
    assert [(e["row"], e["field"]) for e in result.batch.errors] == [(3, "nhs_number"), (2, "")]
    assert Contact.objects.count() == 0
    assert Person.objects.count() == 0


def test_missing_required_columns_are_reported_once_for_the_file(world: World) -> None:
    header = HEADER.replace("narrative,", "").replace("agency_code,", "")
    result = run(world, csv_of("VIST,VI-1,2026-01-05T09:12:00+00:00", header=header))

    batch = result.batch
    assert batch.status == "failed"
    assert len(batch.errors) == 1
    assert batch.errors[0]["message"].startswith(
        "The file has no 'agency_code', 'narrative' columns"
    )
    assert Contact.objects.count() == 0
    assert AuditEvent.objects.get(verb="import.finished").summary["status"] == "failed"


def test_the_source_system_comes_from_the_choice_when_the_file_has_no_column(
    world: World,
) -> None:
    header = HEADER.replace("source_system,", "")
    line = row(source_reference="X-1").split(",", 1)[1]

    without = run(world, csv_of(line, header=header))
    assert without.batch.status == "failed"  # no column and no choice: cannot import

    result = run(world, csv_of(line, header=header), system="cara")
    assert result.batch.created_rows == 1
    assert Contact.objects.get().source_system == "CARA"


def test_a_file_that_is_not_utf8_is_refused_as_a_whole(world: World) -> None:
    binary = io.BytesIO((HEADER + "\n" + row(given_name="Zoë")).encode("latin-1"))
    result = run(world, io.TextIOWrapper(binary, encoding="utf-8-sig", newline=""))

    assert result.batch.status == "failed"
    assert (
        "UTF-8" in result.batch.errors[0]["message"]
        or "cannot be read" in (result.batch.errors[0]["message"])
    )
    assert Contact.objects.count() == 0


def test_the_command_prints_a_summary_and_each_bad_row_and_exits_1(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "vist.csv"
    path.write_text(
        "\n".join(
            [HEADER, row(source_reference="A-1"), row(source_reference="B-1", nhs_number="1")]
        )
    )

    with pytest.raises(SystemExit) as exit_code:
        call_command("import_notifications", str(path), "--source-system", "VIST")

    assert exit_code.value.code == 1
    out, err = capsys.readouterr()
    assert "Created 1 contacts from 1 rows" in out
    assert "rejected 1 rows" in out
    assert "row 3, nhs_number (B-1): Enter a valid NHS number" in err
    assert AuditEvent.objects.get(verb="import.finished").via == "cli"


def test_the_command_exits_0_when_every_row_is_in(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command(
        "import_notifications",
        str(SAMPLES / "notifications-cara.csv"),
        "--source-system",
        "CARA",
        "--mapping",
        "cara",
    )
    call_command(
        "import_notifications",
        str(SAMPLES / "notifications-cara.csv"),
        "--source-system",
        "CARA",
        "--mapping",
        "cara",
    )

    out = capsys.readouterr().out
    assert "skipped 1 rows already imported" in out
    assert ImportBatch.objects.count() == 2


def test_an_import_runs_with_the_garbage_collector_running_less_often(world: World) -> None:
    before, during = gc.get_threshold(), []
    import_notifications(
        actor=world.contact_officer,
        stream=csv_of(row()),
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
        on_progress=lambda batch: during.append(gc.get_threshold()),
    )
    assert during
    assert all(threshold[0] > before[0] for threshold in during)
    assert gc.get_threshold() == before


def test_an_imported_nhs_number_in_another_script_is_stored_as_digits(world: World) -> None:
    result = run(
        world,
        csv_of(row(nhs_number=in_script("999 000 0034", ARABIC_INDIC), source_reference="AR-1")),
    )
    assert result.batch.error_rows == 0
    subject = ContactSubject.objects.get(contact__source_reference="AR-1")
    assert subject.nhs_number == "9990000034"


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"narrative": "Officers attended\x00"}, "narrative", "Remove the control characters"),
        ({"family_name": "Oka\u200dfor"}, "family_name", "Remove the hidden formatting characters"),
        ({"date_of_birth": "1800-01-01"}, "date_of_birth", "within the last 120 years"),
        ({"received_at": "1990-01-05T09:00:00+00:00"}, "received_at", "within the last 365 days"),
    ],
)
def test_a_cell_with_control_characters_or_an_implausible_date_is_the_row_s_error(
    world: World, changes: dict[str, str], column: str, message: str
) -> None:
    result = run(world, csv_of(row(**changes, source_reference="BAD-2")))
    [error] = result.batch.errors
    assert (error["row"], error["field"]) == (2, column)
    assert message in error["message"]
    assert not Contact.objects.filter(source_reference="BAD-2").exists()
