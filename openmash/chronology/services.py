"""Writing to chronologies: workers' entries, significance, case summaries; and the audit rows for
reading and exporting them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.chronology.models import CaseSummary, ChronologyEntry, EntryKind, SignificantEvent
from openmash.chronology.permissions import can_add_to_chronology, can_sign_off_case_summary
from openmash.chronology.selectors import person_events
from openmash.chronology.verbs import ChronologyVerb
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError, ConflictError
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.accounts.models import Agency, User


def _may_write(actor: User) -> None:
    if not can_add_to_chronology(actor):
        raise ApplicationError("Only front-door staff who record work can change a chronology.")


@transaction.atomic
def chronology_entry_add(
    *,
    person: Person,
    actor: User,
    happened_on: date,
    kind: str,
    summary: str,
    detail: str = "",
    agency: Agency | None = None,
    source: str = "",
) -> ChronologyEntry:
    _may_write(actor)
    if happened_on > timezone.localdate():
        raise ApplicationError(
            "The date it happened must be today or in the past", field="happened_on"
        )
    if kind not in EntryKind.values:
        raise ApplicationError("Select what kind of event it was", field="kind")
    if not summary.strip():
        raise ApplicationError("Enter what happened, in a line", field="summary")
    entry = ChronologyEntry.objects.create(
        person=person,
        happened_on=happened_on,
        kind=kind,
        summary=summary.strip(),
        detail=detail.strip(),
        agency=agency,
        source=source.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb=ChronologyVerb.ENTRY_ADDED,
        target=entry,
        summary={"person": person.pk, "happened_on": happened_on.isoformat(), "kind": kind},
    )
    return entry


@transaction.atomic
def chronology_significance_set(
    *, person: Person, actor: User, event_key: str, significant: bool, note: str = ""
) -> bool:
    """Mark an event of this person's chronology significant, or not. Only an event the actor
    can see in it can be marked. Returns whether anything changed."""
    _may_write(actor)
    if not any(e.key == event_key for e in person_events(actor, [person.pk])):
        raise ApplicationError("That event is not in this person's chronology.", field="event_key")
    existing = SignificantEvent.objects.filter(person=person, event_key=event_key)
    if significant:
        if existing.exists():
            return False
        SignificantEvent.objects.create(
            person=person, event_key=event_key, note=note.strip()[:300], marked_by=actor
        )
        verb = ChronologyVerb.SIGNIFICANCE_MARKED
    else:
        if not existing.delete()[0]:
            return False
        verb = ChronologyVerb.SIGNIFICANCE_UNMARKED
    audit_record(
        actor=actor, verb=verb, target=person, summary={"event": event_key, "note": note.strip()}
    )
    return True


@dataclass(frozen=True)
class CaseSummaryInput:
    family: str
    history: str
    risks: str
    strengths: str
    voice: str


SUMMARY_FIELDS = {
    "family": "Enter who is in the family",
    "history": "Enter the history in brief",
    "risks": "Enter the current risks",
    "strengths": "Enter the strengths and protective factors",
    "voice": "Enter the child's or adult's voice: their words and wishes",
}


@transaction.atomic
def case_summary_write(
    *, person: Person, actor: User, data: CaseSummaryInput, expected_version: int | None = None
) -> CaseSummary:
    """A new version of the person's case summary. `expected_version` (the version the writer
    started from, 0 for none) refuses a write over someone else's newer version."""
    _may_write(actor)
    for name, message in SUMMARY_FIELDS.items():
        if not getattr(data, name).strip():
            raise ApplicationError(message, field=name)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    latest = CaseSummary.objects.filter(person=person).order_by("-version").first()
    current = latest.version if latest else 0
    if expected_version is not None and expected_version != current:
        raise ConflictError(
            f"Someone else saved version {current} of this summary since you opened it. "
            "Read it, then write yours again."
        )
    summary = CaseSummary.objects.create(
        person=person,
        version=current + 1,
        family=data.family.strip(),
        history=data.history.strip(),
        risks=data.risks.strip(),
        strengths=data.strengths.strip(),
        voice=data.voice.strip(),
        written_by=actor,
    )
    audit_record(
        actor=actor,
        verb=ChronologyVerb.SUMMARY_WRITTEN,
        target=summary,
        summary={"person": person.pk, "version": summary.version},
    )
    return summary


@transaction.atomic
def case_summary_sign_off(*, summary: CaseSummary, actor: User) -> CaseSummary:
    if not can_sign_off_case_summary(actor):
        raise ApplicationError("Only a manager can sign off a case summary.")
    summary = CaseSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.written_by_id == actor.pk:
        raise ApplicationError("A manager cannot sign off a summary they wrote.")
    if summary.signed_off_at is not None:
        raise ApplicationError("This version is already signed off.")
    newest = CaseSummary.objects.filter(person_id=summary.person_id).order_by("-version").first()
    if newest is not None and newest.pk != summary.pk:
        raise ApplicationError(
            f"Version {newest.version} has been written since: sign off the newest version."
        )
    summary.signed_off_by, summary.signed_off_at = actor, timezone.now()
    summary.save(update_fields=["signed_off_by", "signed_off_at"])
    audit_record(
        actor=actor,
        verb=ChronologyVerb.SUMMARY_SIGNED_OFF,
        target=summary,
        summary={"person": summary.person_id, "version": summary.version},
    )
    return summary
