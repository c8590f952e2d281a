"""Front-door pages: information requests to agencies.

Worker side: "Request information" from the contact page, the requests panel on it, withdrawing.
Agency side: the inbox of their agency's requests, the request page with the answer form, and
the confirmation. Front-door staff and auditors: the per-agency response-time report.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openmash.contacts.models import Contact
from openmash.core.calendar import LONDON
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.requests import (
    InformationRequestForm,
    InformationResponseForm,
    InformationWithdrawForm,
    ReportPeriodForm,
)
from openmash.frontdoor.models import InformationRequest, RequestStatus
from openmash.frontdoor.permissions import (
    can_answer_requests,
    can_work_contacts,
    contact_get_for_work,
    information_request_get_for_answering,
    information_request_get_for_user,
    information_request_get_for_work,
    is_front_door_reader,
)
from openmash.frontdoor.selectors.requests import (
    INBOX_TABS,
    default_report_period,
    information_request_counts,
    information_request_inbox,
    information_request_report,
    information_requests_listed,
    information_requests_of_contact,
)
from openmash.frontdoor.services.rag import when
from openmash.frontdoor.services.requests import (
    SENDABLE_STATUSES,
    LawfulBasis,
    information_request_default_due,
    information_request_respond,
    information_request_send,
    information_request_withdraw,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def panel_context(user: User, contact: Contact) -> dict[str, Any]:
    """The contact page's "Information requests" panel (templates/frontdoor/partials/
    _requests_panel.html): two queries, however many requests."""
    return {
        "requests_panel": {
            "requests": information_requests_of_contact(contact),
            "can_request": can_work_contacts(user) and contact.status in SENDABLE_STATUSES,
            "contact": contact,
            "now": timezone.now(),
        }
    }


def can_read_report(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and (user.has_capability("sees_front_door") or user.has_capability("audits"))
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_new(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    default_due = information_request_default_due(contact)
    if request.method == "POST":
        form = InformationRequestForm(request.POST, contact=contact)
        if form.is_valid():
            sent = _send(request, contact, form)
            if sent is not None:
                messages.success(request, f"Request sent to {sent.agency.name}")
                return redirect("contacts:detail", contact.pk)
    else:
        local = timezone.localtime(default_due, LONDON)
        form = InformationRequestForm(
            contact=contact,
            initial={
                "due_date": local.date(),
                "due_time": local.time(),
                "version": contact.version,
            },
        )
    return render(
        request,
        "frontdoor/requests/new.html",
        {
            "form": form,
            "contact": contact,
            "sendable": contact.status in SENDABLE_STATUSES,
            "default_due": when(default_due),
            "page_title": f"Request information: {contact.reference}",
        },
        status=400 if form.errors else 200,
    )


def _send(request: AuthenticatedHttpRequest, contact: Contact, form: InformationRequestForm) -> Any:
    data = form.cleaned_data
    try:
        return information_request_send(
            contact=contact,
            actor=request.user,
            agency=data["agency"],
            subjects=form.chosen_subjects(),
            questions=data["questions"],
            shared_summary=data["shared_summary"],
            lawful_basis=data["lawful_basis"],
            due_at=data["due_at"],
            expected_version=data["version"],
        )
    except ApplicationError as error:
        field = {"due_at": "due_time"}.get(error.field or "", error.field)
        form.add_error(field if field in form.fields else None, error.message)
        return None


@require_GET
@login_required
def request_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not (can_answer_requests(user) or is_front_door_reader(user)):
        raise PermissionDenied
    tab = request.GET.get("status", RequestStatus.OPEN)
    if tab not in INBOX_TABS:
        raise Http404("No such list")
    requests = information_request_inbox(user=user, status=tab)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    information_requests_listed(user=user, requests=list(page.object_list))
    counts = information_request_counts(user=user)
    title = "Information requests" if is_front_door_reader(user) else f"{user.agency.name} requests"
    return render(
        request,
        "frontdoor/requests/inbox.html",
        {
            "page": page,
            "tab": tab,
            "tab_label": INBOX_TABS[tab],
            "tabs": [(key, label, counts[key]) for key, label in INBOX_TABS.items()],
            "overdue": counts["overdue"],
            "now": timezone.now(),
            "staff": is_front_door_reader(user),
            "page_title": title,
        },
    )


def _detail_page(
    request: AuthenticatedHttpRequest,
    info: InformationRequest,
    form: InformationResponseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    answerable = (
        info.status == RequestStatus.OPEN
        and can_answer_requests(user)
        and user.agency_id == info.agency_id
    )
    if answerable and form is None:
        form = InformationResponseForm(initial={"version": info.version})
    return render(
        request,
        "frontdoor/requests/detail.html",
        {
            "info": info,
            "form": form if answerable else None,
            "staff": is_front_door_reader(user),
            "can_withdraw": info.status == RequestStatus.OPEN and can_work_contacts(user),
            "requester_team": next(iter(info.requested_by.teams.all()), None),
            "lawful_basis": LawfulBasis.label(info.lawful_basis),
            "now": timezone.now(),
            "page_title": f"Information request {info.contact.reference}",
        },
        status=status,
    )


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    info = information_request_get_for_user(request.user, request_id)
    return _detail_page(request, info)


@require_POST
@login_required
def request_respond(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    info = information_request_get_for_answering(request.user, request_id)
    form = InformationResponseForm(request.POST)
    if form.is_valid():
        try:
            information_request_respond(
                request=info,
                actor=request.user,
                response=form.cleaned_data["response"],
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as error:
            form.add_error("response" if error.field == "response" else None, error.message)
        else:
            return redirect("frontdoor:request_answered", info.pk)
    return _detail_page(request, info, form, status=400)


@require_GET
@login_required
def request_answered(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    info = information_request_get_for_user(request.user, request_id)
    if info.status != RequestStatus.ANSWERED:
        return redirect("frontdoor:request_detail", info.pk)
    return render(
        request,
        "frontdoor/requests/answered.html",
        {"info": info, "page_title": "Answer sent"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_withdraw(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    info = information_request_get_for_work(request.user, request_id)
    if request.method == "POST":
        form = InformationWithdrawForm(request.POST)
        if form.is_valid():
            try:
                information_request_withdraw(
                    request=info,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ApplicationError as error:
                form.add_error("reason" if error.field == "reason" else None, error.message)
            else:
                messages.success(request, f"Request to {info.agency.name} withdrawn")
                return redirect("contacts:detail", info.contact_id)
    else:
        form = InformationWithdrawForm(initial={"version": info.version})
    return render(
        request,
        "frontdoor/requests/withdraw.html",
        {"info": info, "form": form, "page_title": "Withdraw the request"},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def request_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_read_report(request.user):
        raise PermissionDenied
    form = ReportPeriodForm(request.GET or None)
    date_from, date_to = form.period(default_report_period())
    report = information_request_report(date_from=date_from, date_to=date_to)
    return render(
        request,
        "frontdoor/requests/report.html",
        {
            "form": form,
            "report": report,
            "generated_at": datetime.now(tz=LONDON),
            "page_title": "Information requests: agency response times",
        },
    )


urlpatterns = [
    path("contacts/<int:contact_id>/requests/new/", request_new, name="request_new"),
    path("requests/", request_inbox, name="request_inbox"),
    path("requests/report/", request_report, name="request_report"),
    path("requests/<int:request_id>/", request_detail, name="request_detail"),
    path("requests/<int:request_id>/respond/", request_respond, name="request_respond"),
    path("requests/<int:request_id>/answered/", request_answered, name="request_answered"),
    path("requests/<int:request_id>/withdraw/", request_withdraw, name="request_withdraw"),
]
