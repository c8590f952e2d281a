"""Front-door pages: recording consent on a contact, a manager's sign-off of a refusal accepted on
a red or level 4 contact, and the consent panel on the contact page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from openmash.contacts.models import Contact
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.consent import ConsentRecordForm, ConsentSignOffForm
from openmash.frontdoor.permissions import (
    can_authorise_decisions,
    can_work_contacts,
    contact_get_for_authorising,
    contact_get_for_work,
)
from openmash.frontdoor.services.consent import (
    SIGN_OFF_WARNING,
    consent_awaiting_sign_off,
    consent_is_high_risk,
    consent_needs_sign_off,
    consent_record,
    consent_sign_off,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User

PANEL_HISTORY = 10


@require_http_methods(["GET", "POST"])
@login_required
def consent_record_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    if request.method == "POST":
        form = ConsentRecordForm(request.POST)
        if form.is_valid():
            try:
                record = consent_record(
                    contact=contact, actor=request.user, **form.service_kwargs()
                )
            except ConflictError as error:
                form.add_error(None, error.message)
            except ApplicationError as error:
                form.add_error(form.field_for(error.field), error.message)
            else:
                if record.needs_sign_off:
                    messages.warning(request, SIGN_OFF_WARNING)
                else:
                    messages.success(request, "Consent recorded")
                return redirect("contacts:detail", contact.pk)
    else:
        form = ConsentRecordForm(initial={"version": contact.version})
    return render(
        request,
        "frontdoor/consent/record.html",
        {
            "contact": contact,
            "form": form,
            "high_risk": consent_is_high_risk(contact),
            "chosen": form["consent"].value() or "",
            "page_title": f"Consent: contact {contact.reference}",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def consent_sign_off_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_authorising(request.user, contact_id)
    awaiting = consent_awaiting_sign_off(contact)
    if request.method == "POST":
        form = ConsentSignOffForm(request.POST)
        if form.is_valid():
            record = contact.consent_records.filter(pk=form.cleaned_data["record"]).first()
            try:
                if record is None:
                    raise ApplicationError("This consent record is not on this contact.")
                consent_sign_off(
                    record=record,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                )
            except ApplicationError as error:
                form.add_error("note" if error.field == "note" else None, error.message)
            else:
                messages.success(request, "Accepted refusal of consent signed off")
                return redirect("contacts:detail", contact.pk)
    else:
        initial = {"record": awaiting.pk if awaiting else None, "version": contact.version}
        form = ConsentSignOffForm(initial=initial)
    return render(
        request,
        "frontdoor/consent/sign_off.html",
        {
            "contact": contact,
            "form": form,
            "record": awaiting,
            "own_record": bool(awaiting and awaiting.recorded_by_id == request.user.pk),
            "warning": SIGN_OFF_WARNING,
            "page_title": f"Sign off an accepted refusal: contact {contact.reference}",
        },
    )


def panel_context(user: User, contact: Contact) -> dict[str, Any]:
    """The consent panel on the contact page: the current record, the warning and sign-off link
    when an accepted refusal on a red or level 4 contact awaits a manager, and the history (one
    query, at most PANEL_HISTORY rows)."""
    records = list(
        contact.consent_records.select_related(
            "recorded_by", "authorised_by", "signed_off_by"
        ).order_by("-recorded_at", "-pk")[:PANEL_HISTORY]
    )
    current = records[0] if records else None
    awaiting = current if consent_needs_sign_off(current, contact) else None
    return {
        "consent_panel": {
            "current": current,
            "earlier": records[1:],
            "awaiting": awaiting,
            "warning": SIGN_OFF_WARNING if awaiting else "",
            "can_record": can_work_contacts(user) and contact.is_open,
            "can_sign_off": bool(
                awaiting and can_authorise_decisions(user) and awaiting.recorded_by_id != user.pk
            ),
        }
    }


urlpatterns: list[URLPattern] = [
    path("contacts/<int:contact_id>/consent/", consent_record_view, name="consent"),
    path(
        "contacts/<int:contact_id>/consent/sign-off/",
        consent_sign_off_view,
        name="consent_sign_off",
    ),
]
