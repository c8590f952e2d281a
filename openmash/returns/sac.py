"""The Safeguarding Adults Collection (SAC): the annual aggregate return for 1 April to 31 March
(../shared/reference/statutory-returns.md §4.3; mapping choices in docs/returns.md).

Every figure is counted from the adults' records: concerns are the front door's contacts about
an adult (the adult subjects of a contact received in the year); enquiries are the adults' app's
safeguarding enquiries (`openmash/adults`), section 42 or other, that started in the year (SG1),
or concluded in it (SG2 to SG4). Each count keeps the records behind it, so the reconciliation
can list them.

The reference marks the SAC's table labels ⚠️ (take them from the year's template): the table
IDs and row labels below follow its wording and are kept in one place to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from openmash.adults.models import (
    Achieved,
    Capacity,
    EnquiryStatus,
    EnquiryType,
    MspAsked,
    RiskLocation,
    RiskOutcome,
    RiskResult,
    RiskSource,
    RiskType,
    SafeguardingEnquiry,
    SupportKind,
)
from openmash.contacts.models import ContactSubject, SubjectRole
from openmash.returns.annex_a import age_in_years
from openmash.returns.xlsx import Cell

NOT_RECORDED = "Not recorded"

AGE_BANDS = ["18-64", "65-74", "75-84", "85-94", "95+", "Age unknown"]
SEXES = [("M", "Male"), ("F", "Female"), ("U", "Sex unknown")]
ETHNIC_GROUPS = [
    "White",
    "Mixed / Multiple",
    "Asian / Asian British",
    "Black / African / Caribbean / Black British",
    "Other ethnic group",
    "Refused",
    "Undeclared / Not known",
]
KINDS: list[tuple[str, str]] = [
    (EnquiryType.S42.value, "Section 42 enquiries"),
    (EnquiryType.OTHER.value, "Other enquiries"),
]


@dataclass(frozen=True)
class SacPeriod:
    label: str  # "2025-26"
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def sac_period(label: str) -> SacPeriod:
    """`2025-26` is 1 April 2025 to 31 March 2026. Anything else is refused (ValueError)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", label.strip())
    if not match:
        raise ValueError("The period must look like 2025-26")
    first = int(match.group(1))
    if (first + 1) % 100 != int(match.group(2)) or not 2000 <= first <= 2100:
        raise ValueError("The period must be two consecutive years, like 2025-26")
    return SacPeriod(label=f"{first}-{match.group(2)}", start=date(first, 4, 1),
                     end=date(first + 1, 3, 31))  # fmt: skip


def age_band(age: int | None) -> str:
    if age is None or age < 18:
        return "Age unknown"  # an adult's record without a date of birth (or a wrong one)
    for upper, band in ((64, "18-64"), (74, "65-74"), (84, "75-84"), (94, "85-94")):
        if age <= upper:
            return band
    return "95+"


def ethnic_group(code: str) -> str:
    """The census code (WBRI ... NOBT) in the SAC's broad groups (Chinese with Asian, as the
    2021 census groups it)."""
    code = (code or "").strip().upper()
    if code == "REFU":
        return "Refused"
    if code in ("", "NOBT") or len(code) != 4:
        return "Undeclared / Not known"
    if code == "CHNE":
        return "Asian / Asian British"
    if code == "OOTH":
        return "Other ethnic group"
    return {
        "W": "White",
        "M": "Mixed / Multiple",
        "A": "Asian / Asian British",
        "B": "Black / African / Caribbean / Black British",
    }.get(code[0], "Undeclared / Not known")


@dataclass(frozen=True)
class Individual:
    key: str  # "P<person pk>" or "S<contact subject pk>" when not linked to the person index
    sex: str
    ethnicity: str
    born: date | None


