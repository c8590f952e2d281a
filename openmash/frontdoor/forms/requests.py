"""Forms of information requests: asking an agency, answering, withdrawing, the report's period.

Forms check what a person typing can fix on the spot; the services check every rule again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.contacts.models import Contact, ContactSubject
from openmash.core.calendar import LONDON
from openmash.core.forms import form_field
from openmash.core.govuk_forms import (
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
    govuk_options,
)
from openmash.frontdoor.selectors.requests import agencies_with_representatives
from openmash.frontdoor.services.requests import LawfulBasis

TIME_FORMATS = ["%H:%M", "%H.%M"]


def _text(label: str, *, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


def subject_label(subject: ContactSubject) -> str:
    born = subject.date_of_birth.strftime("%-d %B %Y") if subject.date_of_birth else "not known"
    return f"{subject.given_name} {subject.family_name}, born {born}"


class InformationRequestForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        help_text="Agencies with a MASH representative in OpenMASH",
        error_messages={"required": "Select the agency to ask"},
    )
    subjects = forms.MultipleChoiceField(
        label="Who should the agency check?",
        widget=GovukCheckboxSelectMultiple(),
        help_text="The agency sees each person's name, date of birth, address and NHS number",
        error_messages={"required": "Select who the agency should check"},
    )
    questions = _text(
        "Your questions",
        help_text="Ask specific questions, for example: is the family known to you; any "
        "incidents at this address in the last 12 months",
    )
    shared_summary = _text(
        "What the agency is told about the concern",
        help_text="The agency sees only this, your questions and the people you select",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=[(code, label) for code, label, _ in LawfulBasis.CHOICES],
        widget=GovukRadioSelect(hints=LawfulBasis.HINTS),
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    due_date = GovukDateField(
        label="Answer due by",
        future_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the answer is due"},
    )
    due_time = forms.TimeField(
        label="Time due",
        help_text="24-hour clock, for example 14:30",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time the answer is due",
            "invalid": "Enter the time in 24-hour format, like 14:30",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "agency", forms.ModelChoiceField
        ).queryset = agencies_with_representatives()
        self.subject_rows = {str(s.pk): s for s in contact.contact_subjects.all()}
        form_field(self, "subjects", forms.ChoiceField).choices = [
            (key, subject_label(s)) for key, s in self.subject_rows.items()
        ]
        self.fields["questions"].error_messages["required"] = "Enter the questions for the agency"
        self.fields["shared_summary"].error_messages["required"] = (
            "Enter what the agency is told about the concern"
        )
        for name in ("subjects", "lawful_basis"):
            govuk_options(self.fields[name], label_class="govuk-fieldset__legend--m")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, at = data.get("due_date"), data.get("due_time")
        if day and at:
            due = datetime.combine(day, at, LONDON)
            if due <= timezone.now():
                self.add_error("due_time", "The due time must be in the future")
            data["due_at"] = due
        return data

    def chosen_subjects(self) -> list[ContactSubject]:
        return [self.subject_rows[key] for key in self.cleaned_data["subjects"]]


class InformationResponseForm(forms.Form):
    response = _text(
        "Your agency's answer",
        help_text="Answer each question. Say if your agency holds no information.",
        rows=8,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"].error_messages["required"] = "Enter your agency's answer"


class InformationWithdrawForm(forms.Form):
    reason = _text("Why are you withdrawing this request?", rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = (
            "Enter why the request is being withdrawn"
        )


class ReportPeriodForm(forms.Form):
    date_from = GovukDateField(label="From", required=False, past_only=True, allow_today=True)
    date_to = GovukDateField(label="To", required=False, past_only=True, allow_today=True)

    def period(self, default: tuple[date, date]) -> tuple[date, date]:
        if not self.is_bound or not self.is_valid():
            return default
        start = self.cleaned_data.get("date_from") or default[0]
        end = self.cleaned_data.get("date_to") or default[1]
        return start, end

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period must be after its start")
        return data
