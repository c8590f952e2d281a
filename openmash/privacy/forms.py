"""Forms of the privacy pages. They parse input only: the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.core.govuk_forms import GovukCheckboxSelectMultiple, GovukDateField, GovukRadioSelect
from openmash.privacy.models import RedactionReason
from openmash.privacy.record_types import RECORD_TYPES


def _text(label: str, required_message: str, *, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
        **kwargs,
    )


class RequestForm(forms.Form):
    person = forms.IntegerField(
        label="Person index number",
        help_text="The number of the person the request is about, shown on their person page",
        min_value=1,
        max_value=2**62,
        error_messages={"required": "Enter the person index number"},
    )
    requester_name = forms.CharField(
        label="Requester's name",
        max_length=200,
        error_messages={"required": "Enter the requester's name"},
    )
    requester_relationship = forms.CharField(
        label="Who the requester is to the person",
        help_text="For example, the person themselves, their parent, a solicitor acting for them",
        max_length=200,
        error_messages={"required": "Enter who the requester is to the person"},
    )
    received_on = GovukDateField(
        label="Date the request was received",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the request was received"},
    )
    identity_verified_on = GovukDateField(
        label="Date the requester's identity was verified",
        past_only=True,
        allow_today=True,
        required=False,
    )
    identity_evidence = forms.CharField(
        label="How their identity was verified",
        max_length=300,
        required=False,
    )


class IdentityForm(forms.Form):
    verified_on = GovukDateField(
        label="Date the requester's identity was verified",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the identity was verified"},
    )
    evidence = forms.CharField(
        label="How their identity was verified",
        max_length=300,
        error_messages={"required": "Enter how their identity was verified"},
    )


class ExtendForm(forms.Form):
    reason = _text(
        "Why is the request complex?",
        "Enter why the request is complex",
        help_text="The requester must be told of the extension, and why, within the first month",
    )


class CloseForm(forms.Form):
    disclosed_on = GovukDateField(
        label="Date the disclosure was sent",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the disclosure was sent"},
    )


class RedactionForm(forms.Form):
    item_key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    scope = forms.ChoiceField(
        label="What do you want to redact?",
        choices=[("item", "The whole item"), ("span", "Some of its text")],
        widget=GovukRadioSelect,
        error_messages={"required": "Select what you want to redact"},
    )
    span = forms.CharField(
        label="Text to redact",
        help_text="If redacting some of its text: copy it exactly. It is redacted wherever it "
        "appears in the disclosure",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=RedactionReason.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select a reason for the redaction"},
    )
    reason_other = forms.CharField(
        label="Other reason", help_text="If the reason is other", required=False, max_length=300
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "span" and not (data.get("span") or "").strip():
            self.add_error("span", "Enter the text to redact")
        return data


class RuleForm(forms.Form):
    years_after_closure = forms.IntegerField(
        label="Years to keep after closure",
        min_value=1,
        max_value=150,
        error_messages={"required": "Enter the years to keep after closure"},
    )
    until_age = forms.IntegerField(
        label="Keep at least until the youngest child named reaches this age (optional)",
        min_value=1,
        max_value=150,
        required=False,
    )
    source = _text("Where the period comes from", "Enter where the period comes from")


class HoldForm(forms.Form):
    person = forms.IntegerField(
        label="Person index number",
        help_text="To hold every record naming this person",
        min_value=1,
        max_value=2**62,
        required=False,
    )
    record_type = forms.ChoiceField(
        label="Record type",
        help_text="Or hold one record: its type and number",
        choices=[("", "None"), *((code, t.label) for code, t in RECORD_TYPES.items())],
        required=False,
    )
    record_id = forms.IntegerField(
        label="Record number", min_value=1, max_value=2**62, required=False
    )
    reason = _text("Reason for the hold", "Enter the reason for the hold")


class DisposeForm(forms.Form):
    records = forms.MultipleChoiceField(
        label="Records to dispose of",
        widget=GovukCheckboxSelectMultiple,
        error_messages={"required": "Select at least one record"},
    )
    reason = _text(
        "Reason for disposal",
        "Enter the reason for disposal",
        help_text="Do not name anyone: the reason is kept after the record has gone",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = choices  # type: ignore[attr-defined]
