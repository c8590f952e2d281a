"""Front-door pages: threshold support on a contact, its panel on the contact page, and the history
of administrators' changes to the front door's local settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from openmash.contacts.models import Contact
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.models import AuditEvent
from openmash.frontdoor.continuum_defaults import DOMAIN_LABELS
from openmash.frontdoor.forms.thresholds import SUGGEST, ThresholdForm
from openmash.frontdoor.models import ThresholdAssessment, ThresholdIndicator, ThresholdLevel
from openmash.frontdoor.permissions import can_work_contacts, contact_get_for_work
from openmash.frontdoor.services.settings import SETTINGS_VERBS
from openmash.frontdoor.services.thresholds import (
    Suggestion,
    threshold_assess,
    threshold_indicators_active,
    threshold_levels,
    threshold_suggest,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User

PANEL_HISTORY = 10


@dataclass
class DomainGroup:
    code: str
    label: str
    indicators: list[ThresholdIndicator] = field(default_factory=list)


@dataclass
class LevelGroup:
    level: ThresholdLevel
    domains: dict[str, DomainGroup] = field(default_factory=dict)
    ticked: int = 0


def _grouped(
    levels: list[ThresholdLevel], indicators: list[ThresholdIndicator], ticked: set[str]
) -> list[LevelGroup]:
    """Indicators by level, then by domain, in the continuum's order."""
    groups = {level.number: LevelGroup(level=level) for level in levels}
    for indicator in indicators:
        group = groups.get(indicator.level)
        if group is None:
            continue
        code = indicator.domain
        domain = group.domains.setdefault(code, DomainGroup(code, DOMAIN_LABELS.get(code, code)))
        domain.indicators.append(indicator)
        group.ticked += indicator.code in ticked
    # Checkbox ids in page order; the first is where the error summary sends focus.
    position = 0
    for group in groups.values():
        for domain in group.domains.values():
            for indicator in domain.indicators:
                indicator.input_id = f"id_indicators_{position}"  # type: ignore[attr-defined]
                position += 1
    return list(groups.values())


def _suggestion(codes: set[str]) -> Suggestion | None:
    if not codes:
        return None
    try:
        return threshold_suggest(codes)
    except ApplicationError:
        return None


def _form_error(form: ThresholdForm, error: ApplicationError) -> None:
    name = error.field if error.field in form.fields else None
    form.add_error(name, error.message)


@require_http_methods(["GET", "POST"])
@login_required
def threshold_assess_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    levels, indicators = threshold_levels(), threshold_indicators_active()
    active = {i.code for i in indicators}
    if request.method == "POST":
        ticked = set(request.POST.getlist("indicators"))
    else:
        latest = contact.threshold_assessments.order_by("-assessed_at", "-pk").first()
        ticked = {i["code"] for i in latest.indicators} & active if latest else set()
    suggestion = _suggestion(ticked & active)
    kwargs: dict[str, Any] = {
        "levels": levels,
        "indicators": indicators,
        "suggested": suggestion.level if suggestion else None,
    }
    if request.method == "POST":
        form = ThresholdForm(request.POST, **kwargs)
        if not form.wants_suggestion and form.is_valid():
            try:
                threshold_assess(
                    contact=contact,
                    actor=request.user,
                    indicator_codes=form.cleaned_data["indicators"],
                    chosen_level=form.cleaned_data["chosen_level"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as error:
                form.add_error(None, error.message)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Threshold level saved")
                return redirect("contacts:detail", contact.pk)
        elif form.wants_suggestion:
            form.is_valid()  # shows unknown indicators; the level is not asked for yet
            form.errors.pop("chosen_level", None)
    else:
        initial = {
            "indicators": sorted(ticked),
            "version": contact.version,
            "chosen_level": contact.threshold_level,
        }
        form = ThresholdForm(initial=initial, **kwargs)
    return render(
        request,
        "frontdoor/thresholds/assess.html",
        {
            "contact": contact,
            "form": form,
            "groups": _grouped(levels, indicators, ticked),
            "ticked": ticked,
            "suggestion": suggestion,
            "suggested_level": next(
                (level for level in levels if suggestion and level.number == suggestion.level),
                None,
            ),
            "suggest_action": SUGGEST,
            "page_title": f"Threshold: contact {contact.reference}",
        },
    )


def panel_context(user: User, contact: Contact) -> dict[str, Any]:
    """The threshold panel on the contact page: latest assessment, suggested vs chosen level,
    drivers, and the earlier assessments (one query, at most PANEL_HISTORY rows)."""
    assessments = list(
        ThresholdAssessment.objects.filter(contact=contact)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-pk")[:PANEL_HISTORY]
    )
    latest = assessments[0] if assessments else None
    drivers = []
    if latest:
        driven = set(latest.drivers)
        drivers = [item for item in latest.indicators if item["code"] in driven]
    return {
        "threshold_panel": {
            "latest": latest,
            "drivers": drivers,
            "earlier": assessments[1:],
            "below_suggestion": bool(
                latest and latest.suggested_level and latest.chosen_level < latest.suggested_level
            ),
            "can_assess": can_work_contacts(user) and contact.is_open,
        }
    }


@dataclass
class SettingChange:
    event: AuditEvent
    changes: list[tuple[str, Any, Any]]


def _fmt(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@require_GET
@login_required
def settings_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who changed the continuum of need or a RAG timescale, when, and from what to what."""
    user = request.user
    if not (user.has_capability("administers") or user.has_capability("audits")):
        raise PermissionDenied
    events = (
        AuditEvent.objects.filter(verb__in=SETTINGS_VERBS)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [
        SettingChange(
            event=event,
            changes=[
                (name.replace("_", " "), _fmt(change.get("before")), _fmt(change.get("after")))
                for name, change in (event.summary.get("changes") or {}).items()
            ],
        )
        for event in page.object_list
    ]
    return render(
        request,
        "frontdoor/thresholds/settings_history.html",
        {
            "page": page,
            "rows": rows,
            "can_administer": user.has_capability("administers"),
            "page_title": "History of changes to local settings",
        },
    )


urlpatterns: list[URLPattern] = [
    path(
        "contacts/<int:contact_id>/threshold/",
        threshold_assess_view,
        name="threshold",
    ),
    path("settings/history/", settings_history, name="settings_history"),
]
