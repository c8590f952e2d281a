"""Front-door pages: threshold support on a contact (the children's continuum for its children;
the adults' risk thresholds and the s42(1) tests for each adult), its panel on the contact page,
and the history of administrators' changes to the front door's local settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from openmash.contacts.models import Contact, ContactSubject
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.models import AuditEvent
from openmash.frontdoor.forms.thresholds import SUGGEST, ThresholdForm
from openmash.frontdoor.models import (
    S42Answer,
    ThresholdAssessment,
    ThresholdIndicator,
    ThresholdLevel,
)
from openmash.frontdoor.permissions import can_work_contacts, contact_get_for_work
from openmash.frontdoor.scales import ADULTS, CHILDREN, Scale
from openmash.frontdoor.services.s42 import S42_TESTS, S42Test, S42Tests
from openmash.frontdoor.services.settings import SETTINGS_VERBS
from openmash.frontdoor.services.thresholds import (
    Suggestion,
    contact_adults,
    contact_scales,
    threshold_assess,
    threshold_indicators_active,
    threshold_levels,
    threshold_suggest,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User

PANEL_HISTORY = 10


@dataclass
class IndicatorGroup:
    """A details section of the page: a level (children) or a type of abuse (adults), with its
    indicators in fieldsets (by domain for children; one fieldset for adults)."""

    title: str
    description: str = ""
    fieldsets: dict[str, tuple[str, list[ThresholdIndicator]]] = field(default_factory=dict)
    ticked: int = 0


def _grouped(
    spec: Scale,
    levels: list[ThresholdLevel],
    indicators: list[ThresholdIndicator],
    ticked: set[str],
) -> list[IndicatorGroup]:
    """Children: by level, then by domain. Adults: by type of abuse or neglect, each indicator
    with its level, because a worker screening a financial abuse concern looks for that type."""
    if spec.by_domain:
        groups = _by_domain(spec, levels, indicators, ticked)
    else:
        groups = _by_level(spec, levels, indicators, ticked)
    # Checkbox ids in page order; the first is where the error summary sends focus.
    position = 0
    for group in groups:
        for _, members in group.fieldsets.values():
            for indicator in members:
                indicator.input_id = f"id_indicators_{position}"  # type: ignore[attr-defined]
                position += 1
    return groups


def _by_domain(
    spec: Scale,
    levels: list[ThresholdLevel],
    indicators: list[ThresholdIndicator],
    ticked: set[str],
) -> list[IndicatorGroup]:
    names = {level.number: level.label for level in levels}
    groups: dict[str, IndicatorGroup] = {}
    for indicator in sorted(indicators, key=lambda i: (_domain_rank(spec, i.domain), i.level)):
        title = spec.domain_label(indicator.domain)
        group = groups.setdefault(indicator.domain, IndicatorGroup(title))
        hint = names.get(indicator.level, f"Level {indicator.level}")
        indicator.hint = hint  # type: ignore[attr-defined]
        group.fieldsets.setdefault("", (title, []))[1].append(indicator)
        group.ticked += indicator.code in ticked
    return list(groups.values())


def _by_level(
    spec: Scale,
    levels: list[ThresholdLevel],
    indicators: list[ThresholdIndicator],
    ticked: set[str],
) -> list[IndicatorGroup]:
    groups = {
        level.number: IndicatorGroup(f"Level {level.number}: {level.label}", level.description)
        for level in levels
    }
    for indicator in indicators:
        if indicator.level not in groups:
            continue
        group = groups[indicator.level]
        legend = spec.domain_label(indicator.domain)
        group.fieldsets.setdefault(indicator.domain, (legend, []))[1].append(indicator)
        indicator.hint = ""  # type: ignore[attr-defined]
        group.ticked += indicator.code in ticked
    return list(groups.values())


def _domain_rank(spec: Scale, domain: str) -> int:
    order = list(spec.domain_labels)
    return order.index(domain) if domain in order else len(order)


def _suggestion(
    codes: set[str], spec: Scale, s42: S42Tests | None
) -> tuple[Suggestion | None, ApplicationError | None]:
    """The suggestion for what the page holds, or why there is none (shown when asked for)."""
    if not codes and s42 is None:
        return None, None
    try:
        return threshold_suggest(codes, scale=spec.code, s42=s42), None
    except ApplicationError as error:
        return None, error


def _form_error(form: ThresholdForm, error: ApplicationError) -> None:
    name = error.field if error.field in form.fields else None
    form.add_error(name, error.message)


def _latest(contact: Contact, spec: Scale, subject: ContactSubject | None) -> Any:
    return (
        contact.threshold_assessments.filter(scale=spec.code, subject=subject)
        .order_by("-assessed_at", "-pk")
        .first()
    )


def _initial(contact: Contact, latest: ThresholdAssessment | None, ticked: set[str]) -> dict:
    initial: dict[str, Any] = {"indicators": sorted(ticked), "version": contact.version}
    if latest is not None:
        initial["chosen_level"] = latest.chosen_level
        for name, _, _ in S42_TESTS:
            initial[name] = getattr(latest, name) or S42Answer.NOT_KNOWN
            initial[f"{name}_note"] = getattr(latest, f"{name}_note")
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def threshold_assess_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    """The children's continuum for the contact's children. An adult-only contact never shows it:
    the page sends the worker to the adult's screening (or to the panel when there are several)."""
    contact = contact_get_for_work(request.user, contact_id)
    if CHILDREN not in contact_scales(contact):
        adults = contact_adults(contact)
        if len(adults) == 1:
            return redirect("frontdoor:threshold_adult", contact.pk, adults[0].pk)
        return redirect(reverse("contacts:detail", args=[contact.pk]) + "#threshold")
    return _assess_page(request, contact, CHILDREN, None)


