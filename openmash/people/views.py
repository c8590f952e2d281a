from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from openmash.core.access import mark_restricted
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.views import record_history
from openmash.people.forms import (
    MergeReasonForm,
    PairDecisionForm,
    PersonSearchForm,
    UndoMergeForm,
)
from openmash.people.pairs import person_pair_reject
from openmash.people.permissions import (
    can_merge_people,
    can_search_people,
    person_get_for_user,
    person_merge_get_for_user,
    person_pair_get_for_user,
)
from openmash.people.registry import person_page_links
from openmash.people.selectors import (
    PersonSearchCriteria,
    SearchResult,
    person_pair_pile,
    person_pair_review,
    person_record,
    person_search,
)
from openmash.people.services import person_merge, person_unmerge


def _run_search(
    request: AuthenticatedHttpRequest,
) -> tuple[PersonSearchForm, list[SearchResult] | None]:
    form = PersonSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return form, None
    data = form.cleaned_data
    criteria = PersonSearchCriteria(
        q=data["q"],
        date_of_birth=data["date_of_birth"],
        nhs_number=data["nhs_number"],
        upn=data["upn"],
        postcode=data["postcode"],
        identifier=data["identifier"],
    )
    return form, person_search(user=request.user, criteria=criteria)


@require_GET
@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_search_people(request.user):
        raise PermissionDenied
    form, results = _run_search(request)
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "results": results,
            "can_merge": can_merge_people(request.user),
            "page_title": "Find a person",
        },
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def detail(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_user(request.user, person_id)
    record = person_record(person)
    related = [row.other for row in record.relationships]
    related += [m for h in record.households for m in h.members.all()]
    mark_restricted(request.user, related)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "record": record,
            "can_merge": can_merge_people(request.user) and person.merged_into_id is None,
            "history": record_history("person", person.pk),
            "links": [
                (link.label, reverse(link.url_name, kwargs={"person_id": person.pk}))
                for link in person_page_links
            ],
            "page_title": str(person),
        },
    )


@require_GET
@login_required
def merge_start(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Step 1 of a merge: find the other record."""
    person = person_get_for_user(request.user, person_id)
    if not can_merge_people(request.user):
        raise PermissionDenied
    form, results = _run_search(request)
    if results is not None:
        results = [r for r in results if r.person.pk != person.pk]
    return render(
        request,
        "people/merge_start.html",
        {
            "person": person,
            "form": form,
            "results": results,
            "page_title": f"Merge {person} with another record",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def merge_check(request: AuthenticatedHttpRequest, person_id: int, other_id: int) -> HttpResponse:
    """Step 2: both records side by side, the reason, and confirm."""
    person = person_get_for_user(request.user, person_id)
    other = person_get_for_user(request.user, other_id)
    if not can_merge_people(request.user):
        raise PermissionDenied
    form = MergeReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_merge(
                actor=request.user,
                survivor=person,
                merged=other,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, f"Record {other.pk} has been merged into this record.")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/merge_check.html",
        {
            "person": person,
            "other": other,
            "records": [person_record(person), person_record(other)],
            "form": form,
            "page_title": "Check the records before merging",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def merge_undo(request: AuthenticatedHttpRequest, merge_id: int) -> HttpResponse:
    merge = person_merge_get_for_user(request.user, merge_id)
    if not can_merge_people(request.user):
        raise PermissionDenied
    form = UndoMergeForm(request.POST or None)
    context: dict[str, Any] = {"merge": merge, "form": form, "page_title": "Undo a merge"}
    if merge.undone_at is not None:
        form = UndoMergeForm()
        context["form"] = form
    elif request.method == "POST" and form.is_valid():
        try:
            person_unmerge(actor=request.user, merge=merge, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(
                request, f"The merge has been undone. Record {merge.merged_id} is separate again."
            )
            return redirect("people:detail", person_id=merge.survivor_id)
    return render(request, "people/merge_undo.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The review pile: possible duplicates in the index, each side by side, to decide on."""
    if not can_merge_people(request.user):
        raise PermissionDenied
    pile = person_pair_pile(user=request.user)
    forms = [(review, PairDecisionForm(prefix=f"p{review.pair.pk}")) for review in pile]
    return render(
        request,
        "people/duplicates.html",
        {"pile": forms, "page_title": "Possible duplicate records"},
    )


def _decide(request: AuthenticatedHttpRequest, form: PairDecisionForm, pair: Any) -> str | None:
    """Carry out the worker's decision; the message to show, or None when refused."""
    reason = form.cleaned_data["reason"]
    try:
        if form.cleaned_data["decision"] == "same":
            person_merge(actor=request.user, survivor=pair.person, merged=pair.other, reason=reason)
            return f"Record {pair.other_id} has been merged into record {pair.person_id}."
        person_pair_reject(actor=request.user, pair=pair, reason=reason)
    except ApplicationError as error:
        form.add_error("reason" if error.field == "reason" else None, error.message)
        return None
    return f"Records {pair.person_id} and {pair.other_id} are kept apart as different people."


@require_http_methods(["GET", "POST"])
@login_required
def duplicate_decide(request: AuthenticatedHttpRequest, pair_id: int) -> HttpResponse:
    """One possible duplicate: both records side by side, same person (merge) or not."""
    pair = person_pair_get_for_user(request.user, pair_id)
    if not can_merge_people(request.user):
        raise PermissionDenied
    form = PairDecisionForm(request.POST or None, prefix=f"p{pair.pk}")
    if request.method == "POST" and form.is_valid():
        done = _decide(request, form, pair)
        if done is not None:
            messages.success(request, done)
            return redirect("people:duplicates")
    return render(
        request,
        "people/duplicate_decide.html",
        {
            "review": person_pair_review(pair),
            "form": form,
            "page_title": "Are these the same person?",
        },
        status=400 if form.errors else 200,
    )
