"""Forms of the LADO's work. Services check every rule again; forms catch what a person can fix
(GOV.UK wording)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms

from openmash.core.calendar import LONDON
from openmash.core.govuk_forms import (
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
)
from openmash.lado.models import (
    ConsiderationDecision,
    MeetingKind,
    Outcome,
    ReferralBody,
    Sector,
    Source,
    StrandStatus,
)
from openmash.lado.services import ActionInput
from openmash.people.matching.details import SubjectDetails

CRITERIA = [
    ("harmed_child", "Behaved in a way that has harmed a child, or may have harmed a child"),
    ("possible_offence", "Possibly committed a criminal offence against or related to a child"),
    (
        "risk_of_harm",
        "Behaved towards a child or children in a way that indicates they may pose "
        "a risk of harm to children",
    ),
    (
        "transferable_risk",
        "Behaved or may have behaved in a way that indicates they may not be "
        "suitable to work with children (transferable risk)",
    ),
]
OUTCOME_HINTS = {
    "substantiated": "There is sufficient evidence to prove the allegation",
    "false": "There is sufficient evidence to disprove the allegation",
    "malicious": "There is sufficient evidence to disprove it, and a deliberate act to deceive",
    "unsubstantiated": "There is insufficient evidence to prove or disprove the allegation",
    "unfounded": "There is no evidence or proper basis to support the allegation",
}


def _time_field(label: str, *, missing: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="For example, 14:30",
        error_messages={"required": missing, "invalid": f"{missing}, like 14:30"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, LONDON)


def _text(label: str, missing: str, *, rows: int = 0, **kwargs: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, widget=widget, error_messages={"required": missing}, **kwargs
    )


class ReferralForm(forms.Form):
    """An allegation: the adult, their work, the child, what is alleged. Employers' agency is
    the employer unless they name another; LADO staff say who raised it."""

    subject_given_name = _text("Adult's first name", "Enter the adult's first name")
    subject_family_name = _text("Adult's last name", "Enter the adult's last name")
    subject_date_of_birth = GovukDateField(
        label="Adult's date of birth", past_only=True, required=False
    )
    role = _text(
        "Their job or volunteering role",
        "Enter the adult's job or volunteering role",
        help_text="For example, PE teacher, foster carer, football coach",
    )
    is_volunteer = forms.BooleanField(label="They are a volunteer", required=False)
    sector = forms.ChoiceField(
        label="Sector",
        choices=[("", "Select a sector"), *Sector.choices],
        error_messages={"required": "Select the sector the adult works in"},
    )
    employer_name = forms.CharField(
        label="Employer or organisation",
        required=False,
        help_text="Leave empty if it is your own organisation",
    )
    source = forms.ChoiceField(
        label="Who raised the allegation",
        choices=[("", "Select who raised it"), *Source.choices],
        error_messages={"required": "Select who raised the allegation"},
    )
    child_given_name = _text("Child's first name", "Enter the child's first name")
    child_family_name = _text("Child's last name", "Enter the child's last name")
    child_date_of_birth = GovukDateField(
        label="Child's date of birth", past_only=True, required=False
    )
    description = _text(
        "What is alleged",
        "Enter what is alleged",
        rows=6,
        help_text="What happened, when and where, who was told and what has been done since",
    )

    def __init__(self, *args: Any, employer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if employer:
            del self.fields["source"]

    def subject(self) -> SubjectDetails:
        d = self.cleaned_data
        return SubjectDetails(
            given_name=d["subject_given_name"],
            family_name=d["subject_family_name"],
            date_of_birth=d.get("subject_date_of_birth"),
        )

    def child(self) -> SubjectDetails:
        d = self.cleaned_data
        return SubjectDetails(
            given_name=d["child_given_name"],
            family_name=d["child_family_name"],
            date_of_birth=d.get("child_date_of_birth"),
        )


class ConsiderationForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label="Which of the harm test's criteria are met?",
        help_text="Select all that apply. Leave all empty if none is met.",
        choices=CRITERIA,
        required=False,
        widget=GovukCheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(
        label="What follows",
        choices=ConsiderationDecision.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select what follows the consideration"},
    )
    reason = _text("Reasons for the decision", "Enter the reasons for the decision", rows=4)

    def criterion(self, name: str) -> bool:
        return name in self.cleaned_data["criteria"]


class StrandForm(forms.Form):
    owner = forms.CharField(
        label="Owner",
        required=False,
        help_text="The person and agency leading it, for example DC Patel, Merseyside Police",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=StrandStatus.choices,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select the strand's status"},
    )
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        help_text="Needed to close the strand, for example: no further action, final warning",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ACTION_ROWS = 3


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the kind of meeting"},
    )
    held_on = GovukDateField(label="Date of the meeting", past_only=True, allow_today=True)
    held_time = _time_field("Time of the meeting", missing="Enter the time of the meeting")
    attendees = _text(
        "Who attended",
        "Enter who attended",
        rows=4,
        help_text="One a line: name, role and agency",
    )
    minutes = _text(
        "What was discussed and decided", "Enter what was discussed and decided", rows=6
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(label=f"Action {n}", required=False)
            self.fields[f"owner_{n}"] = forms.CharField(label=f"Action {n}: owner", required=False)
            self.fields[f"due_{n}"] = GovukDateField(label=f"Action {n}: due date", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, ACTION_ROWS + 1):
            given = [data.get(f"action_{n}"), data.get(f"owner_{n}"), data.get(f"due_{n}")]
            if any(given) and not all(given):
                if not given[0]:
                    self.add_error(f"action_{n}", f"Enter action {n}")
                if not given[1]:
                    self.add_error(f"owner_{n}", f"Enter who owns action {n}")
                if not given[2]:
                    self.add_error(f"due_{n}", f"Enter the due date of action {n}")
        return data

    def held_at(self) -> datetime:
        return at(self.cleaned_data["held_on"], self.cleaned_data["held_time"])

    def actions(self) -> list[ActionInput]:
        d = self.cleaned_data
        return [
            ActionInput(action=d[f"action_{n}"], owner=d[f"owner_{n}"], due_on=d[f"due_{n}"])
            for n in range(1, ACTION_ROWS + 1)
            if d.get(f"action_{n}")
        ]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=GovukRadioSelect(hints=OUTCOME_HINTS),
        error_messages={"required": "Select the outcome"},
    )
    reason = _text("Reasons for the outcome", "Enter the reasons for the outcome", rows=4)


class RegulatorReferralForm(forms.Form):
    body = forms.ChoiceField(
        label="Referred to",
        choices=ReferralBody.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select who the referral went to"},
    )
    referred_on = GovukDateField(label="Date of the referral", past_only=True, allow_today=True)
    made_by = _text(
        "Who made the referral", "Enter who made the referral", help_text="The employer or the LADO"
    )
    reference = forms.CharField(label="Their reference", required=False)


class SettingForm(forms.Form):
    consideration_working_days = forms.IntegerField(
        label="Working days for the initial consideration",
        min_value=1,
        max_value=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a number of working days",
            "invalid": "Enter a whole number of working days, like 1",
            "min_value": "Enter a number of working days from 1 to 10",
            "max_value": "Enter a number of working days from 1 to 10",
        },
    )
    reason = _text("Why does it change?", "Enter why the time changes", rows=3)
