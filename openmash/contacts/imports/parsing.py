"""Reading a file of notifications: the layouts (mappings), each row's checks, and grouping rows
into notifications. Streams the file; nothing here writes to the database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.contacts.models import ConcernCategory
from openmash.contacts.plausibility import (
    TEXT_LIMITS,
    date_of_birth_problem,
    incident_date_problem,
    length_problem,
    name_problem,
    received_at_problem,
    subjects_problem,
    text_problem,
)
from openmash.core.errors import ApplicationError
from openmash.core.identifiers import (
    canonical_identifier,
    is_valid_nhs_number,
    is_valid_postcode,
    normalise_postcode,
)

LONDON = ZoneInfo("Europe/London")
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
    "immediate_risk",
    "immediate_risk_details",
]
REQUIRED = ["source_reference", "received_at", "agency_code", "narrative"]
NAME_COLUMNS = frozenset({"given_name", "family_name", "officer_name"})
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


# A notification: the sending agency's code (as the vocabulary looks it up), the source system
# and the reference there. References are each agency's own (the database's unique key), so one
# agency's row never joins, or is skipped for, another agency's notification.
NotificationKey = tuple[str, str, str]


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

    @property
    def key(self) -> NotificationKey:
        return (self.values.get("agency_code", "").upper(), self.system, self.reference)


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read (not CSV, not UTF-8, required columns missing)."""


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
        self.category_ids: dict[str, int] = dict(
            ConcernCategory.objects.filter(is_active=True).values_list("code", "pk")
        )
        self.categories = set(self.category_ids)


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
        if message := length_problem(values.get(name, ""), limit):
            error(name, message)
    if not system:
        error("source_system", "Enter the source system, or choose one for the whole file")
    if not values.get("given_name") and not values.get("family_name"):
        error("given_name", "Enter the person's name, or 'Unknown'")
    for name, value in values.items():
        message = name_problem(value) if name in NAME_COLUMNS else text_problem(value)
        if message:
            error(name, message)
    today, now = timezone.localdate(), timezone.now()
    if values.get("received_at"):
        row.received_at = _parse_datetime(values["received_at"], mapping)
        if row.received_at is None:
            error(
                "received_at", f"Enter the date and time received as {_datetime_example(mapping)}"
            )
        elif message := received_at_problem(row.received_at, now=now):
            error("received_at", message)
    for name, check in (
        ("date_of_birth", date_of_birth_problem),
        ("incident_date", incident_date_problem),
    ):
        if values.get(name):
            parsed = _parse_date(values[name], mapping)
            label = "date of birth" if name == "date_of_birth" else "incident date"
            if parsed is None:
                error(name, f"Enter the {label} as {_date_example(mapping)}")
            elif message := check(parsed, today=today):
                error(name, message)
            setattr(row, name, parsed)
    nhs = canonical_identifier(values.get("nhs_number", ""))
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
    risk = values.get("immediate_risk", "").lower()
    if risk not in IMMEDIATE_RISK_ANSWERS:
        error("immediate_risk", "Enter yes or no for immediate risk")
    elif IMMEDIATE_RISK_ANSWERS[risk] and not values.get("immediate_risk_details"):
        error("immediate_risk_details", "Describe the immediate risk")
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
    "narrative": TEXT_LIMITS["concern"],
    "immediate_risk_details": TEXT_LIMITS["immediate_risk_details"],
}
# The optional immediate-risk column: empty is no.
IMMEDIATE_RISK_ANSWERS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "": False,
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
    """Group consecutive rows with the same agency, system and reference: one notification each."""
    group: list[ParsedRow] = []
    for row in rows:
        if group and row.key != group[0].key:
            yield _counted(group)
            group = []
        group.append(row)
    if group:
        yield _counted(group)


def _counted(group: list[ParsedRow]) -> list[ParsedRow]:
    """A notification naming more people than a contact may (contact_validate's check, made here
    because the rows are checked one by one): the error is on its first row."""
    first = group[0]
    if message := subjects_problem(len(group)):
        first.errors.append(RowError(first.number, "", message, first.reference))
    return group


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


def count_rows(binary: IO[bytes]) -> int:
    """Data rows in the file (one streamed pass), for the progress bar."""
    try:
        return max(0, sum(1 for _ in csv.reader(text_stream(binary))) - 1)
    except (UnicodeDecodeError, csv.Error):
        return 0
