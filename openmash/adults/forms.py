"""Forms of adults' safeguarding enquiries. Services check every rule again; forms catch what a
person can fix (GOV.UK wording)."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import User
from openmash.adults.models import (
    Achieved,
    Capacity,
    CareProvider,
    MadeBy,
    MspAsked,
    ProviderKind,
    RiskLocation,
    RiskOutcome,
    RiskResult,
    RiskSource,
    RiskType,
    SafeguardingEnquiry,
    SupportKind,
)
from openmash.core.govuk_forms import (
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def as_yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OfficerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class AllocateForm(VersionForm):
    officer = OfficerChoiceField(
        label="Enquiry officer",
        queryset=User.objects.none(),
        empty_label="Select an officer",
        error_messages={"required": "Select the enquiry officer"},
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class TestsForm(VersionForm):
    has_care_and_support_needs = forms.ChoiceField(
        label="Does the adult have needs for care and support?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select whether the adult has needs for care and support"},
    )
    experiencing_or_at_risk_of_abuse = forms.ChoiceField(
        label="Are they experiencing, or at risk of, abuse or neglect?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select whether the adult is experiencing or at risk of abuse"},
    )
    unable_to_protect_self = forms.ChoiceField(
        label="As a result of those needs, are they unable to protect themselves?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select whether the adult is unable to protect themselves"},
    )


class MadeByForm(VersionForm):
    made_by = forms.ChoiceField(
        label="Who makes the enquiry?",
        choices=MadeBy.choices,
        widget=GovukRadioSelect(
            hints={
                "caused": "For example, a care provider or the NHS trust makes it and sends the "
                "council its report"
            }
        ),
        error_messages={"required": "Select who makes the enquiry"},
    )
    organisation: forms.ModelChoiceField[CareProvider] = forms.ModelChoiceField(
        label="Organisation caused to make the enquiry",
        queryset=None,
        required=False,
        empty_label="None",
    )
    report_due_on = GovukDateField(
        label="Date the organisation's report is due", required=False, allow_today=True
    )
    provider: forms.ModelChoiceField[CareProvider] = forms.ModelChoiceField(
        label="Care provider the concern is about",
        help_text="Links this enquiry to other adults' enquiries about the same provider",
        queryset=None,
        required=False,
        empty_label="None",
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = providers  # type: ignore[attr-defined]
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class ProviderForm(forms.Form):
    name = forms.CharField(
        label="Provider's name", max_length=200, error_messages={"required": "Enter the name"}
    )
    kind = forms.ChoiceField(
        label="Kind of provider",
        choices=ProviderKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the kind of provider"},
    )
    cqc_location_id = forms.CharField(
        label="CQC location ID (optional)", max_length=20, required=False
    )
    address = forms.CharField(label="Address (optional)", max_length=300, required=False)


class ReportForm(VersionForm):
    received_on = GovukDateField(
        label="Date the report was received",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the report was received"},
    )
    review = forms.CharField(
        label="What did your review of the report find?",
        help_text="Whether it answers the enquiry, and anything the council still needs to do",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what your review of the report found"},
    )


class MspForm(VersionForm):
    asked = forms.ChoiceField(
        label="Was the adult, or their representative, asked what outcomes they want?",
        choices=MspAsked.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select whether the adult was asked about the outcomes they want"
        },
    )
    asked_of = forms.CharField(
        label="Who was asked (optional)",
        help_text="The adult, or who spoke for them",
        max_length=200,
        required=False,
    )
    outcomes = forms.CharField(
        label="The outcomes they want, in their own words",
        help_text="One outcome on each line, in the adult's words, not yours",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    not_asked_reason = forms.CharField(
        label="If they were not asked, why not?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def outcome_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["outcomes"].splitlines() if line.strip()]


class CapacityForm(VersionForm):
    capacity = forms.ChoiceField(
        label="Does the adult have capacity to make decisions about the enquiry?",
        choices=Capacity.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select whether the adult has capacity"},
    )
    support_kind = forms.ChoiceField(
        label="Who supports the adult through the enquiry?",
        choices=SupportKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select who supports the adult"},
    )
    support_offered = forms.ChoiceField(
        label="Was the support offered?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        required=False,
    )
    support_involved = forms.ChoiceField(
        label="Is the advocate, family member or friend involved?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        required=False,
    )
    support_name = forms.CharField(label="Their name (optional)", max_length=200, required=False)


class RiskForm(VersionForm):
    types = forms.MultipleChoiceField(
        label="Type of risk",
        help_text="Select all that apply",
        choices=RiskType.choices,
        widget=GovukCheckboxSelectMultiple,
        error_messages={"required": "Select at least one type of risk"},
    )
    sources = forms.MultipleChoiceField(
        label="Source of risk",
        help_text="Select all that apply. Anyone paid to provide care is a service provider",
        choices=RiskSource.choices,
        widget=GovukCheckboxSelectMultiple,
        error_messages={"required": "Select at least one source of risk"},
    )
    location = forms.ChoiceField(
        label="Where is the risk?",
        choices=RiskLocation.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select where the risk is"},
    )


class ActionForm(forms.Form):
    text = forms.CharField(
        label="Action", max_length=500, error_messages={"required": "Enter the action"}
    )
    owner = forms.CharField(
        label="Who will do it",
        help_text="Name and organisation",
        max_length=200,
        error_messages={"required": "Enter who will do it"},
    )
    due_on = GovukDateField(
        label="Date it is due", allow_today=True, error_messages={"required": "Enter the due date"}
    )


class ReviewForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the review",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date of the review"},
    )
    summary = forms.CharField(
        label="What did the review find?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the review found"},
    )
    next_review_on = GovukDateField(label="Date of the next review (optional)", required=False)


class SarForm(forms.Form):
    referred = forms.ChoiceField(
        label="Is the case referred for a safeguarding adults review?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select yes or no"},
    )
    reason = forms.CharField(
        label="Why is it referred?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConcludeForm(VersionForm):
    risk_outcome = forms.ChoiceField(
        label="Outcome of the risk assessment",
        choices=RiskOutcome.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the outcome of the risk assessment"},
    )
    action_taken = forms.ChoiceField(
        label="Was action taken?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select whether action was taken"},
    )
    risk_result = forms.ChoiceField(
        label="What is the result for the risk?",
        help_text="Where a risk was identified or the assessment was inconclusive",
        choices=RiskResult.choices,
        widget=GovukRadioSelect,
        required=False,
    )
    conclusion = forms.CharField(
        label="The enquiry's findings",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the enquiry's findings"},
    )

    def __init__(self, *args: Any, enquiry: SafeguardingEnquiry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcome_fields: list[str] = []
        asked: dict[str, forms.Field] = {}
        for outcome in enquiry.outcomes.all():
            name = f"outcome_{outcome.pk}"
            asked[name] = forms.ChoiceField(
                label=f"\u201c{outcome.words}\u201d: was it achieved?",
                choices=Achieved.choices,
                widget=GovukRadioSelect(inline=True),
                error_messages={"required": "Select whether the outcome was achieved"},
            )
            self.outcome_fields.append(name)
        # The adult's outcomes first: what they wanted is what the enquiry is measured by.
        self.fields = {
            **dict(list(self.fields.items())[:1]),
            **asked,
            **dict(list(self.fields.items())[1:]),
        }

    def achieved(self) -> dict[int, str]:
        return {
            int(name.removeprefix("outcome_")): self.cleaned_data.get(name) or ""
            for name in self.outcome_fields
        }


class SettingForm(forms.Form):
    target_working_days = forms.IntegerField(
        label="Working days from the start of an enquiry to its target date",
        min_value=1,
        max_value=130,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the number of working days"},
    )
    reason = forms.CharField(
        label="Why does the target change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the target is changing"},
    )
