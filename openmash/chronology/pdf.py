"""The chronology's PDF export, printed by the shared mechanism (`core.pdf`: WeasyPrint, tagged
PDF/UA-1, a watermark naming who exported it and when)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse

from openmash.chronology.selectors import Chronology, ChronologyFilters
from openmash.chronology.verbs import ChronologyVerb
from openmash.core.audit import audit_record
from openmash.core.pdf import pdf_render, pdf_response
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.accounts.models import User


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
