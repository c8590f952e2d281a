"""Front-door pages for working a contact: screen and RAG, escalate, pause the clock, propose a
decision, authorise or return it, case direction and notes, close, and the chronology."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from openmash.contacts.models import Contact, ContactStatus
from openmash.contacts.permissions import contact_get_for_user
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.contact import (
    S42_QUESTIONS,
    AuthoriseForm,
    CloseForm,
    DecisionForm,
    EscalateForm,
    NoteForm,
    PauseForm,
    ReturnForm,
    ScreenForm,
)
from openmash.frontdoor.models import DecisionState
from openmash.frontdoor.permissions import (
    can_authorise_decisions,
    can_work_contacts,
    contact_get_for_authorising,
    contact_get_for_work,
)
from openmash.frontdoor.selectors.contact import contact_chronology
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_check_warnings,
    decision_consent_blocker,
    decision_propose,
    decision_return,
    decision_subjects,
)
from openmash.frontdoor.services.lifecycle import contact_close
from openmash.frontdoor.services.notes import case_note_add
from openmash.frontdoor.services.rag import (
    contact_clock_pause,
    contact_clock_resume,
    contact_escalate,
    contact_screen,
)


def _version(form: forms.Form) -> int | None:
    return form.cleaned_data.get("version")


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal lands on the form (on the named field when there is one)."""
    try:
        return call()
    except ConflictError as error:
        form.add_error(None, error.message)
    except ApplicationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    return None


def _form_page(
    request: HttpRequest,
    contact: Contact,
    form: forms.Form,
    *,
    title: str,
    button: str,
    intro: str = "",
    warning: str = "",
) -> HttpResponse:
    return render(
        request,
        "frontdoor/contact/form.html",
        {
            "contact": contact,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "warning": warning,
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


def _done(request: HttpRequest, contact: Contact, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("contacts:detail", contact.pk)


@login_required
def contact_screen_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    form = ScreenForm(
        request.POST or None, initial={"version": contact.version, "rag": contact.rag}
    )
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: contact_screen(
                contact=contact,
                actor=request.user,
                rag=form.cleaned_data["rag"],
                reason=form.cleaned_data["reason"],
                expected_version=_version(form),
            ),
        )
        if done:
            return _done(request, contact, f"Contact {contact.reference} rated {done.rag}")
    title = (
        "Screen and RAG rate" if contact.status == ContactStatus.RECEIVED else "Change RAG rating"
    )
    return _form_page(request, contact, form, title=title, button="Save rating")


@login_required
def contact_escalate_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    form = EscalateForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: contact_escalate(
                contact=contact,
                actor=request.user,
                details=form.cleaned_data["details"],
                expected_version=_version(form),
            ),
        )
        if done:
            return _done(request, contact, "Immediate risk escalated: the managers have been told")
    return _form_page(
        request,
        contact,
        form,
        title="Escalate immediate risk",
        button="Escalate",
        warning="If a child or adult is in danger now, call the police on 999 first.",
        intro="The contact will be rated red, its clock cannot be paused, and the team's "
        "managers are told at once.",
    )


@login_required
def contact_clock_pause_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    form = PauseForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: contact_clock_pause(
                contact=contact,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=_version(form),
            ),
        )
        if done:
            return _done(request, contact, "RAG clock paused")
    return _form_page(
        request,
        contact,
        form,
        title="Pause the RAG clock",
        button="Pause the clock",
        intro="The due time moves on by the working time the clock is paused. A red "
        "contact's clock never pauses.",
    )


