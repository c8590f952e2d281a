"""The threshold form: indicators ticked, then the level chosen (with a reason when lower than
suggested). The rules themselves are in services/thresholds.py; this form only parses input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from openmash.core.forms import form_field
from openmash.core.govuk_forms import GovukRadioSelect, govuk_options
from openmash.frontdoor.models import ThresholdIndicator, ThresholdLevel

SUGGEST, SAVE = "suggest", "save"


class ThresholdForm(forms.Form):
    data: QueryDict  # bound to request.POST (the view's only use)

    indicators = forms.MultipleChoiceField(required=False)
    chosen_level = forms.TypedChoiceField(
        label="Which level have you chosen?",
        coerce=int,
        required=False,
        widget=GovukRadioSelect(),
    )
    reason = forms.CharField(
        label="Why did you choose a lower level than suggested?",
        help_text="Only needed when you choose a lower level than the one suggested.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    action = forms.ChoiceField(choices=[(SUGGEST, SUGGEST), (SAVE, SAVE)], required=False)

    def __init__(
        self,
        *args: Any,
        levels: list[ThresholdLevel],
        indicators: list[ThresholdIndicator],
        suggested: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "indicators", forms.ChoiceField).choices = [
            (i.code, i.code) for i in indicators
        ]
        level_field = form_field(self, "chosen_level", forms.ChoiceField)
        level_field.choices = [
            (
                level.number,
                f"Level {level.number}: {level.label}"
                + (" (suggested)" if level.number == suggested else ""),
            )
            for level in levels
        ]
        level_field.widget.choices = level_field.choices
        level_field.widget.hints = {str(level.number): level.typical_response for level in levels}
        govuk_options(level_field, label_class="govuk-fieldset__legend--m", optional_suffix=False)
        govuk_options(self.fields["reason"], optional_suffix=False)

    @property
    def wants_suggestion(self) -> bool:
        return self.data.get("action") == SUGGEST

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("action") != SUGGEST and data.get("chosen_level") in (None, ""):
            self.add_error("chosen_level", "Select the level you have chosen")
        return data

    def ticked(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("indicators"))
        return set(self.initial.get("indicators") or [])
