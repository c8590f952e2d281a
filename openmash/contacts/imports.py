"""Bulk police notifications (ViST, CARA and other systems): read a CSV file, record each contact.

The file is read as a stream (never whole into memory). Each row is one person; consecutive rows
with the same source system and reference are one notification (one contact) about several people,
which is how police systems list the children of one incident. Every contact goes through
`contact_create` (the same validation, person matching, completeness and duplicate rule as every
other channel) in its own savepoint, so a bad row leaves nothing behind. Contacts are committed in
chunks, and the batch's counters with them, so the upload page can show progress.
docs/imports.md describes the format and the mappings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import get_random_string

from openmash.accounts.models import Agency
from openmash.contacts.models import Channel, ConcernCategory, Contact, ImportBatch
from openmash.contacts.permissions import contacts_visible_to
from openmash.contacts.selectors import contact_list_logged
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    SubjectInput,
    contact_create,
)
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.core.identifiers import is_valid_nhs_number, is_valid_postcode, normalise_postcode
from openmash.people.matching import SubjectDetails

LONDON = ZoneInfo("Europe/London")
CHUNK_ROWS = 500  # rows per committed transaction (and per progress update)
MAX_ERRORS_KEPT = 10_000  # problems kept and listed; the counters always count every row
SOURCE_SYSTEMS = [("VIST", "ViST"), ("CARA", "CARA"), ("NICHE", "Niche"), ("OTHER", "Other")]

# Our fields, in the order of the generic format. Contact-level fields come from the first row
# of a notification; subject fields from every row.
FIELDS = [
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
REQUIRED = ["source_reference", "received_at", "agency_code", "narrative"]
NAME_FIELDS = ["given_name", "family_name"]


@dataclass(frozen=True)
class Mapping:
    """How one system's export names our fields, and how it writes dates."""

    name: str
    label: str
    columns: dict[str, str]  # our field -> the file's column header
    date_format: str = "%Y-%m-%d"
    datetime_format: str = ""  # empty: ISO 8601 (an offset, or Europe/London when none)
    category_codes: dict[str, str] = field(default_factory=dict)  # their code -> ours
    sex_codes: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return self.columns.get(name, name)


MAPPINGS: dict[str, Mapping] = {
    "generic": Mapping(
        name="generic",
        label="OpenMASH generic CSV",
        columns={name: name for name in FIELDS},
    ),
    "vist": Mapping(
        name="vist",
        label="ViST (vulnerability identification screening tool) export",
        columns={
            "source_system": "System",
            "source_reference": "Occurrence Ref",
            "received_at": "Date Submitted",
            "agency_code": "Force Code",
            "given_name": "Forename(s)",
            "family_name": "Surname",
            "date_of_birth": "DOB",
            "sex": "Gender",
            "nhs_number": "NHS No",
            "address_line1": "Address Line 1",
            "postcode": "Post Code",
            "incident_date": "Occurrence Date",
            "categories": "Vulnerability Factors",
            "narrative": "Officer Rationale",
            "officer_name": "Submitting Officer",
            "officer_email": "Officer Email",
        },
        date_format="%d/%m/%Y",
        datetime_format="%d/%m/%Y %H:%M",
        category_codes={
            "DA": "domestic_abuse",
            "NEG": "neglect",
            "PHY": "physical_abuse",
            "SEX": "sexual_abuse",
            "EMO": "emotional_abuse",
            "CSE": "child_sexual_exploitation",
            "CCE": "child_criminal_exploitation",
            "MFH": "missing",
            "MH": "mental_health",
            "SUB": "drug_misuse",
            "ALC": "alcohol_misuse",
            "ONL": "online_abuse",
        },
        sex_codes={"Male": "M", "Female": "F", "Unknown": "U"},
    ),
    "cara": Mapping(
        name="cara",
        label="CARA (domestic abuse) notification export",
        columns={
            "source_system": "Source",
            "source_reference": "CARA Reference",
            "received_at": "Notification Date",
            "agency_code": "Agency",
            "given_name": "First Name",
            "family_name": "Last Name",
            "date_of_birth": "Date of Birth",
            "sex": "Sex",
            "nhs_number": "NHS Number",
            "address_line1": "Address",
            "postcode": "Postcode",
            "incident_date": "Incident Date",
            "categories": "Risk Categories",
            "narrative": "Incident Summary",
            "officer_name": "OIC",
            "officer_email": "OIC Email",
        },
        date_format="%d-%b-%Y",
        datetime_format="%d-%b-%Y %H:%M",
        category_codes={
            "DA": "domestic_abuse",
            "CPRES": "domestic_abuse",
            "HBA": "honour_based_abuse_forced_marriage",
        },
        sex_codes={"M": "M", "F": "F", "U": "U"},
    ),
}


