"""Local settings administrators change: bank holidays (each change audited)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openmash.accounts.admin import AdministratorsOnly, admin_site
from openmash.core.audit import audit_record
from openmash.core.http import signed_in_user
from openmash.core.models import BankHoliday


class BankHolidayAdmin(AdministratorsOnly):
    list_display = ["day", "name", "is_working_day", "source"]
    list_filter = ["is_working_day", "source"]
    date_hierarchy = "day"

    def save_model(self, request: HttpRequest, obj: BankHoliday, form: Any, change: bool) -> None:
        obj.save()
        audit_record(
            actor=signed_in_user(request),
            verb="setting.bank_holiday_changed" if change else "setting.bank_holiday_added",
            target=obj,
            summary={f: str(form.cleaned_data.get(f)) for f in form.changed_data},
        )


admin_site.register(BankHoliday, BankHolidayAdmin)
