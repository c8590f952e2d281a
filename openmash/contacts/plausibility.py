"""What a contact's input may hold, checked alike by `contact_validate` and the import parser.

Each check returns the message a person can act on, or None. Dates must be plausible, not only
in the past: a date of birth in 1800 or a contact "received" in 1990 (whose clocks would be
breached the moment it was recorded) is a typing slip to correct, not a record to keep.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

# The oldest person a MASH might record.
OLDEST_AGE_YEARS = 120
# A contact received longer ago than this is history to record on the person's chronology, not a
# new contact whose clocks start now (and are breached at once).
RECEIVED_WITHIN_DAYS = 365

# How much one contact may hold (docs/api.md "Limits"). Free text is bounded generously: 50,000
# characters is about 8,000 words, longer than any referral form's narrative. Single-line fields are
# bounded by their columns (contact_validate reads them off the models), so a long value is a clear
# message on every channel, never a database error on PostgreSQL.
TEXT_LIMITS = {
    "concern": 50_000,
    "immediate_risk_details": 10_000,
    "consent_reason": 5_000,
    "anonymous_reason": 5_000,
}
# People named in one contact: a large sibling group and its adults. More is a second contact.
MAX_SUBJECTS = 20
# More kinds of concern than the vocabulary holds is not a choice but a mistake.
MAX_CATEGORIES = 40

# Control characters: C0 and C1, DEL. Free text may keep tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters that change how text is shown without showing themselves: bidirectional overrides
# and isolates, zero-width spaces and joiners, the byte-order mark. In a name they can make two
# different records look the same, or one record look like another.
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def text_problem(value: str, *, one_line: bool = False) -> str | None:
    """Free text may hold tabs and line breaks; no other control character is ever stored."""
    pattern = _CONTROL_IN_LINE if one_line else _CONTROL
    if pattern.search(value):
        return "Remove the control characters (such as a null byte) from this text"
    return None


def length_problem(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"Shorten this to {limit:,} characters or fewer (it has {len(value):,})"
    return None


def subjects_problem(count: int) -> str | None:
    if count > MAX_SUBJECTS:
        return (
            f"A contact can name up to {MAX_SUBJECTS} people (this one names {count}): send the "
            "others in a second contact"
        )
    return None


def categories_problem(count: int) -> str | None:
    if count > MAX_CATEGORIES:
        return f"Choose up to {MAX_CATEGORIES} kinds of concern (got {count:,})"
    return None


def name_problem(value: str) -> str | None:
    """A name is one line with no hidden formatting characters."""
    if _CONTROL_IN_LINE.search(value):
        return "Remove the control characters (such as a null byte) from this name"
    if _HIDDEN.search(value):
        hidden = sorted(
            {f"U+{ord(c):04X} {unicodedata.name(c, '')}" for c in _HIDDEN.findall(value)}
        )
        return "Remove the hidden formatting characters from this name: " + ", ".join(hidden)
    return None


def date_of_birth_problem(value: date, *, today: date) -> str | None:
    if value > today:
        return "Date of birth must be in the past"
    if value < _years_before(today, OLDEST_AGE_YEARS):
        return f"Date of birth must be within the last {OLDEST_AGE_YEARS} years"
    return None


# An unborn child's expected date of delivery: up to a month past (the baby may be a few days
# late, or the contact written just before the birth), and no more than ten months ahead.
EDD_PAST_DAYS = 31
EDD_AHEAD_DAYS = 305


def expected_delivery_date_problem(value: date, *, today: date) -> str | None:
    earliest = today - timedelta(days=EDD_PAST_DAYS)
    latest = today + timedelta(days=EDD_AHEAD_DAYS)
    if value < earliest:
        return (
            f"The expected date of delivery must be on or after {_long(earliest)} (a month ago). "
            "If the baby has been born, enter their date of birth instead"
        )
    if value > latest:
        return (
            f"The expected date of delivery must be on or before {_long(latest)} "
            "(10 months from today)"
        )
    return None


def _long(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def incident_date_problem(value: date, *, today: date) -> str | None:
    if value > today:
        return "The date of the incident must be today or in the past"
    if value < _years_before(today, OLDEST_AGE_YEARS):
        return f"The date of the incident must be within the last {OLDEST_AGE_YEARS} years"
    return None


def received_at_problem(value: datetime, *, now: datetime) -> str | None:
    if value > now:
        return "The date and time received must be in the past"
    if value < now - timedelta(days=RECEIVED_WITHIN_DAYS):
        return (
            f"The date received must be within the last {RECEIVED_WITHIN_DAYS} days: record "
            "older events on the person's history instead"
        )
    return None


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
