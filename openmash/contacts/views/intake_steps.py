"""Staff intake in sections: the contact, the people, the concern, risk and consent, then check
your answers (GOV.UK's question pages pattern), instead of one page 9,000 pixels long.

The answers live in the session, one intake per `intake` token (so two tabs can record two
contacts), exactly as the page posted them: each section posts its own fields, which replace
that section's earlier answers, so nothing typed on another section is lost and a Change link
on the check page goes back to the section as it was left. Each section shows only its own
errors; the check page records the contact through `contact_create`, as every channel does, and
sends the worker back to the first section with a problem if the service refuses. No JavaScript
is needed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.formsets import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.forms import PersonForm, StaffContactForm
from openmash.contacts.services import ContactInvalidError, contact_create
from openmash.core.dates import govuk_date, govuk_time
from openmash.core.http import AuthenticatedHttpRequest

SESSION_KEY = "staff_intakes"
KEPT = 5  # intakes a session keeps; the oldest goes first
PEOPLE = "people"
CHECK = "check"
NOT_ANSWERS = {"csrfmiddlewaretoken", "intake", "step", "continue", "add_subject", "back_to"}


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...]  # StaffContactForm fields; the people section has the formset


SECTIONS = (
    Section(
        "contact",
        "The contact and who made it",
        (
            "channel",
            "received_date",
            "received_time",
            "source_agency",
            "referrer_name",
            "referrer_role",
            "referrer_email",
            "referrer_phone",
            "contact_kind",
            "anonymous_reason",
        ),
    ),
    Section(PEOPLE, "People involved", ()),
    Section("concern", "The concern", ("concern", "incident_date")),  # and the categories
    Section(
        "risk",
        "Risk and consent",
        ("immediate_risk", "immediate_risk_details", "family_told", "consent", "consent_reason"),
    ),
)
SLUGS = [s.slug for s in SECTIONS]


def _section(slug: str) -> Section:
    return next((s for s in SECTIONS if s.slug == slug), SECTIONS[0])


def _field_names(section: Section, form: StaffContactForm) -> list[str]:
    if section.slug == "concern":
        return [*section.fields, *(f"categories_{g}" for g, _, _ in form.category_groups)]
    return list(section.fields)


def _owns(section: Section, key: str, names: list[str]) -> bool:
    """Whether a posted key is one of the section's answers (a date's _day, _month, _year too)."""
    if section.slug == PEOPLE:
        return key.startswith("subject-")
    return any(key == name or key.startswith(f"{name}_") for name in names)


# The session's store -------------------------------------------------------------------------


def _store(request: AuthenticatedHttpRequest) -> dict[str, dict[str, list[str]]]:
    store: dict[str, dict[str, list[str]]] = request.session.setdefault(SESSION_KEY, {})
    return store


def _answers(request: AuthenticatedHttpRequest, intake: str) -> dict[str, list[str]] | None:
    return _store(request).get(intake)


def _save(request: AuthenticatedHttpRequest, intake: str, answers: dict[str, list[str]]) -> None:
    store = _store(request)
    store.pop(intake, None)
    store[intake] = answers  # newest last
    while len(store) > KEPT:
        store.pop(next(iter(store)))
    request.session.modified = True


def _as_querydict(answers: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in answers.items():
        data.setlist(key, values)
    return data


def _start(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.localtime()
    intake = secrets.token_urlsafe(8)
    _save(
        request,
        intake,
        {
            "received_date_day": [str(now.day)],
            "received_date_month": [str(now.month)],
            "received_date_year": [str(now.year)],
            "received_time": [f"{now:%H:%M}"],
            "contact_kind": ["referral"],
            "subject-TOTAL_FORMS": ["1"],
            "subject-INITIAL_FORMS": ["0"],
            "subject-MIN_NUM_FORMS": ["1"],
            "subject-MAX_NUM_FORMS": ["1000"],
        },
    )
    return redirect(_url(intake, SLUGS[0]))


def _url(intake: str, step: str, **extra: str) -> str:
    return f"{reverse('contacts:record')}?{urlencode({'intake': intake, 'step': step, **extra})}"


# Forms bound to the answers ------------------------------------------------------------------

PersonFormSet = forms.formset_factory(PersonForm, extra=0, min_num=1, validate_min=True)


def _bound(answers: dict[str, list[str]]) -> tuple[StaffContactForm, BaseFormSet[PersonForm]]:
    data = _as_querydict(answers)
    return StaffContactForm(data), PersonFormSet(data, prefix="subject")


def _section_errors(
    section: Section, form: StaffContactForm, formset: BaseFormSet[PersonForm]
) -> bool:
    """Validate everything, then keep only this section's errors on the forms."""
    form.is_valid()
    formset.is_valid()
    names = _field_names(section, form)
    _set_errors(form, ErrorDict({k: v for k, v in form.errors.items() if k in names}))
    if section.slug != PEOPLE:
        _quiet_formset(formset)
        return bool(form.errors)
    return any(f.errors for f in formset) or bool(formset.non_form_errors())


