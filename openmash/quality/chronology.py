"""Case audit findings in a person's chronology (`people.registry.person_event_providers`): a
completed audit and its moderation, for each person the audited contact names. Only readers who
may see the audit (quality leads, the worker whose case it is) get its events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from openmash.contacts.models import ContactSubject
from openmash.people.registry import PersonEvent, PersonEventProvider, nothing_open
from openmash.quality.models import AuditState, CaseAudit
from openmash.quality.permissions import audits_visible_to

if TYPE_CHECKING:
    from openmash.accounts.models import User

KINDS = {
    "quality.audit_completed": "Case audit completed",
    "quality.audit_moderated": "Case audit moderated",
}


def audit_person_events(user: User, person_ids: Sequence[int]) -> Iterable[PersonEvent]:
    links = ContactSubject.objects.filter(person_id__in=person_ids).values_list(
        "contact_id", "person_id"
    )
    people: dict[int, set[int]] = {}
    for contact_id, person_id in links:
        people.setdefault(contact_id, set()).add(person_id)
    if not people:
        return
    audits = (
        audits_visible_to(user)
        .filter(contact_id__in=people, state__in=[AuditState.COMPLETED, AuditState.MODERATED])
        .select_related("template_version", "contact")
        .order_by("pk")
    )
    for audit in audits:
        for person_id in sorted(people[audit.contact_id]):
            yield from _events(audit, person_id)


def _events(audit: CaseAudit, person_id: int) -> Iterable[PersonEvent]:
    url = reverse("quality:audit", args=[audit.pk])
    key = f"quality.caseaudit:{audit.pk}"
    if audit.completed_at:
        yield PersonEvent(
            key=f"{key}:completed:{person_id}",
            person_id=person_id,
            at=audit.completed_at,
            kind="quality.audit_completed",
            summary=(
                f"Case audit of {audit.contact.reference} ({audit.template_version.title}): "
                f"{audit.get_grade_display().lower()}"
            ),
            detail=audit.summary[:500],
            url=url,
        )
    if audit.moderated_at:
        verdict = "agreed" if audit.moderation_agrees else "disagreed"
        yield PersonEvent(
            key=f"{key}:moderated:{person_id}",
            person_id=person_id,
            at=audit.moderated_at,
            kind="quality.audit_moderated",
            summary=(
                f"Case audit moderated: {verdict}, graded "
                f"{audit.get_moderated_grade_display().lower()}"
            ),
            detail=audit.moderation_reason[:500],
            url=url,
        )


# An audit is a look back at the work, never a service open with the family.
AUDIT_EVENTS = PersonEventProvider(
    kinds=KINDS, models=(CaseAudit,), events=audit_person_events, open_involvement=nothing_open
)
