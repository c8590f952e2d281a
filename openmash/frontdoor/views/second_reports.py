"""Front-door page for acknowledging a second report of a contact's incident (the alert on the
contact page; `services.second_reports`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import URLPattern, path

from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.contact import SecondReportAcknowledgeForm
from openmash.frontdoor.permissions import contact_get_for_work, second_report_get_for_user
from openmash.frontdoor.services.second_reports import (
    can_acknowledge_second_report,
    second_report_acknowledge,
)
from openmash.frontdoor.views.contact import _attempt, _done, _form_page, _version


@login_required
def second_report_acknowledge_view(
    request: AuthenticatedHttpRequest, contact_id: int, second_id: int
) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    second = second_report_get_for_user(request.user, contact, second_id)
    if not can_acknowledge_second_report(request.user, contact):
        raise PermissionDenied
    form = SecondReportAcknowledgeForm(
        request.POST or None, initial={"version": contact.version}, current_rag=contact.rag
    )
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: second_report_acknowledge(
                contact=contact,
                second_report=second,
                actor=request.user,
                note=form.cleaned_data["note"],
                rag=form.cleaned_data["rag"],
                expected_version=_version(form),
            ),
        )
        if done:
            return _done(request, contact, f"Second report {second.reference} acknowledged")
    return _form_page(
        request,
        contact,
        form,
        title="Acknowledge the second report",
        button="Acknowledge",
        intro=(
            f"You have read what {second.reference} ({second.source_agency.name}) adds to this "
            "contact. Change the rating if it raises or lowers the risk."
        ),
    )


urlpatterns: list[URLPattern] = [
    path(
        "contacts/<int:contact_id>/second-reports/<int:second_id>/acknowledge/",
        second_report_acknowledge_view,
        name="second_report_acknowledge",
    ),
]
