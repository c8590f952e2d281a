"""The performance lead's form: the inspection date to build Annex A for."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from openmash.core.govuk_forms import GovukDateField, GovukRadioSelect


class AnnexAForm(forms.Form):
    inspection_date = GovukDateField(
        label="Inspection date",
        help_text="Annex A covers the six months before this date. For example, 18 11 2026",
        past_only=True,
        allow_today=True,
    )


def sac_period_choices(today: date) -> list[tuple[str, str]]:
    """The collection years that have started, newest first (the last six)."""
    first = today.year if today.month >= 4 else today.year - 1
    return [
        (f"{y}-{(y + 1) % 100:02d}", f"1 April {y} to 31 March {y + 1}")
        for y in range(first, first - 6, -1)
    ]


class SacForm(forms.Form):
    period = forms.ChoiceField(
        label="Collection year",
        help_text="The SAC covers 1 April to 31 March",
        choices=[],
        widget=GovukRadioSelect,
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = sac_period_choices(today)  # type: ignore[attr-defined]


def cin_period_choices() -> list[tuple[str, str]]:
    """The census years that have started, newest first (the last six)."""
    from django.utils import timezone

    today = timezone.localdate()
    first = today.year if today.month >= 4 else today.year - 1
    years = []
    for year in range(first, first - 6, -1):
        label = f"{year}-{(year + 1) % 100:02d}"
        years.append((label, f"{label} (1 April {year} to 31 March {year + 1})"))
    return years


class CinCensusForm(forms.Form):
    period = forms.ChoiceField(
        label="Census year",
        help_text="The census covers 1 April to 31 March; its reference date is 31 March.",
        choices=cin_period_choices,
        widget=GovukRadioSelect(),
        error_messages={
            "required": "Select the census year",
            "invalid_choice": "Select a census year from the list",
        },
    )
