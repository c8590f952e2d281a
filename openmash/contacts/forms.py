"""Forms for the referral form's question pages and the staff intake page.

Forms check what a person typing can fix on the spot (formats, check digits, dates, the reasons
that some answers need); `contact_create` checks everything again, so no channel can skip a rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils import timezone

from openmash.accounts.models import Agency, Team
from openmash.contacts.models import (
    Channel,
    ConcernCategory,
    ConsentStatus,
    ContactStatus,
    FamilyTold,
    Rag,
)
from openmash.contacts.plausibility import TEXT_LIMITS, expected_delivery_date_problem
from openmash.core.dates import govuk_date
from openmash.core.forms import form_field
from openmash.core.govuk_forms import (
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
    govuk_options,
)
from openmash.core.identifiers import (
    canonical_identifier,
    is_valid_nhs_number,
    is_valid_postcode,
    is_valid_upn,
    normalise_postcode,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
GROUP_LABELS = {
    "abuse_neglect": "Abuse and neglect",
    "household": "The child's household",
    "family_environment": "Family environment",
    "exploitation_extrafamilial": "Exploitation and harm outside the family",
    "child_wellbeing": "The child's health and wellbeing",
    "status_legal": "Status and legal matters",
    "route": "Routes to other services",
    "adult": "Adults at risk",
}
# The first three keep their places (forms and browser tests address them by position).
PERSON_KINDS = [
    ("child", "A child the concern is about"),
    ("adult", "An adult the concern is about"),
    ("household", "A parent, carer, family or household member"),
    ("unborn", "An unborn baby the concern is about"),
    ("alleged_perpetrator", "Someone alleged to have caused the harm"),
    ("person_of_concern", "Another person of concern"),
]
PERSON_KIND_HINTS = {
    "unborn": "Give the expected date of delivery instead of a date of birth",
    "person_of_concern": "For example, an adult who visits the home and worries you",
}
SEX_CHOICES = [("F", "Female"), ("M", "Male"), ("X", "Other"), ("U", "Not known")]


def _short_text(
    label: str,
    *,
    required: bool = False,
    help_text: str = "",
    width: str = "",
    max_length: int = 200,
) -> Any:
    field = forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length
    )
    if width:
        field.widget.attrs["class"] = f"govuk-input--width-{width}"
    return field


def within_limit(name: str) -> list[MaxLengthValidator]:
    """The free-text limit contact_validate applies, checked on the page with a message to act on.
    A validator, not `max_length`, which would add `maxlength` and let a browser cut a pasted
    account short without a word."""
    limit = TEXT_LIMITS[name]
    message = f"Shorten this to {limit:,} characters or fewer (it has %(show_value)d)"
    return [MaxLengthValidator(limit, message=message)]


class ReferrerForm(forms.Form):
    """About you: name, email and agency come from the account; role and phone can change."""

    referrer_role = _short_text(
        "Your role", required=True, help_text="For example, designated safeguarding lead"
    )
    referrer_phone = forms.CharField(
        label="Phone number",
        max_length=40,
        help_text="A number the MASH can call you on today",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referrer_role"].error_messages["required"] = "Enter your role"
        self.fields["referrer_phone"].error_messages["required"] = "Enter a phone number"


class ConsultationForm(forms.Form):
    KINDS = [
        ("referral", "I am making a referral"),
        ("named", "I am asking for advice about a named child, adult or family"),
        ("anonymous", "I am asking for advice without naming anyone"),
    ]
    kind = forms.ChoiceField(
        label="Are you making a referral or asking for advice?",
        choices=KINDS,
        widget=GovukRadioSelect(
            hints={
                "named": "A consultation. The MASH can see what it already knows about the family.",
                "anonymous": "Only if naming the family is not possible: without names the MASH "
                "cannot see their history, so the advice may miss what matters.",
            }
        ),
        error_messages={
            "required": "Select whether you are making a referral or asking for advice"
        },
    )
    anonymous_reason = forms.CharField(
        label="Why can you not name the family?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=within_limit("anonymous_reason"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_options(self.fields["kind"], is_page_heading=True)
        govuk_options(self.fields["anonymous_reason"], optional_suffix=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == "anonymous" and not data.get("anonymous_reason", "").strip():
            self.add_error("anonymous_reason", "Enter why you cannot name the family")
        return data


class PersonForm(forms.Form):
    """One child, adult or household member: as much as the referrer knows."""

    kind = forms.ChoiceField(
        label="Who is this?",
        choices=PERSON_KINDS,
        widget=GovukRadioSelect(hints=PERSON_KIND_HINTS),
        error_messages={"required": "Select who this person is"},
    )
    # A contact subject holds 100 characters of each name, as the API and the import allow.
    given_name = _short_text(
        "First name", help_text="Enter 'Unknown' if you do not know it", max_length=100
    )
    family_name = _short_text("Last name", max_length=100)
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        past_only=True,
        allow_today=True,
        help_text="For example, 27 3 2016",
    )
    expected_delivery_date = GovukDateField(
        label="Expected date of delivery",
        required=False,
        help_text="Unborn babies only. For example, 14 6 2027",
    )
    sex = forms.ChoiceField(
        label="Sex", choices=SEX_CHOICES, required=False, widget=GovukRadioSelect(inline=True)
    )
    relationship = _short_text(
        "Relationship to the child or adult", help_text="For example, mother, stepfather, sibling"
    )
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        help_text="10 digits, for example 999 000 0018",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        help_text="13 characters, starting with a letter",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    address_line1 = _short_text("Address", help_text="House number and street")
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    school = _short_text("School or nursery")
    gp_practice = _short_text("GP practice")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_name"].required = True
        self.fields["given_name"].error_messages["required"] = (
            "Enter the person's first name, or 'Unknown'"
        )
        self.fields["family_name"].required = True
        self.fields["family_name"].error_messages["required"] = (
            "Enter the person's last name, or 'Unknown'"
        )

    def clean_nhs_number(self) -> str:
        value = canonical_identifier(self.cleaned_data["nhs_number"])
        if not value:
            return ""
        if len(value) != 10 or not (value.isascii() and value.isdigit()):
            raise forms.ValidationError("NHS number must be 10 digits")
        if not is_valid_nhs_number(value):
            raise forms.ValidationError(
                "Enter a real NHS number: the last digit does not match the others"
            )
        return value

    def clean_upn(self) -> str:
        value = canonical_identifier(self.cleaned_data["upn"])
        if not value:
            return ""
        if len(value) != 13 or not (value.isascii() and value[1:12].isdigit()):
            raise forms.ValidationError("UPN must be a letter followed by 12 characters")
        if not is_valid_upn(value):
            raise forms.ValidationError(
                "Enter a real UPN: the first letter does not match the other characters"
            )
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        if not is_valid_postcode(value):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        return normalise_postcode(value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == "household" and not data.get("relationship", "").strip():
            self.add_error("relationship", "Enter the person's relationship to the child or adult")
        self._check_unborn(data)
        return data

    def _check_unborn(self, data: dict[str, Any]) -> None:
        edd = data.get("expected_delivery_date")
        if data.get("kind") != "unborn":
            if edd:
                self.add_error(
                    "expected_delivery_date",
                    "Remove the expected date of delivery, or select 'An unborn baby'",
                )
            return
        if data.get("date_of_birth"):
            self.add_error(
                "date_of_birth",
                "An unborn baby has no date of birth: remove it and give the expected date "
                "of delivery",
            )
        if "expected_delivery_date" in self.errors:
            return
        if edd is None:
            self.add_error("expected_delivery_date", "Enter the expected date of delivery")
        elif message := expected_delivery_date_problem(edd, today=timezone.localdate()):
            self.add_error("expected_delivery_date", message)

    @property
    def person_label(self) -> str:
        """'Person 2' for the second form of the staff intake page (error summary prefix)."""
        index = (self.prefix or "").rsplit("-", 1)[-1]
        return f"Person {int(index) + 1}" if index.isdigit() else "Person"

    def as_draft(self) -> dict[str, Any]:
        """JSON-safe answers for a draft (dates as ISO strings)."""
        data = dict(self.cleaned_data)
        for name in ("date_of_birth", "expected_delivery_date"):
            value = data.get(name)
            data[name] = value.isoformat() if value else ""
        return data


def categories_for(applies_to: set[str]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group code, group label, [(code, label)]) of the active categories, in order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in ConcernCategory.objects.filter(is_active=True, applies_to__in=applies_to):
        groups.setdefault(category.group or "other", []).append((category.code, category.label))
    return [
        (g, GROUP_LABELS.get(g, g.replace("_", " ").capitalize()), c) for g, c in groups.items()
    ]


class CategoriesMixin:
    """One checkbox fieldset per category group: long lists are easier to scan in groups."""

    category_groups: list[tuple[str, str, list[tuple[str, str]]]]

    def add_category_fields(self, applies_to: set[str]) -> None:
        self.category_groups = categories_for(applies_to)
        for group, label, choices in self.category_groups:
            field = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=GovukCheckboxSelectMultiple(small=True),
            )
            govuk_options(field, optional_suffix=False, label_class="govuk-fieldset__legend--s")
            self.fields[f"categories_{group}"] = field  # type: ignore[attr-defined]

    def category_bound_fields(self) -> list[Any]:
        return [self[f"categories_{group}"] for group, _, _ in self.category_groups]  # type: ignore[index]

    def chosen_categories(self) -> list[str]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return [
            code
            for group, _, _ in self.category_groups
            for code in data.get(f"categories_{group}", [])
        ]

    def initial_categories(self, codes: list[str]) -> dict[str, list[str]]:
        chosen = set(codes)
        return {
            f"categories_{group}": [code for code, _ in choices if code in chosen]
            for group, _, choices in self.category_groups
        }


class ConcernForm(CategoriesMixin, forms.Form):
    concern = forms.CharField(
        label="Describe what happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=within_limit("concern"),
        help_text="Say what you saw or were told, when, and by whom. Use the child's or adult's "
        "own words where you can.",
        error_messages={"required": "Enter what happened"},
    )
    incident_date = GovukDateField(
        label="When did it happen?",
        required=False,
        past_only=True,
        allow_today=True,
        error_label="The date it happened",
        help_text="For example, 27 3 2026",
    )

    def __init__(self, *args: Any, applies_to: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_options(self.fields["concern"], label_class="govuk-label--m")
        self.add_category_fields(applies_to)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.category_groups and not self.chosen_categories():
            self.add_error(
                f"categories_{self.category_groups[0][0]}",
                "Select at least one kind of concern",
            )
        return data


class RiskForm(forms.Form):
    immediate_risk = forms.ChoiceField(
        label="Is anyone at immediate risk of harm?",
        choices=YES_NO,
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select yes if anyone is at immediate risk of harm"},
    )
    immediate_risk_details = forms.CharField(
        label="Describe the immediate risk",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=within_limit("immediate_risk_details"),
        help_text="Who is at risk, from whom, and where they are now",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_options(self.fields["immediate_risk"], is_page_heading=True)
        govuk_options(self.fields["immediate_risk_details"], optional_suffix=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("immediate_risk") == "yes"
            and not data.get("immediate_risk_details", "").strip()
        ):
            self.add_error("immediate_risk_details", "Describe the immediate risk")
        return data


class ConsentForm(forms.Form):
    family_told = forms.ChoiceField(
        label="Have the family been told about this referral?",
        choices=FamilyTold.choices,
        widget=GovukRadioSelect(),
        error_messages={"required": "Select whether the family have been told"},
    )
    consent = forms.ChoiceField(
        label="Did the parents, carers or adult agree to the referral?",
        choices=[
            (ConsentStatus.GIVEN, "Yes, they agreed"),
            (ConsentStatus.REFUSED, "No, they refused"),
            (ConsentStatus.NOT_SOUGHT, "I did not ask them"),
        ],
        widget=GovukRadioSelect(
            hints={
                ConsentStatus.NOT_SOUGHT: "Do not ask if it would put a child or adult at risk of "
                "harm, or could affect a police investigation."
            }
        ),
        error_messages={"required": "Select whether they agreed to the referral"},
    )
    consent_reason = forms.CharField(
        label="Why did you not ask, or what did they say?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=within_limit("consent_reason"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_options(self.fields["consent_reason"], optional_suffix=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        needs_reason = data.get("consent") in (ConsentStatus.REFUSED, ConsentStatus.NOT_SOUGHT)
        if needs_reason and not data.get("consent_reason", "").strip():
            self.add_error(
                "consent_reason",
                "Enter why you did not ask for consent"
                if data.get("consent") == ConsentStatus.NOT_SOUGHT
                else "Enter what they said when they refused",
            )
        return data


class StaffContactForm(CategoriesMixin, RiskForm, ConsentForm):
    """A contact taken by phone or email: everything on one page (subjects are a formset)."""

    channel = forms.ChoiceField(
        label="How did the contact arrive?",
        choices=[(Channel.PHONE, "Phone"), (Channel.EMAIL, "Email")],
        widget=GovukRadioSelect(inline=True),
        error_messages={"required": "Select phone or email"},
    )
    received_date = GovukDateField(
        label="Date received",
        past_only=True,
        allow_today=True,
        error_messages={"required": "Enter the date the contact was received"},
    )
    received_time = forms.TimeField(
        label="Time received",
        help_text="24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time the contact was received",
            "invalid": "Enter the time in 24-hour format, like 14:30",
        },
    )
    source_agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        empty_label="Select an agency",
        error_messages={"required": "Select the agency the contact came from"},
    )
    referrer_name = _short_text("Referrer's name", required=True)
    referrer_role = _short_text("Referrer's role")
    referrer_email = forms.EmailField(
        label="Referrer's email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    referrer_phone = forms.CharField(
        label="Referrer's phone number",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    concern = ConcernForm.base_fields["concern"]
    incident_date = ConcernForm.base_fields["incident_date"]
    contact_kind = forms.ChoiceField(
        label="Is this a referral or a request for advice?",
        choices=[
            ("referral", "A referral"),
            ("consultation", "A named consultation: a professional asking for advice"),
            ("anonymous", "An anonymous consultation: the family is not named"),
        ],
        initial="referral",
        widget=GovukRadioSelect(
            hints={
                "anonymous": "Discouraged: an unnamed family's history cannot be found. "
                "Ask for names first."
            }
        ),
        error_messages={"required": "Select a referral or a consultation"},
    )
    anonymous_reason = forms.CharField(
        label="Why the family cannot be named",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=within_limit("anonymous_reason"),
        help_text="Needed for an anonymous consultation",
    )

    field_order = [
        "channel",
        "received_date",
        "received_time",
        "source_agency",
        "referrer_name",
        "referrer_role",
        "referrer_email",
        "referrer_phone",
        "concern",
        "incident_date",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referrer_name"].error_messages["required"] = "Enter the referrer's name"
        self.fields["concern"].label = "What happened?"
        for name in ("immediate_risk", "family_told", "consent", "concern"):
            govuk_options(self.fields[name], is_page_heading=False, label_class="")
        self.add_category_fields({"child", "adult"})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("contact_kind") == "anonymous" and not data.get("anonymous_reason", "").strip():
            self.add_error("anonymous_reason", "Enter why the family cannot be named")
        return data

    @property
    def is_consultation(self) -> bool:
        return self.cleaned_data.get("contact_kind") in ("consultation", "anonymous")

    @property
    def is_anonymous(self) -> bool:
        return self.cleaned_data.get("contact_kind") == "anonymous"


class SubjectResolveForm(forms.Form):
    """Choose one of a subject's possible matches, or say they are someone new."""

    person = forms.ChoiceField(
        label="Is this one of these people?",
        widget=GovukRadioSelect(),
        error_messages={"required": "Select the matching person, or that this is a new person"},
    )

    def __init__(self, *args: Any, candidates: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices, hints = [], {}
        for candidate in candidates:
            person = candidate["person"]
            key = str(person.pk)
            if getattr(person, "masked", False):
                # Linking needs sight of the record: break-glass first, then choose.
                continue
            born = (
                person.date_of_birth.strftime("%-d %B %Y") if person.date_of_birth else "not known"
            )
            label = f"{person.given_name} {person.family_name}, born {born}"
            if person.is_unborn and person.expected_delivery_date:
                expected = person.expected_delivery_date.strftime("%-d %B %Y")
                label = f"{person.given_name} {person.family_name}, unborn, expected {expected}"
            choices.append((key, label))
            reasons = ", ".join(candidate.get("reasons", []))
            hints[key] = f"Score {round(100 * candidate['score'])}%" + (
                f": {reasons}" if reasons else ""
            )
        choices.append(("new", "None of these: create a new person"))
        form_field(self, "person", forms.ChoiceField).choices = choices
        self.fields["person"].widget.hints = hints
        govuk_options(self.fields["person"], label_class="govuk-fieldset__legend--s")


UNRATED = "none"


class ContactListFilterForm(forms.Form):
    """The contacts list's filters (a GET form, the MoJ filter pattern): RAG, status, team and
    the received date range. A bad date is explained on its field; the other filters still apply."""

    rag = forms.ChoiceField(
        required=False,
        label="RAG rating",
        choices=[("", "Any"), *Rag.choices, (UNRATED, "Not rated")],
    )
    status = forms.ChoiceField(
        required=False, label="Status", choices=[("", "Any"), *ContactStatus.choices]
    )
    team = forms.TypedChoiceField(required=False, label="Team", coerce=int, empty_value=None)
    received_from = GovukDateField(
        required=False, label="Received on or after", error_label="The first date"
    )
    received_to = GovukDateField(
        required=False, label="Received on or before", error_label="The last date"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(is_active=True).order_by("name").values_list("pk", "name")
        form_field(self, "team", forms.TypedChoiceField).choices = [("", "Any"), *teams]
        for name in ("rag", "status", "team", "received_from", "received_to"):
            govuk_options(self.fields[name], optional_suffix=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("received_from"), data.get("received_to")
        if first and last and last < first:
            self.add_error("received_to", "The last date must be the same as or after the first")
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is left out, and its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if data.get(name)}

    def chosen(self) -> list[dict[str, str]]:
        """The selected filters as MoJ filter tags, each with the link that removes it."""
        tags = []
        for name, value in self.filters().items():
            field = self.fields[name]
            if isinstance(field, GovukDateField):
                text = f"{field.label} {govuk_date(value)}"
            else:
                words = {str(key): label for key, label in field.choices}  # type: ignore[attr-defined]
                text = f"{field.label}: {words.get(str(value), value)}"
            rest = QueryDict(mutable=True)
            rest.update(self.data)
            for key in [k for k in rest if k == name or k.startswith(f"{name}_")] + ["page"]:
                rest.pop(key, None)
            tags.append({"text": text, "query": rest.urlencode()})
        return tags
