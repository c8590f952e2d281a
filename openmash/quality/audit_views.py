"""Case audit, audit template, dip sample and decision analytics pages, under /quality/.
Interfaces only: the gate fetches, one service changes, the page renders."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openmash.contacts.permissions import contact_get_for_user, contacts_visible_to
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.quality.analytics import (
    authorisation_changes,
    below_suggested,
    consent_on_red,
)
from openmash.quality.audit_forms import (
    AuditActionForm,
    AuditAnswersForm,
    AuditCompleteForm,
    AuditModerateForm,
    AuditRespondForm,
    AuditStartForm,
    PeriodForm,
    SampleForm,
    TemplateForm,
)
from openmash.quality.audit_selectors import (
    audit_list,
    sample_audits,
    sample_criteria_words,
    sample_list,
    sample_progress,
    template_list,
    template_versions,
)
from openmash.quality.audit_services import (
    audit_action_add,
    audit_action_done,
    audit_answers_record,
    audit_complete,
    audit_moderate,
    audit_respond,
    audit_start,
    sample_draw,
    template_create,
    template_revise,
)
from openmash.quality.models import AuditState, CaseAudit
from openmash.quality.permissions import (
    audit_get_for_user,
    can_audit,
    sample_get_for_user,
    template_get_for_user,
)
from openmash.quality.sampling import SampleCriteria


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except ApplicationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    return None


def _must_audit(request: AuthenticatedHttpRequest) -> None:
    if not can_audit(request.user):
        raise PermissionDenied


def _errors(form: forms.Form) -> bool:
    return form.is_bound and bool(form.errors)


# Case audits -------------------------------------------------------------------------------


@login_required
def audits(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Auditors: every audit, theirs to do first, and starting one. Workers: audits of their
    cases."""
    user = request.user
    runs = can_audit(user)
    form = AuditStartForm(request.POST or None) if runs else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            reference = form.cleaned_data["contact_reference"].strip().upper()
            found = contacts_visible_to(user).filter(reference=reference).first()
            if found is None:
                form.add_error("contact_reference", f"No contact has the reference {reference}")
            else:
                contact = contact_get_for_user(user, found.pk)
                audit = _attempt(
                    form,
                    lambda: audit_start(
                        actor=user, contact=contact, template=form.cleaned_data["template"]
                    ),
                )
                if audit is not None:
                    return redirect("quality:audit", audit.pk)
    listed = list(audit_list(user)[:200])
    return render(
        request,
        "quality/audits/list.html",
        {
            "runs": runs,
            "form": form,
            "has_errors": form is not None and _errors(form),
            "mine": [a for a in listed if a.auditor_id == user.pk and a.state == "in_progress"],
            "audits": listed,
            "page_title": "Case audits",
        },
    )


@login_required
def audit_detail(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id)
    return _audit_page(request, audit)


def _audit_page(
    request: AuthenticatedHttpRequest, audit: CaseAudit, **forms_given: forms.Form
) -> HttpResponse:
    user = request.user
    questions = audit.template_version.questions
    given = {a.position: a for a in audit.answers.all()}
    own_in_progress = audit.auditor_id == user.pk and audit.state == AuditState.IN_PROGRESS
    context: dict[str, Any] = {
        "audit": audit,
        "rows": [
            {"number": n, "question": q, "answer": given.get(n)}
            for n, q in enumerate(questions, start=1)
        ],
        "actions": list(audit.actions.select_related("owner", "done_by")),
        "runs": can_audit(user),
        "page_title": f"Case audit of {audit.contact.reference}",
        "has_errors": any(_errors(f) for f in forms_given.values()),
    }
    if own_in_progress:
        initial: dict[str, str] = {}
        for n, answer in given.items():
            initial |= {f"answer_{n}": answer.answer, f"finding_{n}": answer.finding}
        context["answers_form"] = forms_given.get("answers") or AuditAnswersForm(
            questions=questions, initial=initial
        )
        context["complete_form"] = forms_given.get("complete") or AuditCompleteForm()
    if can_audit(user):
        context["action_form"] = forms_given.get("action") or AuditActionForm()
    if audit.worker_id == user.pk and audit.state != AuditState.IN_PROGRESS:
        context["respond_form"] = forms_given.get("respond") or AuditRespondForm(
            initial={"response": audit.worker_response}
        )
    if can_audit(user) and audit.auditor_id != user.pk and audit.state == AuditState.COMPLETED:
        context["moderate_form"] = forms_given.get("moderate") or AuditModerateForm()
    context["errors_form"] = next((f for f in forms_given.values() if _errors(f)), None)
    return render(request, "quality/audits/detail.html", context)


