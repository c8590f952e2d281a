"""Breached timescales (DOMAIN §4), found by a scheduled job (`frontdoor.tasks.breaches_check`).

Four clocks are watched:
- RAG: an open contact's RAG due time has passed while its clock was running (a paused clock is
  not breached; when it resumes, its due time moves on, and that new time can be breached).
- Decision: a contact is not yet authorised or closed one working day after it was received.
- Request: an information request is still awaiting its answer after its due time, while its
  contact is undecided.

A decided contact (authorised, `decided_at` set) or a closed one is never flagged: its clocks have
stopped.
- Authorisation: a proposed decision has waited longer than OPENMASH_AUTHORISATION_HOURS working
  hours (default 4) for a manager.

Each breach is one Breach row, made once: the model's unique constraints (kind, contact, due time;
or the request) make a second run, or two workers running at once, skip what exists. Each new
breach gets a chronology line and an audit row, and each team manager gets ONE message per run
listing their team's new breaches. A breach is resolved when its work is finally done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import OPEN_STATUSES, Contact, ContactStatus
from openmash.core.audit import audit_record
from openmash.core.notify import send_message
from openmash.frontdoor.models import (
    Breach,
    BreachKind,
    ClockUnit,
    Decision,
    DecisionState,
    EventKind,
    InformationRequest,
    RequestStatus,
)
from openmash.frontdoor.registry import BreachClock, breach_clocks
from openmash.frontdoor.services.lifecycle import contact_event
from openmash.frontdoor.services.notify import team_managers
from openmash.frontdoor.services.rag import clock_add, when
from openmash.frontdoor.verbs import FrontdoorVerb

BREACH_RESOLVED = FrontdoorVerb.BREACH_RESOLVED


@dataclass
class BreachRun:
    created: list[Breach] = field(default_factory=list)
    resolved: int = 0
    messages: int = 0  # one per manager told


def authorisation_hours() -> float:
    return float(settings.AUTHORISATION_BREACH_HOURS)


@transaction.atomic
def breaches_detect(*, now: datetime | None = None) -> BreachRun:
    """Flag every newly breached timescale, resolve those whose work is done, tell managers."""
    now = now or timezone.now()
    run = BreachRun()
    run.resolved = _resolve_done(now)
    for kind, contact, due_at, request in _candidates(now):
        breach = _flag(kind=kind, contact=contact, due_at=due_at, request=request, now=now)
        if breach is not None:
            run.created.append(breach)
    for name, clock in breach_clocks.items():
        created, resolved = _clock_run(name, clock, now)
        run.created += created
        run.resolved += resolved
    run.messages = _tell_managers(run.created, now)
    return run


def _clock_run(name: str, clock: BreachClock, now: datetime) -> tuple[list[Breach], int]:
    """Another app's clock: a breach for each overdue record not yet flagged at that due time,
    and the unresolved ones whose record is no longer overdue resolved (the work was done)."""
    target_type = clock.model._meta.label_lower
    overdue = {(o.target.pk, o.due_at): o for o in clock.overdue(now)}
    unresolved = Breach.objects.filter(kind=name, contact__isnull=True, resolved_at__isnull=True)
    done = [b.pk for b in unresolved if (b.target_id, b.due_at) not in overdue]
    if done:
        Breach.objects.filter(pk__in=done).update(resolved_at=now)
        audit_record(
            actor=None,
            verb=BREACH_RESOLVED,
            target_type="breach",
            summary={"breaches": done, "count": len(done), "kind": name},
        )
    flagged = set(
        Breach.objects.filter(
            kind=name, target_type=target_type, target_id__in=[pk for pk, _ in overdue]
        ).values_list("target_id", "due_at")
    )
    created = []
    for key, item in sorted(overdue.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if key in flagged:
            continue
        try:
            with transaction.atomic():
                breach = Breach.objects.create(
                    kind=name,
                    target_type=target_type,
                    target_id=item.target.pk,
                    team_id=item.team_id,
                    due_at=item.due_at,
                    detected_at=now,
                )
        except IntegrityError:
            continue  # another run has just made it
        audit_record(
            actor=None,
            verb=FrontdoorVerb.BREACH_FLAGGED,
            target=item.target,
            summary={"breach": breach.pk, "kind": name, "due_at": item.due_at.isoformat()},
        )
        created.append(breach)
    return created, len(done)


Candidate = tuple[str, Contact, datetime, InformationRequest | None]


def _candidates(now: datetime) -> Iterable[Candidate]:
    def flagged(kind: str, due_field: str) -> Exists:
        return Exists(
            Breach.objects.filter(
                kind=kind,
                contact_id=OuterRef("pk"),
                due_at=OuterRef(due_field),
                information_request__isnull=True,
            )
        )

    open_contacts = Contact.objects.filter(status__in=OPEN_STATUSES).select_related("team")
    rag_late = (
        open_contacts.filter(rag_due_at__lt=now, rag_paused_at__isnull=True)
        .exclude(flagged(BreachKind.RAG, "rag_due_at"))
        .order_by("rag_due_at", "pk")
    )
    for contact in rag_late:
        assert contact.rag_due_at is not None  # filtered on
        yield BreachKind.RAG, contact, contact.rag_due_at, None
    decision_late = (
        open_contacts.filter(decision_due_at__lt=now)
        .exclude(flagged(BreachKind.DECISION, "decision_due_at"))
        .order_by("decision_due_at", "pk")
    )
    for contact in decision_late:
        assert contact.decision_due_at is not None  # filtered on
        yield BreachKind.DECISION, contact, contact.decision_due_at, None
    requests_late = (
        # A decided (or closed) contact's clocks have stopped: its requests are not chased.
        InformationRequest.objects.filter(
            status=RequestStatus.OPEN, due_at__lt=now, contact__status__in=OPEN_STATUSES
        )
        .exclude(Exists(Breach.objects.filter(information_request_id=OuterRef("pk"))))
        .select_related("contact__team", "agency")
        .order_by("due_at", "pk")
    )
    for request in requests_late:
        yield BreachKind.REQUEST, request.contact, request.due_at, request
    yield from _authorisation_candidates(now)


def _authorisation_candidates(now: datetime) -> Iterable[Candidate]:
    hours = authorisation_hours()
    if hours <= 0:
        return
    proposed = Decision.objects.filter(
        state=DecisionState.PROPOSED, contact__status=ContactStatus.DECISION_PROPOSED
    ).select_related("contact__team")
    flagged = set(
        Breach.objects.filter(
            kind=BreachKind.AUTHORISATION, contact__decisions__state=DecisionState.PROPOSED
        ).values_list("contact_id", "due_at")
    )
    for decision in proposed.order_by("proposed_at", "pk"):
        due = clock_add(decision.proposed_at, hours, ClockUnit.WORKING_HOURS)
        if due < now and (decision.contact_id, due) not in flagged:
            yield BreachKind.AUTHORISATION, decision.contact, due, None


def _flag(
    *,
    kind: str,
    contact: Contact,
    due_at: datetime,
    request: InformationRequest | None,
    now: datetime,
) -> Breach | None:
    """One new breach, or None when another run has just made it (the constraint refuses it)."""
    try:
        with transaction.atomic():
            breach = Breach.objects.create(
                kind=kind,
                contact=contact,
                information_request=request,
                due_at=due_at,
                detected_at=now,
            )
    except IntegrityError:
        return None
    what = f"{_what(breach)} breached: due {when(due_at)}"
    contact_event(contact, actor=None, kind=EventKind.BREACH, summary=what, at=now)
    audit_record(
        actor=None,
        verb=FrontdoorVerb.BREACH_FLAGGED,
        target=contact,
        summary={
            "breach": breach.pk,
            "kind": kind,
            "due_at": due_at.isoformat(),
            "information_request": request.pk if request is not None else None,
        },
    )
    return breach


def _what(breach: Breach) -> str:
    """What was late, as the chronology says it: "RAG timescale", "Information request to …"."""
    if breach.information_request is not None:
        return f"Information request to {breach.information_request.agency.name}"
    return BreachKind(breach.kind).label


def _late(lateness: timedelta) -> str:
    """A lateness in words: "3 hours 5 minutes", "2 days 4 hours", "25 minutes"."""
    minutes = max(0, int(lateness.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "0 minutes"


def _tell_managers(breaches: list[Breach], now: datetime) -> int:
    """Each manager once, with one line per new breach of their teams' contacts."""
    if not breaches:
        return 0
    by_team: dict[int | None, list[Any]] = {}
    lines: dict[str, list[str]] = {}
    for breach in breaches:
        team_id = breach.contact.team_id if breach.contact else breach.team_id
        if team_id not in by_team:
            by_team[team_id] = team_managers(team_id)
        for manager in by_team[team_id]:
            lines.setdefault(manager.email, []).append(_line(breach))
    Breach.objects.filter(pk__in=[b.pk for b in breaches]).update(notified_at=now)
    link = f"{settings.OPENMASH_BASE_URL}{reverse('frontdoor:breaches')}"

    def send() -> None:
        for email, items in lines.items():
            count = len(items)
            send_message(
                to_email=email,
                subject=f"{count} timescale{'s' if count != 1 else ''} breached in the MASH",
                body="These timescales have passed with the work not done:\n\n"
                + "\n".join(items)
                + f"\n\nSee every breach: {link}",
            )

    transaction.on_commit(send)
    return len(lines)


