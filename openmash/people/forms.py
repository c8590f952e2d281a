"""Forms of the person index pages: search, merge and undo."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.core.govuk_forms import GovukDateField
from openmash.core.identifiers import is_valid_nhs_number, is_valid_postcode


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name",
        help_text="Any names the person may be known by, or an NHS number",
        max_length=200,
        required=False,
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2015",
        past_only=True,
        required=False,
        bday=True,
    )
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="For example, 999 000 0018"
    )
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    identifier = forms.CharField(label="Police or council reference", max_length=64, required=False)

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].replace(" ", "")
        if value and not is_valid_nhs_number(value):
            raise forms.ValidationError("Enter a valid NHS number, like 999 000 0018")
        return value

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        if value and not is_valid_postcode(value):
            raise forms.ValidationError("Enter a full UK postcode, like SW1A 1AA")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(name) for name in self.fields):
            self.add_error("q", "Enter a name, a date of birth or an identifier")
        return data


class MergeReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are these the same person?",
        help_text="For example, the same NHS number and date of birth; the school confirmed it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why these are the same person"},
    )


class UndoMergeForm(forms.Form):
    reason = forms.CharField(
        label="Why was this merge wrong?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the merge was wrong"},
    )


class PairDecisionForm(forms.Form):
    """A possible duplicate: the same person (merge) or not (the pair leaves the pile)."""

    decision = forms.ChoiceField(
        choices=[("same", "Same person"), ("different", "Not the same person")],
        widget=forms.HiddenInput,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="For example, the same NHS number and the school confirmed it; or twins",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Enter why you decided this"},
    )
