"""Forms of calibration exercises. Services check every rule again; forms catch what a person
can fix (GOV.UK wording)."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import User
from openmash.core.govuk_forms import GovukRadioSelect
from openmash.frontdoor.models import ChildOutcome
from openmash.quality.models import THRESHOLD_LEVELS
from openmash.quality.selectors import participants_eligible

LEVEL_HINTS = {
    "1": "Universal services meet the child's needs",
    "2": "Additional needs: targeted or early help",
    "3": "Complex needs: statutory assessment (section 17)",
    "4": "Acute needs or significant harm: protection (section 47)",
}


class ExerciseForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Neglect thresholds, December 2026",
        error_messages={"required": "Enter a title"},
    )
    description = forms.CharField(
        label="What participants should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VignetteAddForm(forms.Form):
    contact_reference = forms.CharField(
        label="Contact reference",
        max_length=20,
        help_text="The contact to make a vignette from. Its names and identifiers are replaced.",
        error_messages={"required": "Enter the contact's reference"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )


class VignetteReviewForm(forms.Form):
    text = forms.CharField(
        label="Vignette text",
        help_text="Check that nobody can be identified. Remove anything that could identify the "
        "child, the family or the referrer.",
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "Enter the vignette's text"},
    )


def _participant_label(user: User) -> str:
    return f"{user.full_name}, {user.agency.name}"


class ParticipantInviteForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Invite a participant",
        queryset=User.objects.none(),
        help_text="MASH staff and agency representatives",
        error_messages={"required": "Select a participant to invite"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = participants_eligible()
        field.label_from_instance = _participant_label  # type: ignore[method-assign,assignment]


class AnswerForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Threshold level",
        coerce=int,
        choices=[(str(value), label) for value, label in THRESHOLD_LEVELS],
        widget=GovukRadioSelect(hints=LEVEL_HINTS),
        error_messages={"required": "Select a threshold level"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ChildOutcome.choices,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select an outcome"},
    )
    rationale = forms.CharField(
        label="Why (optional)",
        required=False,
        help_text="Your reasons, for the discussion after the exercise closes",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Discussion notes",
        help_text="What the group found when it discussed the results",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the discussion notes"},
    )
