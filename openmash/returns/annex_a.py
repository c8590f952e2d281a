"""Ofsted ILACS Annex A: the lists' headers, coded values and period rules
(../shared/reference/statutory-returns.md §1; docs/returns.md).

Pure data and arithmetic: no database. The selectors build the rows; the writer lays them out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABILITY = "Does the Child have a Disability"
TEAM_WORKER = ["Allocated Team", "Allocated Worker"]

LIST_TITLES = {
    1: "Contacts",
    2: "Early help",
    3: "Referrals",
    4: "Assessments",
    5: "Section 47 enquiries and ICPCs",
    6: "Children in need",
    7: "Child protection",
}

LIST_HEADERS: dict[int, list[str]] = {
    1: [*COMMON, "Date of Contact", "Contact Source"],
    2: [
        *COMMON,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    3: [
        *COMMON,
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *TEAM_WORKER,
    ],
    4: [
        *COMMON,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *TEAM_WORKER,
    ],
    5: [
        *COMMON,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *TEAM_WORKER,
    ],
    6: [
        *COMMON,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *TEAM_WORKER,
    ],
    7: [
        *COMMON,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *TEAM_WORKER,
    ],
}

# The lists OpenMASH builds today; the others are written as headers with this note.
BUILT_LISTS = (1, 2, 3, 4, 5, 6, 7)
NOT_YET_NOTE = (
    "Not yet: needs child protection records. OpenMASH does not hold assessments, section 47 "
    "enquiries, conferences or plans yet, so this list is not built. It is not empty."
)

GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
GENDER_NEITHER = "d) Neither"  # no record holds it: OpenMASH records sex as M, F or not known
GENDER_UNKNOWN = GENDER["U"]

ETHNICITY_CODES = [
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
]  # fmt: skip
ETHNICITY = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(ETHNICITY_CODES)}
# A missing or unrecognised code is sent as NOBT, "information not yet obtained" (the census
# code), and listed on the validation page to fix.
ETHNICITY_UNKNOWN = ETHNICITY["NOBT"]

_SOURCE_GROUPS = [
    (("1A", "1B", "1C", "1D"), "Individual"),
    (("2A",), "Schools"),
    (("2B",), "Education services"),
    (("3A", "3B", "3C", "3D", "3E", "3F"), "Health services"),
    (("4",), "Housing"),
    (("5A", "5B", "5C"), "LA services"),
    (("6",), "Police"),
    (("7",), "Other legal agency"),
    (("8",), "Other"),
    (("9",), "Anonymous"),
    (("10",), "Unknown"),
]
SOURCE: dict[str, str] = {}
for _codes, _label in _SOURCE_GROUPS:
    for _code in _codes:
        SOURCE[_code] = f"{chr(ord('a') + len(SOURCE))}) {_code}: {_label}"
# Early help (5D) came after the lettering was set: D2I writes it as p1) (reference ⚠️).
SOURCE["5D"] = "p1) 5D: LA services"
SOURCE_UNKNOWN = SOURCE["10"]

YES, NO = "a) Yes", "b) No"


def gender_code(sex: str) -> str:
    return GENDER.get(sex or "U", GENDER_UNKNOWN)


def ethnicity_code(code: str) -> str:
    return ETHNICITY.get((code or "").strip().upper(), ETHNICITY_UNKNOWN)


def source_code(code: str) -> str:
    return SOURCE.get(code or "10", SOURCE_UNKNOWN)


def yes_no(value: bool) -> str:
    return YES if value else NO


def annex_date(day: date | None) -> str:
    """Annex A dates are dd/mm/yyyy; an unknown date is an empty cell."""
    return day.strftime("%d/%m/%Y") if day else ""


def age_in_years(born: date | None, on: date) -> int | None:
    """Whole years at `on` (a birthday on 29 February counts from 1 March in other years)."""
    if born is None or born > on:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or that month's last day when it is
    shorter (31 August less 6 months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    """The six months before the inspection date: from the same day six months earlier up to
    and including the day before the inspection date."""

    inspection_date: date
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def annex_a_period(inspection_date: date) -> Period:
    return Period(
        inspection_date=inspection_date,
        start=months_before(inspection_date, 6),
        end=inspection_date - timedelta(days=1),
    )
