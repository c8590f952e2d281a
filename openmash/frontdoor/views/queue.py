"""Front-door pages: the MASH queue and allocation (take, assign, reassign).

The queue is a GET form and a table: without JavaScript the filters submit as a normal page
load; with htmx the form swaps only the table (`partials/_queue_table.html`) and pushes the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openmash.accounts.models import User
from openmash.contacts.models import Contact, Rag
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.dates import govuk_date, govuk_datetime
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.queue import AssignForm, QueueFilterForm, TakeForm
from openmash.frontdoor.permissions import (
    can_authorise_decisions,
    can_work_contacts,
    contact_get_for_work,
)
from openmash.frontdoor.selectors.manager import manager_queue_note
from openmash.frontdoor.selectors.queue import (
    Suggestion,
    contact_suggestion,
    is_paused,
    queue_contacts_by_id,
    queue_counts,
    queue_page_ids,
    queue_page_load,
    queue_worker_choices,
    queue_workers,
)
from openmash.frontdoor.services.lifecycle import contact_allocate

if TYPE_CHECKING:
    from openmash.frontdoor.selectors.queue import QueueContact

RAG_TAGS: dict[str, str] = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
}


def can_see_queue(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("sees_front_door"))


@require_GET
@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not can_see_queue(user):
        raise PermissionDenied
    form = QueueFilterForm(request.GET, workers=queue_worker_choices())
    filters = form.filters()
    counts = queue_counts(user, filters)
    paginator = Paginator(queue_page_ids(user, filters), form.chosen_page_size())
    paginator.count = counts["total"]  # already counted: saves a COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    contacts = queue_contacts_by_id(user, list(page.object_list))
    queue_page_load(user, contacts)
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="contact",
        summary={"ids": [c.pk for c in contacts], "count": len(contacts), "page": "queue"},
        durable=False,
    )
    now = timezone.now()
    links = RowLinks()
    rows = [queue_row(user, contact, now=now, links=links) for contact in contacts]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "counts": counts,
        "can_work": can_work_contacts(user),
        "next_url": request.get_full_path(),
        "next_quoted": quote(request.get_full_path(), safe=""),
        "filtered": not filters.is_empty,
        "page_title": "MASH queue",
        "manager_note": None if request.htmx else manager_queue_note(user),
    }
    template = "frontdoor/queue/queue.html"
    if request.htmx:
        template = "frontdoor/partials/_queue_table.html"
    response = render(request, template, context)
    # The same URL answers with the whole page or only the table: caches must keep both apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass
class RowLinks:
    """URLs for a page of rows, reversed once (reversing per row is a third of a row's time)."""

    detail: str = field(default_factory=lambda: reverse("contacts:detail", args=[_PK]))
    take: str = field(default_factory=lambda: reverse("frontdoor:allocation_take", args=[_PK]))
    assign: str = field(default_factory=lambda: reverse("frontdoor:allocation_assign", args=[_PK]))

    def of(self, pattern: str, pk: int) -> str:
        return pattern.replace(str(_PK), str(pk))


_PK = 987654321


def queue_row(
    user: User, contact: QueueContact, *, now: datetime, links: RowLinks | None = None
) -> dict[str, Any]:
    """What one row of the queue shows, as text worked out here: the template only prints it
    (Django's template engine costs far more per variable than Python does)."""
    links = links or RowLinks()
    due = getattr(contact, "due_at", None)
    manager = can_authorise_decisions(user)
    subjects = [s for s in contact.queue_subjects if s.role == "subject"] or contact.queue_subjects
    suggestion = contact.suggestion
    if suggestion and suggestion.worker_id == contact.allocated_to_id:
        suggestion = None
    return {
        "pk": contact.pk,
        "reference": contact.reference,
        "version": contact.version,
        "url": links.of(links.detail, contact.pk),
        "take_url": links.of(links.take, contact.pk),
        "assign_url": links.of(links.assign, contact.pk),
        "received": short_time(contact.received_at),
        "masked": contact.masked,
        "about": ", ".join(
            f"{s.given_name} {s.family_name} ({'child' if s.is_child else 'adult'})"
            for s in subjects
        )
        or "No one named",
        "categories": "; ".join(c.label for c in contact.queue_categories),
        "agency": contact.source_agency.name,
        "stage": contact.get_status_display(),
        "rag_class": RAG_TAGS.get(contact.rag, "govuk-tag--grey"),
        "rag_label": contact.get_rag_display() if contact.rag else "Not rated",
        "immediate_risk": contact.immediate_risk,
        "time_left": time_left_words(due, now=now),
        "overdue": due is not None and due < now,
        "paused": is_paused(contact),
        "decision_due": short_time(contact.decision_due_at) if contact.decision_due_at else "",
        "allocated": contact.allocated_to.full_name if contact.allocated_to else "",
        "suggestion": suggestion_words(suggestion) if suggestion else "",
        "markers": queue_markers(contact),
        "can_take": can_work_contacts(user)
        and contact.allocated_to_id != user.pk
        and (contact.allocated_to_id is None or manager),
        "can_assign": manager,
    }


def queue_markers(contact: QueueContact) -> list[str]:
    """Short flags under the reference: what a worker should know before opening it."""
    markers = []
    if contact.second_reports_waiting:
        count = contact.second_reports_waiting
        markers.append("Second report" if count == 1 else f"{count} second reports")
    if contact.recontact:
        markers.append("Re-contact after early help")
    return markers


def short_time(moment: datetime) -> str:
    """'3 Mar at 2:05pm' in the site's time zone, with the year only when it is not this year
    ('29 Dec 2025 at 2:05pm'), so a queue row's times stay on one line."""
    local = timezone.localtime(moment)
    return govuk_datetime(local, short=True, year=local.year != timezone.localtime().year)


def suggestion_words(suggestion: Suggestion) -> str:
    return (
        f"Suggested: {suggestion.worker_name} (worked with {suggestion.person_name} on "
        f"{suggestion.reference}, {govuk_date(suggestion.allocated_on, short=True)})"
    )


def time_left_words(due: datetime | None, *, now: datetime) -> str:
    """'3 hours 20 minutes left', 'Overdue by 2 hours', or '' when no clock runs."""
    if due is None:
        return ""
    if due >= now:
        return f"{duration_words(due - now)} left"
    return f"Overdue by {duration_words(now - due)}"


def duration_words(span: timedelta) -> str:
    """The two largest units, e.g. '2 days 3 hours', '3 hours 20 minutes', '4 minutes'."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words[:2]) or "less than a minute"


@require_POST
@login_required
def allocation_take(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    form = TakeForm(request.POST)
    back = _next_url(request, contact)
    if not form.is_valid():
        messages.error(request, "Reload the page and try again")
        return redirect(back)
    try:
        contact_allocate(
            contact=contact,
            actor=request.user,
            to=request.user,
            reason="",
            expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You have taken contact {contact.reference}")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@login_required
def allocation_assign(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    if not can_authorise_decisions(request.user):
        raise PermissionDenied
    workers = queue_workers(request.user, contact)
    suggestion = contact_suggestion(contact)
    if request.method == "POST":
        form = AssignForm(request.POST, workers=workers)
        if form.is_valid():
            try:
                contact_allocate(
                    contact=contact,
                    actor=request.user,
                    to=form.cleaned_data["to"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ApplicationError as error:
                form.add_error(
                    "to" if error.field in (None, "allocated_to") else None, error.message
                )
            else:
                name = form.cleaned_data["to"].full_name
                messages.success(request, f"Contact {contact.reference} is allocated to {name}")
                return redirect(_next_url(request, contact))
    else:
        form = AssignForm(workers=workers, initial=_assign_initial(contact, suggestion, workers))
    return render(
        request,
        "frontdoor/queue/assign.html",
        {
            "form": form,
            "contact": contact,
            "suggestion": suggestion,
            "next_url": _next_url(request, contact),
            "page_title": f"Allocate contact {contact.reference}",
        },
    )


def _assign_initial(
    contact: Contact, suggestion: Suggestion | None, workers: QuerySet[User]
) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": contact.version}
    if suggestion and workers.filter(pk=suggestion.worker_id).exists():
        initial["to"] = suggestion.worker_id
    return initial


def allocation_panel_context(user: User, contact: Contact) -> dict[str, Any]:
    """For the contact page (`partials/_allocation_panel.html`), under one key, "allocation":
    who has the contact, the continuity suggestion, and the take and assign forms this user may
    use. At most five queries."""
    suggestion = contact_suggestion(contact) if contact.is_open else None
    manager = can_authorise_decisions(user)
    allocated_to: User | None = contact.allocated_to if contact.allocated_to_id else None
    can_take = (
        contact.is_open
        and can_work_contacts(user)
        and contact.allocated_to_id != user.pk
        and (contact.allocated_to_id is None or manager)
    )
    assign_form = None
    if contact.is_open and manager:
        workers = queue_workers(user, contact)
        assign_form = AssignForm(
            workers=workers, initial=_assign_initial(contact, suggestion, workers)
        )
    return {
        "allocation": {
            "contact": contact,
            "allocated_to": allocated_to,
            "allocated_at": contact.allocated_at,
            "suggestion": suggestion,
            "can_take": can_take,
            "assign_form": assign_form,
            "next_url": reverse("contacts:detail", args=[contact.pk]),
        }
    }


panel_context = allocation_panel_context


def _next_url(request: HttpRequest, contact: Contact) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("frontdoor:queue")


urlpatterns: list[URLPattern] = [
    path("queue/", queue, name="queue"),
    path("contacts/<int:contact_id>/take/", allocation_take, name="allocation_take"),
    path("contacts/<int:contact_id>/assign/", allocation_assign, name="allocation_assign"),
]
