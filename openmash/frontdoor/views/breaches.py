"""Front-door pages: breached timescales, for front-door staff and auditors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.queue import BreachFilterForm
from openmash.frontdoor.selectors.queue import breach_list
from openmash.frontdoor.services.breaches import breach_lateness
from openmash.frontdoor.views.queue import can_see_queue, duration_words


@require_GET
@login_required
def breaches(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not can_see_queue(user):
        raise PermissionDenied
    form = BreachFilterForm(request.GET)
    chosen = form.cleaned()
    found = breach_list(
        user,
        state=chosen["state"],
        kind=chosen["kind"],
        team=chosen["team"],
        agency=chosen["agency"],
    )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        {"breach": breach, "late": duration_words(breach_lateness(breach, now=now))}
        for breach in page.object_list
    ]
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="contact",
        summary={"ids": sorted({r["breach"].contact_id for r in rows}), "page": "breaches"},
        durable=False,
    )
    return render(
        request,
        "frontdoor/breaches/list.html",
        {"form": form, "page": page, "rows": rows, "page_title": "Breached timescales"},
    )


urlpatterns: list[URLPattern] = [path("breaches/", breaches, name="breaches")]
