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

from openmash.core.http import AuthenticatedHttpRequest
from openmash.frontdoor.forms.queue import BreachFilterForm
from openmash.frontdoor.selectors.queue import breach_links, breach_list, breach_list_logged
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
    shown = list(page.object_list)
    links = breach_links(shown)
    rows: list[dict[str, Any]] = [
        {
            "breach": breach,
            "late": duration_words(breach_lateness(breach, now=now)),
            "link": links.get(breach.pk),
        }
        for breach in shown
    ]
    breach_list_logged(user, shown, page="breaches")
    return render(
        request,
        "frontdoor/breaches/list.html",
        {"form": form, "page": page, "rows": rows, "page_title": "Breached timescales"},
    )


urlpatterns: list[URLPattern] = [path("breaches/", breaches, name="breaches")]
