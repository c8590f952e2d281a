"""Recording an onward referral or action on a contact (MARAC, Prevent, NRM, police protection),
and the contact page's panel listing them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import URLPattern, path

from openmash.contacts.models import Contact
from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.routes import RouteForm
from openmash.frontdoor.models import RouteAction
from openmash.frontdoor.permissions import can_work_contacts, contact_get_for_work
from openmash.frontdoor.services.routes import RouteInput, route_record
from openmash.frontdoor.views.contact import _attempt, _done, _form_page, _version

if TYPE_CHECKING:
    from openmash.accounts.models import User


def panel_context(user: User, contact: Contact) -> dict[str, Any]:
    routes = RouteAction.objects.filter(contact=contact).select_related("subject", "recorded_by")
    return {"fd_routes": list(routes), "fd_can_add_route": can_work_contacts(user)}


@login_required
def contact_route_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    subjects = list(contact.contact_subjects.order_by("pk"))
    form = RouteForm(request.POST or None, subjects=subjects, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        route = _attempt(
            form,
            lambda: route_record(
                contact=contact,
                actor=request.user,
                data=RouteInput(
                    subject=data["subject"],
                    kind=data["kind"],
                    made_on=data["made_on"],
                    reference=data["reference"],
                    note=data["note"],
                ),
                expected_version=_version(form),
            ),
        )
        if route:
            return _done(request, contact, f"{route.get_kind_display()} recorded")
    return _form_page(
        request,
        contact,
        form,
        title="Record an onward referral or action",
        button="Record it",
        intro="Record a referral the MASH made to another process, or police protection, so the "
        "contact's record and chronology show it with its date and reference.",
    )


urlpatterns: list[URLPattern] = [
    path("contacts/<int:contact_id>/routes/new/", contact_route_view, name="route_add"),
]
