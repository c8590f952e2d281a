from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openmash.core.views import record_history
from openmash.people.permissions import can_search_people, person_get_for_user
from openmash.people.selectors import person_search


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or NHS number",
        max_length=200,
        error_messages={"required": "Enter a name or an NHS number"},
    )


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not can_search_people(request.user):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = person_search(user=request.user, query=form.cleaned_data["q"])
    return render(
        request,
        "people/search.html",
        {"form": form, "results": results, "page_title": "Find a person"},
    )


@require_GET
@login_required
def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_user(request.user, person_id)
    contacts = person.contacts.select_related("source_agency").order_by("-received_at")[:50]
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "contacts": contacts,
            "history": record_history("person", person.pk),
            "page_title": str(person),
        },
    )
