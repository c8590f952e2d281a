"""Chronology forms (the services check every rule again)."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import Agency
from openmash.chronology.models import EntryKind
from openmash.contacts.forms import within_limit
from openmash.core.forms import form_field
from openmash.core.govuk_forms import GovukDateField, GovukRadioSelect

ANY = [("", "Any")]


class ChronologyFilterForm(forms.Form):
    agency = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Agency")
    kind = forms.ChoiceField(required=False, label="Kind of event")
    since = GovukDateField(label="From", required=False, past_only=False, allow_today=True)
    until = GovukDateField(label="To", required=False, past_only=False, allow_today=True)
    significant = forms.BooleanField(required=False, label="Significant events only")
    order = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("", "Most recent first"), ("oldest", "Oldest first")],
    )

    def __init__(
        self, data: Any, *, agencies: list[tuple[int, str]], kinds: list[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        form_field(self, "agency", forms.ChoiceField).choices = [*ANY, *agencies]
        form_field(self, "kind", forms.ChoiceField).choices = [*ANY, *kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The 'to' date must be the same as or after the 'from' date")
        return data


class EntryForm(forms.Form):
    happened_on = GovukDateField(
        label="When did it happen?",
        past_only=True,
        allow_today=True,
        error_label="The date it happened",
        help_text="It may be long before today, for example 27 3 2019",
    )
    kind = forms.ChoiceField(
        label="What kind of event was it?",
        choices=EntryKind.choices,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select what kind of event it was"},
    )
    summary = forms.CharField(
        label="What happened, in a line",
        max_length=300,
        error_messages={"required": "Enter what happened, in a line"},
    )
    detail = forms.CharField(
        label="More detail",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=within_limit("concern"),
    )
    agency = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Which agency recorded it?",
        help_text="Leave empty if no agency did (a family event the family told us of)",
    )
    source = forms.CharField(
        label="Where it is recorded",
        required=False,
        max_length=300,
        help_text="A system, a report or a person, so a reader can check it",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        form_field(self, "agency", forms.ChoiceField).choices = [
            ("", "No agency"),
            *agencies.values_list("pk", "name"),
        ]


class SignificanceForm(forms.Form):
    event_key = forms.CharField(max_length=200)
    significant = forms.BooleanField(required=False)


class CaseSummaryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    family = forms.CharField(
        label="Who is in the family",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who lives with the child, and who matters to them",
        validators=within_limit("concern"),
        error_messages={"required": "Enter who is in the family"},
    )
    history = forms.CharField(
        label="The history in brief",
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=within_limit("concern"),
        error_messages={"required": "Enter the history in brief"},
    )
    risks = forms.CharField(
        label="Current risks",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=within_limit("concern"),
        error_messages={"required": "Enter the current risks"},
    )
    strengths = forms.CharField(
        label="Strengths and protective factors",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=within_limit("concern"),
        error_messages={"required": "Enter the strengths and protective factors"},
    )
    voice = forms.CharField(
        label="The child's voice",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their words and wishes, as they said them (for an adult, the adult's voice)",
        validators=within_limit("concern"),
        error_messages={"required": "Enter the child's or adult's voice: their words and wishes"},
    )
