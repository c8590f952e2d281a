"""The referral form for partner practitioners: question pages, drafts, check answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openmash.contacts.drafts import (
    SUBJECT_KINDS,
    contact_input_from_draft,
    missing_answers,
    parse_iso_date,
    referral_draft_create,
    referral_draft_delete,
    referral_draft_submit,
    referral_draft_update,
)
from openmash.contacts.forms import (
    ConcernForm,
    ConsentForm,
    ConsultationForm,
    PersonForm,
    ReferrerForm,
    RiskForm,
)
from openmash.contacts.models import ConcernCategory, ReferralDraft
from openmash.contacts.permissions import (
    can_submit_contacts,
    contact_get_for_user,
    referral_draft_get_for_user,
)
from openmash.contacts.services import (
    ContactInvalidError,
)
from openmash.contacts.views.intake import SUBJECT_FIELD
from openmash.core.errors import ApplicationError, RateLimitedError
from openmash.core.http import AuthenticatedHttpRequest

STEPS: dict[str, dict[str, Any]] = {
    "you": {"form": ReferrerForm, "title": "Your details", "next": "type"},
    "type": {
        "form": ConsultationForm,
        "title": "Referral or advice",
        "next": "people",
        "h1": False,
    },
    "concern": {"form": ConcernForm, "title": "What happened", "next": "risk"},
    "risk": {"form": RiskForm, "title": "Immediate risk", "next": "consent", "h1": False},
    "consent": {"form": ConsentForm, "title": "What the family know", "next": "check"},
}


def _submitter(request: AuthenticatedHttpRequest) -> None:
    if not can_submit_contacts(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
def referral_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    _submitter(request)
    if request.method == "POST":
        draft = referral_draft_create(actor=request.user)
        return redirect("contacts:refer_step", draft.pk, "you")
    return render(
        request, "contacts/referral/start.html", {"page_title": "Make a referral to the MASH"}
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_step(request: AuthenticatedHttpRequest, draft_id: int, step: str) -> HttpResponse:
    draft = referral_draft_get_for_user(request.user, draft_id)
    if step not in STEPS:
        raise Http404("No such page")
    config = STEPS[step]
    kwargs = {"applies_to": _applies_to(draft)} if step == "concern" else {}
    if request.method == "POST":
        form = config["form"](request.POST, **kwargs)
        if form.is_valid():
            referral_draft_update(actor=request.user, draft=draft, answers=_answers(form))
            return _after_save(request, draft, config["next"])
    else:
        form = config["form"](**kwargs)
        form.initial = _initial(form, draft)
    return render(
        request,
        f"contacts/referral/step_{step}.html",
        {"form": form, "draft": draft, "title": config["title"], "back": _back(draft, step)},
    )


def _applies_to(draft: ReferralDraft) -> set[str]:
    kinds = {s.get("kind") for s in draft.data.get("subjects", [])}
    applies = {"adult"} if "adult" in kinds else set()
    child = bool(kinds & {"child", "unborn"})
    return applies | ({"child"} if child or not applies else set())


def _answers(form: forms.Form) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if isinstance(form, ConcernForm):
        data = {
            "concern": data["concern"],
            "incident_date": data["incident_date"].isoformat() if data["incident_date"] else "",
            "categories": form.chosen_categories(),
        }
    return data


def _initial(form: forms.Form, draft: ReferralDraft) -> dict[str, Any]:
    initial = {name: draft.data.get(name, "") for name in form.fields}
    if isinstance(form, ConcernForm):
        initial["incident_date"] = parse_iso_date(draft.data.get("incident_date"))
        initial.update(form.initial_categories(draft.data.get("categories", [])))
    return initial


def _after_save(request: HttpRequest, draft: ReferralDraft, next_step: str) -> HttpResponse:
    if "later" in request.POST:
        messages.success(request, "Your referral has been saved. You can finish it later.")
        return redirect("contacts:mine")
    if request.GET.get("return") == "check" or next_step == "check":
        return redirect("contacts:refer_check", draft.pk)
    if next_step == "people":
        return redirect("contacts:refer_people", draft.pk)
    return redirect("contacts:refer_step", draft.pk, next_step)


def _back(draft: ReferralDraft, step: str) -> str:
    order = ["you", "type", "people", "concern", "risk", "consent"]
    index = order.index(step)
    if index == 0:
        return reverse("contacts:mine")
    previous = order[index - 1]
    if previous == "people":
        return reverse("contacts:refer_people", args=[draft.pk])
    return reverse("contacts:refer_step", args=[draft.pk, previous])


@require_http_methods(["GET", "POST"])
@login_required
def referral_people(request: AuthenticatedHttpRequest, draft_id: int) -> HttpResponse:
    draft = referral_draft_get_for_user(request.user, draft_id)
    subjects = draft.data.get("subjects", [])
    error = ""
    if request.method == "POST":
        if not any(s.get("kind") in SUBJECT_KINDS for s in subjects):
            error = "Add the child or adult the concern is about"
        elif "later" in request.POST:
            messages.success(request, "Your referral has been saved. You can finish it later.")
            return redirect("contacts:mine")
        else:
            if request.GET.get("return") == "check":
                return redirect("contacts:refer_check", draft.pk)
            return redirect("contacts:refer_step", draft.pk, "concern")
    return render(
        request,
        "contacts/referral/people.html",
        {"draft": draft, "subjects": subjects, "error": error, "back": _back(draft, "people")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_person(
    request: AuthenticatedHttpRequest, draft_id: int, index: int | None = None
) -> HttpResponse:
    draft = referral_draft_get_for_user(request.user, draft_id)
    subjects = list(draft.data.get("subjects", []))
    if index is not None and not 0 <= index < len(subjects):
        raise Http404("No such person")
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            if index is None:
                subjects.append(form.as_draft())
            else:
                subjects[index] = form.as_draft()
            try:
                referral_draft_update(
                    actor=request.user, draft=draft, answers={"subjects": subjects}
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return redirect("contacts:refer_people", draft.pk)
    else:
        initial = (
            dict(subjects[index]) if index is not None else {"kind": request.GET.get("kind", "")}
        )
        for name in ("date_of_birth", "expected_delivery_date"):
            initial[name] = parse_iso_date(initial.get(name))
        form = PersonForm(initial=initial)
    return render(
        request,
        "contacts/referral/person.html",
        {
            "form": form,
            "draft": draft,
            "index": index,
            "back": reverse("contacts:refer_people", args=[draft.pk]),
        },
    )


@require_POST
@login_required
def referral_person_remove(
    request: AuthenticatedHttpRequest, draft_id: int, index: int
) -> HttpResponse:
    draft = referral_draft_get_for_user(request.user, draft_id)
    subjects = list(draft.data.get("subjects", []))
    if not 0 <= index < len(subjects):
        raise Http404("No such person")
    removed = subjects.pop(index)
    referral_draft_update(actor=request.user, draft=draft, answers={"subjects": subjects})
    messages.success(
        request, f"{removed.get('given_name', '')} {removed.get('family_name', '')} removed"
    )
    return redirect("contacts:refer_people", draft.pk)


@require_http_methods(["GET", "POST"])
@login_required
def referral_check(request: AuthenticatedHttpRequest, draft_id: int) -> HttpResponse:
    draft = referral_draft_get_for_user(request.user, draft_id)
    errors = [
        (reverse(_page_url_name(page), args=_page_args(draft, page)), message)
        for page, message in missing_answers(draft)
    ]
    if request.method == "POST" and not errors:
        try:
            contact = referral_draft_submit(actor=request.user, draft=draft)
        except ContactInvalidError as error:
            errors = [(_problem_href(draft, name), message) for name, message in error.problems]
        except RateLimitedError as error:
            errors = [("#send", error.message)]  # the draft is kept: send it later
        else:
            return redirect("contacts:refer_sent", contact.pk)
    data = draft.data
    categories = ConcernCategory.objects.filter(code__in=data.get("categories", []))
    return render(
        request,
        "contacts/referral/check.html",
        {
            "draft": draft,
            "data": data,
            "contact_input": contact_input_from_draft(draft, request.user),
            "categories": list(categories),
            "errors": errors if request.method == "POST" else [],
            "incomplete": errors,
        },
    )


def _page_url_name(page: str) -> str:
    return "contacts:refer_people" if page == "people" else "contacts:refer_step"


def _page_args(draft: ReferralDraft, page: str) -> list[Any]:
    return [draft.pk] if page == "people" else [draft.pk, page]


def _problem_href(draft: ReferralDraft, name: str) -> str:
    match = SUBJECT_FIELD.match(name)
    if match:
        return reverse("contacts:refer_person_change", args=[draft.pk, int(match[1])])
    pages = {
        "concern": "concern",
        "incident_date": "concern",
        "categories": "concern",
        "immediate_risk_details": "risk",
        "consent_reason": "consent",
        "family_told": "consent",
        "consent": "consent",
        "anonymous_reason": "type",
        "subjects": "people",
    }
    page = pages.get(name, "you")
    return reverse(_page_url_name(page), args=_page_args(draft, page))


@require_GET
@login_required
def referral_sent(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_user(request.user, contact_id)
    _submitter(request)
    if contact.submitted_by_id != request.user.pk:
        raise Http404("No such referral")
    return render(request, "contacts/referral/sent.html", {"contact": contact})


@require_http_methods(["GET", "POST"])
@login_required
def referral_delete(request: AuthenticatedHttpRequest, draft_id: int) -> HttpResponse:
    draft = referral_draft_get_for_user(request.user, draft_id)
    if request.method == "POST":
        referral_draft_delete(actor=request.user, draft=draft)
        messages.success(request, "Your draft referral has been deleted")
        return redirect("contacts:mine")
    return render(request, "contacts/referral/delete.html", {"draft": draft})
