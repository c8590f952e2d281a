"""Contact pages: the list, a referrer's own referrals, the contact page, matching, duplicates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openmash.contacts.duplicates import contact_duplicate_confirm, contact_duplicate_reject
from openmash.contacts.forms import (
    ContactListFilterForm,
    SubjectResolveForm,
)
from openmash.contacts.permissions import (
    can_record_contacts,
    can_submit_contacts,
    contact_get_for_user,
    contact_subject_get_for_change,
)
from openmash.contacts.registry import CONTACT_PAGE_SLOTS, contact_page_panels
from openmash.contacts.selectors import (
    contact_list,
    contact_list_logged,
    contact_subject_views,
    referral_drafts_of,
)
from openmash.contacts.services import (
    contact_subject_resolve,
)
from openmash.core.access import restriction_allows
from openmash.core.contents import with_contents
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.views import record_history
from openmash.people.permissions import persons_visible_to


def _list_page(
    request: AuthenticatedHttpRequest,
    template: str,
    title: str,
    extra: dict[str, Any] | None = None,
    filters: dict[str, Any] | None = None,
) -> HttpResponse:
    contacts = contact_list(user=request.user, filters=filters)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    contact_list_logged(user=request.user, contacts=list(page.object_list))
    context = {"page": page, "page_title": title, **(extra or {})}
    return render(request, template, context)


@require_GET
@login_required
def contact_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_capability("sees_front_door"):
        raise PermissionDenied
    form = ContactListFilterForm(request.GET)
    filters = form.filters()
    extra = {
        "can_record": can_record_contacts(request.user),
        "form": form,
        "filtered": bool(filters),
        "chosen": form.chosen(),
    }
    return _list_page(request, "contacts/list.html", "Contacts", extra, filters)


@require_GET
@login_required
def contact_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_submit_contacts(request.user):
        raise PermissionDenied
    drafts = list(referral_drafts_of(user=request.user))
    return _list_page(request, "contacts/mine.html", "Your referrals", {"drafts": drafts})


@require_GET
@login_required
def contact_detail(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_user(request.user, contact_id)
    if not request.user.has_capability("sees_front_door"):
        return render(
            request,
            "contacts/detail_referrer.html",
            {"contact": contact, "subjects": list(contact.contact_subjects.all())},
        )
    views = contact_subject_views(user=request.user, contact=contact)
    can_record = can_record_contacts(request.user)
    for view in views:
        if view.candidates and can_record:
            view.form = SubjectResolveForm(candidates=view.candidates, prefix=f"s{view.subject.pk}")
    context = {
        "contact": contact,
        "subject_views": views,
        "can_record": can_record,
        "categories": list(contact.categories.all()),
        "history": record_history("contact", contact.pk),
        "page_title": f"Contact {contact.reference}",
    }
    for panels in contact_page_panels:  # the front door's sections
        context.update(panels.context(request.user, contact))
    context["panel_templates"] = {
        slot: [p.templates[slot] for p in contact_page_panels if slot in p.templates]
        for slot in CONTACT_PAGE_SLOTS
    }
    page = render(request, "contacts/detail.html", context)
    page.content = with_contents(page.content.decode()).encode()
    return page


@require_POST
@login_required
def contact_subject_resolve_view(
    request: AuthenticatedHttpRequest, contact_id: int, subject_id: int
) -> HttpResponse:
    contact = contact_get_for_user(request.user, contact_id)
    subject = contact_subject_get_for_change(request.user, contact, subject_id)
    people = {
        str(p.pk): p
        for p in persons_visible_to(request.user).filter(
            pk__in=[c["person_id"] for c in subject.possible_matches]
        )
        if restriction_allows(request.user, p)
    }
    form = SubjectResolveForm(
        request.POST,
        candidates=[{"person": p, "score": 0} for p in people.values()],
        prefix=f"s{subject.pk}",
    )
    if not form.is_valid():
        messages.error(request, "Select the matching person, or that this is a new person")
        return redirect("contacts:detail", contact.pk)
    choice = form.cleaned_data["person"]
    try:
        contact_subject_resolve(
            actor=request.user,
            subject=subject,
            person_or_none=None if choice == "new" else people[choice],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{subject.given_name} {subject.family_name} has been matched")
    return redirect("contacts:detail", contact.pk)


@require_POST
@login_required
def contact_duplicate_confirm_view(
    request: AuthenticatedHttpRequest, contact_id: int
) -> HttpResponse:
    return _duplicate_decision(request, contact_id, confirm=True)


@require_POST
@login_required
def contact_duplicate_reject_view(
    request: AuthenticatedHttpRequest, contact_id: int
) -> HttpResponse:
    return _duplicate_decision(request, contact_id, confirm=False)


def _duplicate_decision(
    request: AuthenticatedHttpRequest, contact_id: int, *, confirm: bool
) -> HttpResponse:
    contact = contact_get_for_user(request.user, contact_id)
    if not can_record_contacts(request.user):
        raise PermissionDenied
    try:
        if confirm:
            contact_duplicate_confirm(actor=request.user, contact=contact)
            messages.success(request, "Marked as the same incident")
        else:
            contact_duplicate_reject(actor=request.user, contact=contact)
            messages.success(request, "Marked as a different incident")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("contacts:detail", contact.pk)


# The staff intake page: a phone or email contact on one page.
