"""Staff intake: a contact officer records a phone or email contact, in sections
(`intake_steps`); a POST of the whole form at once is still accepted and shown on one page."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.formsets import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openmash.contacts.drafts import (
    subject_input_from_answers,
)
from openmash.contacts.forms import (
    PersonForm,
    StaffContactForm,
)
from openmash.contacts.permissions import (
    can_record_contacts,
)
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    contact_create,
)
from openmash.contacts.views.intake_steps import intake_step
from openmash.core.http import AuthenticatedHttpRequest

PersonFormSet = forms.formset_factory(PersonForm, extra=0, min_num=1, validate_min=True)
SUBJECT_FIELD = re.compile(r"^subjects\[(\d+)\]\.(\w+)$")


@require_http_methods(["GET", "POST"])
@login_required
def contact_record(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_record_contacts(request.user):
        raise PermissionDenied
    if request.method == "GET" or "intake" in request.POST:
        return intake_step(request)  # the sections, then check your answers
    # The whole form in one POST (scripts and the one-page form's tests still send it so).
    if "add_subject" in request.POST:
        data = request.POST.copy()
        data["subject-TOTAL_FORMS"] = str(int(data.get("subject-TOTAL_FORMS", "1") or 1) + 1)
        form, formset = StaffContactForm(data), PersonFormSet(data, prefix="subject")
        # Adding a person keeps what was typed but shows no errors yet: they come on saving.
        for each in (form, *formset):
            each._errors = ErrorDict()
        # The formset's private caches of its errors: Django has no public way to clear them.
        formset._errors = []  # type: ignore[attr-defined]
        formset._non_form_errors = formset.error_class()  # type: ignore[attr-defined]
        return _record_page(request, form, formset)
    form, formset = StaffContactForm(request.POST), PersonFormSet(request.POST, prefix="subject")
    if form.is_valid() and formset.is_valid():
        filled = [f for f in formset if f.cleaned_data]
        try:
            contact = contact_create(actor=request.user, data=_staff_input(form, filled))
        except ContactInvalidError as error:
            _apply_problems(form, filled, error.problems)
        else:
            messages.success(request, f"Contact {contact.reference} recorded")
            return redirect("contacts:detail", contact.pk)
    return _record_page(request, form, formset)


def _record_page(
    request: HttpRequest, form: StaffContactForm, formset: BaseFormSet[PersonForm]
) -> HttpResponse:
    has_errors = any(f.is_bound and f.errors for f in (form, *formset)) or bool(
        formset.is_bound and formset.non_form_errors()
    )
    return render(
        request,
        "contacts/record.html",
        {
            "form": form,
            "formset": formset,
            "has_errors": has_errors,
            "error_forms": [form, *formset],
        },
    )


def _staff_input(form: StaffContactForm, subject_forms: list[PersonForm]) -> ContactInput:
    data = form.cleaned_data
    received = timezone.make_aware(datetime.combine(data["received_date"], data["received_time"]))
    return ContactInput(
        source_agency=data["source_agency"],
        channel=data["channel"],
        concern=data["concern"],
        subjects=[subject_input_from_answers(f.cleaned_data) for f in subject_forms],
        received_at=received,
        referrer_name=data["referrer_name"],
        referrer_role=data["referrer_role"],
        referrer_email=data["referrer_email"],
        referrer_phone=data["referrer_phone"],
        categories=form.chosen_categories(),
        immediate_risk=data["immediate_risk"] == "yes",
        immediate_risk_details=data["immediate_risk_details"],
        incident_date=data["incident_date"],
        family_told=data["family_told"],
        consent=data["consent"],
        consent_reason=data["consent_reason"],
        is_consultation=form.is_consultation,
        is_anonymous=form.is_anonymous,
        anonymous_reason=data["anonymous_reason"] if form.is_anonymous else "",
    )


def _apply_problems(
    form: forms.Form, subject_forms: list[Any], problems: list[tuple[str, str]]
) -> None:
    """Put the service's (field, message) problems on the fields the user can correct."""
    renames = {"received_at": "received_time", "categories": None, "subjects": None}
    for name, message in problems:
        match = SUBJECT_FIELD.match(name)
        if match and int(match[1]) < len(subject_forms):
            target = subject_forms[int(match[1])]
            field = match[2] if match[2] in target.fields else None
            target.add_error(field, message)
            continue
        field = renames.get(name, name)
        form.add_error(field if field in form.fields else None, message)


# The referral form for partner practitioners: question pages, check answers, confirmation.