@require_http_methods(["GET", "POST"])
@login_required
def threshold_assess_adult_view(
    request: AuthenticatedHttpRequest, contact_id: int, subject_id: int
) -> HttpResponse:
    """The adults' risk thresholds and the s42(1) tests for one adult the contact is about."""
    contact = contact_get_for_work(request.user, contact_id)
    subject = next((s for s in contact_adults(contact) if s.pk == subject_id), None)
    if subject is None:
        raise Http404
    return _assess_page(request, contact, ADULTS, subject)


def _assess_page(
    request: AuthenticatedHttpRequest,
    contact: Contact,
    spec: Scale,
    subject: ContactSubject | None,
) -> HttpResponse:
    levels, indicators = threshold_levels(spec.code), threshold_indicators_active(spec.code)
    active = {i.code for i in indicators}
    latest = _latest(contact, spec, subject)
    kwargs: dict[str, Any] = {"levels": levels, "indicators": indicators, "scale": spec}
    if request.method == "POST":
        form = ThresholdForm(request.POST, **kwargs)
        ticked = set(request.POST.getlist("indicators"))
        valid = form.is_valid()
        s42 = form.s42_tests() if spec is ADULTS else None
        if form.wants_suggestion:
            form.errors.pop("chosen_level", None)  # the level is not asked for yet
        elif valid:
            try:
                threshold_assess(
                    contact=contact,
                    actor=request.user,
                    indicator_codes=form.cleaned_data["indicators"],
                    chosen_level=form.cleaned_data["chosen_level"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    scale=spec.code,
                    subject=subject,
                    s42=s42,
                )
            except ConflictError as error:
                form.add_error(None, error.message)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _saved_message(spec, subject))
                return redirect(reverse("contacts:detail", args=[contact.pk]) + "#threshold")
    else:
        ticked = {i["code"] for i in latest.indicators} & active if latest else set()
        s42 = _latest_s42(latest) if spec is ADULTS and latest else None
        form = ThresholdForm(initial=_initial(contact, latest, ticked), **kwargs)
    suggestion, problem = _suggestion(ticked & active, spec, s42)
    if problem is not None and form.is_bound and form.wants_suggestion:
        _form_error(form, problem)
    form.mark_suggested(suggestion.level if suggestion else None)
    return render(
        request,
        "frontdoor/thresholds/assess.html",
        {
            "contact": contact,
            "scale": spec,
            "subject": subject,
            "form": form,
            "groups": _grouped(spec, levels, indicators, ticked),
            "ticked": ticked,
            "suggestion": suggestion,
            "suggest_action": SUGGEST,
            "page_title": f"{spec.title}: contact {contact.reference}",
        },
    )


def _latest_s42(latest: ThresholdAssessment) -> S42Tests:
    return S42Tests(
        {
            name: S42Test(
                answer=getattr(latest, name) or S42Answer.NOT_KNOWN,
                note=getattr(latest, f"{name}_note"),
            )
            for name, _, _ in S42_TESTS
        }
    )


def _saved_message(spec: Scale, subject: ContactSubject | None) -> str:
    if spec is ADULTS and subject is not None:
        return (
            f"Risk level and section 42 tests saved for {subject.given_name} {subject.family_name}"
        )
    return "Threshold level saved"