@require_POST
@login_required
def contact_clock_resume_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    form = PauseForm(request.POST)
    form.is_valid()
    try:
        contact_clock_resume(
            contact=contact, actor=request.user, expected_version=form.cleaned_data.get("version")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("contacts:detail", contact.pk)
    return _done(request, contact, "RAG clock resumed")


@login_required
def contact_decision_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    subjects = decision_subjects(contact)
    form = DecisionForm(
        request.POST or None, subjects=subjects, initial={"version": contact.version}
    )
    if request.method == "POST" and form.is_valid():
        outcomes = [
            OutcomeInput(
                subject_id=s.pk,
                outcome=form.cleaned_data[f"outcome_{s.pk}"],
                **{key: form.s42_answer(key, s) for key, _ in S42_QUESTIONS},
            )
            for s in subjects
        ]
        done = _attempt(
            form,
            lambda: decision_propose(
                contact=contact,
                actor=request.user,
                outcomes=outcomes,
                rationale=form.cleaned_data["rationale"],
                next_step=form.cleaned_data["next_step"],
                team=form.cleaned_data["team"],
                check_reason=form.cleaned_data["check_reason"],
                expected_version=_version(form),
            ),
        )
        if done:
            return _done(
                request, contact, "Decision proposed: a manager has been asked to authorise it"
            )
    return render(
        request,
        "frontdoor/contact/decision.html",
        {
            "contact": contact,
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "threshold_level": contact.threshold_level,
        },
    )


@login_required
def contact_authorise_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_authorising(request.user, contact_id)
    decision = (
        contact.decisions.filter(state=DecisionState.PROPOSED)
        .select_related("proposed_by", "team")
        .prefetch_related("outcomes__subject")
        .first()
    )
    authorise_form = AuthoriseForm(
        request.POST if "authorise" in request.POST else None,
        initial={"version": contact.version},
        warnings=bool(decision and decision_check_warnings(decision)),
    )
    return_form = ReturnForm(
        request.POST if "return" in request.POST else None,
        initial={"version": contact.version},
        prefix="return",
    )
    if request.method == "POST" and decision is None:
        messages.error(request, "There is no decision waiting for authorisation")
        return redirect("contacts:detail", contact.pk)
    authorised = (
        decision is not None
        and "authorise" in request.POST
        and authorise_form.is_valid()
        and _attempt(
            authorise_form,
            lambda: decision_authorise(
                decision=decision,
                actor=request.user,
                comment=authorise_form.cleaned_data["comment"],
                acknowledge_checks=bool(authorise_form.cleaned_data.get("acknowledge_checks")),
                expected_version=_version(authorise_form),
            ),
        )
    )
    if authorised:
        return _done(
            request, contact, "Decision authorised: the referrer has been told the outcome"
        )
    returned = (
        decision is not None
        and "return" in request.POST
        and return_form.is_valid()
        and _attempt(
            return_form,
            lambda: decision_return(
                decision=decision,
                actor=request.user,
                reason=return_form.cleaned_data["reason"],
                expected_version=_version(return_form),
            ),
        )
    )
    if returned:
        return _done(request, contact, "Decision returned for more work")
    forms_with_errors = [f for f in (authorise_form, return_form) if f.is_bound and f.errors]
    return render(
        request,
        "frontdoor/contact/authorise.html",
        {
            "contact": contact,
            "decision": decision,
            "authorise_form": authorise_form,
            "return_form": return_form,
            "own": decision is not None and decision.proposed_by_id == request.user.pk,
            "check_warnings": decision_check_warnings(decision) if decision else [],
            "consent_blocker": decision_consent_blocker(contact) if decision else "",
            "error_forms": forms_with_errors,
            "has_errors": bool(forms_with_errors),
        },
    )


@login_required
def contact_note_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    can_direct = can_authorise_decisions(request.user)
    form = NoteForm(
        request.POST or None, can_direct=can_direct, initial={"version": contact.version}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: case_note_add(
                contact=contact,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                expected_version=_version(form),
            ),
        )
    ):
        return _done(request, contact, "Note added")
    title = "Add case direction or a note" if can_direct else "Add a case note"
    return _form_page(request, contact, form, title=title, button="Save note")


@login_required
def contact_close_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_work(request.user, contact_id)
    form = CloseForm(request.POST or None, initial={"version": contact.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: contact_close(
                contact=contact,
                actor=request.user,
                note=form.cleaned_data["note"],
                expected_version=_version(form),
            ),
        )
    ):
        return _done(request, contact, f"Contact {contact.reference} closed")
    return _form_page(
        request,
        contact,
        form,
        title="Close and hand on",
        button="Close contact",
        intro="The decision has been authorised. Closing hands the contact on to the team "
        "named in the decision and takes it off the MASH queue.",
    )


@login_required
def contact_chronology_view(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_get_for_user(request.user, contact_id)
    if not request.user.has_capability("sees_front_door"):
        raise PermissionDenied
    return render(
        request,
        "frontdoor/contact/chronology.html",
        {
            "contact": contact,
            "events": contact_chronology(contact),
            "can_work": can_work_contacts(request.user),
        },
    )


urlpatterns: list[URLPattern] = [
    path("contacts/<int:contact_id>/screen/", contact_screen_view, name="screen"),
    path("contacts/<int:contact_id>/escalate/", contact_escalate_view, name="escalate"),
    path("contacts/<int:contact_id>/clock/pause/", contact_clock_pause_view, name="clock_pause"),
    path("contacts/<int:contact_id>/clock/resume/", contact_clock_resume_view, name="clock_resume"),
    path("contacts/<int:contact_id>/decision/", contact_decision_view, name="decision"),
    path("contacts/<int:contact_id>/authorise/", contact_authorise_view, name="authorise"),
    path("contacts/<int:contact_id>/notes/", contact_note_view, name="note"),
    path("contacts/<int:contact_id>/close/", contact_close_view, name="close"),
    path("contacts/<int:contact_id>/chronology/", contact_chronology_view, name="chronology"),
]
