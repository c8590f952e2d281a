"""Chronology pages: a person's chronology (filters, significance, the cumulative-risk panel), the
family around them with the family's chronology, workers' own entries, the case summary, and the
PDF exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openmash.accounts.models import Agency
from openmash.chronology.forms import (
    CaseSummaryForm,
    ChronologyFilterForm,
    EntryForm,
    SignificanceForm,
)
from openmash.chronology.pdf import chronology_pdf_response
from openmash.chronology.permissions import (
    agency_people_visible_to,
    can_add_to_chronology,
    can_sign_off_case_summary,
    chronology_person_get_for_reader,
    chronology_person_get_for_user,
    is_agency_reader,
)
from openmash.chronology.selectors import (
    Chronology,
    ChronologyFilters,
    case_summary_latest,
    case_summary_versions,
    chronology_build,
    cumulative_risk,
    event_anchor,
    family_of,
)
from openmash.chronology.services import (
    CaseSummaryInput,
    case_summary_sign_off,
    case_summary_write,
    chronology_entry_add,
    chronology_significance_set,
)
from openmash.chronology.verbs import ChronologyVerb
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.pdf import pdf_render, pdf_response
from openmash.people.models import Person


def _filters(request: AuthenticatedHttpRequest, chronology: Chronology) -> tuple[Any, Any]:
    form = ChronologyFilterForm(
        request.GET or None, agencies=chronology.agencies, kinds=chronology.kinds
    )
    if not (form.is_bound and form.is_valid()):
        return form, ChronologyFilters()
    data = form.cleaned_data
    return form, ChronologyFilters(
        agency=data["agency"],
        kind=data["kind"],
        since=data["since"],
        until=data["until"],
        significant_only=data["significant"],
        oldest_first=data["order"] == "oldest",
    )


def _chronology(
    request: AuthenticatedHttpRequest, people: list[Person]
) -> tuple[Any, Chronology, ChronologyFilters]:
    """The filter form, then the filtered chronology (the filter's choices come from all of it)."""
    everything = chronology_build(request.user, people)
    form, filters = _filters(request, everything)
    if filters == ChronologyFilters():
        return form, everything, filters
    filtered = chronology_build(request.user, people, filters, events=everything.events)
    return form, filtered, filters


TIMELINE_PAGE_SIZE = 100  # events a page shows; the filters, counts and the PDF cover them all


def _timeline_page(request: AuthenticatedHttpRequest, chronology: Chronology) -> Page[Any]:
    return Paginator(chronology.items, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))


def _viewed(user: Any, person: Person, chronology: Chronology, *, page: str) -> None:
    audit_record(
        actor=user,
        verb=ChronologyVerb.VIEWED,
        target=person,
        summary={"page": page, "events": len(chronology.items), "of": chronology.total},
        durable=False,
    )


