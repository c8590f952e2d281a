"""The performance lead's form: the inspection date to build Annex A for."""

from __future__ import annotations

from django import forms

from openmash.core.govuk_forms import GovukDateField


class AnnexAForm(forms.Form):
    inspection_date = GovukDateField(
        label="Inspection date",
        help_text="Annex A covers the six months before this date. For example, 18 11 2026",
        past_only=True,
        allow_today=True,
    )
