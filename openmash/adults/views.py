"""Adults' safeguarding enquiry pages, mounted at /adults/: the list and My work, an enquiry with
its sections, each section's form, the providers and their linked enquiries, and the local
target setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openmash.accounts.models import User
from openmash.adults import forms as f
from openmash.adults.models import MspAsked, SafeguardingEnquiry
from openmash.adults.permissions import (
    can_add_provider,
    can_change_setting,
    can_see_adults,
    can_work_enquiry,
    enquiry_get_for_user,
    provider_get_for_user,
    providers_visible_to,
)
from openmash.adults.selectors import (
    enquiry_list,
    flags_of,
    linked_enquiries,
    listed,
    my_work,
    provider_enquiries,
    providers_with_counts,
    setting_history,
)
from openmash.adults.services import (
    ConclusionInput,
    enquiry_allocate,
    enquiry_capacity_record,
    enquiry_conclude,
    enquiry_made_by_record,
    enquiry_msp_record,
    enquiry_report_review,
    enquiry_risk_record,
    enquiry_sar_record,
    enquiry_setting_change,
    enquiry_tests_record,
    plan_action_add,
    plan_action_done,
    plan_review_record,
    provider_create,
    setting_current,
)
from openmash.core.access import restriction_allows
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.http import AuthenticatedHttpRequest


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


def _with_flags(user: User, enquiries: list[SafeguardingEnquiry]) -> list[dict[str, Any]]:
    """Rows for a list: the flags, and whether the adult is restricted for this user (shown in
    outline: the reference only)."""
    return [
        {"enquiry": e, "flags": flags_of(e), "masked": not restriction_allows(user, e.person)}
        for e in enquiries
    ]


@require_GET
@login_required
def enquiries(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My work first (the officer's open enquiries), then every enquiry the user may see."""
    if not can_see_adults(request.user):
        raise PermissionDenied
    mine = my_work(request.user)
    show = request.GET.get("show", "open")
    found = enquiry_list(request.user)
    if show != "all":
        found = found.filter(status="open")
    others = [e for e in found[:200] if e.officer_id != request.user.pk or show == "all"]
    listed(request.user, [*mine, *others], "adult enquiries")
    return render(
        request,
        "adults/enquiries.html",
        {
            "mine": _with_flags(request.user, mine),
            "others": _with_flags(request.user, others),
            "show": show,
            "today": timezone.localdate(),
            "page_title": "Adult safeguarding enquiries",
        },
    )


@require_GET
@login_required
def enquiry_detail(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id)
    linked = linked_enquiries(request.user, enquiry)
    if linked:
        listed(request.user, linked, "linked provider enquiries")
    return render(
        request,
        "adults/enquiry.html",
        {
            "enquiry": enquiry,
            "flags": flags_of(enquiry),
            "outcomes": list(enquiry.outcomes.all()),
            "actions": list(enquiry.actions.all()),
            "reviews": list(enquiry.reviews.all()),
            "linked": linked,
            "can_work": can_work_enquiry(request.user, enquiry) and enquiry.is_open,
            "today": timezone.localdate(),
            "page_title": f"Enquiry {enquiry.reference}",
        },
    )


