"""Privacy pages, mounted at /information-governance/: subject access requests (the open list,
logging one, the request with everything held and its redactions, the disclosure PDF) and
retention (rules with their history, the review of records past their date, legal holds,
disposal). The privacy officer's only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from openmash.core.access import RecordRestricted
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.core.pdf import pdf_response
from openmash.people.models import Person
from openmash.people.permissions import person_get_for_user
from openmash.privacy import forms as f
from openmash.privacy.models import RequestStatus, SubjectAccessRequest
from openmash.privacy.pdf import disclosure_pdf
from openmash.privacy.permissions import (
    hold_get_for_user,
    holds_visible_to,
    request_get_for_user,
    requests_visible_to,
    require_privacy_officer,
)
from openmash.privacy.record_types import RECORD_TYPES
from openmash.privacy.selectors import (
    holding_item,
    holdings,
    holdings_redacted,
    request_list_open,
    request_row,
    retention_review,
    rule_current,
    rule_history,
    rules_current,
)
from openmash.privacy.services import (
    RecordRef,
    legal_hold_lift,
    legal_hold_place,
    records_dispose,
    redaction_add,
    redaction_remove,
    retention_rule_change,
    sar_close,
    sar_extend,
    sar_log,
    sar_verify_identity,
)
from openmash.privacy.verbs import PrivacyVerb

app_name = "privacy"


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal lands on the form (on the named field when there is one)."""
    try:
        return call()
    except ConflictError as error:
        form.add_error(None, error.message)
    except ApplicationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return None


def _form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    title: str,
    button: str,
    back: str,
    sar: SubjectAccessRequest | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "privacy/form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "back": back,
            "sar": sar,
            "has_errors": form.is_bound and bool(form.errors),
            **(extra or {}),
        },
    )


def _person(user: Any, person_id: int) -> Person | None:
    try:
        return person_get_for_user(user, person_id)
    except (Http404, RecordRestricted):
        return None


# --- Subject access requests ---------------------------------------------------------------


@require_GET
@login_required
def requests_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_privacy_officer(request.user)
    rows = request_list_open(requests_visible_to(request.user))
    audit_record(
        actor=request.user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="subjectaccessrequest",
        summary={"ids": [r.request.pk for r in rows], "page": "open subject access requests"},
        durable=False,
    )
    return render(
        request,
        "privacy/requests.html",
        {"rows": rows, "page_title": "Subject access requests"},
    )


@login_required
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_privacy_officer(request.user)
    form = f.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = _person(request.user, d["person"])
        if person is None:
            form.add_error("person", "There is no person with that number")
        else:
            sar = _attempt(
                form,
                lambda: sar_log(
                    actor=request.user,
                    person=person,
                    requester_name=d["requester_name"],
                    requester_relationship=d["requester_relationship"],
                    received_on=d["received_on"],
                    identity_verified_on=d["identity_verified_on"],
                    identity_evidence=d["identity_evidence"],
                ),
            )
            if sar:
                messages.success(request, f"Subject access request {sar.pk} logged")
                return redirect("privacy:request", sar.pk)
    return _form_page(
        request,
        form,
        title="Log a subject access request",
        button="Log the request",
        back="privacy:requests",
    )


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, sar_id: int) -> HttpResponse:
    sar = request_get_for_user(request.user, sar_id)
    redactions = list(sar.redactions.select_related("redacted_by"))
    sections = holdings(request.user, sar.person)
    audit_record(
        actor=request.user,
        verb=PrivacyVerb.HOLDINGS_VIEWED,
        target=sar.person,
        summary={"request": sar.pk, "items": sum(len(s.items) for s in sections)},
        durable=False,
    )
    return render(
        request,
        "privacy/request.html",
        {
            "sar": sar,
            "row": request_row(sar),
            "is_open": sar.status == RequestStatus.OPEN,
            "sections": holdings_redacted(sections, redactions),
            "redactions": redactions,
            "page_title": f"Subject access request {sar.pk}",
        },
    )


