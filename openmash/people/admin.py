"""Administration of the person index's match model: each fit with its date, what it was made
from, its automatic-link threshold and its match weights chart; and a button to fit it again now.
Administrators only (ADR 0005); fitting goes through the audited service (via its task)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.safestring import SafeString, mark_safe

from openmash.core.admin_site import AdministratorsOnly, admin_site
from openmash.core.http import signed_in_user
from openmash.people.match_model import match_weight_rows
from openmash.people.models import MatchModelFit
from openmash.people.tasks import match_model_refresh


class MatchModelFitAdmin(AdministratorsOnly):
    change_list_template = "admin/people/matchmodelfit/change_list.html"
    list_display = [
        "fitted_at",
        "trigger",
        "auto_link_threshold",
        "threshold_basis",
        "labels",
        "blocked_pairs",
        "subjects",
    ]
    FIELDS = [
        "fitted_at",
        "trigger",
        "requested_by",
        "auto_link_threshold",
        "threshold_basis",
        "labels",
        "label_precision",
        "model_precision",
        "prior_bits",
        "subjects",
        "blocked_pairs",
        "random_pairs",
        "seconds",
        "weights_chart",
    ]
    fields = tuple(FIELDS)
    readonly_fields = FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # fitted, never written by hand

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @staticmethod
    def weights_chart(fit: MatchModelFit) -> SafeString:
        """Each comparison level's weight in bits, as a bar (right for, left against)."""
        return mark_safe(  # noqa: S308 (rendered by a template that escapes every value)
            render_to_string(
                "admin/people/matchmodelfit/weights_chart.html",
                {"rows": match_weight_rows(fit), "fit": fit},
            )
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "fit-now/",
                self.admin_site.admin_view(self.fit_now),
                name="people_matchmodelfit_fit_now",
            ),
            *super().get_urls(),
        ]

    def fit_now(self, request: HttpRequest) -> HttpResponse:
        """An administrator asks for the model to be fitted again now."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = signed_in_user(request)
        match_model_refresh.enqueue(requested_by=user.pk)
        messages.success(
            request,
            "The match model is being fitted again. The new fit appears here when it is done; "
            "matching uses it within a minute.",
        )
        return redirect("openmash_admin:people_matchmodelfit_changelist")


admin_site.register(MatchModelFit, MatchModelFitAdmin)
