"""Forms for the lead's front-door pages: screening and RAG, escalation, clock pauses, decisions,
authorisation and notes. Services check every rule again; forms catch what a person can fix."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import AgencyType, Team
from openmash.contacts.models import ContactSubject, Rag
from openmash.core.forms import form_field
from openmash.core.govuk_forms import GovukRadioSelect
from openmash.frontdoor.models import ADULT_ENQUIRY_OUTCOMES, AdultOutcome, ChildOutcome, NoteKind

RAG_HINTS = {
    "red": "Possible significant harm or need for immediate protection",
    "amber": "Significant concern, not immediate",
    "green": "Wellbeing or early help",
    "blue": "No MASH response needed",
}
YES_NO = [("yes", "Yes"), ("no", "No")]


class VersionedForm(forms.Form):
    """Carries the contact's version, so a change made meanwhile by someone else is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScreenForm(VersionedForm):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=GovukRadioSelect(hints=RAG_HINTS),
        error_messages={"required": "Select a RAG rating"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you change an existing rating",
    )


class EscalateForm(VersionedForm):
    details = forms.CharField(
        label="What is the immediate risk?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the immediate risk"},
    )


class PauseForm(VersionedForm):
    reason = forms.CharField(
        label="Why is the clock paused?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the parent cannot be reached to ask for consent",
        error_messages={"required": "Enter why the clock is paused"},
    )


class TeamChoiceField(forms.ModelChoiceField):
    """Teams by name alone (a team's str() also names its agency)."""

    def label_from_instance(self, obj: Team) -> str:
        return obj.name


class DecisionForm(VersionedForm):
    """One outcome per person the contact is about; adults also answer the s42 tests."""

    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you found, the risks and strengths, and why this outcome",
        error_messages={"required": "Enter the rationale for the decision"},
    )
    next_step = forms.CharField(
        label="Next step",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = TeamChoiceField(
        label="Team it goes to",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Not handed on",
        help_text="Needed for an assessment, strategy discussion, protection or enquiry",
    )
    check_reason = forms.CharField(
        label="Why this decision is right despite the decision checks",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if this page warns that the decision goes against a check: the "
        "authorising manager reads it and must acknowledge it",
    )

    def __init__(self, *args: Any, subjects: list[ContactSubject], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The council's own teams (not the agencies' MASH hubs), by name.
        team = form_field(self, "team", forms.ModelChoiceField)
        team.queryset = Team.objects.filter(
            is_active=True, agency__agency_type=AgencyType.LOCAL_AUTHORITY
        ).order_by("name")
        self.subjects = subjects
        for subject in subjects:
            name = f"{subject.given_name} {subject.family_name}".strip()
            choices = ChildOutcome.choices if subject.is_child else AdultOutcome.choices
            self.fields[f"outcome_{subject.pk}"] = forms.ChoiceField(
                label=f"Outcome for {name}",
                choices=choices,
                widget=GovukRadioSelect(),
                error_messages={"required": f"Select an outcome for {name}"},
            )
            if not subject.is_child:
                for key, question in S42_QUESTIONS:
                    self.fields[f"{key}_{subject.pk}"] = forms.ChoiceField(
                        label=f"{question} ({name})",
                        choices=YES_NO,
                        required=False,
                        widget=GovukRadioSelect(inline=True),
                        help_text="Answer for a section 42 or other safeguarding enquiry",
                    )

    def person_fields(self) -> list[tuple[ContactSubject, Any, list[Any]]]:
        rows = []
        for subject in self.subjects:
            tests = (
                [] if subject.is_child else [self[f"{k}_{subject.pk}"] for k, _ in S42_QUESTIONS]
            )
            rows.append((subject, self[f"outcome_{subject.pk}"], tests))
        return rows

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for subject in self.subjects:
            if subject.is_child or data.get(f"outcome_{subject.pk}") not in ADULT_ENQUIRY_OUTCOMES:
                continue
            for key, _ in S42_QUESTIONS:
                if not data.get(f"{key}_{subject.pk}"):
                    self.add_error(f"{key}_{subject.pk}", "Select yes or no")
        return data

    def s42_answer(self, key: str, subject: ContactSubject) -> bool | None:
        value = self.cleaned_data.get(f"{key}_{subject.pk}")
        return None if not value else value == "yes"


S42_QUESTIONS = [
    ("has_care_and_support_needs", "Does the adult have needs for care and support?"),
    ("experiencing_or_at_risk_of_abuse", "Are they experiencing, or at risk of, abuse or neglect?"),
    (
        "unable_to_protect_self",
        "Because of those needs, are they unable to protect themselves?",
    ),
]


class AuthoriseForm(VersionedForm):
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    acknowledge_checks = forms.BooleanField(
        label="I have read why this decision goes against the decision checks, and I agree",
        required=False,
    )

    def __init__(self, *args: Any, warnings: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not warnings:
            del self.fields["acknowledge_checks"]


class ReturnForm(VersionedForm):
    reason = forms.CharField(
        label="What needs to be done before you can authorise?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what needs to be done before you can authorise"},
    )


class NoteForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Kind of note",
        choices=NoteKind.choices,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select case direction or case note"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args: Any, can_direct: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_direct:
            form_field(self, "kind", forms.ChoiceField).choices = [
                (NoteKind.NOTE, NoteKind.NOTE.label)
            ]
            self.fields["kind"].initial = NoteKind.NOTE


class CloseForm(VersionedForm):
    note = forms.CharField(
        label="Handover note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SecondReportAcknowledgeForm(VersionedForm):
    """Acknowledging a second report of the incident; the rating may change with it."""

    rag = forms.ChoiceField(
        label="Does the second report change the RAG rating?",
        required=False,
        widget=GovukRadioSelect(hints=RAG_HINTS),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you did about it. Needed when you change the rating",
    )

    def __init__(self, *args: Any, current_rag: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = f"No, keep it {current_rag}" if current_rag else "No, leave it unrated"
        choices = [("", keep)] + [(v, f"Yes, {v}") for v in Rag.values if v != current_rag]
        rag_field = self.fields["rag"]
        assert isinstance(rag_field, forms.ChoiceField)
        rag_field.choices = choices
