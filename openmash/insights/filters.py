"""The filters every figure takes, from a page's query string or the API's: validated once here,
so a bad value is a clear error (a 400 in the API) and never reaches a query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from openmash.accounts.models import Agency, Team, User

LONGEST_PERIOD = timedelta(days=3 * 366)


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    by: str  # "week" or "month"
    team_id: int | None = None
    worker_id: int | None = None
    agency_id: int | None = None
    group: str = ""  # "", "child" or "adult"

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters, for links and the audit row."""
        query = {"from": self.start.isoformat(), "to": self.end.isoformat(), "by": self.by}
        for name, value in (
            ("team", self.team_id),
            ("worker", self.worker_id),
            ("agency", self.agency_id),
        ):
            if value is not None:
                query[name] = str(value)
        if self.group:
            query["group"] = self.group
        return query


class FiltersForm(forms.Form):
    from_ = forms.DateField(required=False, label="From")
    to = forms.DateField(required=False, label="To")
    by = forms.ChoiceField(
        required=False, choices=[("month", "Month"), ("week", "Week")], label="Count by"
    )
    team = forms.ModelChoiceField(queryset=Team.objects.all(), required=False)
    worker = forms.ModelChoiceField(queryset=User.objects.all(), required=False)
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    group = forms.ChoiceField(
        required=False,
        choices=[("", "Children and adults"), ("child", "Children"), ("adult", "Adults")],
        label="Children or adults",
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None and "from" in data:
            data = data.copy()
            data["from_"] = data.get("from")
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        end = cleaned.get("to") or today
        start = cleaned.get("from_") or (end - timedelta(days=364))
        if start > end:
            self.add_error("from_", "The start of the period must be on or before its end")
        elif end - start > LONGEST_PERIOD:
            self.add_error("from_", "Choose a period of 3 years or less")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            by=data.get("by") or "month",
            team_id=data["team"].pk if data.get("team") else None,
            worker_id=data["worker"].pk if data.get("worker") else None,
            agency_id=data["agency"].pk if data.get("agency") else None,
            group=data.get("group") or "",
        )


def default_filters() -> Filters:
    form = FiltersForm({})
    form.is_valid()
    return form.filters()
