"""Pages for importing files of police notifications: upload, progress and result, past imports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from openmash.contacts.imports import (
    MAPPINGS,
    import_batch_contacts_logged,
    import_batch_create,
)
from openmash.contacts.imports.forms import ImportUploadForm
from openmash.contacts.permissions import import_batch_get_for_user, import_batches_visible_to
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest

ERRORS_PER_PAGE = 100


def _require_recorder(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_capability("records_contacts"):
        raise PermissionDenied


@require_GET
@login_required
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_recorder(request)
    page = Paginator(import_batches_visible_to(request.user).order_by("-created_at", "-pk"), 25)
    return render(
        request,
        "contacts/imports/list.html",
        {"page": page.get_page(request.GET.get("page")), "page_title": "Imported notifications"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_recorder(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_batch_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                source_system=form.cleaned_data["source_system"],
                mapping=form.cleaned_data["mapping"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("imports:detail", batch_id=batch.pk)
    return render(
        request, "contacts/imports/upload.html", {"form": form, "mappings": MAPPINGS.values()}
    )


@require_GET
@login_required
def import_detail(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = import_batch_get_for_user(request.user, batch_id)  # only recorders see batches
    running = batch.status in ("queued", "running")
    if request.headers.get("HX-Request"):
        if running:
            return render(request, "contacts/imports/_progress.html", {"batch": batch})
        # Finished: htmx reloads the whole page to show the result; the link is the fallback.
        response = render(request, "contacts/imports/_progress.html", {"batch": batch})
        response["HX-Refresh"] = "true"
        return response
    layout = MAPPINGS.get(batch.mapping)
    context = {
        "batch": batch,
        "running": running,
        "layout": layout.label if layout else batch.mapping,
        "page_title": f"Import of {batch.file_name}",
    }
    if not running:
        errors = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
        contacts = import_batch_contacts_logged(user=request.user, batch=batch)
        context |= {
            "errors": errors,
            "contacts": contacts,
            "contacts_page": {"object_list": contacts},
        }
    return render(request, "contacts/imports/detail.html", context)
