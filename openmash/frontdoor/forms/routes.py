"""The form for recording an onward referral or action (services.routes checks every rule again)."""

from __future__ import annotations

from typing import Any

from django import forms

from openmash.contacts.forms import within_limit
from openmash.contacts.models import ContactSubject
from openmash.core.govuk_forms import GovukDateField, GovukRadioSelect
from openmash.frontdoor.forms.contact import VersionedForm
from openmash.frontdoor.models import RouteKind

ROUTE_HINTS = {
    RouteKind.MARAC: "A victim of domestic abuse at high risk of serious harm or homicide",
    RouteKind.PREVENT: "A person at risk of being drawn into terrorism",
    RouteKind.NRM: "A possible victim of modern slavery or trafficking. An adult must agree to "
    "the referral; a child does not need to",
    RouteKind.POLICE_PROTECTION: "The police removed a child to suitable accommodation, or "
    "kept them where they are, for up to 72 hours",
}


class RouteForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Onward referral or action",
        choices=RouteKind.choices,
        widget=GovukRadioSelect(hints=ROUTE_HINTS),
        error_messages={"required": "Select the onward referral or action"},
    )
    subject = forms.ChoiceField(
        label="Who is it about?",
        widget=GovukRadioSelect(),
        error_messages={"required": "Select the person it is about"},
    )
    made_on = GovukDateField(
        label="Date made",
        past_only=True,
        allow_today=True,
        error_label="The date it was made",
        help_text="The day the referral was made or the action taken, for example 27 3 2026",
    )
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=100,
        help_text="The MARAC, Prevent, NRM or police reference, when you have it",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=within_limit("immediate_risk_details"),
    )

    def __init__(self, *args: Any, subjects: list[ContactSubject], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = {str(s.pk): s for s in subjects}
        field = self.fields["subject"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                str(s.pk),
                f"{s.given_name} {s.family_name}".strip() + ("" if s.is_child else " (adult)"),
            )
            for s in subjects
        ]
        if len(subjects) == 1:
            field.initial = str(subjects[0].pk)

    def clean_subject(self) -> ContactSubject:
        return self.subjects[self.cleaned_data["subject"]]
