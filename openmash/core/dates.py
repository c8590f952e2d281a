"""Dates and times as GOV.UK style writes them: "7 December 2026", "2:05pm",
"7 December 2026 at 2:05pm".

One place for every page (through the `govuk_date`, `govuk_time` and `govuk_datetime` template
filters, built in to every template) and every sentence a service writes, so a worker never reads
"2026-12-07 14:05" on one page and "7 Dec 2026 14:05" on the next. Aware datetimes are shown in
the site's time zone. `short=True` abbreviates the month ("7 Dec 2026"), for table cells only, as
the GOV.UK style guide allows where space is tight; `weekday=True` starts with the day's name.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def govuk_time(value: datetime | time | None) -> str:
    """'2:05pm', '9am', 'midday' or 'midnight' ('12pm' and '12am' are ambiguous, GOV.UK says)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


def govuk_date(
    value: date | datetime | None, *, short: bool = False, weekday: bool = False, year: bool = True
) -> str:
    """'7 December 2026'; short: '7 Dec 2026'; weekday: 'Monday 7 December 2026'."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    month = f"{value:%b}" if short else f"{value:%B}"
    text = f"{value.day} {month}"
    if year:
        text += f" {value.year}"
    if weekday:
        text = f"{value:%a}" + " " + text if short else f"{value:%A}" + " " + text
    return text


def govuk_datetime(
    value: datetime | None, *, short: bool = False, weekday: bool = False, year: bool = True
) -> str:
    """'7 December 2026 at 2:05pm' (the date as `govuk_date` writes it, then the time)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    day = govuk_date(value, short=short, weekday=weekday, year=year)
    return f"{day} at {govuk_time(value)}"


def style_flags(style: str) -> dict[str, bool]:
    """Template filter arguments: 'short', 'weekday', 'no_year', comma-separated."""
    words = {word.strip() for word in style.split(",") if word.strip()}
    unknown = words - {"short", "weekday", "no_year"}
    if unknown:
        raise ValueError(f"Unknown date style {', '.join(sorted(unknown))}")
    return {
        "short": "short" in words,
        "weekday": "weekday" in words,
        "year": "no_year" not in words,
    }
