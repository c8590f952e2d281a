"""Accessible PDF exports, shared by every app that prints one (the chronology, case summaries,
subject access disclosures): a page's HTML printed by WeasyPrint as a tagged PDF/UA-1 document
(headings, lists and tables carry their structure; the language and title are set), with a
watermark on every page naming who exported it and when. Templates extend
`chronology/pdf/_base.html`, which places the watermark."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from openmash.core.calendar import LONDON
from openmash.core.dates import govuk_datetime

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


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
