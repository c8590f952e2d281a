"""Front-door pages: recording consent on a contact, a manager's sign-off of a refusal accepted on
a red or level 4 contact or the named manager's confirmation of going ahead without consent, and
the consent panel on the contact page."""

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
    can_sign_off_consent,
    can_work_contacts,
    contact_get_for_authorising,
    contact_get_for_work,
)
from openmash.frontdoor.services.consent import (
    SIGN_OFF_WARNING,
    consent_awaiting_sign_off,
    consent_is_high_risk,
    consent_needs_confirmation,
    consent_needs_sign_off,
    consent_record,
    consent_sign_off,
    consent_warning,
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
                if consent_needs_sign_off(record, contact):
                    messages.warning(request, consent_warning(record))
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
    confirming = bool(awaiting and consent_needs_confirmation(awaiting))
    if request.method == "POST":
        form = ConsentSignOffForm(request.POST, confirming=confirming)
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
                messages.success(
                    request,
                    "Confirmed: you authorised going ahead without consent"
                    if confirming
                    else "Accepted refusal of consent signed off",
                )
                return redirect("contacts:detail", contact.pk)
    else:
        initial = {"record": awaiting.pk if awaiting else None, "version": contact.version}
        form = ConsentSignOffForm(initial=initial, confirming=confirming)
    return render(
        request,
        "frontdoor/consent/sign_off.html",
        {
            "contact": contact,
            "form": form,
            "record": awaiting,
            "confirming": confirming,
            "may_sign_off": bool(awaiting and can_sign_off_consent(request.user, awaiting)),
            "warning": consent_warning(awaiting) if awaiting else SIGN_OFF_WARNING,
            "page_title": f"{_sign_off_title(confirming=confirming)}: contact {contact.reference}",
        },
    )


def _sign_off_title(*, confirming: bool) -> str:
    if confirming:
        return "Confirm going ahead without consent"
    return "Sign off an accepted refusal"


def panel_context(user: User, contact: Contact) -> dict[str, Any]:
    """The consent panel on the contact page: the current record, the warning and the link to
    sign off or confirm when it awaits a manager (an accepted refusal on a red or level 4
    contact, or the named manager's confirmation), and the history (one query, at most
    PANEL_HISTORY rows). What the referrer told us comes from `contact` in the template."""
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
            "confirming": bool(awaiting and consent_needs_confirmation(awaiting)),
            "warning": consent_warning(awaiting) if awaiting else "",
            "can_record": can_work_contacts(user) and contact.is_open,
            "can_sign_off": bool(awaiting and can_sign_off_consent(user, awaiting)),
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
