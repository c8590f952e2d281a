"""How a contact's clocks read (issue 13 item 3): running with time left, paused, or stopped once
the contact is decided, when the page shows the decision against the due time.

"Decided" is the manager's authorisation (`Contact.decided_at`, set by `decision_authorise`): a
proposal is a worker's recommendation, and the timescales (RAG and the one working day) are met
by a decision a manager has made. A contact closed without a decision (a confirmed duplicate)
has its clocks stopped when it closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from openmash.contacts.models import Contact
from openmash.core.dates import govuk_datetime


@dataclass(frozen=True)
class ClockReading:
    state: str  # "running", "paused", "decided", "closed" or "none"
    words: str  # what the page prints, e.g. "Due 18 November 2026 14:30 (3 hours left)"


def long_time(moment: datetime) -> str:
    """'18 November 2026 at 2:30pm' in the site's time zone (as the `govuk_datetime` filter)."""
    return govuk_datetime(moment)


def span_words(span: timedelta) -> str:
    """The two largest units, e.g. '2 days 3 hours', '3 hours 20 minutes', '4 minutes'."""
    minutes = int(abs(span.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words[:2]) or "less than a minute"


def against_due(done: datetime, due: datetime) -> str:
    """'within time by 30 minutes', 'over time by 2 hours', or 'exactly on time'."""
    if done == due:
        return "exactly on time"
    if done < due:
        return f"within time by {span_words(due - done)}"
    return f"over time by {span_words(done - due)}"


def clock_reading(
    contact: Contact, due: datetime | None, *, now: datetime, pausable: bool = False
) -> ClockReading:
    """One clock of the contact (its RAG due time, or its decision due time). `pausable`: this
    is the RAG clock, which a worker may pause."""
    if due is None:
        return ClockReading("none", "")
    if contact.decided_at is not None:
        return ClockReading(
            "decided",
            f"Decided {long_time(contact.decided_at)}, due {long_time(due)} "
            f"({against_due(contact.decided_at, due)})",
        )
    if not contact.is_open:
        stopped = contact.closed_at or contact.status_changed_at or now
        return ClockReading(
            "closed",
            f"Closed without a decision {long_time(stopped)}, due {long_time(due)}",
        )
    if pausable and contact.rag_paused_at is not None:
        return ClockReading(
            "paused",
            f"Clock paused since {long_time(contact.rag_paused_at)}: {contact.rag_pause_reason}",
        )
    left = f"{span_words(due - now)} left" if due >= now else f"overdue by {span_words(now - due)}"
    return ClockReading("running", f"Due {long_time(due)} ({left})")
