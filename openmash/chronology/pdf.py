"""Accessible PDF exports: the chronology or case summary page's HTML, printed by WeasyPrint as a
tagged PDF/UA-1 document (headings, lists and tables carry their structure; the language and
title are set), with a watermark on every page naming who exported it and when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from openmash.chronology.selectors import Chronology, ChronologyFilters
from openmash.chronology.verbs import ChronologyVerb
from openmash.core.audit import audit_record
from openmash.core.calendar import LONDON
from openmash.core.dates import govuk_datetime
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.accounts.models import User


def pdf_render(template: str, context: dict[str, Any], *, actor: User, title: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loads Pango: exports only

    exported = timezone.now().astimezone(LONDON)
    watermark = (
        f"OFFICIAL-SENSITIVE. Exported by {actor.full_name} ({actor.email}) on "
        f"{govuk_datetime(exported)}. Do not copy or share beyond its purpose."
    )
    html = render_to_string(template, {**context, "title": title, "watermark": watermark})
    document = HTML(string=html, base_url=None).render()
    return document.write_pdf(pdf_variant="pdf/ua-1") or b""


def chronology_pdf_response(
    *, actor: User, person: Person, chronology: Chronology, filters: ChronologyFilters, query: str
) -> HttpResponse:
    """The chronology as a PDF download; the export is audited with the filters it used."""
    audit_record(
        actor=actor,
        verb=ChronologyVerb.EXPORTED,
        target=person,
        summary={"events": len(chronology.items), "filters": query},
    )
    content = pdf_render(
        "chronology/pdf/chronology.html",
        {
            "person": person,
            "chronology": chronology,
            "filtered": filters != ChronologyFilters(),
            "oldest_first": filters.oldest_first,
        },
        actor=actor,
        title=f"Chronology of {person.given_name} {person.family_name}",
    )
    return pdf_response(content, f"chronology-{person.pk}.pdf")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
