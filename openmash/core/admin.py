"""Local settings administrators change: bank holidays (saved and audited by the service)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openmash.core.admin_site import AdministratorsOnly, admin_site
from openmash.core.http import signed_in_user
from openmash.core.models import BankHoliday
from openmash.core.services import bank_holiday_save


class BankHolidayAdmin(AdministratorsOnly):
    list_display = ["day", "name", "is_working_day", "source"]
    list_filter = ["is_working_day", "source"]
    date_hierarchy = "day"

    def save_model(self, request: HttpRequest, obj: BankHoliday, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = bank_holiday_save(
            actor=signed_in_user(request),
            holiday=obj if change else None,
            day=data["day"],
            name=data["name"],
            is_working_day=data.get("is_working_day", False),
            source=data.get("source", ""),
        )
        obj.pk = saved.pk


admin_site.register(BankHoliday, BankHolidayAdmin)
