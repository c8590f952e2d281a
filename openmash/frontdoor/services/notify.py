"""Telling people: the team's managers (breaches, escalations), one named user (a manager asked
to confirm consent) and referrers (outcomes)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openmash.accounts.models import TeamKind, User
from openmash.contacts.models import Contact
from openmash.core.notify import send_message


def contact_managers(contact: Contact) -> list[Any]:
    """The managers of the contact's team, or every front-door manager when it has no team."""
    return team_managers(contact.team_id)


def team_managers(team_id: int | None) -> list[Any]:
    """The managers of a team, or every manager when there is no team or it has none."""
    managers = User.objects.filter(is_active=True, roles__authorises_decisions=True).distinct()
    if team_id:
        in_team = managers.filter(teams=team_id)
        if in_team.exists():
            managers = in_team
    return list(managers.order_by("pk"))


def out_of_hours_team() -> list[Any]:
    """Who answers for the council outside working hours: the active front-door members of the
    active emergency duty teams (TeamKind.EDT). The specialist-doors work (issue 13) will give
    out-of-hours work its own queue; until then this is who is told of immediate risk."""
    return list(
        User.objects.filter(
            is_active=True,
            roles__sees_front_door=True,
            teams__kind=TeamKind.EDT,
            teams__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def managers_tell(contact: Contact, *, subject: str, body: str) -> int:
    """Message each manager once the caller's transaction commits (nothing sent on rollback)."""
    recipients = [m.email for m in contact_managers(contact)]

    def send() -> None:
        for email in recipients:
            send_message(to_email=email, subject=subject, body=body)

    transaction.on_commit(send)
    return len(recipients)


def user_tell(user: User | None, *, subject: str, body: str) -> None:
    """Message one user once the caller's transaction commits (nothing sent on rollback)."""
    if user is None or not user.email:
        return
    email = user.email
    transaction.on_commit(lambda: send_message(to_email=email, subject=subject, body=body))