def _section(
    request: HttpRequest,
    enquiry: SafeguardingEnquiry,
    form: forms.Form,
    *,
    title: str,
    button: str = "Save",
    intro: str = "",
    intro_link: tuple[str, str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "adults/form.html",
        {
            "enquiry": enquiry,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "intro_link": intro_link,
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


def _done(request: HttpRequest, enquiry: SafeguardingEnquiry, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("adults:enquiry", enquiry.pk)


def _officers(enquiry: SafeguardingEnquiry) -> Any:
    team_q = Q(teams=enquiry.team) if enquiry.team_id else Q(pk__in=[])
    return (
        User.objects.filter(team_q | Q(pk=enquiry.officer_id), is_active=True)
        .filter(roles__records_contacts=True)
        .distinct()
        .order_by("full_name")
    )


@login_required
def allocate(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.AllocateForm(
        request.POST or None,
        officers=_officers(enquiry),
        initial={"version": enquiry.version, "officer": enquiry.officer_id},
    )
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: enquiry_allocate(
                enquiry=enquiry,
                actor=request.user,
                officer=form.cleaned_data["officer"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, f"Enquiry allocated to {done.officer.full_name}")
    return _section(request, enquiry, form, title="Allocate the enquiry officer")


@login_required
def tests(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.TestsForm(
        request.POST or None,
        initial={
            "version": enquiry.version,
            "has_care_and_support_needs": f.as_yes_no(enquiry.has_care_and_support_needs),
            "experiencing_or_at_risk_of_abuse": f.as_yes_no(
                enquiry.experiencing_or_at_risk_of_abuse
            ),
            "unable_to_protect_self": f.as_yes_no(enquiry.unable_to_protect_self),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_tests_record(
                enquiry=enquiry,
                actor=request.user,
                has_care_and_support_needs=data["has_care_and_support_needs"] == "yes",
                experiencing_or_at_risk_of_abuse=data["experiencing_or_at_risk_of_abuse"] == "yes",
                unable_to_protect_self=data["unable_to_protect_self"] == "yes",
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, f"Tests recorded: {done.get_enquiry_type_display()}")
    return _section(
        request,
        enquiry,
        form,
        title="Section 42(1) tests",
        intro="All three met: a section 42 enquiry. Any one not met: an other safeguarding "
        "enquiry.",
    )


@login_required
def made_by(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.MadeByForm(
        request.POST or None,
        providers=providers_visible_to(request.user),
        initial={
            "version": enquiry.version,
            "made_by": enquiry.made_by,
            "organisation": enquiry.caused_organisation_id,
            "report_due_on": enquiry.report_due_on,
            "provider": enquiry.provider_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_made_by_record(
                enquiry=enquiry,
                actor=request.user,
                made_by=data["made_by"],
                organisation=data["organisation"],
                report_due_on=data["report_due_on"],
                provider=data["provider"],
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, "Who makes the enquiry recorded")
    return _section(
        request,
        enquiry,
        form,
        title="Who makes the enquiry",
        intro="A provider not on the lists? Add it from the providers page first.",
        intro_link=("Add a provider", reverse("adults:provider_add")),
    )


@login_required
def report(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.ReportForm(
        request.POST or None,
        initial={
            "version": enquiry.version,
            "received_on": enquiry.report_received_on,
            "review": enquiry.report_review,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_report_review(
                enquiry=enquiry,
                actor=request.user,
                received_on=data["received_on"],
                review=data["review"],
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, "Report and review recorded")
    org = enquiry.caused_organisation
    return _section(
        request, enquiry, form, title=f"Report from {org.name if org else 'the organisation'}"
    )


@login_required
def msp(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.MspForm(
        request.POST or None,
        initial={
            "version": enquiry.version,
            "asked": enquiry.msp_asked,
            "asked_of": enquiry.msp_asked_of,
            "outcomes": "\n".join(o.words for o in enquiry.outcomes.all()),
            "not_asked_reason": enquiry.msp_not_asked_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_msp_record(
                enquiry=enquiry,
                actor=request.user,
                asked=data["asked"],
                outcomes=form.outcome_lines(),
                not_asked_reason=data["not_asked_reason"],
                asked_of=data["asked_of"],
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, "Desired outcomes recorded")
    return _section(
        request,
        enquiry,
        form,
        title="What does the adult want to happen?",
        intro="Making Safeguarding Personal: ask the adult what \u2018safe\u2019 means to them.",
    )


@login_required
def capacity(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.CapacityForm(
        request.POST or None,
        initial={
            "version": enquiry.version,
            "capacity": enquiry.capacity,
            "support_kind": enquiry.support_kind,
            "support_offered": f.as_yes_no(enquiry.support_offered),
            "support_involved": f.as_yes_no(enquiry.support_involved),
            "support_name": enquiry.support_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_capacity_record(
                enquiry=enquiry,
                actor=request.user,
                capacity=data["capacity"],
                support_kind=data["support_kind"],
                support_offered=f.yes_no(data["support_offered"]),
                support_involved=f.yes_no(data["support_involved"]),
                support_name=data["support_name"],
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, "Capacity and advocacy recorded")
    return _section(request, enquiry, form, title="Mental capacity and advocacy")


@login_required
def risk(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.RiskForm(
        request.POST or None,
        initial={
            "version": enquiry.version,
            "types": enquiry.risk_types,
            "sources": enquiry.risk_sources,
            "location": enquiry.risk_location,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_risk_record(
                enquiry=enquiry,
                actor=request.user,
                types=data["types"],
                sources=data["sources"],
                location=data["location"],
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, "Risk recorded")
    return _section(request, enquiry, form, title="The risk")


@login_required
def action_add(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: plan_action_add(
                enquiry=enquiry,
                actor=request.user,
                text=data["text"],
                owner=data["owner"],
                due_on=data["due_on"],
            ),
        )
        if done:
            return _done(request, enquiry, "Action added to the safeguarding plan")
    return _section(request, enquiry, form, title="Add an action to the safeguarding plan")


@require_POST
@login_required
def action_done(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    """Mark a plan action done today (a button on the enquiry's page)."""
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    action_id = request.POST.get("action", "")
    try:
        done = plan_action_done(
            enquiry=enquiry,
            actor=request.user,
            action_id=int(action_id) if action_id.isdigit() else 0,
            done_on=timezone.localdate(),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Action done: {done.text[:80]}")
    return redirect("adults:enquiry", enquiry.pk)


@login_required
def review_add(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: plan_review_record(
                enquiry=enquiry,
                actor=request.user,
                held_on=data["held_on"],
                summary=data["summary"],
                next_review_on=data["next_review_on"],
            ),
        )
        if done:
            return _done(request, enquiry, "Plan review recorded")
    return _section(request, enquiry, form, title="Review the safeguarding plan")


@login_required
def sar(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.SarForm(
        request.POST or None,
        initial={"referred": f.as_yes_no(enquiry.sar_referred), "reason": enquiry.sar_reason},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_sar_record(
                enquiry=enquiry,
                actor=request.user,
                referred=data["referred"] == "yes",
                reason=data["reason"],
            ),
        )
        if done:
            return _done(request, enquiry, "Safeguarding adults review referral recorded")
    return _section(request, enquiry, form, title="Safeguarding adults review")


@login_required
def conclude(request: AuthenticatedHttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
    form = f.ConcludeForm(
        request.POST or None, enquiry=enquiry, initial={"version": enquiry.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: enquiry_conclude(
                enquiry=enquiry,
                actor=request.user,
                data=ConclusionInput(
                    risk_outcome=data["risk_outcome"],
                    action_taken=f.yes_no(data["action_taken"]),
                    risk_result=data["risk_result"],
                    achieved=form.achieved(),
                    conclusion=data["conclusion"],
                ),
                expected_version=data["version"],
            ),
        )
        if done:
            return _done(request, enquiry, f"Enquiry {enquiry.reference} concluded")
    intro = ""
    if enquiry.msp_asked == MspAsked.EXPRESSED:
        intro = "Ask the adult whether each outcome they wanted was achieved."
    return _section(request, enquiry, form, title="Conclude the enquiry", intro=intro)


@require_GET
@login_required
def providers(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_see_adults(request.user):
        raise PermissionDenied
    return render(
        request,
        "adults/providers.html",
        {
            "providers": providers_with_counts(request.user),
            "can_add": can_add_provider(request.user),
            "page_title": "Care providers",
        },
    )


@login_required
def provider_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_add_provider(request.user):
        raise PermissionDenied
    form = f.ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(form, lambda: provider_create(actor=request.user, **data))
        if done:
            messages.success(request, f"{done.name} added")
            return redirect("adults:provider", done.pk)
    return render(
        request,
        "adults/provider_form.html",
        {"form": form, "has_errors": form.is_bound and bool(form.errors)},
    )


@require_GET
@login_required
def provider_detail(request: AuthenticatedHttpRequest, provider_id: int) -> HttpResponse:
    provider = provider_get_for_user(request.user, provider_id)
    found = provider_enquiries(request.user, provider)
    listed(request.user, found, "provider")
    total = provider.enquiries.count()
    return render(
        request,
        "adults/provider.html",
        {
            "provider": provider,
            "rows": _with_flags(request.user, found),
            "total": total,
            "hidden": total - len(found),
            "open": sum(1 for e in found if e.is_open),
            "page_title": provider.name,
        },
    )


@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_change_setting(request.user):
        raise PermissionDenied
    current = setting_current()
    form = f.SettingForm(
        request.POST or None, initial={"target_working_days": current.target_working_days}
    )
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: enquiry_setting_change(
                actor=request.user,
                target_working_days=form.cleaned_data["target_working_days"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done:
            messages.success(request, "Local target changed")
            return redirect("adults:settings")
    return render(
        request,
        "adults/settings.html",
        {
            "form": form,
            "current": current,
            "history": list(setting_history()),
            "has_errors": form.is_bound and bool(form.errors),
            "page_title": "Adult safeguarding enquiries: local target",
        },
    )


app_name = "adults"
urlpatterns: list[URLPattern] = [
    path("", enquiries, name="enquiries"),
    path("enquiries/<int:enquiry_id>/", enquiry_detail, name="enquiry"),
    path("enquiries/<int:enquiry_id>/allocate/", allocate, name="allocate"),
    path("enquiries/<int:enquiry_id>/tests/", tests, name="tests"),
    path("enquiries/<int:enquiry_id>/made-by/", made_by, name="made_by"),
    path("enquiries/<int:enquiry_id>/report/", report, name="report"),
    path("enquiries/<int:enquiry_id>/outcomes/", msp, name="msp"),
    path("enquiries/<int:enquiry_id>/capacity/", capacity, name="capacity"),
    path("enquiries/<int:enquiry_id>/risk/", risk, name="risk"),
    path("enquiries/<int:enquiry_id>/actions/new/", action_add, name="action_add"),
    path("enquiries/<int:enquiry_id>/actions/done/", action_done, name="action_done"),
    path("enquiries/<int:enquiry_id>/reviews/new/", review_add, name="review_add"),
    path("enquiries/<int:enquiry_id>/sar/", sar, name="sar"),
    path("enquiries/<int:enquiry_id>/conclude/", conclude, name="conclude"),
    path("providers/", providers, name="providers"),
    path("providers/new/", provider_add, name="provider_add"),
    path("providers/<int:provider_id>/", provider_detail, name="provider"),
    path("settings/", settings_page, name="settings"),
]
