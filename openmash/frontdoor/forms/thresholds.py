"""The threshold form: indicators ticked, then the level chosen (with a reason when lower than
suggested); on the adults' scale, first the three s42(1) tests, each with a note. The rules
themselves are in services/thresholds.py and services/s42.py; this form only parses input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from openmash.core.forms import form_field
from openmash.core.govuk_forms import GovukRadioSelect, govuk_options
from openmash.frontdoor.models import S42Answer, ThresholdIndicator, ThresholdLevel
from openmash.frontdoor.scales import Scale
from openmash.frontdoor.services.s42 import S42_NOTE_LABELS, S42_TESTS, S42Test, S42Tests

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
        scale: Scale | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.s42_names: list[tuple[str, str]] = []
        if scale is not None and scale.code == "adults":
            self._add_s42_fields()
        form_field(self, "indicators", forms.ChoiceField).choices = [
            (i.code, i.code) for i in indicators
        ]
        self.levels, self.adults = levels, scale is not None and scale.code == "adults"
        level_field = form_field(self, "chosen_level", forms.ChoiceField)
        if self.adults:
            level_field.label = "Which risk level have you chosen?"
        self.mark_suggested(suggested)
        level_field.widget.hints = {str(level.number): level.typical_response for level in levels}
        govuk_options(level_field, label_class="govuk-fieldset__legend--m", optional_suffix=False)
        govuk_options(self.fields["reason"], optional_suffix=False)

    def mark_suggested(self, suggested: int | None) -> None:
        """Name the levels, saying which one the suggestion is."""
        level_field = form_field(self, "chosen_level", forms.ChoiceField)
        level_field.choices = [
            (
                level.number,
                (level.label if self.adults else f"Level {level.number}: {level.label}")
                + (" (suggested)" if level.number == suggested else ""),
            )
            for level in self.levels
        ]
        level_field.widget.choices = level_field.choices

    def _add_s42_fields(self) -> None:
        for name, question, _ in S42_TESTS:
            answer = forms.ChoiceField(
                label=question,
                choices=S42Answer.choices,
                initial=S42Answer.NOT_KNOWN,
                required=False,
                widget=GovukRadioSelect(inline=True, small=True),
            )
            govuk_options(answer, label_class="govuk-fieldset__legend--s", optional_suffix=False)
            note = forms.CharField(
                label=S42_NOTE_LABELS[name],
                help_text="What you know, and from whom. Needed when the answer is no.",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            govuk_options(note, optional_suffix=False)
            self.fields[name], self.fields[f"{name}_note"] = answer, note
            self.s42_names.append((name, f"{name}_note"))

    def s42_tests(self) -> S42Tests:
        data = self.cleaned_data
        return S42Tests(
            {
                name: S42Test(
                    answer=data.get(name) or S42Answer.NOT_KNOWN, note=data.get(note) or ""
                )
                for name, note in self.s42_names
            }
        )

    def s42_fields(self) -> list[tuple[Any, Any]]:
        """(answer, note) bound fields, in the order of the Act, for the template."""
        return [(self[name], self[note]) for name, note in self.s42_names]

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