def _request_form(
    request: AuthenticatedHttpRequest,
    sar_id: int,
    form_class: type[forms.Form],
    *,
    title: str,
    button: str,
    done: str,
    call: Callable[[SubjectAccessRequest, dict[str, Any]], Any],
) -> HttpResponse:
    sar = request_get_for_user(request.user, sar_id)
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(form, lambda: call(sar, form.cleaned_data))
    ):
        messages.success(request, done)
        return redirect("privacy:request", sar.pk)
    return _form_page(request, form, title=title, button=button, back="privacy:request", sar=sar)


@login_required
def request_identity(request: AuthenticatedHttpRequest, sar_id: int) -> HttpResponse:
    return _request_form(
        request,
        sar_id,
        f.IdentityForm,
        title="Record the requester's identity as verified",
        button="Save",
        done="Identity recorded as verified",
        call=lambda sar, d: sar_verify_identity(
            actor=request.user, request=sar, verified_on=d["verified_on"], evidence=d["evidence"]
        ),
    )


@login_required
def request_extend(request: AuthenticatedHttpRequest, sar_id: int) -> HttpResponse:
    return _request_form(
        request,
        sar_id,
        f.ExtendForm,
        title="Extend the deadline by two months",
        button="Extend the deadline",
        done="Deadline extended",
        call=lambda sar, d: sar_extend(actor=request.user, request=sar, reason=d["reason"]),
    )


@login_required
def request_close(request: AuthenticatedHttpRequest, sar_id: int) -> HttpResponse:
    return _request_form(
        request,
        sar_id,
        f.CloseForm,
        title="Close the request",
        button="Close the request",
        done="Request closed",
        call=lambda sar, d: sar_close(
            actor=request.user, request=sar, disclosed_on=d["disclosed_on"]
        ),
    )


@login_required
def request_redact(request: AuthenticatedHttpRequest, sar_id: int) -> HttpResponse:
    sar = request_get_for_user(request.user, sar_id)
    key = request.POST.get("item_key") or request.GET.get("item", "")
    item = holding_item(holdings(request.user, sar.person), key)
    if item is None:
        raise Http404("No such item")
    form = f.RedactionForm(request.POST or None, initial={"item_key": key})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _attempt(
            form,
            lambda: redaction_add(
                actor=request.user,
                request=sar,
                item_key=key,
                span=d["span"].strip() if d["scope"] == "span" else "",
                reason=d["reason"],
                reason_other=d["reason_other"],
            ),
        )
        if done:
            messages.success(request, "Redaction added")
            return redirect("privacy:request", sar.pk)
    return _form_page(
        request,
        form,
        title="Redact an item",
        button="Add the redaction",
        back="privacy:request",
        sar=sar,
        extra={"item": item},
    )


@require_POST
@login_required
def redaction_delete(
    request: AuthenticatedHttpRequest, sar_id: int, redaction_id: int
) -> HttpResponse:
    sar = request_get_for_user(request.user, sar_id)
    redaction = sar.redactions.filter(pk=redaction_id).first()
    if redaction is None:
        raise Http404("No such redaction")
    try:
        redaction_remove(actor=request.user, redaction=redaction)
        messages.success(request, "Redaction removed")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("privacy:request", sar.pk)


@require_GET
@login_required
def request_pdf(request: AuthenticatedHttpRequest, sar_id: int) -> HttpResponse:
    sar = request_get_for_user(request.user, sar_id)
    content = disclosure_pdf(actor=request.user, request=sar)
    return pdf_response(content, f"subject-access-request-{sar.pk}.pdf")


# --- Retention ------------------------------------------------------------------------------