def _quiet_formset(formset: BaseFormSet[PersonForm]) -> None:
    for each in formset:
        _set_errors(each, ErrorDict())
    # The formset's private caches of its errors: Django has no public way to clear them.
    formset._errors = [ErrorDict() for _ in formset]  # type: ignore[attr-defined]
    formset._non_form_errors = formset.error_class()  # type: ignore[attr-defined]


def _keep_only(section: Section, form: StaffContactForm, formset: BaseFormSet[PersonForm]) -> None:
    """After the service refused: this section's errors (the service's among them), no others."""
    names = [*_field_names(section, form), NON_FIELD_ERRORS]
    _set_errors(form, ErrorDict({k: v for k, v in form.errors.items() if k in names}))
    if section.slug != PEOPLE:
        _quiet_formset(formset)


def _first_section_with_errors(
    form: StaffContactForm, formset: BaseFormSet[PersonForm]
) -> Section | None:
    for section in SECTIONS:
        if section.slug == PEOPLE:
            if any(f.errors for f in formset) or formset.non_form_errors():
                return section
        elif any(name in form.errors for name in _field_names(section, form)):
            return section
    return None


def _set_errors(form: forms.BaseForm, errors: ErrorDict) -> None:
    """Show these errors (Django keeps them in a private attribute; a bound form validates once)."""
    form._errors = errors  # type: ignore[attr-defined]


# The view ------------------------------------------------------------------------------------


