from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openmash.contacts.drafts import (
    contact_input_from_draft,
    missing_answers,
    parse_iso_date,
    referral_draft_create,
    referral_draft_delete,
    referral_draft_submit,
    referral_draft_update,
    subject_input_from_answers,
)
from openmash.contacts.duplicates import contact_duplicate_confirm, contact_duplicate_reject
from openmash.contacts.forms import (
    ConcernForm,
    ConsentForm,
    ConsultationForm,
    PersonForm,
    ReferrerForm,
    RiskForm,
    StaffContactForm,
    SubjectResolveForm,
)
from openmash.contacts.models import ConcernCategory, ReferralDraft
from openmash.contacts.permissions import (
    can_record_contacts,
    can_submit_contacts,
    contact_get_for_user,
    contact_subject_get_for_change,
    referral_draft_get_for_user,
)
from openmash.contacts.selectors import (
    contact_list,
    contact_list_logged,
    contact_subject_views,
    referral_drafts_of,
)
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    contact_create,
    contact_subject_resolve,
)
from openmash.core.access import restriction_allows
from openmash.core.errors import ApplicationError
from openmash.core.views import record_history
from openmash.frontdoor.panels import frontdoor_panels
from openmash.people.permissions import persons_visible_to

SUBJECT_FIELD = re.compile(r"^subjects\[(\d+)\]\.(\w+)$")


def _list_page(
    request: HttpRequest, template: str, title: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    page = Paginator(contact_list(user=request.user), 50).get_page(request.GET.get("page"))
    contact_list_logged(user=request.user, contacts=list(page.object_list))
    context = {"page": page, "page_title": title, **(extra or {})}
    return render(request, template, context)


@require_GET
@login_required
def contact_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_capability("sees_front_door"):
        raise PermissionDenied
    return _list_page(
        request, "contacts/list.html", "Contacts", {"can_record": can_record_contacts(request.user)}
    )


@require_GET
@login_required
def contact_mine(request: HttpRequest) -> HttpResponse:
    if not can_submit_contacts(request.user):
        raise PermissionDenied
    drafts = list(referral_drafts_of(user=request.user))
    return _list_page(request, "contacts/mine.html", "Your referrals", {"drafts": drafts})


@require_GET
@login_required
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
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
        "recontacts": sum(len(v.recent) for v in views),
    }
    context.update(frontdoor_panels(request.user, contact))
    return render(request, "contacts/detail.html", context)


