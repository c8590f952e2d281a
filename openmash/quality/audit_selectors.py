"""Reads of case audits, audit templates and dip samples, scoped by the one gate's rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet

from openmash.quality.models import (
    AuditState,
    AuditTemplate,
    AuditTemplateVersion,
    CaseAudit,
    DipSample,
)
from openmash.quality.permissions import audits_visible_to, can_audit
from openmash.quality.sampling import SampleCriteria

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User

DONE = [AuditState.COMPLETED, AuditState.MODERATED]


def audit_list(user: User | AnonymousUser) -> QuerySet[CaseAudit]:
    return (
        audits_visible_to(user)
        .select_related("contact", "auditor", "worker", "template_version", "sample")
        .order_by("-created_at", "-pk")
    )


def template_list(user: User | AnonymousUser) -> QuerySet[AuditTemplate]:
    if not can_audit(user):
        return AuditTemplate.objects.none()
    return AuditTemplate.objects.annotate(
        version_count=Count("versions", distinct=True), latest=Max("versions__number")
    ).order_by("pk")


def templates_to_choose() -> QuerySet[AuditTemplate]:
    """Every template, for a quality lead's form (the views check `can_audit` first)."""
    return AuditTemplate.objects.order_by("pk")


def template_versions(template: AuditTemplate) -> list[AuditTemplateVersion]:
    return list(
        template.versions.select_related("created_by")
        .annotate(audit_count=Count("audits"))
        .order_by("-number")
    )


def sample_list(user: User | AnonymousUser) -> QuerySet[DipSample]:
    if not can_audit(user):
        return DipSample.objects.none()
    return (
        DipSample.objects.select_related("template_version", "drawn_by")
        .annotate(
            total=Count("audits", distinct=True),
            audited=Count("audits", filter=Q(audits__state__in=DONE), distinct=True),
        )
        .order_by("-drawn_at", "-pk")
    )


def sample_audits(sample: DipSample) -> list[CaseAudit]:
    return list(
        sample.audits.select_related("contact", "auditor", "worker", "decision").order_by("pk")
    )


def sample_progress(sample: DipSample) -> tuple[int, int]:
    """(audited, total): an audit counts as done once completed."""
    counts = sample.audits.aggregate(
        total=Count("pk"), audited=Count("pk", filter=Q(state__in=DONE))
    )
    return counts["audited"], counts["total"]


def audit_home_section(user: User) -> dict[str, Any] | None:
    """On the home page: a quality lead's audits to do, and a worker's audited cases awaiting
    their response."""
    runs = can_audit(user)
    to_do = (
        CaseAudit.objects.filter(auditor=user, state=AuditState.IN_PROGRESS).count() if runs else 0
    )
    to_answer = list(
        CaseAudit.objects.filter(worker=user, state__in=DONE, responded_at__isnull=True)
        .select_related("contact")
        .order_by("completed_at", "pk")[:10]
    )
    if not runs and not to_answer:
        return None
    return {"runs": runs, "to_do": to_do, "to_answer": to_answer}


def sample_criteria_words(criteria: SampleCriteria) -> str:
    """The optional criteria in words, for the sample's page."""
    from openmash.accounts.models import Agency, User
    from openmash.frontdoor.models import ChildOutcome

    words = []
    if criteria.outcome:
        words.append(str(dict(ChildOutcome.choices).get(criteria.outcome, criteria.outcome)))
    if criteria.source_agency_id is not None:
        agency = Agency.objects.filter(pk=criteria.source_agency_id).first()
        words.append(f"from {agency.name if agency else 'an agency no longer listed'}")
    if criteria.worker_id is not None:
        worker = User.objects.filter(pk=criteria.worker_id).first()
        words.append(f"proposed by {worker.full_name if worker else 'a former user'}")
    return "; ".join(words) or "Any outcome, agency and worker"
