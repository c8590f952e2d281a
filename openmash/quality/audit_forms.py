"""Forms of case audits, audit templates, dip samples and analytics. Services check every rule
again; forms catch what a person can fix (GOV.UK wording)."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import Agency, User
from openmash.core.govuk_forms import (
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
    govuk_options,
)
from openmash.frontdoor.models import ChildOutcome
from openmash.quality.audit_selectors import templates_to_choose
from openmash.quality.audit_services import Question
from openmash.quality.models import AuditTemplate, AuditTemplateVersion, Grade, SampleAssignment


def _user_label(user: User) -> str:
    return f"{user.full_name}, {user.agency.name}"


def _template_label(template: AuditTemplate) -> str:
    current = template.current
    return f"{current.title} (version {current.number})"


def quality_leads() -> Any:
    return (
        User.objects.filter(is_active=True, roles__audits=True)
        .select_related("agency")
        .distinct()
        .order_by("full_name")
    )


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _template_label(obj)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _user_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _user_label(obj)


class TemplateForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(
        label="What the audit is for (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label="Questions",
        help_text=(
            "One question on each line. To give auditors guidance, put it after a vertical bar, "
            "for example: Was the child's voice recorded? | Look for the child's own words"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter at least one question"},
    )

    @staticmethod
    def initial_for(version: AuditTemplateVersion) -> dict[str, str]:
        lines = [
            q["text"] + (f" | {q['guidance']}" if q.get("guidance") else "")
            for q in version.questions
        ]
        return {
            "title": version.title,
            "description": version.description,
            "questions": "\n".join(lines),
        }

    def parsed_questions(self) -> list[Question]:
        parsed = []
        for line in self.cleaned_data["questions"].splitlines():
            text, _, guidance = line.partition("|")
            if text.strip():
                parsed.append(Question(text.strip(), guidance.strip()))
        return parsed


class AuditStartForm(forms.Form):
    contact_reference = forms.CharField(
        label="Contact reference",
        max_length=20,
        error_messages={"required": "Enter the contact's reference"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    template = TemplateChoiceField(
        label="Audit template",
        queryset=templates_to_choose(),
        error_messages={"required": "Select an audit template"},
    )


class AuditAnswersForm(forms.Form):
    """An answer and a finding for each question of the audit's template version."""

    def __init__(self, *args: Any, questions: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            # Saved as often as needed; every answer is needed to complete the audit.
            self.fields[f"answer_{number}"] = govuk_options(
                forms.CharField(
                    label=f"{number}. {question['text']}",
                    help_text=question.get("guidance", ""),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                ),
                optional_suffix=False,
            )
            self.fields[f"finding_{number}"] = forms.CharField(
                label=f"Finding for question {number} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.asked = len(questions)

    def pairs(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"answer_{n}"], self.cleaned_data[f"finding_{n}"])
            for n in range(1, self.asked + 1)
        ]


class AuditCompleteForm(forms.Form):
    grade = forms.ChoiceField(
        label="Overall grade",
        choices=Grade.choices,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select an overall grade"},
    )
    summary = forms.CharField(
        label="Summary of findings",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of the findings"},
    )


class AuditActionForm(forms.Form):
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the action"},
    )
    owner = UserChoiceField(
        label="Owner",
        queryset=User.objects.filter(is_active=True).select_related("agency").order_by("full_name"),
        error_messages={"required": "Select who owns the action"},
    )
    due_on = GovukDateField(label="Due date", future_only=True, allow_today=True)


class AuditRespondForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        help_text="What you think of the findings, and what you will do",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your response"},
    )


class AuditModerateForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label="Do you agree with the auditor's grade?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes, I agree"), ("no", "No, I disagree")],
        widget=GovukRadioSelect(),
        error_messages={"required": "Select whether you agree with the grade"},
    )
    # Both needed when disagreeing (the service says so); a reason is welcome either way.
    grade = govuk_options(
        forms.ChoiceField(
            label="The grade you would give, if you disagree",
            choices=Grade.choices,
            required=False,
            widget=GovukRadioSelect(),
        ),
        optional_suffix=False,
    )
    reason = govuk_options(
        forms.CharField(
            label="Reason",
            help_text="Required if you disagree",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        optional_suffix=False,
    )


class SampleForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, No further action on police notifications, November",
        error_messages={"required": "Enter a title"},
    )
    template = TemplateChoiceField(
        label="Audit template",
        queryset=templates_to_choose(),
        error_messages={"required": "Select an audit template"},
    )
    date_from = GovukDateField(label="Decisions authorised from", past_only=True, allow_today=True)
    date_to = GovukDateField(label="Decisions authorised to", past_only=True, allow_today=True)
    outcome = forms.ChoiceField(
        label="Decision outcome (optional)",
        required=False,
        choices=[("", "Any outcome"), *ChildOutcome.choices],
    )
    source_agency = forms.ModelChoiceField(
        label="Source agency (optional)",
        required=False,
        queryset=Agency.objects.order_by("name"),
        empty_label="Any agency",
    )
    worker = UserChoiceField(
        label="Worker who proposed the decision (optional)",
        required=False,
        queryset=User.objects.filter(roles__sees_front_door=True)
        .select_related("agency")
        .distinct()
        .order_by("full_name"),
        empty_label="Any worker",
    )
    percentage = forms.IntegerField(
        label="Percentage to sample",
        help_text="Enter a percentage or a number of decisions, not both",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    count = forms.IntegerField(
        label="Number of decisions to sample",
        required=False,
        min_value=1,
        max_value=1000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        help_text=(
            "Leave empty for a new random seed. The same seed and criteria draw the same sample."
        ),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-20"}),
    )
    auditors = UserMultipleChoiceField(
        label="Auditors",
        queryset=User.objects.none(),
        widget=GovukCheckboxSelectMultiple(),
        error_messages={"required": "Select at least one auditor"},
    )
    assignment = forms.ChoiceField(
        label="How to assign the audits",
        choices=SampleAssignment.choices,
        initial=SampleAssignment.ROUND_ROBIN,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select how to assign the audits"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["auditors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = quality_leads()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("percentage") is None) == (data.get("count") is None):
            self.add_error("percentage", "Enter either a percentage or a number of decisions")
        return data


PERIODS = [("30", "The last 30 days"), ("90", "The last 90 days"), ("365", "The last 365 days")]


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Period", coerce=int, choices=PERIODS, initial="90", required=False
    )
