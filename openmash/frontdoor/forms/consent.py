"""The consent form and the manager's sign-off form. The rules are in services/consent.py; these
forms parse the page's answers into the service's arguments.

Each consent answer has its own follow-up questions, shown as GOV.UK conditional reveals. They
are always in the page (hidden by GOV.UK Frontend's JavaScript only), so the form works without
JavaScript, and only the chosen answer's follow-ups are read."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.accounts.models import User
from openmash.contacts.models import FamilyTold
from openmash.core.forms import form_field
from openmash.core.govuk_forms import GovukRadioSelect, govuk_options
from openmash.frontdoor.models import ConsentDecision

ACCEPT, OVERRIDE = "accept", "override"


def _managers() -> Any:
    return (
        User.objects.filter(is_active=True, roles__authorises_decisions=True)
        .distinct()
        .order_by("full_name")
    )


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class ConsentRecordForm(forms.Form):
    family_told = forms.ChoiceField(
        label="Have the family (or the adult) been told about the concern?",
        choices=FamilyTold.choices,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select whether the family have been told"},
    )
    consent = forms.ChoiceField(
        label="Did they consent to information being shared?",
        choices=ConsentDecision.choices,
        error_messages={"required": "Select whether consent was given, refused or not sought"},
    )
    reason_given = forms.CharField(
        label="Anything they said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason_refused = forms.CharField(
        label="What did the family say, and why did they refuse?",
        help_text="If you go ahead without consent, also give the safeguarding grounds, for "
        "example that the child is at risk of significant harm.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    refusal_accepted = forms.ChoiceField(
        label="Do you accept the refusal?",
        choices=[
            (ACCEPT, "Yes, accept the refusal"),
            (OVERRIDE, "No, go ahead without consent"),
        ],
        required=False,
        widget=GovukRadioSelect(
            hints={
                ACCEPT: "On a red or level 4 contact, a manager must sign this off.",
                OVERRIDE: "A manager must authorise this, and confirm it before a decision "
                "can be authorised.",
            }
        ),
    )
    authorised_by_refused = ManagerChoiceField(
        label="Which manager authorised going ahead without consent?",
        help_text="Only if you are going ahead without consent. They will be asked to confirm it.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select a manager",
    )
    reason_not_sought = forms.CharField(
        label="Why was consent not sought?",
        help_text="For example, asking would place the child at risk of significant harm, or "
        "could affect a police investigation.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    authorised_by_not_sought = ManagerChoiceField(
        label="Which manager authorised not seeking consent?",
        help_text="They will be asked to confirm it.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select a manager",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managers = _managers()
        for name in ("authorised_by_refused", "authorised_by_not_sought"):
            form_field(self, name, forms.ModelChoiceField).queryset = managers
        for name in ("reason_refused", "reason_not_sought", "authorised_by_not_sought"):
            govuk_options(self.fields[name], optional_suffix=False)
        for name in ("refusal_accepted", "authorised_by_refused"):
            govuk_options(self.fields[name], optional_suffix=False)
        govuk_options(self.fields["family_told"], label_class="govuk-fieldset__legend--m")

    def service_kwargs(self) -> dict[str, Any]:
        """consent_record's arguments from the chosen answer and its own follow-ups."""
        data = self.cleaned_data
        consent = data["consent"]
        kwargs: dict[str, Any] = {
            "family_told": data["family_told"],
            "consent": consent,
            "reason": data.get(f"reason_{consent}") or "",
            "expected_version": data.get("version"),
        }
        if consent == ConsentDecision.REFUSED:
            answer = data.get("refusal_accepted")
            kwargs["refusal_accepted"] = {ACCEPT: True, OVERRIDE: False}.get(answer or "")
            kwargs["authorised_by"] = data.get("authorised_by_refused")
        elif consent == ConsentDecision.NOT_SOUGHT:
            kwargs["authorised_by"] = data.get("authorised_by_not_sought")
        return kwargs

    def field_for(self, service_field: str | None) -> str | None:
        """The form field that shows a service refusal for `service_field`."""
        consent = self.cleaned_data.get("consent", "")
        names = {
            "reason": f"reason_{consent}",
            "authorised_by": f"authorised_by_{consent}",
        }
        name = names.get(service_field or "", service_field)
        return name if name in self.fields else None


class ConsentSignOffForm(forms.Form):
    """A manager's sign-off of an accepted refusal (a note is required, by the service) or the
    named manager's confirmation of going ahead without consent (a note is optional)."""

    note = forms.CharField(
        label="Why can the refusal be accepted?",
        help_text="Say what keeps the child safe without sharing information, and what would "
        "make you look at this again.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    record = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, confirming: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if confirming:
            self.fields["note"].label = "Anything to add"
            self.fields["note"].help_text = (
                "For example, when you discussed it with the worker. You do not have to add "
                "anything."
            )
            govuk_options(self.fields["note"])
        else:
            govuk_options(self.fields["note"], optional_suffix=False)
