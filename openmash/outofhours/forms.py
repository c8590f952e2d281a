"""Forms of out-of-hours work. Services check every rule again; forms catch what a person can
fix (GOV.UK wording)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms

from openmash.core.calendar import LONDON
from openmash.core.govuk_forms import GovukDateField, GovukRadioSelect
from openmash.outofhours.models import ActionKind

ACTION_HINTS = {
    "visit": "A visit to the child or the family",
    "police": "Asked the police to attend, or a police protection",
    "health": "A hospital, GP or ambulance",
    "placement": "The child was placed somewhere safe for the night",
    "advice": "Advice to the caller, the family or a professional",
}


def _time_field(label: str, *, hint: str, missing: str) -> forms.TimeField:
    """A time typed as 21:30 (GOV.UK has no time pattern: a short text input with a hint)."""
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text=hint,
        error_messages={"required": missing, "invalid": f"{missing}, like 21:30 or 08:05"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, LONDON)


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was done?",
        choices=ActionKind.choices,
        widget=GovukRadioSelect(hints=ACTION_HINTS),
        error_messages={"required": "Select the kind of action"},
    )
    taken_on = GovukDateField(
        label="Date of the action",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date of the action"},
    )
    taken_time = _time_field(
        "Time of the action", hint="For example, 21:30", missing="Enter the time of the action"
    )
    detail = forms.CharField(
        label="What was done and what was found",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was done and what was found"},
    )

    def taken_at(self) -> datetime:
        return at(self.cleaned_data["taken_on"], self.cleaned_data["taken_time"])


class SafetyPlanForm(forms.Form):
    """The interim safety plan; the hidden version is the plan the user saw (0 for none)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    who_does_what = forms.CharField(
        label="Who does what",
        help_text="Each person and what they will do to keep the child safe",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter who does what to keep the child safe"},
    )
    until_on = GovukDateField(
        label="Date the plan runs until",
        future_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the plan runs until"},
    )
    until_time = _time_field(
        "Time the plan runs until",
        hint="For example, 17:00",
        missing="Enter the time the plan runs until",
    )
    how_checked = forms.CharField(
        label="How the plan is checked",
        help_text="Who checks it is working, how and when",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how the plan is checked"},
    )
    change_reason = forms.CharField(
        label="Why the plan changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first:
            del self.fields["change_reason"]
        else:
            self.fields["change_reason"].required = True
            self.fields["change_reason"].error_messages["required"] = "Enter why the plan changes"

    def until(self) -> datetime:
        return at(self.cleaned_data["until_on"], self.cleaned_data["until_time"])


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Note for the day team",
        required=False,
        help_text="For example, who is picking up each record",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SettingForm(forms.Form):
    day_starts = _time_field(
        "The day team takes over at",
        hint="For example, 09:00",
        missing="Enter the time the day team takes over",
    )
    day_ends = _time_field(
        "The emergency duty team takes over at",
        hint="For example, 17:00",
        missing="Enter the time the emergency duty team takes over",
    )
    weekends = forms.BooleanField(label="Saturdays and Sundays are out of hours", required=False)
    bank_holidays = forms.BooleanField(label="Bank holidays are out of hours", required=False)
    acknowledge_by = _time_field(
        "The MASH manager acknowledges the hand-over by",
        hint="For example, 10:00",
        missing="Enter the time the hand-over must be acknowledged by",
    )
    reason = forms.CharField(
        label="Why does the period change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the out-of-hours period changes"},
    )