@dataclass
class RowError:
    row: int
    field: str
    message: str
    reference: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "field": self.field,
            "message": self.message,
            "ref": self.reference,
        }


@dataclass
class ParsedRow:
    number: int  # as a spreadsheet numbers it: the header is row 1
    system: str
    reference: str
    values: dict[str, str]
    received_at: datetime | None = None
    incident_date: date | None = None
    date_of_birth: date | None = None
    categories: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    """What happened, for the command line and the task."""

    batch: ImportBatch
    contacts_created: int = 0
    errors: list[RowError] = field(default_factory=list)


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read (not CSV, not UTF-8, required columns missing)."""


# --- Reading ------------------------------------------------------------------------------


def text_stream(binary: IO[bytes]) -> IO[str]:
    """Decode as UTF-8 (with or without Excel's byte-order mark), line by line."""
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def read_header(
    reader: Iterator[list[str]], mapping: Mapping, *, has_system: bool
) -> dict[str, int]:
    """Column positions of our fields; missing required columns are one file-level error."""
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportFileError("The file is empty") from None
    positions = {
        name: header.index(mapping.header(name))
        for name in FIELDS
        if mapping.header(name) in header
    }
    needed = REQUIRED + NAME_FIELDS + ([] if has_system else ["source_system"])
    missing = [mapping.header(name) for name in needed if name not in positions]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise ImportFileError(
            f"The file has no {names} column{'s' if len(missing) > 1 else ''} "
            f"(the {mapping.label} format needs them)",
            field=missing[0],
        )
    return positions


class Vocabulary:
    """Agencies and concern categories, loaded once per import."""

    def __init__(self) -> None:
        self.agencies = {a.code.upper(): a for a in Agency.objects.all()}
        self.categories = set(
            ConcernCategory.objects.filter(is_active=True).values_list("code", flat=True)
        )


def parse_row(
    number: int,
    cells: list[str],
    positions: dict[str, int],
    mapping: Mapping,
    vocabulary: Vocabulary,
    default_system: str,
) -> ParsedRow:
    values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
    system = (values.get("source_system") or default_system).upper()
    row = ParsedRow(number, system, values.get("source_reference", ""), values)
    fail = row.errors.append
    ref = row.reference

    def error(name: str, message: str) -> None:
        fail(RowError(number, mapping.header(name), message, ref))

    for name in REQUIRED:
        if not values.get(name):
            error(name, _REQUIRED_MESSAGES[name])
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            error(name, f"Must be {limit} characters or fewer")
    if not system:
        error("source_system", "Enter the source system, or choose one for the whole file")
    if not values.get("given_name") and not values.get("family_name"):
        error("given_name", "Enter the person's name, or 'Unknown'")
    today = timezone.localdate()
    if values.get("received_at"):
        row.received_at = _parse_datetime(values["received_at"], mapping)
        if row.received_at is None:
            error(
                "received_at", f"Enter the date and time received as {_datetime_example(mapping)}"
            )
        elif row.received_at > timezone.now():
            error("received_at", "The date and time received must be in the past")
    for name in ("date_of_birth", "incident_date"):
        if values.get(name):
            parsed = _parse_date(values[name], mapping)
            label = "date of birth" if name == "date_of_birth" else "incident date"
            if parsed is None:
                error(name, f"Enter the {label} as {_date_example(mapping)}")
            elif parsed > today:
                error(name, f"The {label} must be today or in the past")
            setattr(row, name, parsed)
    nhs = values.get("nhs_number", "").replace(" ", "")
    if nhs and not is_valid_nhs_number(nhs):
        error(
            "nhs_number", "Enter a valid NHS number, like 999 000 0018 (the check digit is wrong)"
        )
    values["nhs_number"] = nhs
    postcode = values.get("postcode", "")
    if postcode:
        if is_valid_postcode(postcode):
            values["postcode"] = normalise_postcode(postcode)
        else:
            error("postcode", "Enter a full UK postcode, like SW1A 1AA")
    agency = values.get("agency_code", "")
    if agency and agency.upper() not in vocabulary.agencies:
        error("agency_code", f"'{agency}' is not an agency code in OpenMASH")
    for code in filter(None, (c.strip() for c in values.get("categories", "").split(";"))):
        ours = mapping.category_codes.get(code, code)
        if ours in vocabulary.categories:
            row.categories.append(ours)
        else:
            error("categories", f"'{code}' is not a concern category")
    email = values.get("officer_email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error("officer_email", "Enter the officer's email address, like name@police.example")
    sex = values.get("sex", "")
    values["sex"] = mapping.sex_codes.get(sex, sex.upper()[:1]) if sex else ""
    if values["sex"] and values["sex"] not in ("M", "F", "U"):
        error("sex", "Enter the person's sex as male, female or not known")
    return row


# The database's column sizes: longer values are a row error, never a failed import.
MAX_LENGTHS = {
    "source_system": 32,
    "source_reference": 100,
    "given_name": 100,
    "family_name": 100,
    "address_line1": 200,
    "officer_name": 200,
    "officer_email": 254,
}
_REQUIRED_MESSAGES = {
    "source_reference": "Enter the notification's reference in the source system",
    "received_at": "Enter the date and time the notification was received",
    "agency_code": "Enter the code of the agency that sent the notification",
    "narrative": "Enter what happened",
}


def _parse_datetime(text: str, mapping: Mapping) -> datetime | None:
    try:
        if mapping.datetime_format:
            value = datetime.strptime(text, mapping.datetime_format)  # noqa: DTZ007 (made aware)
        else:
            value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else value.replace(tzinfo=LONDON)


def _parse_date(text: str, mapping: Mapping) -> date | None:
    try:
        return datetime.strptime(text, mapping.date_format).date()  # noqa: DTZ007 (a date)
    except ValueError:
        return None


def _date_example(mapping: Mapping) -> str:
    return date(2026, 1, 5).strftime(mapping.date_format)


def _datetime_example(mapping: Mapping) -> str:
    if not mapping.datetime_format:
        return "2026-01-05T14:30:00+00:00"
    return datetime(2026, 1, 5, 14, 30).strftime(mapping.datetime_format)  # noqa: DTZ001


def notifications(rows: Iterable[ParsedRow]) -> Iterator[list[ParsedRow]]:
    """Group consecutive rows with the same system and reference: one notification each."""
    group: list[ParsedRow] = []
    for row in rows:
        if group and (row.system, row.reference) != (group[0].system, group[0].reference):
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def read_notifications(
    stream: IO[str], *, mapping: Mapping, default_system: str, vocabulary: Vocabulary
) -> Iterator[list[ParsedRow]]:
    """Parse the file lazily; raises ImportFileError before the first row if it cannot be read."""
    reader = csv.reader(stream)
    try:
        positions = read_header(reader, mapping, has_system=bool(default_system))
    except (UnicodeDecodeError, csv.Error) as error:
        raise ImportFileError("The file must be a CSV file saved as UTF-8") from error

    def rows() -> Iterator[ParsedRow]:
        number = 1
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            yield parse_row(number, cells, positions, mapping, vocabulary, default_system)

    return notifications(rows())


# --- Recording ----------------------------------------------------------------------------


def contact_input_for(group: list[ParsedRow], vocabulary: Vocabulary) -> ContactInput:
    first = group[0]
    values = first.values
    categories: list[str] = []
    for row in group:
        categories += [c for c in row.categories if c not in categories]
    return ContactInput(
        source_agency=vocabulary.agencies[values["agency_code"].upper()],
        channel=Channel.BULK,
        concern=values["narrative"],
        subjects=[
            SubjectInput(
                details=SubjectDetails(
                    given_name=row.values.get("given_name", ""),
                    family_name=row.values.get("family_name", ""),
                    date_of_birth=row.date_of_birth,
                    sex=row.values.get("sex", ""),
                    nhs_number=row.values.get("nhs_number", ""),
                    postcode=row.values.get("postcode", ""),
                ),
                address_line1=row.values.get("address_line1", ""),
            )
            for row in group
        ],
        received_at=first.received_at,
        referrer_name=values.get("officer_name", ""),
        referrer_email=values.get("officer_email", ""),
        categories=categories,
        incident_date=first.incident_date,
        source_system=first.system,
        source_reference=first.reference,
        officer_name=values.get("officer_name", ""),
        officer_email=values.get("officer_email", ""),
    )


def _problem_errors(
    group: list[ParsedRow], problems: list[tuple[str, str]], mapping: Mapping
) -> list[RowError]:
    """contact_validate's (field, message) pairs, placed on the row and column they came from."""
    errors = []
    for name, message in problems:
        row, ours = group[0], name
        if name.startswith("subjects["):
            index, ours = int(name[9 : name.index("]")]), name.split(".", 1)[-1]
            row = group[min(index, len(group) - 1)]
        header = mapping.header({"concern": "narrative", "subjects": "given_name"}.get(ours, ours))
        errors.append(RowError(row.number, header, message, row.reference))
    return errors


@dataclass
class _Counts:
    processed: int = 0
    created: int = 0
    skipped: int = 0
    rejected: int = 0
    duplicates: int = 0
    contacts: int = 0
    errors: list[RowError] = field(default_factory=list)


def _record_group(
    actor: Any, group: list[ParsedRow], mapping: Mapping, vocabulary: Vocabulary, counts: _Counts
) -> bool:
    """Record one notification, or its rows' errors; True when it went in."""
    counts.processed += len(group)
    bad = [error for row in group for error in row.errors]
    if not bad:
        try:
            with transaction.atomic():
                contact = contact_create(actor=actor, data=contact_input_for(group, vocabulary))
        except ContactInvalidError as invalid:
            bad = _problem_errors(group, invalid.problems, mapping)
        except IntegrityError:
            counts.skipped += len(group)  # recorded meanwhile by another import of the same
            return False
        else:
            counts.created += len(group)
            counts.contacts += 1
            counts.duplicates += len(group) if contact.duplicate_of_id else 0
            return True
    counts.rejected += len(group)
    numbers = {e.row for e in bad}
    bad += [
        RowError(
            row.number,
            "",
            "Not imported: another row of this notification was rejected",
            row.reference,
        )
        for row in group
        if row.number not in numbers
    ]
    counts.errors += bad[: max(0, MAX_ERRORS_KEPT - len(counts.errors))]
    return False


def _existing_references(groups: list[list[ParsedRow]]) -> set[tuple[str, str]]:
    keys = {(g[0].system, g[0].reference) for g in groups if g[0].system and g[0].reference}
    found: set[tuple[str, str]] = set()
    for system in {s for s, _ in keys}:
        refs = [r for s, r in keys if s == system]
        found |= set(
            Contact.objects.filter(source_system=system, source_reference__in=refs).values_list(
                "source_system", "source_reference"
            )
        )
    return found


def _chunks(groups: Iterator[list[ParsedRow]]) -> Iterator[list[list[ParsedRow]]]:
    chunk: list[list[ParsedRow]] = []
    rows = 0
    for group in groups:
        chunk.append(group)
        rows += len(group)
        if rows >= CHUNK_ROWS:
            yield chunk
            chunk, rows = [], 0
    if chunk:
        yield chunk


def _save_progress(batch: ImportBatch, counts: _Counts, *, final: bool = False) -> None:
    batch.processed_rows = counts.processed
    batch.created_rows = counts.created
    batch.skipped_rows = counts.skipped
    batch.error_rows = counts.rejected
    batch.duplicate_rows = counts.duplicates
    fields = ["processed_rows", "created_rows", "skipped_rows", "error_rows", "duplicate_rows"]
    fields += ["status", "total_rows"]
    if final:  # the problems are written once, not with every chunk's progress
        batch.errors = [e.as_dict() for e in counts.errors]
        fields += ["errors", "finished_at"]
    batch.save(update_fields=fields)


def count_rows(binary: IO[bytes]) -> int:
    """Data rows in the file (one streamed pass), for the progress bar."""
    try:
        return max(0, sum(1 for _ in csv.reader(text_stream(binary))) - 1)
    except (UnicodeDecodeError, csv.Error):
        return 0


def import_notifications(
    *,
    actor: Any,
    stream: IO[str],
    file_name: str,
    source_system: str,
    mapping: str,
    batch: ImportBatch | None = None,
    total_rows: int = 0,
    on_progress: Callable[[ImportBatch], None] | None = None,
) -> ImportResult:
    """Record every good notification in the file; report every bad row; skip what is already in.

    Not one transaction: each contact is all-or-nothing (its own savepoint), and contacts are
    committed every CHUNK_ROWS rows with the batch's counters, so progress is visible and a
    failure part-way keeps what was done (importing the file again adds only the rest).
    """
    if mapping not in MAPPINGS:
        raise ApplicationError(f"Select a file layout ({', '.join(MAPPINGS)})", field="mapping")
    layout = MAPPINGS[mapping]
    system = source_system.strip().upper()
    if batch is None:
        batch = ImportBatch.objects.create(
            file_name=file_name[:255],
            source_system=system,
            mapping=mapping,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    batch.status, batch.total_rows = "running", total_rows or batch.total_rows
    counts = _Counts()
    _save_progress(batch, counts)
    vocabulary = Vocabulary()
    try:
        groups = read_notifications(
            stream, mapping=layout, default_system=system, vocabulary=vocabulary
        )
        seen: set[tuple[str, str]] = set()
        for chunk in _chunks(groups):
            with transaction.atomic():
                existing = _existing_references(chunk) | seen
                for group in chunk:
                    key = (group[0].system, group[0].reference)
                    if key in existing and not group[0].errors:
                        counts.processed += len(group)
                        counts.skipped += len(group)
                        continue
                    if _record_group(actor, group, layout, vocabulary, counts):
                        seen.add(key)
                _save_progress(batch, counts)
            if on_progress:
                on_progress(batch)
    except ImportFileError as error:
        counts.errors.append(RowError(1, error.field or "", error.message))
        batch.status = "failed"
    except (UnicodeDecodeError, csv.Error) as error:
        counts.errors.append(
            RowError(counts.processed + 1, "", f"The file cannot be read: {error}")
        )
        batch.status = "failed"
    else:
        batch.status = "done"
    return _finish(actor, batch, counts)


@transaction.atomic
def _finish(actor: Any, batch: ImportBatch, counts: _Counts) -> ImportResult:
    batch.finished_at = timezone.now()
    batch.total_rows = max(batch.total_rows, counts.processed)
    _save_progress(batch, counts, final=True)
    audit_record(
        actor=actor,
        verb="import.finished",
        target=batch,
        summary={
            "file": batch.file_name,
            "mapping": batch.mapping,
            "status": batch.status,
            "rows": counts.processed,
            "created": counts.created,
            "contacts": counts.contacts,
            "skipped": counts.skipped,
            "rejected": counts.rejected,
            "duplicates": counts.duplicates,
        },
    )
    return ImportResult(batch=batch, contacts_created=counts.contacts, errors=counts.errors)


# --- Uploads (the web page) --------------------------------------------------------------


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def stored_path(batch: ImportBatch) -> Path:
    return upload_dir() / (batch.stored_file or f"batch-{batch.pk}.csv")


@transaction.atomic
def import_batch_create(
    *, actor: Any, upload: UploadedFile, source_system: str, mapping: str
) -> ImportBatch:
    """Keep the uploaded file (outside anything served) and queue its import."""
    if mapping not in MAPPINGS:
        raise ApplicationError("Select the layout of the file", field="mapping")
    if source_system not in dict(SOURCE_SYSTEMS):
        raise ApplicationError(
            "Select the system the notifications came from", field="source_system"
        )
    batch = ImportBatch.objects.create(
        file_name=Path(upload.name or "upload.csv").name[:255],
        source_system=source_system,
        mapping=mapping,
        uploaded_by=actor,
        # Unguessable and unique even when several databases share one media folder.
        stored_file=f"batch-{get_random_string(16)}.csv",
    )
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".batch-{batch.pk}-{get_random_string(8)}.part"
    with partial.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    partial.replace(stored_path(batch))
    with stored_path(batch).open("rb") as binary:
        batch.total_rows = count_rows(binary)
    batch.save(update_fields=["total_rows"])
    audit_record(
        actor=actor,
        verb="import.uploaded",
        target=batch,
        summary={"file": batch.file_name, "mapping": mapping, "rows": batch.total_rows},
    )
    from openmash.contacts.tasks import import_notifications_task

    transaction.on_commit(lambda: import_notifications_task.enqueue(batch.pk))
    return batch


# --- Reading batches (the access gate for imports) ----------------------------------------


def import_batches_visible_to(user: Any) -> QuerySet[ImportBatch]:
    """Imports are for staff who record contacts: they see every batch, like every contact."""
    if not user.is_authenticated or not user.has_capability("records_contacts"):
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("uploaded_by")


def import_batch_get_for_user(user: Any, batch_id: int) -> ImportBatch:
    batch = import_batches_visible_to(user).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No such import")
    return batch


def import_batch_contacts_logged(
    *, user: Any, batch: ImportBatch, limit: int = 50
) -> list[Contact]:
    """The contacts a finished web upload created (newest first), recorded as listed.

    Contacts carry no link to their batch yet, so they are found by channel, uploader and the
    batch's time span; command-line imports (no uploader) list none.
    """
    if batch.uploaded_by_id is None:
        contacts: list[Contact] = []
    else:
        contacts = list(
            contacts_visible_to(user)
            .filter(
                channel=Channel.BULK,
                recorded_by_id=batch.uploaded_by_id,
                created_at__gte=batch.created_at,
                created_at__lte=batch.finished_at or timezone.now(),
            )
            .select_related("source_agency")
            .prefetch_related("subjects")
            .order_by("-pk")[:limit]
        )
    contact_list_logged(user=user, contacts=contacts)
    return contacts