@require_GET
@login_required
def person_chronology(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_reader(request.user, person_id)
    form, chronology, filters = _chronology(request, [person])
    _viewed(request.user, person, chronology, page="person")
    if is_agency_reader(request.user):
        return render(
            request,
            "chronology/agency.html",
            {
                "person": person,
                "form": form,
                "chronology": chronology,
                "page": _timeline_page(request, chronology),
                "filtered": filters != ChronologyFilters(),
                "query": request.GET.urlencode(),
                "page_title": f"What your agency shared: {person.given_name} {person.family_name}",
            },
        )
    return render(
        request,
        "chronology/person.html",
        {
            "person": person,
            "form": form,
            "chronology": chronology,
            "page": _timeline_page(request, chronology),
            "filtered": filters != ChronologyFilters(),
            "risk": cumulative_risk(
                request.user, person, now=timezone.now(), events=chronology.events
            ),
            "summary": case_summary_latest(person),
            "can_add": can_add_to_chronology(request.user),
            "query": request.GET.urlencode(),
            "page_title": f"Chronology: {person.given_name} {person.family_name}",
        },
    )


@require_GET
@login_required
def family(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_user(request.user, person_id)
    members = family_of(request.user, person)
    form, chronology, filters = _chronology(request, [person, *(m.person for m in members)])
    _viewed(request.user, person, chronology, page="family")
    return render(
        request,
        "chronology/family.html",
        {
            "person": person,
            "members": members,
            "form": form,
            "chronology": chronology,
            "page": _timeline_page(request, chronology),
            "filtered": filters != ChronologyFilters(),
            "can_add": can_add_to_chronology(request.user),
            "query": request.GET.urlencode(),
            "page_title": f"Family: {person.given_name} {person.family_name}",
        },
    )


@require_POST
@login_required
def significance(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_user(request.user, person_id)
    if not can_add_to_chronology(request.user):
        raise PermissionDenied
    form = SignificanceForm(request.POST)
    back = request.POST.get("back", "")
    target = reverse("chronology:person", args=[person.pk]) + (f"?{back}" if back else "")
    if not form.is_valid():
        messages.error(request, "Choose an event to mark.")
        return redirect(target)
    key = form.cleaned_data["event_key"]
    try:
        chronology_significance_set(
            person=person,
            actor=request.user,
            event_key=key,
            significant=form.cleaned_data["significant"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(target)
    words = "marked significant" if form.cleaned_data["significant"] else "no longer significant"
    messages.success(request, f"Event {words}")
    return redirect(target + "#" + event_anchor(key))


@login_required
def entry_add(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_user(request.user, person_id)
    if not can_add_to_chronology(request.user):
        raise PermissionDenied
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = Agency.objects.filter(pk=data["agency"]).first() if data["agency"] else None
        try:
            chronology_entry_add(
                person=person,
                actor=request.user,
                happened_on=data["happened_on"],
                kind=data["kind"],
                summary=data["summary"],
                detail=data["detail"],
                agency=agency,
                source=data["source"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Entry added to the chronology")
            return redirect("chronology:person", person.pk)
    return render(
        request,
        "chronology/entry_form.html",
        {
            "person": person,
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "page_title": "Add to the chronology",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def summary_view(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_user(request.user, person_id)
    versions = case_summary_versions(person)
    latest = versions[0] if versions else None
    if request.method == "POST":
        if latest is None or not can_sign_off_case_summary(request.user):
            raise PermissionDenied
        try:
            case_summary_sign_off(summary=latest, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Version {latest.version} signed off")
        return redirect("chronology:summary", person.pk)
    return render(
        request,
        "chronology/summary.html",
        {
            "person": person,
            "summary": latest,
            "versions": versions,
            "can_write": can_add_to_chronology(request.user),
            "can_sign_off": bool(
                latest
                and latest.signed_off_at is None
                and latest.written_by_id != request.user.pk
                and can_sign_off_case_summary(request.user)
            ),
            "page_title": f"Case summary: {person.given_name} {person.family_name}",
        },
    )


@login_required
def summary_write(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_user(request.user, person_id)
    if not can_add_to_chronology(request.user):
        raise PermissionDenied
    latest = case_summary_latest(person)
    initial: dict[str, Any] = {"version": latest.version if latest else 0}
    if latest:
        for name in ("family", "history", "risks", "strengths", "voice"):
            initial[name] = getattr(latest, name)
    form = CaseSummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            written = case_summary_write(
                person=person,
                actor=request.user,
                data=CaseSummaryInput(
                    family=data["family"],
                    history=data["history"],
                    risks=data["risks"],
                    strengths=data["strengths"],
                    voice=data["voice"],
                ),
                expected_version=data["version"],
            )
        except ConflictError as error:
            form.add_error(None, error.message)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Version {written.version} saved. A manager signs it off")
            return redirect("chronology:summary", person.pk)
    return render(
        request,
        "chronology/summary_form.html",
        {
            "person": person,
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "page_title": "Write the case summary",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@login_required
def chronology_pdf(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_reader(request.user, person_id)
    _, chronology, filters = _chronology(request, [person])
    return chronology_pdf_response(
        actor=request.user,
        person=person,
        chronology=chronology,
        filters=filters,
        query=request.GET.urlencode(),
    )


@require_GET
@login_required
def summary_pdf(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = chronology_person_get_for_user(request.user, person_id)
    summary = case_summary_latest(person)
    if summary is None:
        messages.error(request, "There is no case summary to export yet.")
        return redirect("chronology:summary", person.pk)
    audit_record(
        actor=request.user,
        verb=ChronologyVerb.SUMMARY_EXPORTED,
        target=summary,
        summary={"person": person.pk, "version": summary.version},
    )
    content = pdf_render(
        "chronology/pdf/summary.html",
        {"person": person, "summary": summary},
        actor=request.user,
        title=f"Case summary of {person.given_name} {person.family_name}",
    )
    return pdf_response(content, f"case-summary-{person.pk}-v{summary.version}.pdf")


AGENCY_PAGE_SIZE = 50


@require_GET
@login_required
def agency_people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An agency representative's list of the people their agency was asked about, the most
    recently asked first, each linking to what the agency shared."""
    if not is_agency_reader(request.user):
        raise PermissionDenied
    people = agency_people_visible_to(request.user)
    paginator = Paginator(
        people.annotate(last_asked=Max("contact_links__information_requests__requested_at"))
        .order_by("-last_asked", "family_name", "given_name", "pk")
        .only("given_name", "family_name", "date_of_birth"),
        AGENCY_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="person",
        summary={
            "ids": [p.pk for p in page],
            "count": len(page),
            "page": "agency_people",
        },
        durable=False,
    )
    return render(
        request,
        "chronology/agency_people.html",
        {"page": page, "page_title": "People your agency was asked about"},
    )


app_name = "chronology"
urlpatterns: list[URLPattern] = [
    path("agency/", agency_people, name="agency_people"),
    path("people/<int:person_id>/", person_chronology, name="person"),
    path("people/<int:person_id>/family/", family, name="family"),
    path("people/<int:person_id>/significant/", significance, name="significance"),
    path("people/<int:person_id>/entries/new/", entry_add, name="entry_add"),
    path("people/<int:person_id>/summary/", summary_view, name="summary"),
    path("people/<int:person_id>/summary/write/", summary_write, name="summary_write"),
    path("people/<int:person_id>/chronology.pdf", chronology_pdf, name="person_pdf"),
    path("people/<int:person_id>/summary.pdf", summary_pdf, name="summary_pdf"),
]