@require_POST
@login_required
def contact_subject_resolve_view(
    request: HttpRequest, contact_id: int, subject_id: int
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
def contact_duplicate_confirm_view(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _duplicate_decision(request, contact_id, confirm=True)


@require_POST
@login_required
def contact_duplicate_reject_view(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _duplicate_decision(request, contact_id, confirm=False)


def _duplicate_decision(request: HttpRequest, contact_id: int, *, confirm: bool) -> HttpResponse:
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


PersonFormSet = forms.formset_factory(PersonForm, extra=0, min_num=1, validate_min=True)


@require_http_methods(["GET", "POST"])
@login_required
def contact_record(request: HttpRequest) -> HttpResponse:
    if not can_record_contacts(request.user):
        raise PermissionDenied
    if request.method == "GET":
        now = timezone.localtime()
        form = StaffContactForm(initial={"received_date": now.date(), "received_time": now})
        return _record_page(request, form, PersonFormSet(prefix="subject"))
    if "add_subject" in request.POST:
        data = request.POST.copy()
        data["subject-TOTAL_FORMS"] = str(int(data.get("subject-TOTAL_FORMS", "1") or 1) + 1)
        form, formset = StaffContactForm(data), PersonFormSet(data, prefix="subject")
        # Adding a person keeps what was typed but shows no errors yet: they come on saving.
        for each in (form, *formset):
            each._errors = ErrorDict()
        formset._errors, formset._non_form_errors = [], formset.error_class()
        return _record_page(request, form, formset)
    form, formset = StaffContactForm(request.POST), PersonFormSet(request.POST, prefix="subject")
    if form.is_valid() and formset.is_valid():
        filled = [f for f in formset if f.cleaned_data]
        try:
            contact = contact_create(actor=request.user, data=_staff_input(form, filled))
        except ContactInvalidError as error:
            _apply_problems(form, filled, error.problems)
        else:
            messages.success(request, f"Contact {contact.reference} recorded")
            return redirect("contacts:detail", contact.pk)
    return _record_page(request, form, formset)


def _record_page(request: HttpRequest, form: StaffContactForm, formset: Any) -> HttpResponse:
    has_errors = any(f.is_bound and f.errors for f in (form, *formset)) or bool(
        formset.is_bound and formset.non_form_errors()
    )
    return render(
        request,
        "contacts/record.html",
        {
            "form": form,
            "formset": formset,
            "has_errors": has_errors,
            "error_forms": [form, *formset],
        },
    )


def _staff_input(form: StaffContactForm, subject_forms: list[PersonForm]) -> ContactInput:
    data = form.cleaned_data
    received = timezone.make_aware(datetime.combine(data["received_date"], data["received_time"]))
    return ContactInput(
        source_agency=data["source_agency"],
        channel=data["channel"],
        concern=data["concern"],
        subjects=[subject_input_from_answers(f.cleaned_data) for f in subject_forms],
        received_at=received,
        referrer_name=data["referrer_name"],
        referrer_role=data["referrer_role"],
        referrer_email=data["referrer_email"],
        referrer_phone=data["referrer_phone"],
        categories=form.chosen_categories(),
        immediate_risk=data["immediate_risk"] == "yes",
        immediate_risk_details=data["immediate_risk_details"],
        incident_date=data["incident_date"],
        family_told=data["family_told"],
        consent=data["consent"],
        consent_reason=data["consent_reason"],
        is_consultation=form.is_consultation,
        is_anonymous=form.is_anonymous,
        anonymous_reason=data["anonymous_reason"] if form.is_anonymous else "",
    )


def _apply_problems(
    form: forms.Form, subject_forms: list[Any], problems: list[tuple[str, str]]
) -> None:
    """Put the service's (field, message) problems on the fields the user can correct."""
    renames = {"received_at": "received_time", "categories": None, "subjects": None}
    for name, message in problems:
        match = SUBJECT_FIELD.match(name)
        if match and int(match[1]) < len(subject_forms):
            target = subject_forms[int(match[1])]
            field = match[2] if match[2] in target.fields else None
            target.add_error(field, message)
            continue
        field = renames.get(name, name)
        form.add_error(field if field in form.fields else None, message)


# The referral form for partner practitioners: question pages, check answers, confirmation.


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


def _submitter(request: HttpRequest) -> None:
    if not can_submit_contacts(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
def referral_start(request: HttpRequest) -> HttpResponse:
    _submitter(request)
    if request.method == "POST":
        draft = referral_draft_create(actor=request.user)
        return redirect("contacts:refer_step", draft.pk, "you")
    return render(
        request, "contacts/referral/start.html", {"page_title": "Make a referral to the MASH"}
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_step(request: HttpRequest, draft_id: int, step: str) -> HttpResponse:
    _submitter(request)
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
    return applies | ({"child"} if "child" in kinds or not applies else set())


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
def referral_people(request: HttpRequest, draft_id: int) -> HttpResponse:
    _submitter(request)
    draft = referral_draft_get_for_user(request.user, draft_id)
    subjects = draft.data.get("subjects", [])
    error = ""
    if request.method == "POST":
        if not any(s.get("kind") in ("child", "adult") for s in subjects):
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
def referral_person(request: HttpRequest, draft_id: int, index: int | None = None) -> HttpResponse:
    _submitter(request)
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
        initial["date_of_birth"] = parse_iso_date(initial.get("date_of_birth"))
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
def referral_person_remove(request: HttpRequest, draft_id: int, index: int) -> HttpResponse:
    _submitter(request)
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
def referral_check(request: HttpRequest, draft_id: int) -> HttpResponse:
    _submitter(request)
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
def referral_sent(request: HttpRequest, contact_id: int) -> HttpResponse:
    _submitter(request)
    contact = contact_get_for_user(request.user, contact_id)
    if contact.submitted_by_id != request.user.pk:
        raise Http404("No such referral")
    return render(request, "contacts/referral/sent.html", {"contact": contact})


@require_http_methods(["GET", "POST"])
@login_required
def referral_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    _submitter(request)
    draft = referral_draft_get_for_user(request.user, draft_id)
    if request.method == "POST":
        referral_draft_delete(actor=request.user, draft=draft)
        messages.success(request, "Your draft referral has been deleted")
        return redirect("contacts:mine")
    return render(request, "contacts/referral/delete.html", {"draft": draft})
