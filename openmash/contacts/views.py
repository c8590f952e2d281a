from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openmash.contacts.permissions import contact_get_for_user
from openmash.contacts.selectors import contact_list, contact_list_logged
from openmash.core.views import record_history


def _list_page(request: HttpRequest, template: str, title: str) -> HttpResponse:
    page = Paginator(contact_list(user=request.user), 50).get_page(request.GET.get("page"))
    contact_list_logged(user=request.user, contacts=list(page.object_list))
    return render(request, template, {"page": page, "page_title": title})


@require_GET
@login_required
def contact_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_capability("sees_front_door"):
        raise PermissionDenied
    return _list_page(request, "contacts/list.html", "Contacts")


@require_GET
@login_required
def contact_mine(request: HttpRequest) -> HttpResponse:
    if not request.user.has_capability("submits_contacts"):
        raise PermissionDenied
    return _list_page(request, "contacts/mine.html", "Your referrals")


@require_GET
@login_required
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_user(request.user, contact_id)
    staff = request.user.has_capability("sees_front_door")
    return render(
        request,
        "contacts/detail.html",
        {
            "contact": contact,
            "staff_view": staff,
            "history": record_history("contact", contact.pk) if staff else [],
            "page_title": f"Contact {contact.reference}",
        },
    )
