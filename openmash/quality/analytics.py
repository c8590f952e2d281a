"""Decision analytics (issue 22 item 5): how often workers choose a threshold level below the
one suggested, how often managers return or change decisions at authorisation and why, and
refusals of consent accepted on red contacts. Each figure carries the ids of the records behind
it, so a page can list them (docs/quality.md). Callers check `can_audit` first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from openmash.accounts.models import Team
from openmash.frontdoor.models import (
    ConsentRecord,
    Decision,
    DecisionState,
    ThresholdAssessment,
)

BELOW_GROUPS = ("worker", "team", "agency", "indicator")
AUTHORISATION_GROUPS = ("team", "manager")


@dataclass
class Figure:
    """`count` of `total` in one group; `records` the contact ids of the `count`."""

    key: str
    label: str
    total: int = 0
    count: int = 0
    records: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.count / self.total if self.total else None


def _add(groups: dict[str, Figure], key: str, label: str, hit: bool, record: int) -> None:
    figure = groups.setdefault(key, Figure(key=key, label=label))
    figure.total += 1
    if hit:
        figure.count += 1
        figure.records.append(record)


def _sorted(groups: dict[str, Figure]) -> list[Figure]:
    return sorted(groups.values(), key=lambda f: (f.label, f.key))


def below_suggested(date_from: date, date_to: date) -> dict[str, list[Figure]]:
    """Threshold assessments in the period that had a suggestion, and those whose chosen level
    was below it, by worker, team (the worker's first team by name), agency and indicator
    ticked."""
    assessments = (
        ThresholdAssessment.objects.filter(
            suggested_level__isnull=False,
            assessed_at__date__gte=date_from,
            assessed_at__date__lte=date_to,
        )
        .select_related("assessed_by__agency")
        .prefetch_related(Prefetch("assessed_by__teams", queryset=Team.objects.order_by("name")))
        .order_by("pk")
    )
    groups: dict[str, dict[str, Figure]] = {name: {} for name in BELOW_GROUPS}
    for a in assessments:
        below = a.chosen_level < (a.suggested_level or 0)
        worker = a.assessed_by
        teams = list(worker.teams.all())
        _add(groups["worker"], str(worker.pk), worker.full_name, below, a.contact_id)
        team_key, team_label = (str(teams[0].pk), teams[0].name) if teams else ("none", "No team")
        _add(groups["team"], team_key, team_label, below, a.contact_id)
        _add(groups["agency"], str(worker.agency_id), worker.agency.name, below, a.contact_id)
        for indicator in dict.fromkeys(str(i.get("code", "")) for i in a.indicators or []):
            text = next(
                (str(i.get("text", "")) for i in a.indicators if i.get("code") == indicator), ""
            )
            _add(groups["indicator"], indicator, f"{indicator}: {text}"[:120], below, a.contact_id)
    return {name: _sorted(found) for name, found in groups.items()}


@dataclass
class AuthorisationFigures:
    returned: dict[str, list[Figure]]
    changed: dict[str, list[Figure]]
    reasons: list[Decision]


def _outcomes(decision: Decision) -> set[tuple[int, str]]:
    return {(o.subject_id, o.outcome) for o in decision.outcomes.all()}


def authorisation_changes(date_from: date, date_to: date) -> AuthorisationFigures:
    """Decisions a manager dealt with in the period: returned (of all dealt with), and changed
    (an authorised decision whose outcomes differ from a decision on the same contact that was
    returned before it), by team and by manager; the return reasons are the managers'
    comments."""
    dealt = list(
        Decision.objects.filter(state__in=[DecisionState.AUTHORISED, DecisionState.RETURNED])
        .filter(proposed_at__date__gte=date_from, proposed_at__date__lte=date_to)
        .select_related("team", "authorised_by", "returned_by", "contact", "proposed_by")
        .prefetch_related("outcomes")
        .order_by("pk")
    )
    returned: dict[str, dict[str, Figure]] = {name: {} for name in AUTHORISATION_GROUPS}
    changed: dict[str, dict[str, Figure]] = {name: {} for name in AUTHORISATION_GROUPS}
    earlier: dict[int, list[Decision]] = defaultdict(list)
    for d in dealt:
        manager = d.returned_by if d.state == DecisionState.RETURNED else d.authorised_by
        keys = {
            "team": (str(d.team_id or "none"), d.team.name if d.team else "No team"),
            "manager": (
                str(manager.pk) if manager else "none",
                manager.full_name if manager else "",
            ),
        }
        is_returned = d.state == DecisionState.RETURNED
        for name, (key, label) in keys.items():
            _add(returned[name], key, label, is_returned, d.contact_id)
        if not is_returned:
            before = earlier[d.contact_id]
            was_changed = bool(before) and _outcomes(before[-1]) != _outcomes(d)
            for name, (key, label) in keys.items():
                _add(changed[name], key, label, was_changed, d.contact_id)
        else:
            earlier[d.contact_id].append(d)
    return AuthorisationFigures(
        returned={name: _sorted(found) for name, found in returned.items()},
        changed={name: _sorted(found) for name, found in changed.items()},
        reasons=[d for d in dealt if d.state == DecisionState.RETURNED],
    )


def consent_on_red(date_from: date, date_to: date) -> Figure:
    """Red contacts with consent recorded in the period, and those where the family's refusal
    was accepted (nothing shared without consent) on the newest record."""
    newest: dict[int, ConsentRecord] = {}
    for record in (
        ConsentRecord.objects.filter(
            contact__rag="red",
            recorded_at__date__gte=date_from,
            recorded_at__date__lte=date_to,
        )
        .order_by("recorded_at", "pk")
        .only("contact_id", "consent", "refusal_accepted")
    ):
        newest[record.contact_id] = record
    figure = Figure(key="red", label="Red contacts")
    for contact_id, record in sorted(newest.items()):
        figure.total += 1
        if record.consent == "refused" and record.refusal_accepted:
            figure.count += 1
            figure.records.append(contact_id)
    return figure
