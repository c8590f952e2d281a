"""What happened to each row (counters, problems kept) and a notification's contact input."""

from __future__ import annotations

from dataclasses import dataclass, field

from openmash.contacts.imports.parsing import (
    IMMEDIATE_RISK_ANSWERS,
    Mapping,
    NotificationKey,
    ParsedRow,
    RowError,
    Vocabulary,
)
from openmash.contacts.models import Channel, Contact, ImportBatch
from openmash.contacts.services import ContactInput, SubjectInput
from openmash.people.matching import SubjectDetails

MAX_ERRORS_KEPT = 10_000  # problems kept and listed; the counters always count every row


@dataclass
class ImportResult:
    """What happened, for the command line and the task."""

    batch: ImportBatch
    contacts_created: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Counts:
    processed: int = 0
    created: int = 0
    skipped: int = 0
    rejected: int = 0
    duplicates: int = 0
    contacts: int = 0
    errors: list[RowError] = field(default_factory=list)

    def snapshot(self) -> tuple[int, ...]:
        """The counters and how many problems are kept, to roll back a chunk that failed."""
        return (
            self.processed,
            self.created,
            self.skipped,
            self.rejected,
            self.duplicates,
            self.contacts,
            len(self.errors),
        )

    def restore(self, snapshot: tuple[int, ...]) -> None:
        *values, kept = snapshot
        (
            self.processed,
            self.created,
            self.skipped,
            self.rejected,
            self.duplicates,
            self.contacts,
        ) = values
        del self.errors[kept:]

    def reject(self, group: list[ParsedRow], bad: list[RowError]) -> None:
        """A notification held back: its rows' problems, and why its other rows are not imported."""
        self.rejected += len(group)
        numbers = {e.row for e in bad}
        bad = bad + [
            RowError(
                row.number,
                "",
                "Not imported: another row of this notification was rejected",
                row.reference,
            )
            for row in group
            if row.number not in numbers
        ]
        self.errors += bad[: max(0, MAX_ERRORS_KEPT - len(self.errors))]


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
        immediate_risk=IMMEDIATE_RISK_ANSWERS.get(values.get("immediate_risk", "").lower(), False),
        immediate_risk_details=values.get("immediate_risk_details", ""),
        source_system=first.system,
        source_reference=first.reference,
        officer_name=values.get("officer_name", ""),
        officer_email=values.get("officer_email", ""),
    )


def problem_errors(
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


def existing_references(
    groups: list[list[ParsedRow]], vocabulary: Vocabulary
) -> set[NotificationKey]:
    """The keys (agency, source system, reference) of the notifications in `groups` already
    recorded. Only the sending agency's own contacts count: another agency's contact with the
    same reference (a referrer's, sent through the API) does not make a notification imported."""
    keys = {g[0].key for g in groups if g[0].system and g[0].reference}
    found: set[NotificationKey] = set()
    for code, system in {(c, s) for c, s, _ in keys}:
        agency = vocabulary.agencies.get(code)
        if agency is None:
            continue  # not an agency: its rows are rejected, never recorded
        refs = [r for c, s, r in keys if (c, s) == (code, system)]
        # The unique index is partial (source_system <> ''); SQLite only uses it when the query
        # repeats its condition, else it scans every contact for each chunk.
        found |= {
            (code, system, reference)
            for reference in Contact.objects.exclude(source_system="")
            .filter(source_agency=agency, source_system=system, source_reference__in=refs)
            .order_by()
            .values_list("source_reference", flat=True)
        }
    return found
