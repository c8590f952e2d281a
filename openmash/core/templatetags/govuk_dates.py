"""GOV.UK style dates for templates (built in to every template: see TEMPLATES in settings).

{{ contact.received_at|govuk_datetime }}          7 December 2026 at 2:05pm
{{ contact.received_at|govuk_datetime:"short" }}  7 Dec 2026 at 2:05pm (table cells)
{{ person.date_of_birth|govuk_date }}             7 December 2026
{{ due_at|govuk_date:"weekday,no_year" }}         Monday 7 December
{{ due_at|govuk_time }}                           2:05pm
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import template

from openmash.core import dates

register = template.Library()


def _parsed(value: object) -> object:
    """Answers kept in a draft are ISO strings ("2015-03-04"): show them like any other date."""
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter(name="govuk_date", expects_localtime=True)
def govuk_date(value: date | datetime | str | None, style: str = "") -> str:
    value = _parsed(value)  # type: ignore[assignment]
    if not isinstance(value, date):
        return ""
    return dates.govuk_date(value, **dates.style_flags(style))


@register.filter(name="govuk_datetime", expects_localtime=True)
def govuk_datetime(value: date | datetime | str | None, style: str = "") -> str:
    if not isinstance(value, datetime):
        return govuk_date(value, style) if isinstance(value, date) else ""
    return dates.govuk_datetime(value, **dates.style_flags(style))


@register.filter(name="govuk_time", expects_localtime=True)
def govuk_time(value: datetime | time | str | None) -> str:
    if not isinstance(value, (datetime, time)):
        return ""
    return dates.govuk_time(value)


@register.filter(name="govuk_month", expects_localtime=True)
def govuk_month(value: date | datetime | str | None) -> str:
    """'December 2026': a month, as reports by month head their rows."""
    value = _parsed(value)  # type: ignore[assignment]
    if not isinstance(value, date):
        return ""
    return f"{value:%B %Y}"