@require_POST
@login_required
def audit_answers(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id, for_change=True)
    form = AuditAnswersForm(request.POST, questions=audit.template_version.questions)
    if form.is_valid() and _attempt(
        form,
        lambda: audit_answers_record(audit=audit, actor=request.user, answers=form.pairs()),
    ):
        messages.success(request, "Answers and findings saved")
        return redirect("quality:audit", audit.pk)
    return _audit_page(request, audit, answers=form)


@require_POST
@login_required
def audit_finish(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id, for_change=True)
    form = AuditCompleteForm(request.POST)
    if form.is_valid() and _attempt(
        form,
        lambda: audit_complete(
            audit=audit,
            actor=request.user,
            grade=form.cleaned_data["grade"],
            summary=form.cleaned_data["summary"],
        ),
    ):
        messages.success(request, "Audit completed: the worker can now see it and respond")
        return redirect("quality:audit", audit.pk)
    return _audit_page(request, audit, complete=form)


@require_POST
@login_required
def audit_action_new(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id, for_change=True)
    form = AuditActionForm(request.POST)
    if form.is_valid() and _attempt(
        form,
        lambda: audit_action_add(
            audit=audit,
            actor=request.user,
            text=form.cleaned_data["text"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
        ),
    ):
        messages.success(request, "Action added")
        return redirect("quality:audit", audit.pk)
    return _audit_page(request, audit, action=form)


@require_POST
@login_required
def audit_action_complete(
    request: AuthenticatedHttpRequest, audit_id: int, action_id: int
) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id)
    action = audit.actions.filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    if action.owner_id != request.user.pk and not can_audit(request.user):
        raise PermissionDenied
    try:
        audit_action_done(action=action, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Action marked as done")
    return redirect("quality:audit", audit.pk)


@require_POST
@login_required
def audit_response(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id)
    if audit.worker_id != request.user.pk:
        raise PermissionDenied
    form = AuditRespondForm(request.POST)
    if form.is_valid() and _attempt(
        form,
        lambda: audit_respond(
            audit=audit, actor=request.user, response=form.cleaned_data["response"]
        ),
    ):
        messages.success(request, "Your response is saved")
        return redirect("quality:audit", audit.pk)
    return _audit_page(request, audit, respond=form)


@require_POST
@login_required
def audit_moderation(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, audit_id, for_change=True)
    form = AuditModerateForm(request.POST)
    if form.is_valid() and _attempt(
        form,
        lambda: audit_moderate(
            audit=audit,
            actor=request.user,
            agrees=form.cleaned_data["agrees"],
            reason=form.cleaned_data["reason"],
            grade=form.cleaned_data["grade"],
        ),
    ):
        messages.success(request, "Moderation recorded")
        return redirect("quality:audit", audit.pk)
    return _audit_page(request, audit, moderate=form)


# Audit templates ---------------------------------------------------------------------------


@require_GET
@login_required
def templates(request: AuthenticatedHttpRequest) -> HttpResponse:
    _must_audit(request)
    found = list(template_list(request.user))
    return render(
        request,
        "quality/audits/templates.html",
        {"templates": [(t, t.current) for t in found], "page_title": "Audit templates"},
    )


@login_required
def template_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _must_audit(request)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = _attempt(
            form,
            lambda: template_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                questions=form.parsed_questions(),
            ),
        )
        if template is not None:
            messages.success(request, "Audit template created")
            return redirect("quality:template", template.pk)
    return _form_page(request, form, "Create an audit template", "Create the template")


def _form_page(
    request: AuthenticatedHttpRequest, form: forms.Form, title: str, button: str, back: str = ""
) -> HttpResponse:
    return render(
        request,
        "quality/audits/form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "back": back or "quality:templates",
            "has_errors": _errors(form),
        },
    )


@login_required
def template_detail(request: AuthenticatedHttpRequest, template_id: int) -> HttpResponse:
    template = template_get_for_user(request.user, template_id)
    versions = template_versions(template)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_for(versions[0]))
    if request.method == "POST" and form.is_valid():
        version = _attempt(
            form,
            lambda: template_revise(
                template=template,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                questions=form.parsed_questions(),
            ),
        )
        if version is not None:
            messages.success(request, f"Saved as version {version.number}")
            return redirect("quality:template", template.pk)
    return render(
        request,
        "quality/audits/template.html",
        {
            "template": template,
            "versions": versions,
            "current": versions[0],
            "form": form,
            "has_errors": _errors(form),
            "page_title": versions[0].title,
        },
    )


# Dip samples -------------------------------------------------------------------------------


@require_GET
@login_required
def samples(request: AuthenticatedHttpRequest) -> HttpResponse:
    _must_audit(request)
    return render(
        request,
        "quality/audits/samples.html",
        {"samples": list(sample_list(request.user)[:100]), "page_title": "Dip samples"},
    )


def _criteria(data: dict[str, Any]) -> SampleCriteria:
    return SampleCriteria(
        date_from=data["date_from"],
        date_to=data["date_to"],
        outcome=data["outcome"] or "",
        source_agency_id=data["source_agency"].pk if data["source_agency"] else None,
        worker_id=data["worker"].pk if data["worker"] else None,
        percentage=data["percentage"],
        count=data["count"],
    )


