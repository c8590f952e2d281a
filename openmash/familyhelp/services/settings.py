"""The council's local Family Help settings: the review interval, the step-up rating and the
early help assessment's domains. Administrators change them; every change is audited."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from openmash.accounts.models import User
from openmash.contacts.models import Rag
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.familyhelp.models import AssessmentDomain, FamilyHelpSettings
from openmash.familyhelp.services.common import settings_row
from openmash.familyhelp.verbs import FamilyHelpVerb


@transaction.atomic
def familyhelp_settings_update(
    *,
    actor: User,
    review_interval_days: int,
    step_up_rag: str,
    domains: Sequence[str],
) -> FamilyHelpSettings:
    """Change the settings. `domains` is the assessment's domains in order, by label: a new
    label adds a domain, a missing one retires it (old assessments keep their copy)."""
    if not 7 <= review_interval_days <= 183:
        raise ApplicationError(
            "The review interval must be between 7 and 183 days", field="review_interval_days"
        )
    if step_up_rag not in (Rag.RED, Rag.AMBER):
        raise ApplicationError("Select red or amber", field="step_up_rag")
    labels = [d.strip()[:120] for d in domains if d.strip()]
    if not labels:
        raise ApplicationError("Enter at least one assessment domain", field="domains")
    if len({label.lower() for label in labels}) != len(labels):
        raise ApplicationError("Enter each assessment domain once", field="domains")
    row = FamilyHelpSettings.objects.select_for_update().get(pk=settings_row().pk)
    before = {"review_interval_days": row.review_interval_days, "step_up_rag": row.step_up_rag}
    row.review_interval_days, row.step_up_rag = review_interval_days, step_up_rag
    row.updated_at = timezone.now()
    row.save()
    existing = {d.label.lower(): d for d in AssessmentDomain.objects.all()}
    for order, label in enumerate(labels, start=1):
        domain = existing.pop(label.lower(), None)
        if domain is None:
            code = _free_code(label)
            AssessmentDomain.objects.create(code=code, label=label, sort_order=order)
        else:
            domain.label, domain.sort_order, domain.is_active = label, order, True
            domain.save()
    retired = [d for d in existing.values() if d.is_active]
    for domain in retired:
        domain.is_active = False
        domain.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.SETTINGS_CHANGED,
        target=row,
        summary={
            "before": before,
            "after": {"review_interval_days": review_interval_days, "step_up_rag": step_up_rag},
            "domains": labels,
            "retired": [d.label for d in retired],
        },
    )
    return row


def _free_code(label: str) -> str:
    base = slugify(label)[:34] or "domain"
    code, n = base, 1
    while AssessmentDomain.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code