@dataclass
class PanelSection:
    """One scale's part of the contact page's threshold panel (one per adult on the adults')."""

    scale: Scale
    subject: ContactSubject | None
    assess_url: str
    levels: dict[int, str]
    latest: ThresholdAssessment | None = None
    earlier: list[ThresholdAssessment] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.subject is not None:
            return f"{self.scale.title}: {self.subject.given_name} {self.subject.family_name}"
        return self.scale.title

    @property
    def drivers(self) -> list[dict[str, Any]]:
        if self.latest is None:
            return []
        driven = set(self.latest.drivers)
        return [item for item in self.latest.indicators if item["code"] in driven]

    @property
    def below_suggestion(self) -> bool:
        latest = self.latest
        return bool(
            latest and latest.suggested_level and latest.chosen_level < latest.suggested_level
        )

    def level_words(self, number: int | None) -> str:
        if number is None:
            return ""
        label = self.levels.get(number)
        if self.scale is ADULTS and label:
            return f"{label} (level {number})"
        return f"Level {number}" + (f": {label}" if label else "")

    @property
    def summary(self) -> str:
        if self.subject is not None:
            return f"{self.subject.given_name} {self.subject.family_name}: {self.chosen}"
        return self.chosen

    @property
    def chosen(self) -> str:
        return self.level_words(self.latest.chosen_level if self.latest else None)

    @property
    def suggested(self) -> str:
        return self.level_words(self.latest.suggested_level if self.latest else None)

    @property
    def earlier_rows(self) -> list[tuple[ThresholdAssessment, str, str]]:
        """(assessment, suggested, chosen) with the levels in words."""
        return [
            (
                each,
                self.level_words(each.suggested_level) or "None",
                self.level_words(each.chosen_level),
            )
            for each in self.earlier
        ]

    @property
    def s42_rows(self) -> list[tuple[str, str, str]]:
        """(question, answer, note) for the latest adult screening."""
        if self.latest is None or self.scale is not ADULTS:
            return []
        answers = dict(S42Answer.choices)
        return [
            (
                question,
                str(answers.get(getattr(self.latest, name), "Not yet known")),
                getattr(self.latest, f"{name}_note"),
            )
            for name, question, _ in S42_TESTS
        ]

    @property
    def s42_duty(self) -> str:
        rows = [getattr(self.latest, name) for name, _, _ in S42_TESTS] if self.latest else []
        if not rows:
            return ""
        if S42Answer.NO in rows:
            return "Not met"
        if all(answer == S42Answer.YES for answer in rows):
            return "Met: all three tests answered yes"
        return "Not yet known"


def panel_context(user: User, contact: Contact) -> dict[str, Any]:
    """The threshold panel on the contact page: for each scale the contact is assessed on (and
    each adult), the latest assessment (suggested and chosen levels, the drivers, the s42 tests)
    and the earlier ones. A fixed number of queries: subjects, levels, assessments."""
    scales = contact_scales(contact)
    levels: dict[str, dict[int, str]] = {spec.code: {} for spec in scales}
    for level in ThresholdLevel.objects.filter(scale__in=list(levels)):
        levels[level.scale][level.number] = level.label
    sections = []
    for spec in scales:
        if spec is CHILDREN:
            url = reverse("frontdoor:threshold", args=[contact.pk])
            sections.append(PanelSection(spec, None, url, levels[spec.code]))
            continue
        for adult in contact_adults(contact):
            url = reverse("frontdoor:threshold_adult", args=[contact.pk, adult.pk])
            sections.append(PanelSection(spec, adult, url, levels[spec.code]))
    by_key = {(s.scale.code, s.subject.pk if s.subject else None): s for s in sections}
    assessments = (
        ThresholdAssessment.objects.filter(contact=contact)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-pk")[: PANEL_HISTORY * max(len(sections), 1)]
    )
    for assessment in assessments:
        section = by_key.get((assessment.scale, assessment.subject_id))
        if section is None:
            continue
        if section.latest is None:
            section.latest = assessment
        elif len(section.earlier) < PANEL_HISTORY - 1:
            section.earlier.append(assessment)
    return {
        "threshold_panel": {
            "sections": sections,
            # The front-door summary's "Threshold level", in the words of each scale.
            "summary": [section.summary for section in sections if section.latest],
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
    path(
        "contacts/<int:contact_id>/threshold/adults/<int:subject_id>/",
        threshold_assess_adult_view,
        name="threshold_adult",
    ),
    path("settings/history/", settings_history, name="settings_history"),
]
