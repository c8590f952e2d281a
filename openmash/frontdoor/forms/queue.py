"""Forms of the MASH queue: its filters (a GET form), taking and assigning a contact, and the
breach list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.html import format_html_join

from openmash.accounts.models import Agency, Team, User
from openmash.contacts.models import ConcernCategory, Rag
from openmash.core.forms import form_field
from openmash.frontdoor.models import BreachKind
from openmash.frontdoor.registry import breach_clocks
from openmash.frontdoor.selectors.queue import (
    DEFAULT_PAGE_SIZE,
    PAGE_SIZES,
    STAGE_CHOICES,
    UNRATED,
    WORKER_MINE,
    WORKER_UNALLOCATED,
    QueueFilters,
)

ANY = [("", "Any")]


class SelectPanel:
    """A filter panel of GOV.UK selects, built as HTML here: Django renders each <option> of a
    widget through templates, which made the panel the slowest part of the queue page."""

    def panel(self: Any) -> list[dict[str, Any]]:
        data = self.data
        fields = []
        for name, field in self.fields.items():
            chosen = str(data.get(name, "") if hasattr(data, "get") else "")
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, " selected" if str(value) == chosen else "", label)
                    for value, label in field.choices
                ),
            )
            label = field.label or name.replace("_", " ").capitalize()
            fields.append({"name": name, "label": label, "options": options})
        return fields


class QueueFilterForm(SelectPanel, forms.Form):
    """The filter panel; invalid values are ignored (a bookmarked URL never errors)."""

    team = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    worker = forms.ChoiceField(required=False, label="Allocated to")
    agency = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Source agency"
    )
    category = forms.ChoiceField(required=False, label="Concern category")
    who = forms.ChoiceField(
        required=False,
        label="About",
        choices=[*ANY, ("child", "A child"), ("adult", "An adult")],
    )
    rag = forms.ChoiceField(
        required=False, label="RAG rating", choices=[*ANY, *Rag.choices, (UNRATED, "Not rated")]
    )
    stage = forms.ChoiceField(required=False, choices=[*ANY, *STAGE_CHOICES])
    page_size = forms.TypedChoiceField(
        required=False,
        coerce=int,
        # Django returns empty_value as given; the stubs expect a str or None.
        empty_value=DEFAULT_PAGE_SIZE,  # type: ignore[arg-type]
        label="Contacts per page",
        choices=[(n, str(n)) for n in PAGE_SIZES],
    )

    def __init__(self, data: QueryDict, *, workers: list[tuple[str, str]]) -> None:
        super().__init__(data)
        teams = Team.objects.filter(is_active=True).order_by("name").values_list("pk", "name")
        form_field(self, "team", forms.ChoiceField).choices = [*ANY, *teams]
        form_field(self, "worker", forms.ChoiceField).choices = [
            *ANY,
            (WORKER_MINE, "Me"),
            (WORKER_UNALLOCATED, "Nobody (unallocated)"),
            *workers,
        ]
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        form_field(self, "agency", forms.ChoiceField).choices = [
            *ANY,
            *agencies.values_list("pk", "name"),
        ]
        categories = ConcernCategory.objects.filter(is_active=True).values_list("code", "label")
        form_field(self, "category", forms.ChoiceField).choices = [*ANY, *categories]

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            team=data["team"],
            worker=data["worker"],
            agency=data["agency"],
            category=data["category"],
            who=data["who"],
            rag=data["rag"],
            stage=data["stage"],
        )

    def chosen_page_size(self) -> int:
        if self.is_valid():
            return int(self.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE)
        return DEFAULT_PAGE_SIZE


class TakeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Assign to",
        empty_label=None,
        error_messages={"required": "Select a worker", "invalid_choice": "Select a worker"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, they know the family",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "to", forms.ModelChoiceField).queryset = workers


class BreachFilterForm(SelectPanel, forms.Form):
    state = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[("", "Not yet resolved"), ("resolved", "Resolved"), ("all", "All")],
    )
    kind = forms.ChoiceField(required=False, label="Timescale", choices=[*ANY, *BreachKind.choices])
    team = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    agency = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Source agency"
    )

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)
        teams = Team.objects.filter(is_active=True).order_by("name")
        form_field(self, "team", forms.ChoiceField).choices = [
            *ANY,
            *teams.values_list("pk", "name"),
        ]
        form_field(self, "kind", forms.ChoiceField).choices = [
            *ANY,
            *BreachKind.choices,
            *((name, clock.label) for name, clock in breach_clocks.items()),
        ]
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        form_field(self, "agency", forms.ChoiceField).choices = [
            *ANY,
            *agencies.values_list("pk", "name"),
        ]

    def cleaned(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"state": "", "kind": "", "team": None, "agency": None}
        return self.cleaned_data