@login_required
def sample_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _must_audit(request)
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        seed = data["seed"] if data["seed"] is not None else secrets.randbelow(2**31)
        sample = _attempt(
            form,
            lambda: sample_draw(
                actor=request.user,
                title=data["title"],
                template=data["template"],
                criteria=_criteria(data),
                seed=seed,
                auditors=list(data["auditors"]),
                assignment=data["assignment"],
            ),
        )
        if sample is not None:
            messages.success(request, "Sample drawn: each decision is a case audit to do")
            return redirect("quality:sample", sample.pk)
    return _form_page(request, form, "Draw a dip sample", "Draw the sample", "quality:samples")


@require_GET
@login_required
def sample_detail(request: AuthenticatedHttpRequest, sample_id: int) -> HttpResponse:
    sample = sample_get_for_user(request.user, sample_id)
    audited, total = sample_progress(sample)
    criteria = SampleCriteria.from_json(sample.criteria)
    return render(
        request,
        "quality/audits/sample.html",
        {
            "sample": sample,
            "audits": sample_audits(sample),
            "audited": audited,
            "total": total,
            "criteria": criteria,
            "criteria_words": sample_criteria_words(criteria),
            "page_title": sample.title,
        },
    )


# Decision analytics ------------------------------------------------------------------------


def _period(request: AuthenticatedHttpRequest) -> tuple[int, Any, Any, PeriodForm]:
    form = PeriodForm(request.GET or None)
    days = 90
    if form.is_bound and form.is_valid() and form.cleaned_data["days"]:
        days = form.cleaned_data["days"]
    today = timezone.localdate()
    return days, today - timedelta(days=days), today, form


@require_GET
@login_required
def analytics(request: AuthenticatedHttpRequest) -> HttpResponse:
    _must_audit(request)
    days, date_from, date_to, form = _period(request)
    return render(
        request,
        "quality/audits/analytics.html",
        {
            "form": form,
            "days": days,
            "date_from": date_from,
            "date_to": date_to,
            "below": below_suggested(date_from, date_to),
            "authorisation": authorisation_changes(date_from, date_to),
            "consent_list": [consent_on_red(date_from, date_to)],
            "page_title": "Decision analytics",
        },
    )


@require_GET
@login_required
def analytics_records(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The contacts behind one figure of the analytics page."""
    _must_audit(request)
    days, date_from, date_to, _ = _period(request)
    figure, by, key = (request.GET.get(k, "") for k in ("figure", "by", "key"))
    found = None
    if figure == "below" and by in ("worker", "team", "agency", "indicator"):
        found = next((f for f in below_suggested(date_from, date_to)[by] if f.key == key), None)
    elif figure in ("returned", "changed") and by in ("team", "manager"):
        figures = authorisation_changes(date_from, date_to)
        groups = figures.returned if figure == "returned" else figures.changed
        found = next((f for f in groups[by] if f.key == key), None)
    elif figure == "consent":
        found = consent_on_red(date_from, date_to)
    if found is None:
        raise Http404("No such figure")
    contacts = {c.pk: c for c in contacts_visible_to(request.user).filter(pk__in=found.records)}
    return render(
        request,
        "quality/audits/analytics_records.html",
        {
            "figure": found,
            "kind": figure,
            "days": days,
            "contacts": [contacts[pk] for pk in dict.fromkeys(found.records) if pk in contacts],
            "page_title": "Decisions behind a figure",
        },
    )


urlpatterns: list[URLPattern] = [
    path("audits/", audits, name="audits"),
    path("audits/<int:audit_id>/", audit_detail, name="audit"),
    path("audits/<int:audit_id>/answers/", audit_answers, name="audit_answers"),
    path("audits/<int:audit_id>/complete/", audit_finish, name="audit_complete"),
    path("audits/<int:audit_id>/actions/", audit_action_new, name="audit_action_add"),
    path(
        "audits/<int:audit_id>/actions/<int:action_id>/done/",
        audit_action_complete,
        name="audit_action_done",
    ),
    path("audits/<int:audit_id>/response/", audit_response, name="audit_respond"),
    path("audits/<int:audit_id>/moderation/", audit_moderation, name="audit_moderate"),
    path("audit-templates/", templates, name="templates"),
    path("audit-templates/new/", template_new, name="template_new"),
    path("audit-templates/<int:template_id>/", template_detail, name="template"),
    path("dip-samples/", samples, name="samples"),
    path("dip-samples/new/", sample_new, name="sample_new"),
    path("dip-samples/<int:sample_id>/", sample_detail, name="sample"),
    path("analytics/", analytics, name="analytics"),
    path("analytics/decisions/", analytics_records, name="analytics_records"),
]
