"""Administration of the front door's local settings: the two threshold scales (levels and
indicators), the RAG timescales and the decision checks. Administrators only (ADR 0005); saving
goes through the audited services, and every list links to the history of changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from openmash.core.admin_site import AdministratorsOnly, admin_site
from openmash.core.errors import ApplicationError
from openmash.core.http import signed_in_user
from openmash.frontdoor.models import (
    DecisionCheck,
    RagTimescale,
    ThresholdIndicator,
    ThresholdLevel,
)
from openmash.frontdoor.services import settings as services
from openmash.frontdoor.services.checks import decision_check_update

HISTORY_LIST = "admin/frontdoor/change_list_with_history.html"


def _as_validation_error(error: ApplicationError) -> ValidationError:
    return ValidationError({error.field: error.message} if error.field else error.message)


class SettingsAdmin(AdministratorsOnly):
    change_list_template = HISTORY_LIST

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the four levels and the four ratings are fixed; their words are not


class ThresholdLevelForm(forms.ModelForm):
    class Meta:
        model = ThresholdLevel
        fields = ["label", "description", "typical_response"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        try:
            services.threshold_level_check(label=data.get("label") or "")
        except ApplicationError as error:
            raise _as_validation_error(error) from error
        return data


class ThresholdLevelAdmin(SettingsAdmin):
    form = ThresholdLevelForm
    list_display = ["scale", "number", "label", "typical_response", "updated_at"]
    list_filter = ["scale"]
    readonly_fields = ["scale", "number", "updated_at"]
    fields = ["scale", "number", "label", "description", "typical_response", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: ThresholdLevel, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        services.threshold_level_update(
            actor=signed_in_user(request),
            level=obj,
            label=data["label"],
            description=data.get("description", ""),
            typical_response=data.get("typical_response", ""),
        )


class ThresholdIndicatorForm(forms.ModelForm):
    class Meta:
        model = ThresholdIndicator
        fields = [
            "scale",
            "code",
            "level",
            "domain",
            "subdomain",
            "text",
            "sort_order",
            "is_active",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        values = {
            "scale": data.get("scale") or self.instance.scale,
            "code": (data.get("code") or self.instance.code or "").strip(),
            "level": data.get("level"),
            "domain": (data.get("domain") or "").strip(),
            "text": (data.get("text") or "").strip(),
        }
        try:
            services.threshold_indicator_check(
                indicator=self.instance if self.instance.pk else None, data=values
            )
        except ApplicationError as error:
            raise _as_validation_error(error) from error
        return data


class ThresholdIndicatorAdmin(AdministratorsOnly):
    form = ThresholdIndicatorForm
    change_list_template = HISTORY_LIST
    list_display = ["code", "scale", "level", "domain", "subdomain", "short_text", "is_active"]
    list_filter = ["scale", "level", "domain", "is_active"]
    search_fields = ["code", "text"]

    @staticmethod
    def short_text(indicator: ThresholdIndicator) -> str:
        return indicator.text if len(indicator.text) <= 90 else indicator.text[:87] + "..."

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A code and a scale never change once created: retire the indicator and add a new one.
        return ["scale", "code", "updated_at"] if obj else ["updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only an indicator nobody has ticked: a used one is retired (untick "Is active").
        return bool(
            obj is not None
            and self._administers(request)
            and not services.threshold_indicator_is_used(obj)
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(
        self, request: HttpRequest, obj: ThresholdIndicator, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = services.threshold_indicator_save(
            actor=signed_in_user(request),
            indicator=obj if change else None,
            scale=obj.scale if change else data["scale"],
            code=obj.code if change else data["code"],
            level=data["level"],
            domain=data["domain"],
            subdomain=data.get("subdomain", ""),
            text=data["text"],
            sort_order=data.get("sort_order") or 0,
            is_active=data.get("is_active", False),
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: ThresholdIndicator) -> None:
        services.threshold_indicator_delete(actor=signed_in_user(request), indicator=obj)


class RagTimescaleForm(forms.ModelForm):
    class Meta:
        model = RagTimescale
        fields = ["label", "meaning", "amount", "unit", "information_return_hours"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            services.rag_timescale_check(
                timescale=self.instance,
                label=data.get("label") or "",
                amount=data.get("amount"),
                unit=data.get("unit") or "",
                information_return_hours=data.get("information_return_hours"),
            )
        except ApplicationError as error:
            raise _as_validation_error(error) from error
        return data


class RagTimescaleAdmin(SettingsAdmin):
    form = RagTimescaleForm
    list_display = ["rating", "label", "amount", "unit", "information_return_hours"]
    readonly_fields = ["rating", "updated_at"]
    fields = ["rating", "label", "meaning", "amount", "unit", "information_return_hours"]

    def save_model(self, request: HttpRequest, obj: RagTimescale, form: Any, change: bool) -> None:
        data = form.cleaned_data
        services.rag_timescale_update(
            actor=signed_in_user(request),
            timescale=obj,
            label=data["label"],
            amount=data.get("amount"),
            unit=data["unit"],
            meaning=data.get("meaning", ""),
            information_return_hours=data.get("information_return_hours"),
        )


class DecisionCheckAdmin(SettingsAdmin):
    """What happens when a proposed decision goes against a rule: the rules are fixed, the
    council chooses each one's action (docs/frontdoor-decision-checks.md)."""

    list_display = ["label", "action", "updated_at"]
    readonly_fields = ["code", "label", "updated_at"]
    fields = ["label", "action", "code", "updated_at"]

    def save_model(self, request: HttpRequest, obj: DecisionCheck, form: Any, change: bool) -> None:
        decision_check_update(
            actor=signed_in_user(request), check=obj, action=form.cleaned_data["action"]
        )


admin_site.register(ThresholdLevel, ThresholdLevelAdmin)
admin_site.register(DecisionCheck, DecisionCheckAdmin)
admin_site.register(ThresholdIndicator, ThresholdIndicatorAdmin)
admin_site.register(RagTimescale, RagTimescaleAdmin)
