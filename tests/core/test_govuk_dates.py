"""GOV.UK style dates and times ("7 December 2026 at 2:05pm"), one filter for every page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from django.template import engines

from openmash.core.dates import govuk_date, govuk_datetime, govuk_time

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_a_date_and_time_read_as_govuk_style_writes_them() -> None:
    moment = datetime(2026, 12, 7, 14, 5, tzinfo=UTC)  # GMT in December
    assert govuk_datetime(moment) == "7 December 2026 at 2:05pm"
    assert govuk_datetime(moment, short=True) == "7 Dec 2026 at 2:05pm"
    assert govuk_date(moment, weekday=True) == "Monday 7 December 2026"
    assert govuk_date(moment, weekday=True, year=False) == "Monday 7 December"


@pytest.mark.parametrize(
    ("clock", "words"),
    [
        (time(0, 0), "midnight"),
        (time(12, 0), "midday"),
        (time(9, 0), "9am"),
        (time(9, 30), "9:30am"),
        (time(23, 59), "11:59pm"),
        (time(12, 1), "12:01pm"),
    ],
)
def test_times_use_am_and_pm_midday_and_midnight(clock: time, words: str) -> None:
    assert govuk_time(clock) == words


def test_summer_times_are_shown_in_london_time() -> None:
    # 13:05 UTC on 1 July is 2:05pm British Summer Time.
    assert govuk_datetime(datetime(2026, 7, 1, 13, 5, tzinfo=UTC)) == "1 July 2026 at 2:05pm"


def test_the_filters_are_built_in_to_every_template() -> None:
    moment = datetime(2026, 12, 7, 14, 5, tzinfo=UTC)
    page = _render(
        "{{ m|govuk_datetime }}|{{ m|govuk_datetime:'short' }}|{{ d|govuk_date }}"
        "|{{ m|govuk_time }}"
        "|{{ iso|govuk_date }}|{{ none|govuk_date|default:'Not given' }}",
        m=moment,
        d=date(2018, 11, 9),
        iso="2015-03-04",
        none=None,
    )
    assert page == (
        "7 December 2026 at 2:05pm|7 Dec 2026 at 2:05pm|9 November 2018"
        "|2:05pm|4 March 2015|Not given"
    )


def test_no_template_formats_a_date_its_own_way() -> None:
    """Every date a page shows goes through govuk_date, govuk_datetime or govuk_time. Allowed:
    machine-readable `date:'c'` in <time datetime>, and a comparison the chronology makes."""
    own_way = re.compile(r"\|(date|time):\s*['\"](?!c['\"])")
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in own_way.finditer(line):
                rest = line[match.end() :]
                if re.match(r"[^'\"]*['\"]\s*!=", rest):  # {% if x|date:"H:i" != "12:00" %}
                    continue
                if path.name == "audit_search.html":  # the audit log keeps seconds
                    continue
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert offenders == []
