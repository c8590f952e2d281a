"""The disclosure as a tagged PDF, printed by the chronology's PDF mechanism (WeasyPrint,
PDF/UA-1, the exporter named on every page) with the redactions applied before rendering, so
redacted text never reaches the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openmash.core.audit import audit_record
from openmash.core.pdf import pdf_render
from openmash.privacy.models import SubjectAccessRequest
from openmash.privacy.selectors import holdings, holdings_redacted, request_row
from openmash.privacy.verbs import PrivacyVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


def disclosure_pdf(*, actor: User, request: SubjectAccessRequest) -> bytes:
    """The disclosure with its redactions applied; the export is audited with what it held."""
    redactions = list(request.redactions.all())
    sections = holdings_redacted(holdings(actor, request.person), redactions)
    audit_record(
        actor=actor,
        verb=PrivacyVerb.DISCLOSURE_EXPORTED,
        target=request,
        summary={
            "person": request.person_id,
            "items": sum(len(s.items) for s in sections),
            "redactions": len(redactions),
        },
    )
    person = request.person
    return pdf_render(
        "privacy/pdf/disclosure.html",
        {"sar": request, "row": request_row(request), "person": person, "sections": sections},
        actor=actor,
        title=f"Records held about {person.given_name} {person.family_name}",
    )