@login_required
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The rules in force, the records past their date (to dispose of), and legal holds."""
    require_privacy_officer(request.user)
    rows = retention_review()
    choices = [(f"{r.record_type}:{r.record_id}", r.reference) for r in rows if not r.held]
    form = f.DisposeForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        refs = [
            RecordRef(code, int(pk))
            for code, pk in (value.split(":") for value in form.cleaned_data["records"])
        ]
        stubs = _attempt(
            form,
            lambda: records_dispose(
                actor=request.user, records=refs, reason=form.cleaned_data["reason"]
            ),
        )
        if stubs:
            messages.success(
                request, f"{len(stubs)} record{'s' if len(stubs) > 1 else ''} disposed of"
            )
            return redirect("privacy:retention")
    audit_record(
        actor=request.user,
        verb=PrivacyVerb.REVIEW_LISTED,
        target_type="contact",
        summary={"ids": [r.record_id for r in rows]},
        durable=False,
    )
    rules = rules_current()
    return render(
        request,
        "privacy/retention.html",
        {
            "rows": rows,
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "types": [(code, t, rules[code]) for code, t in RECORD_TYPES.items()],
            "holds": list(holds_visible_to(request.user).filter(lifted_at=None)),
            "page_title": "Retention and disposal",
        },
    )


@login_required
def rule_change(request: AuthenticatedHttpRequest, record_type: str) -> HttpResponse:
    require_privacy_officer(request.user)
    kind = RECORD_TYPES.get(record_type)
    if kind is None:
        raise Http404("No such record type")
    current = rule_current(record_type)
    initial = (
        {
            "years_after_closure": current.years_after_closure,
            "until_age": current.until_age,
            "source": current.source,
        }
        if current
        else {}
    )
    form = f.RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _attempt(
            form,
            lambda: retention_rule_change(
                actor=request.user,
                record_type=record_type,
                years_after_closure=d["years_after_closure"],
                until_age=d["until_age"],
                source=d["source"],
            ),
        )
        if done:
            messages.success(request, "Retention rule changed")
            return redirect("privacy:retention")
    return _form_page(
        request,
        form,
        title=f"Change the retention rule: {kind.label}",
        button="Save the rule",
        back="privacy:retention",
        extra={"history": rule_history(record_type)},
    )


@login_required
def hold_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_privacy_officer(request.user)
    form = f.HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = None
        if d["person"]:
            person = _person(request.user, d["person"])
            if person is None:
                form.add_error("person", "There is no person with that number")
        if not form.errors:
            done = _attempt(
                form,
                lambda: legal_hold_place(
                    actor=request.user,
                    reason=d["reason"],
                    person=person,
                    record_type=d["record_type"],
                    record_id=d["record_id"],
                ),
            )
            if done:
                messages.success(request, "Legal hold placed")
                return redirect("privacy:retention")
    return _form_page(
        request, form, title="Place a legal hold", button="Place the hold", back="privacy:retention"
    )


@require_POST
@login_required
def hold_lift(request: AuthenticatedHttpRequest, hold_id: int) -> HttpResponse:
    hold = hold_get_for_user(request.user, hold_id)
    try:
        legal_hold_lift(actor=request.user, hold=hold)
        messages.success(request, "Legal hold lifted")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("privacy:retention")


urlpatterns: list[URLPattern] = [
    path("", requests_open, name="requests"),
    path("requests/new/", request_new, name="request_new"),
    path("requests/<int:sar_id>/", request_detail, name="request"),
    path("requests/<int:sar_id>/identity/", request_identity, name="request_identity"),
    path("requests/<int:sar_id>/extend/", request_extend, name="request_extend"),
    path("requests/<int:sar_id>/close/", request_close, name="request_close"),
    path("requests/<int:sar_id>/redact/", request_redact, name="request_redact"),
    path(
        "requests/<int:sar_id>/redactions/<int:redaction_id>/remove/",
        redaction_delete,
        name="redaction_remove",
    ),
    path("requests/<int:sar_id>/disclosure.pdf", request_pdf, name="request_pdf"),
    path("retention/", retention, name="retention"),
    path("retention/rules/<slug:record_type>/", rule_change, name="rule_change"),
    path("retention/holds/new/", hold_new, name="hold_new"),
    path("retention/holds/<int:hold_id>/lift/", hold_lift, name="hold_lift"),
]
