"""Forms of child protection work. Services check every rule again; forms catch what a person
can fix (GOV.UK wording)."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms

from openmash.core.calendar import LONDON
from openmash.core.govuk_forms import (
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
)
from openmash.protection.models import (
    AbuseCategory,
    CinEndReason,
    EndReason,
    MemberRole,
    NextStep,
    PlanActivityKind,
    S47Outcome,
    StrategyDecision,
)
from openmash.protection.services import AttendeeInput

# CIN census assessment factors (statutory-returns.md §2): the codes a worker picks from most.
FACTORS = [
    ("1B", "Alcohol misuse: parent or carer"),
    ("2B", "Drug misuse: parent or carer"),
    ("3A", "Domestic abuse: child"),
    ("3B", "Domestic abuse: parent or carer"),
    ("4B", "Mental health: parent or carer"),
    ("4A", "Mental health: child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18C", "Physical abuse: adult on child"),
    ("19C", "Sexual abuse: adult on child"),
    ("24A", "Child criminal exploitation"),
    ("20", "Other"),
    ("21", "No factors identified"),
]
AGENCIES = [(r.value, r.label) for r in MemberRole]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _time_field(label: str, *, missing: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="For example, 14:30",
        error_messages={"required": missing, "invalid": f"{missing}, like 14:30 or 09:05"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )


def _text(label: str, *, required: bool = True, help_text: str = "", rows: int = 4) -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


def _date(label: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, past_only=True, allow_today=True, required=required)


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, LONDON)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ConveneForm(forms.Form):
    trigger = _text("Why a strategy discussion is needed", help_text="The escalating concern")
    trigger_on = _date("Date the need arose")
    trigger_time = _time_field("Time the need arose", missing="Enter the time the need arose")
    urgent = forms.ChoiceField(
        label="Is the child at immediate risk (red)?",
        choices=YES_NO,
        widget=GovukRadioSelect,
        error_messages={"required": "Select yes if the child is at immediate risk"},
    )


class StrategyForm(forms.Form):
    held_on = _date("Date it was held")
    held_time = _time_field("Time it was held", missing="Enter the time it was held")
    police_name = forms.CharField(label="Police: who attended", required=False, max_length=200)
    police_shared = _text("What the police shared", required=False, rows=2)
    health_name = forms.CharField(label="Health: who attended", required=False, max_length=200)
    health_shared = _text("What health shared", required=False, rows=2)
    social_care_name = forms.CharField(
        label="Children's social care: who attended", required=False, max_length=200
    )
    education_name = forms.CharField(
        label="Education: who attended", required=False, max_length=200
    )
    education_shared = _text("What education shared", required=False, rows=2)
    child_needs = _text("The child's needs as well as the risk")
    mental_capacity = _text("Mental capacity, where relevant", required=False, rows=2)
    decision = forms.ChoiceField(
        label="Decision",
        choices=StrategyDecision.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the decision"},
    )
    decision_reason = _text(
        "Reason for the decision", required=False, help_text="Needed for no enquiry or reconvene"
    )
    safety_actions = _text(
        "Immediate safety actions", required=False, help_text="Who does what, by when"
    )
    early_reason = _text(
        "If agencies' answers were still awaited: why it could not wait",
        required=False,
        help_text="The chair's reason; without it the discussion is flagged as premature",
    )

    def held_at(self) -> datetime:
        return at(self.cleaned_data["held_on"], self.cleaned_data["held_time"])

    def attendees(self) -> list[AttendeeInput]:
        data = self.cleaned_data
        return [
            AttendeeInput(
                role=role, name=data[f"{role}_name"], shared=data.get(f"{role}_shared", "")
            )
            for role in ("police", "health", "social_care", "education")
            if data.get(f"{role}_name")
        ]


class Section47Form(forms.Form):
    child_seen_on = _date("Date the child was seen", required=False)
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, widget=GovukRadioSelect, required=False
    )
    seen_by = forms.CharField(label="Seen by", required=False, max_length=200)
    child_wishes = _text(
        "The child's wishes and feelings", required=False, help_text="In the child's own words"
    )
    analysis = _text("Analysis of significant harm", required=False)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Not yet"), *S47Outcome.choices],
        widget=GovukRadioSelect,
        required=False,
    )
    next_step = forms.ChoiceField(
        label="Next step when no conference is needed",
        choices=NextStep.choices,
        widget=GovukRadioSelect,
        required=False,
    )


class AssessmentForm(forms.Form):
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        choices=FACTORS,
        widget=GovukCheckboxSelectMultiple,
        required=False,
    )
    child_voice = _text("The child's voice", required=False)
    analysis = _text("Analysis", required=False)
    needs_support = forms.ChoiceField(
        label="Does the child need children's social care support?",
        choices=YES_NO,
        widget=GovukRadioSelect,
        required=False,
    )
    completed_on = _date("Date it was completed", required=False)


class AuthoriseForm(forms.Form):
    on = _date("Date it was authorised")


class ConferenceForm(forms.Form):
    held_on = _date("Date it was held")
    agencies_invited = forms.MultipleChoiceField(
        label="Agencies invited",
        choices=AGENCIES,
        widget=GovukCheckboxSelectMultiple,
        error_messages={"required": "Select the agencies invited"},
    )
    reports = _text("Reports by agency", required=False)
    plan_needed = forms.ChoiceField(
        label="Does the child need a child protection plan?",
        choices=YES_NO,
        widget=GovukRadioSelect,
        error_messages={"required": "Select yes if the child needs a plan"},
    )
    category = forms.ChoiceField(
        label="Category of abuse",
        choices=AbuseCategory.choices,
        widget=GovukRadioSelect,
        required=False,
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=PlanActivityKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select what happened"},
    )
    on = _date("Date")
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, widget=GovukRadioSelect, required=False
    )
    note = _text("Note", required=False)


class FamilyOfferForm(forms.Form):
    offered_on = _date("Date the meeting was offered")


class FamilyAnswerForm(forms.Form):
    accepted = forms.ChoiceField(
        label="Did the family accept the meeting?",
        choices=[("yes", "Accepted"), ("no", "Declined")],
        widget=GovukRadioSelect,
        error_messages={"required": "Select whether the family accepted"},
    )
    responded_on = _date("Date the family answered")
    family_words = _text("The family's answer, in their words")


class FamilyHeldForm(forms.Form):
    held_on = _date("Date the meeting was held")
    attended = _text("Who came", rows=3)
    family_plan = _text("The family's plan, in their words", rows=6)


class CinReviewForm(forms.Form):
    reviewed_on = _date("Date of the review")
    summary = _text("What the review found")
    next_review_on = GovukDateField(label="Next review due", required=False)


class CinStartForm(forms.Form):
    started_on = _date("Date the child in need plan started")


class CinEndForm(forms.Form):
    ended_on = _date("Date the child in need plan ended")
    reason = forms.ChoiceField(
        label="Why the plan ends (CIN census reason for closure)",
        choices=CinEndReason.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select why the plan ends"},
    )


class PlanEndForm(forms.Form):
    ended_on = _date("Date the plan ended")
    reason = forms.ChoiceField(
        label="Why the plan ends",
        choices=EndReason.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select why the plan ends"},
    )


class MemberForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the member",
        error_messages={"required": "Enter the member's email address"},
    )
    role = forms.ChoiceField(
        label="Their agency",
        choices=[("lead", "Lead child protection practitioner (a social worker)"), *AGENCIES],
        widget=GovukRadioSelect,
        error_messages={"required": "Select their agency"},
    )


class NoteForm(forms.Form):
    text = _text("What you add to the child's record")


class SettingForm(forms.Form):
    strategy_days_urgent = forms.IntegerField(
        label="Working days to a strategy discussion when the child is at immediate risk",
        help_text="0 means the same working day",
        min_value=0,
        max_value=5,
    )
    strategy_days = forms.IntegerField(
        label="Working days to a strategy discussion otherwise", min_value=0, max_value=10
    )
    visit_every_working_days = forms.IntegerField(
        label="Statutory visits at most this many working days apart", min_value=1, max_value=40
    )
    reason = _text("Why the timescales change")


yes_no = _yes_no
