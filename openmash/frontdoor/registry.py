"""What the apps the front door hands on to add to it (docs/architecture.md, "Registries").

- `decision_authorised`: what follows an authorised MASH decision (protection: a strategy
  discussion to convene or an assessment to start; familyhelp: a request for Family Help; adults:
  the safeguarding enquiry). The front door's own statutory records (a `Referral` for a child, an
  `AdultEnquiry` for an adult) exist by then, so an entry can build on them.
- `breach_clocks`: timescales the front door's breach job watches for other apps (an ICPC past its
  target, a Family Help review overdue, an enquiry past its target date): the job flags each one
  once as a `Breach`, tells the team's managers, resolves it when the work is done, and the breach
  list and the manager's page show it beside the front door's own.
- `out_of_hours_periods`: when the council is out of hours (outofhours: its period setting), so a
  contact with immediate risk tells the out-of-hours team at the right times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Model, QuerySet

from openmash.core.registry import Registry

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.frontdoor.models import Decision, DecisionOutcome


class DecisionAuthorised(Protocol):
    """Called by `decision_authorise` inside its transaction, after the decision's audit row and
    the front door's statutory records (`outcome.subject.referral` / `.enquiry`), with the
    decision's outcomes (one per subject). Whatever it writes commits or rolls back with the
    authorisation; anything it sends must wait for the commit (`transaction.on_commit`). It must
    not refuse: a check belongs in the decision checks, before a manager authorises."""

    def __call__(
        self, *, decision: Decision, outcomes: Sequence[DecisionOutcome], actor: User
    ) -> None: ...


decision_authorised: Registry[DecisionAuthorised] = Registry("After a decision is authorised")


@dataclass(frozen=True)
class Overdue:
    """One record whose timescale has run out with its work not done, as of the job's now."""

    target: Model  # the record the clock belongs to (kept by model name and primary key)
    due_at: datetime  # aware; a new due time (a rescheduled review) can be breached again
    team_id: int | None  # whose managers are told and see it on their page; None: nobody's yet


@dataclass(frozen=True)
class BreachClock:
    """A timescale watched by the breach job, registered under a short stable name (it is the
    `Breach.kind`, at most 40 characters, e.g. "protection.icpc_target").

    - `label`: what ran out, in plain words ("Initial conference past its target").
    - `model`: the model of the records it watches.
    - `overdue(now)`: every record overdue now: due time passed, work not done. A breach whose
      record is no longer in this list is resolved at `now` (the work was done), so it must list
      every overdue record, not only new ones, and should be one or two queries.
    - `visible_to(user)`: the records of `model` this user may see (the app's access gate
      scope): the breach list and the manager's page show only breaches on these.
    - `describe(record)`: the link text and URL of the record's page, for the breach list.
    """

    label: str
    model: type[Model]
    overdue: Callable[[datetime], Iterable[Overdue]]
    visible_to: Callable[[User], QuerySet[Any]]
    describe: Callable[[Any], tuple[str, str]]


breach_clocks: Registry[BreachClock] = Registry("Breach clocks")


out_of_hours_periods: Registry[Callable[[datetime], bool]] = Registry("Out-of-hours periods")
"""Whether a moment is out of hours, for telling the out-of-hours team about a contact with
immediate risk: the out-of-hours app's setting (its day team's hours, weekends, bank holidays).
With none registered, outside the kernel's working hours (`core.calendar.is_working_time`)."""


def is_out_of_hours_now(moment: datetime) -> bool:
    """Out of hours by the registered period (any registered one saying so), else by working
    hours."""
    from openmash.core.calendar import is_working_time

    rules = list(out_of_hours_periods)
    if not rules:
        return not is_working_time(moment)
    return any(rule(moment) for rule in rules)