@dataclass
class Table:
    """One SAC table: its ID and title, its column headers, its rows (a label, then counts),
    and the records behind each count, as {(row label, column header): [record refs]}."""

    table_id: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    records: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, label: str, counts: dict[str, list[str]]) -> None:
        self.rows.append([label, *(len(counts.get(h, [])) for h in self.headers[1:])])
        for header, refs in counts.items():
            self.records[(label, header)] = refs

    def total(self, column: str) -> int:
        index = self.headers.index(column)
        return sum(row[index] for row in self.rows if isinstance(row[index], int))  # type: ignore[misc]


@dataclass
class Sac:
    period: SacPeriod
    tables: list[Table]
    # The records each count is made of: references of the enquiries started and concluded in
    # the year, by kind, and the concerns' subjects (the reconciliation's side of the SAC).
    started: dict[str, list[SafeguardingEnquiry]]
    concluded: dict[str, list[SafeguardingEnquiry]]
    concerns: list[ContactSubject]

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.table_id == table_id)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _demographics(
    table_id: str, title: str, people: Iterable[tuple[Individual, date, str]]
) -> Table:
    """Individuals counted once each (their first record in the year gives their age): age
    bands by sex, then ethnic groups by sex."""
    headers = ["", *(label for _, label in SEXES), "Total"]
    table = Table(table_id, title, headers)
    first: dict[str, tuple[Individual, date, str]] = {}
    for individual, day, ref in sorted(people, key=lambda p: (p[1], p[2])):
        first.setdefault(individual.key, (individual, day, ref))
    sex_label = dict(SEXES)

    def counts(by: str, current: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for individual, day, ref in first.values():
            group = (
                age_band(age_in_years(individual.born, day))
                if by == "age"
                else ethnic_group(individual.ethnicity)
            )
            if group != current:
                continue
            sex = sex_label.get(individual.sex, "Sex unknown")
            found.setdefault(sex, []).append(ref)
            found.setdefault("Total", []).append(ref)
        return found

    for band in AGE_BANDS:
        table.add(band, counts("age", band))
    table.rows.append(["By ethnicity", *("" for _ in headers[1:])])
    for group in ETHNIC_GROUPS:
        table.add(group, counts("ethnicity", group))
    return table


def _person_individual(enquiry: SafeguardingEnquiry) -> Individual:
    person = enquiry.person
    return Individual(f"P{person.pk}", person.sex, person.ethnicity, person.date_of_birth)


def _subject_individual(subject: ContactSubject) -> Individual:
    person = subject.person
    if person is not None:
        return Individual(f"P{person.pk}", person.sex, person.ethnicity, person.date_of_birth)
    return Individual(f"S{subject.pk}", subject.sex or "U", "", subject.date_of_birth)


def _by_kind(
    table: Table, enquiries: dict[str, list[SafeguardingEnquiry]], labels: list[tuple[Any, str]],
    values: Callable[[SafeguardingEnquiry], set[Any]],
) -> None:  # fmt: skip
    """One row per (value, label); an enquiry counts in every row whose value it holds."""
    for value, label in labels:
        table.add(
            label,
            {
                kind_label: [e.reference for e in enquiries[kind] if value in values(e)]
                for kind, kind_label in KINDS
            },
        )


def _msp_achieved(enquiry: SafeguardingEnquiry) -> str:
    """The enquiry's outcomes together: all fully achieved is fully; none achieved at all is
    not achieved; anything between is partly; an outcome not marked is not recorded."""
    marks = [o.achieved for o in enquiry.outcomes.all()]
    if not marks or any(not m for m in marks):
        return NOT_RECORDED
    if all(m == Achieved.FULLY for m in marks):
        return Achieved.FULLY.label
    if all(m == Achieved.NOT for m in marks):
        return Achieved.NOT.label
    return Achieved.PARTLY.label


def sac_build(period: SacPeriod) -> Sac:
    start, after = _midnight(period.start), _midnight(period.end + timedelta(days=1))
    concerns = list(
        ContactSubject.objects.filter(
            is_child=False,
            role=SubjectRole.SUBJECT,
            contact__is_consultation=False,
            contact__received_at__gte=start,
            contact__received_at__lt=after,
        )
        .select_related("person", "contact")
        .order_by("contact__received_at", "pk")
    )
    started_qs = (
        SafeguardingEnquiry.objects.filter(started_on__gte=period.start, started_on__lte=period.end)
        .select_related("person")
        .order_by("started_on", "pk")
    )
    started: dict[str, list[SafeguardingEnquiry]] = {k: [] for k, _ in KINDS}
    for enquiry in started_qs:
        started.setdefault(enquiry.enquiry_type, []).append(enquiry)
    concluded_qs = (
        SafeguardingEnquiry.objects.filter(
            status=EnquiryStatus.CONCLUDED, concluded_at__gte=start, concluded_at__lt=after
        )
        .select_related("person")
        .prefetch_related("outcomes")
        .order_by("concluded_at", "pk")
    )
    concluded: dict[str, list[SafeguardingEnquiry]] = {k: [] for k, _ in KINDS}
    for enquiry in concluded_qs:
        concluded.setdefault(enquiry.enquiry_type, []).append(enquiry)

    def received(subject: ContactSubject) -> date:
        return timezone.localtime(subject.contact.received_at).date()

    tables = [
        _demographics(
            "SG1a",
            "Individuals involved in safeguarding concerns (voluntary)",
            ((_subject_individual(s), received(s), s.contact.reference) for s in concerns),
        ),
        _demographics(
            "SG1b",
            "Individuals involved in section 42 enquiries that started in the year",
            ((_person_individual(e), e.started_on, e.reference) for e in started["s42"]),
        ),
        _demographics(
            "SG1c",
            "Individuals involved in other safeguarding enquiries that started in the year "
            "(voluntary)",
            ((_person_individual(e), e.started_on, e.reference) for e in started["other"]),
        ),
    ]
    cases = Table("SG1d", "Safeguarding concerns raised and enquiries started (cases)",
                  ["", "Cases"])  # fmt: skip
    cases.add("Safeguarding concerns raised", {"Cases": [s.contact.reference for s in concerns]})
    cases.add("Section 42 enquiries started", {"Cases": [e.reference for e in started["s42"]]})
    cases.add("Other enquiries started", {"Cases": [e.reference for e in started["other"]]})
    tables.append(cases)
    by_band = Table(
        "SG1e", "Enquiries started (cases), by age band", ["", *(label for _, label in KINDS)]
    )
    for band in AGE_BANDS:
        by_band.add(
            band,
            {
                label: [
                    e.reference
                    for e in started[kind]
                    if age_band(age_in_years(e.person.date_of_birth, e.started_on)) == band
                ]
                for kind, label in KINDS
            },
        )
    tables.append(by_band)

    columns = ["", *(label for _, label in KINDS)]
    risk_type = Table("SG2a", "Concluded enquiries by type of risk", columns)
    _by_kind(risk_type, concluded, list(RiskType.choices), lambda e: set(e.risk_types))
    source = Table("SG2b", "Concluded enquiries by source of risk", columns)
    _by_kind(source, concluded, list(RiskSource.choices), lambda e: set(e.risk_sources))
    location = Table("SG2c", "Concluded enquiries by location of risk", columns)
    _by_kind(
        location,
        concluded,
        [*RiskLocation.choices, ("", NOT_RECORDED)],
        lambda e: {e.risk_location},
    )
    outcome = Table("SG2d", "Concluded enquiries: risk assessment outcome and action", columns)
    outcome_rows = [
        ((value, action), f"{label}: {'action taken' if action else 'no action taken'}")
        for value, label in RiskOutcome.choices
        for action in (True, False)
    ]
    _by_kind(
        outcome,
        concluded,
        [*outcome_rows, (("", None), NOT_RECORDED)],
        lambda e: (
            {(e.risk_outcome, e.action_taken)}
            if e.risk_outcome and e.action_taken is not None
            else {("", None)}
        ),
    )
    result = Table(
        "SG2e",
        "Concluded enquiries where a risk was identified or inconclusive and action was taken: "
        "the result",
        columns,
    )
    acted = {
        kind: [
            e
            for e in concluded[kind]
            if e.risk_outcome in (RiskOutcome.IDENTIFIED, RiskOutcome.INCONCLUSIVE)
            and e.action_taken
        ]
        for kind, _ in KINDS
    }
    _by_kind(result, acted, [*RiskResult.choices, ("", NOT_RECORDED)], lambda e: {e.risk_result})
    asked = Table("SG3a", "Making Safeguarding Personal: asked about desired outcomes", columns)
    _by_kind(asked, concluded, [*MspAsked.choices, ("", NOT_RECORDED)], lambda e: {e.msp_asked})
    achieved = Table(
        "SG3b",
        "Making Safeguarding Personal: outcomes expressed, and how far they were achieved",
        columns,
    )
    expressed = {
        kind: [e for e in concluded[kind] if e.msp_asked == MspAsked.EXPRESSED] for kind, _ in KINDS
    }
    _by_kind(
        achieved,
        expressed,
        [(label, label) for label in [*(a.label for a in Achieved), NOT_RECORDED]],
        lambda e: {_msp_achieved(e)},
    )
    capacity = Table("SG4a", "Did the individual lack capacity?", columns)
    _by_kind(
        capacity,
        concluded,
        [
            (Capacity.LACKS, "Yes, they lacked capacity"),
            (Capacity.HAS, "No, they did not lack capacity"),
            (Capacity.NOT_KNOWN, "Don't know"),
            ("", NOT_RECORDED),
        ],
        lambda e: {e.capacity},
    )
    support = Table(
        "SG4b",
        "Those who lacked capacity: supported by an advocate, family member or friend?",
        columns,
    )
    lacked = {
        kind: [e for e in concluded[kind] if e.capacity == Capacity.LACKS] for kind, _ in KINDS
    }

    def supported(e: SafeguardingEnquiry) -> set[str]:
        if not e.support_kind or e.support_involved is None:
            return {NOT_RECORDED}
        if e.support_kind != SupportKind.NONE and e.support_involved:
            return {"yes"}
        return {"no"}

    _by_kind(
        support,
        lacked,
        [
            ("yes", "Yes, they were supported"),
            ("no", "No, they were not supported"),
            (NOT_RECORDED, NOT_RECORDED),
        ],
        supported,
    )
    tables += [risk_type, source, location, outcome, result, asked, achieved, capacity, support]
    return Sac(period=period, tables=tables, started=started, concluded=concluded,
               concerns=concerns)  # fmt: skip


def sac_sheets(sac: Sac) -> list[tuple[str, list[list[Cell]]]]:
    """One sheet per table (its ID as the sheet's name), then an About sheet."""
    sheets: list[tuple[str, list[list[Cell]]]] = []
    for table in sac.tables:
        sheets.append((table.table_id, [[f"{table.table_id}: {table.title}"], [],
                                        list(table.headers), *table.rows]))  # fmt: skip
    sheets.append(
        (
            "About",
            [
                ["Safeguarding Adults Collection", "OpenMASH"],
                ["Period", sac.period.label],
                ["From", sac.period.start.strftime("%d/%m/%Y")],
                ["To", sac.period.end.strftime("%d/%m/%Y")],
                [],
                ["Concerns raised", len(sac.concerns)],
                *_about_counts(sac),
            ],
        )
    )
    return sheets


def _about_counts(sac: Sac) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for kind, label in KINDS:
        rows.append([f"{label} started", len(sac.started[kind])])
    for kind, label in KINDS:
        rows.append([f"{label} concluded", len(sac.concluded[kind])])
    return rows


def sac_counts(sac: Sac) -> dict[str, int]:
    return {
        "concerns": len(sac.concerns),
        "s42_started": len(sac.started["s42"]),
        "other_started": len(sac.started["other"]),
        "s42_concluded": len(sac.concluded["s42"]),
        "other_concluded": len(sac.concluded["other"]),
    }