def intake_step(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET and POST of a section or the check page (the caller has checked permission)."""
    source = request.POST if request.method == "POST" else request.GET
    intake, step = source.get("intake", ""), source.get("step", SLUGS[0])
    answers = _answers(request, intake)
    if answers is None:
        if intake:
            messages.info(request, "That contact was not recorded and has expired: start again")
        return _start(request)
    if step == CHECK:
        return _check(request, intake, answers)
    section = _section(step)
    if request.method == "GET":
        form, formset = _bound(answers)
        form.is_valid()
        _set_errors(form, ErrorDict())
        _quiet_formset(formset)
        return _step_page(request, intake, section, form, formset, back_to=source.get("back_to"))
    answers = {k: v for k, v in answers.items() if not _owns(section, k, _names_of(section))}
    answers.update({k: request.POST.getlist(k) for k in request.POST if k not in NOT_ANSWERS})
    if "add_subject" in request.POST and section.slug == PEOPLE:
        total = int((answers.get("subject-TOTAL_FORMS") or ["1"])[0] or 1) + 1
        answers["subject-TOTAL_FORMS"] = [str(total)]
        _save(request, intake, answers)
        return redirect(_url(intake, PEOPLE) + f"#person-{total}")
    _save(request, intake, answers)
    form, formset = _bound(answers)
    if _section_errors(section, form, formset):
        return _step_page(request, intake, section, form, formset, back_to=source.get("back_to"))
    following = SLUGS.index(section.slug) + 1
    if source.get("back_to") == CHECK or following == len(SLUGS):
        return redirect(_url(intake, CHECK))
    return redirect(_url(intake, SLUGS[following]))


def _names_of(section: Section) -> list[str]:
    return _field_names(section, StaffContactForm())


def _step_page(
    request: AuthenticatedHttpRequest,
    intake: str,
    section: Section,
    form: StaffContactForm,
    formset: BaseFormSet[PersonForm],
    *,
    back_to: str | None,
) -> HttpResponse:
    number = SLUGS.index(section.slug) + 1
    shown = [form] if section.slug != PEOPLE else list(formset)
    has_errors = any(f.errors for f in shown) or bool(
        section.slug == PEOPLE and formset.non_form_errors()
    )
    if back_to == CHECK:
        back = _url(intake, CHECK)
    elif number > 1:
        back = _url(intake, SLUGS[number - 2])
    else:
        back = reverse("contacts:list")
    return render(
        request,
        "contacts/record_step.html",
        {
            "intake": intake,
            "section": section,
            "number": number,
            "count": len(SECTIONS),
            "form": form,
            "formset": formset,
            "fields": [form[name] for name in _field_names(section, form)],
            "has_errors": has_errors,
            "error_forms": shown,
            "extra_errors": formset.non_form_errors() if section.slug == PEOPLE else [],
            "back_url": back,
            "back_to": back_to or "",
        },
    )


def _check(
    request: AuthenticatedHttpRequest, intake: str, answers: dict[str, list[str]]
) -> HttpResponse:
    from openmash.contacts.views.intake import _apply_problems, _staff_input

    form, formset = _bound(answers)
    valid = form.is_valid() and formset.is_valid()
    if valid and request.method == "POST":
        filled = [f for f in formset if f.cleaned_data]
        try:
            contact = contact_create(actor=request.user, data=_staff_input(form, filled))
        except ContactInvalidError as error:
            _apply_problems(form, filled, error.problems)
        else:
            _store(request).pop(intake, None)
            request.session.modified = True
            messages.success(request, f"Contact {contact.reference} recorded")
            return redirect("contacts:detail", contact.pk)
    wrong = _first_section_with_errors(form, formset)
    if wrong is not None:
        if request.method == "GET":
            return redirect(_url(intake, wrong.slug))
        _keep_only(wrong, form, formset)
        return _step_page(request, intake, wrong, form, formset, back_to=CHECK)
    return render(
        request,
        "contacts/record_check.html",
        {
            "intake": intake,
            "sections": _summary(intake, form, formset),
            "non_field_errors": form.non_field_errors(),
            "back_url": _url(intake, SLUGS[-1]),
        },
    )


# The check page's summary --------------------------------------------------------------------


def _summary(
    intake: str, form: StaffContactForm, formset: BaseFormSet[PersonForm]
) -> list[dict[str, Any]]:
    sections = []
    for section in SECTIONS:
        change = _url(intake, section.slug, back_to=CHECK)
        if section.slug == PEOPLE:
            cards = [
                {"title": _person_title(f, n), "rows": _rows(f, list(f.fields))}
                for n, f in enumerate(formset, start=1)
                if f.cleaned_data
            ]
            sections.append({"section": section, "change": change, "people": cards})
            continue
        rows = _rows(form, _field_names(section, form))
        sections.append({"section": section, "change": change, "rows": rows})
    return sections


def _person_title(form: PersonForm, number: int) -> str:
    data = form.cleaned_data
    name = " ".join(p for p in (data.get("given_name"), data.get("family_name")) if p)
    return name or f"Person {number}"


# Shown on the check page even when not given (a gap a worker should see); other empty answers
# (a reason only some answers need, a person's school when they have none) are left out, so the
# page stays short enough to read before recording.
ALWAYS_SHOWN = {
    "channel",
    "received_date",
    "received_time",
    "source_agency",
    "referrer_name",
    "referrer_role",
    "referrer_email",
    "referrer_phone",
    "contact_kind",
    "concern",
    "incident_date",
    "immediate_risk",
    "family_told",
    "consent",
    "kind",
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
}


def _rows(form: forms.Form, names: list[str]) -> list[tuple[str, str]]:
    rows = []
    unborn = form.cleaned_data.get("kind") == "unborn"
    for name in names:
        field = form.fields[name]
        words = _words(field, form.cleaned_data.get(name))
        if not words and (name not in ALWAYS_SHOWN or (unborn and name == "date_of_birth")):
            continue
        label = str(field.label or name.replace("_", " ").capitalize())
        rows.append((label, words or "Not given"))
    return rows


def _words(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return ""
    if isinstance(value, list):
        labels = dict(getattr(field, "choices", []))
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, date):
        return govuk_date(value)
    if isinstance(value, time):
        return govuk_time(value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))
