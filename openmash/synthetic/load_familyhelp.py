"""`generate --into-db`, Family Help: each generated early help episode becomes a Family Help
case for its child, on a Family Help team of the council, linked to the contact it came from
(open while the episode runs, else closed with the episode's outcome as the closure reason).
Bulk inserts, like the rest of the load; no audit row per case (the load's marker counts them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from openmash.accounts.models import Agency, Team, TeamKind
from openmash.core.calendar import LONDON
from openmash.familyhelp.models import (
    Agreement,
    CaseSource,
    CaseStatus,
    ClosureReason,
    FamilyHelpCase,
    FamilyMember,
    MemberRole,
)
from openmash.synthetic.records import HouseholdBatch

CLOSURE = {
    "completed": ClosureReason.OUTCOMES_MET,
    "disengaged": ClosureReason.NO_LONGER_ENGAGING,
    "stepped_up": ClosureReason.STEPPED_UP,
    "moved": ClosureReason.MOVED_AWAY,
}


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=LONDON)


def _team(agency: Agency) -> Team:
    team, _ = Team.objects.get_or_create(
        agency=agency, name="Family Help", defaults={"kind": TeamKind.EARLY_HELP}
    )
    return team


def load_early_help(
    batches: Sequence[HouseholdBatch],
    person_pk: dict[str, int],
    contact_pk: dict[str, int],
    council: Agency,
) -> int:
    """Load the batches' early help episodes; returns how many cases were made."""
    episodes = [(e, b) for b in batches for e in b.early_help]
    if not episodes:
        return 0
    team = _team(council)
    cases = []
    for episode, _ in episodes:
        closed = episode.end_date is not None
        contact_id = contact_pk.get(episode.contact_id)
        cases.append(
            FamilyHelpCase(
                reference=f"S-{episode.episode_id}",
                source=CaseSource.MASH if contact_id else CaseSource.PARTNER,
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                team=team,
                contact_id=contact_id,
                requested_at=_at(episode.start_date),
                accepted_at=_at(episode.start_date),
                reason=f"Synthetic early help episode ({episode.route.replace('_', ' ')}).",
                open_concerns=False,
                agreement=Agreement.AGREED,
                agreement_recorded_at=_at(episode.start_date),
                closed_at=_at(episode.end_date) if episode.end_date else None,
                closure_reason=CLOSURE.get(episode.outcome, ClosureReason.OUTCOMES_MET)
                if closed
                else "",
            )
        )
    created = FamilyHelpCase.objects.bulk_create(cases)
    members = []
    for case, (episode, batch) in zip(created, episodes, strict=True):
        child = next(p for p in batch.people if p.person_id == episode.true_person_id)
        members.append(
            FamilyMember(
                case_id=case.pk,
                person_id=person_pk[child.person_id],
                role=MemberRole.CHILD,
                given_name=child.given_name,
                family_name=child.family_name,
                date_of_birth=child.date_of_birth,
            )
        )
        members += [
            FamilyMember(
                case_id=case.pk,
                person_id=person_pk[parent.person_id],
                role=MemberRole.PARENT,
                given_name=parent.given_name,
                family_name=parent.family_name,
                date_of_birth=parent.date_of_birth,
            )
            for parent in batch.people
            if parent.role == "parent"
        ]
    FamilyMember.objects.bulk_create(members)
    return len(created)
