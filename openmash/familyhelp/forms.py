"""Family Help's forms (the services check every rule again)."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import Team
from openmash.core.govuk_forms import GovukDateField, GovukRadioSelect
from openmash.familyhelp.models import (
    AssessmentDomain,
    ClosureReason,
    MemberRole,
    NetworkStatus,
    PlanOutcome,
    Progress,
)
from openmash.familyhelp.services.requests import MemberInput
from openmash.familyhelp.services.work import ActionInput, AttendeeInput, OutcomeInput

MEMBER_ROWS = 4
OUTCOME_ROWS = 5
ACTION_ROWS = 4
TEXTAREA = {"rows": 4}


class VersionedForm(forms.Form):
    """Carries the case's version, so a change made meanwhile by someone else is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _text(
    label: str, *, required: bool = True, help_text: str = "", rows: int = 4, message: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}"},
    )


class FamilyForm(forms.Form):
    """The people in the family: up to MEMBER_ROWS rows, at least one child."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, MEMBER_ROWS + 1):
            self.fields[f"m{i}_given_name"] = forms.CharField(
                label=f"Person {i}: first name", required=False, max_length=100
            )
            self.fields[f"m{i}_family_name"] = forms.CharField(
                label=f"Person {i}: last name", required=False, max_length=100
            )
            self.fields[f"m{i}_role"] = forms.ChoiceField(
                label=f"Person {i}: who they are",
                choices=MemberRole.choices,
                initial=MemberRole.CHILD if i == 1 else MemberRole.PARENT,
                required=False,
            )
            self.fields[f"m{i}_date_of_birth"] = GovukDateField(
                label=f"Person {i}: date of birth",
                required=False,
                past_only=True,
                help_text="For example, 27 3 2016",
            )

    def members(self) -> list[MemberInput]:
        data = self.cleaned_data
        rows = []
        for i in range(1, MEMBER_ROWS + 1):
            given = (data.get(f"m{i}_given_name") or "").strip()
            family = (data.get(f"m{i}_family_name") or "").strip()
            if not given and not family:
                continue
            rows.append(
                MemberInput(
                    given_name=given,
                    family_name=family,
                    role=data.get(f"m{i}_role") or MemberRole.CHILD,
                    date_of_birth=data.get(f"m{i}_date_of_birth"),
                )
            )
        return rows


def _team_field() -> forms.ModelChoiceField[Team]:
    return forms.ModelChoiceField(
        label="Family Help team",
        queryset=Team.objects.filter(kind="early_help", is_active=True).order_by("name"),
        empty_label=None,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select a Family Help team"},
    )


class RequestForm(FamilyForm):
    team = _team_field()
    reason = _text(
        "Why does the family need help?",
        help_text="What the family told you, what you have seen, and what help they want",
        message="Enter why the family needs help",
    )
    open_concerns = forms.TypedChoiceField(
        label="Are there concerns about a child's safety or wellbeing that are not resolved?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=GovukRadioSelect(),
        help_text="If there are, and the family refuses Family Help, the MASH reviews it",
        error_messages={"required": "Select yes if there are unresolved concerns"},
    )


class StepDownForm(FamilyForm):
    team = _team_field()
    stepped_down_from = forms.CharField(
        label="Stepped down from",
        required=False,
        max_length=200,
        help_text="The assessment or child in need plan, for example 'Child and family "
        "assessment closed 2 December 2026'",
    )
    analysis = _text("The assessment's analysis", rows=6)
    handover_note = _text(
        "Hand-over note for the lead practitioner",
        help_text="What the family needs next, what has worked, and who they trust",
        rows=6,
    )


class AcceptForm(VersionedForm):
    lead_practitioner = forms.EmailField(
        label="Lead practitioner's email address",
        help_text="The practitioner who will lead the family's Family Help, from any agency: "
        "a school's designated safeguarding lead, a health visitor, a family support worker",
        error_messages={
            "required": "Enter the lead practitioner's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class DeclineForm(VersionedForm):
    reason = _text("Why is the request declined?", message="Enter why the request is declined")


class AgreementForm(VersionedForm):
    agreed = forms.TypedChoiceField(
        label="Did the family agree to Family Help?",
        choices=[("yes", "Yes, the family agreed"), ("no", "No, the family refused")],
        coerce=lambda v: v == "yes",
        widget=GovukRadioSelect(),
        error_messages={"required": "Select whether the family agreed"},
    )
    note = _text(
        "What the family said",
        required=False,
        help_text="Needed if they refused: their own words where you can",
    )


class AssessmentForm(forms.Form):
    def __init__(self, *args: Any, domains: list[AssessmentDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        # The family's own words first: the assessment starts from them.
        self.fields["child_voice"] = _text(
            "The child's own words",
            help_text="What the child said about their life and what would help",
            message="Enter the child's own words",
        )
        self.fields["parents_voice"] = _text(
            "The parents' or carers' own words", message="Enter the parents' own words"
        )
        for domain in domains:
            self.fields[f"domain_{domain.code}"] = _text(
                domain.label, required=False, help_text=domain.hint, rows=3
            )
        self.fields["analysis"] = _text(
            "Analysis", help_text="What the family needs, and why", message="Enter the analysis"
        )

    def domain_texts(self) -> dict[str, str]:
        return {d.code: self.cleaned_data.get(f"domain_{d.code}", "") for d in self.domains}


class PlanForm(forms.Form):
    agreed_on = GovukDateField(label="Date the plan was agreed", past_only=True, allow_today=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, OUTCOME_ROWS + 1):
            self.fields[f"o{i}_text"] = forms.CharField(
                label=f"Outcome {i}",
                required=False,
                help_text="What will be different for the family" if i == 1 else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"o{i}_actions"] = forms.CharField(
                label=f"Outcome {i}: what will be done, and by whom",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def outcomes(self) -> list[OutcomeInput]:
        data = self.cleaned_data
        return [
            OutcomeInput(text=data.get(f"o{i}_text", ""), actions=data.get(f"o{i}_actions", ""))
            for i in range(1, OUTCOME_ROWS + 1)
            if (data.get(f"o{i}_text") or "").strip()
        ]


class ReviewForm(forms.Form):
    held_on = GovukDateField(label="Date of the review", past_only=True, allow_today=True)
    summary = _text(
        "What has changed, and what was tried",
        message="Enter what has changed and what was tried",
    )

    def __init__(self, *args: Any, outcomes: list[PlanOutcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for outcome in outcomes:
            self.fields[f"outcome_{outcome.pk}"] = forms.ChoiceField(
                label=f"Progress: {outcome.text}",
                choices=Progress.choices,
                initial=outcome.progress,
                widget=GovukRadioSelect(),
                error_messages={"required": "Select the progress on this outcome"},
            )

    def progress(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data.get(f"outcome_{o.pk}", "") for o in self.outcomes}


class MeetingForm(forms.Form):
    held_on = GovukDateField(label="Date of the meeting", past_only=True, allow_today=True)
    attendees = forms.CharField(
        label="Who came",
        help_text="One person a line: their name, a comma, then their agency. For example, "
        "'Sam Jones, Test School'",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter who came to the meeting"},
    )
    notes = _text("Notes", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, ACTION_ROWS + 1):
            self.fields[f"a{i}_text"] = forms.CharField(
                label=f"Action {i}", required=False, max_length=500
            )
            self.fields[f"a{i}_owner"] = forms.CharField(
                label=f"Action {i}: who will do it", required=False, max_length=200
            )
            self.fields[f"a{i}_due_on"] = GovukDateField(
                label=f"Action {i}: due by", required=False
            )

    def clean_attendees(self) -> list[AttendeeInput]:
        people = []
        for line in self.cleaned_data["attendees"].splitlines():
            if not line.strip():
                continue
            name, _, agency = line.partition(",")
            if not agency.strip():
                raise forms.ValidationError(
                    f"Enter the agency after the name, with a comma: '{line.strip()[:60]}'"
                )
            people.append(AttendeeInput(name=name.strip(), agency=agency.strip()))
        return people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, ACTION_ROWS + 1):
            text = (data.get(f"a{i}_text") or "").strip()
            owner = (data.get(f"a{i}_owner") or "").strip()
            due = data.get(f"a{i}_due_on")
            if text and not owner:
                self.add_error(f"a{i}_owner", f"Enter who will do action {i}")
            if text and due is None and f"a{i}_due_on" not in self.errors:
                self.add_error(f"a{i}_due_on", f"Enter when action {i} is due")
        return data

    def actions(self) -> list[ActionInput]:
        data = self.cleaned_data
        return [
            ActionInput(
                text=data[f"a{i}_text"], owner=data[f"a{i}_owner"], due_on=data[f"a{i}_due_on"]
            )
            for i in range(1, ACTION_ROWS + 1)
            if (data.get(f"a{i}_text") or "").strip()
        ]


class NetworkForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened?",
        choices=NetworkStatus.choices,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select what happened with the family network meeting"},
    )
    on = GovukDateField(label="Date", past_only=True, allow_today=True)
    family_plan = _text(
        "The plan the family made",
        required=False,
        help_text="Needed once the meeting is held: the family's own plan, in their words",
    )
    notes = _text("Notes", required=False, rows=3)


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=[c for c in ClosureReason.choices if c[0] != ClosureReason.STEPPED_UP],
        widget=GovukRadioSelect(),
        error_messages={"required": "Select why the case is closing"},
    )
    note = _text("What happened", required=False)


class StepUpForm(VersionedForm):
    reason = _text(
        "Why is Family Help not enough now?", message="Enter why Family Help is not enough now"
    )
    what_tried = _text("What was tried with the family", message="Enter what was tried")
    immediate_risk = forms.BooleanField(
        label="A child is at immediate risk of significant harm", required=False
    )
    immediate_risk_details = _text("The immediate risk", required=False, rows=3)


class SettingsForm(forms.Form):
    review_interval_days = forms.IntegerField(
        label="Days between plan reviews",
        min_value=7,
        max_value=183,
        error_messages={
            "required": "Enter the number of days between plan reviews",
            "invalid": "The number of days must be a whole number",
            "min_value": "The review interval must be between 7 and 183 days",
            "max_value": "The review interval must be between 7 and 183 days",
        },
    )
    step_up_rag = forms.ChoiceField(
        label="RAG rating a step-up arrives with at the MASH",
        choices=[("red", "Red"), ("amber", "Amber")],
        widget=GovukRadioSelect(),
    )
    domains = forms.CharField(
        label="Early help assessment domains",
        help_text="One a line, in order. A domain taken out is retired; assessments keep it",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter at least one assessment domain"},
    )