def _line(breach: Breach) -> str:
    if breach.contact is None:
        # No names in an email: the record's page says whose it is, to those who may see it.
        clock = breach_clocks.get(breach.kind)
        url = ""
        if clock is not None:
            record = clock.model._default_manager.filter(pk=breach.target_id).first()
            url = f": {settings.OPENMASH_BASE_URL}{clock.describe(record)[1]}" if record else ""
        return f"- {breach.kind_label}, due {when(breach.due_at)}{url}"
    kind = breach.kind_label
    return f"- Contact {breach.contact.reference}: {kind}, due {when(breach.due_at)}"


def _resolve_done(now: datetime) -> int:
    """Set resolved_at on unresolved breaches whose late work has now been done."""
    unresolved = Breach.objects.filter(resolved_at__isnull=True, contact__isnull=False)
    done = list(_done(unresolved).select_related("contact", "information_request__agency"))
    ids = [breach.pk for breach in done]
    if ids:
        Breach.objects.filter(pk__in=ids).update(resolved_at=now)
        for breach in done:
            # The contact's chronology shows the breach ending as it showed it beginning.
            breach.resolved_at = now
            assert breach.contact is not None  # filtered on
            contact_event(
                breach.contact,
                actor=None,
                kind=EventKind.BREACH,
                summary=f"{_what(breach)} resolved: done {_late(breach_lateness(breach))} late",
                at=now,
            )
        audit_record(
            actor=None,
            verb=BREACH_RESOLVED,
            target_type="breach",
            summary={"breaches": ids, "count": len(ids)},
        )
    return len(ids)


def _done(unresolved: QuerySet[Breach]) -> QuerySet[Breach]:
    proposed = Decision.objects.filter(contact_id=OuterRef("contact_id"), state="proposed")
    return unresolved.filter(
        Q(kind=BreachKind.RAG) & ~Q(contact__status__in=OPEN_STATUSES)
        | Q(kind=BreachKind.DECISION)
        & Q(contact__status__in=[ContactStatus.AUTHORISED, ContactStatus.CLOSED])
        | Q(kind=BreachKind.REQUEST) & ~Q(information_request__status=RequestStatus.OPEN)
        | Q(kind=BreachKind.AUTHORISATION) & ~Exists(proposed)
    )


def breach_lateness(breach: Breach, *, now: datetime | None = None) -> timedelta:
    """How late: until it was resolved, or until now while it is not."""
    return (breach.resolved_at or now or timezone.now()) - breach.due_at
