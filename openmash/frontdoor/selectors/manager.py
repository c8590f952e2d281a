"""A manager's view (issue 13 item 9): on the home page, what waits for this manager first.

- decisions awaiting authorisation (never their own proposals, which another manager authorises);
- consent awaiting them: going ahead without consent on their authority, to confirm, and accepted
  refusals on red or level 4 contacts, which any manager signs off;
- contacts with immediate risk not yet decided;
- timescale breaches not yet put right, in their teams (or not yet handed to any team);
- authorised contacts not yet closed and handed on, with the team each goes to.

Every contact shown is logged as listed (`record.listed`), and a restricted one is shown in outline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from openmash.contacts.models import OPEN_STATUSES, Contact, ContactStatus
from openmash.contacts.permissions import contacts_visible_to
from openmash.contacts.selectors import contact_list_logged
from openmash.frontdoor.models import Breach, ConsentRecord, Decision, DecisionState
from openmash.frontdoor.permissions import breaches_visible_to
from openmash.frontdoor.selectors.queue import breach_links, breach_list_logged
from openmash.frontdoor.services.consent import consent_latest, consent_needs_sign_off

if TYPE_CHECKING:
    from openmash.accounts.models import User

SHOWN = 50  # per list: more than a morning's work, and the queue holds the rest


@dataclass
class ManagerWork:
    to_authorise: list[Decision] = field(default_factory=list)
    consent: list[ConsentRecord] = field(default_factory=list)
    immediate_risk: list[Contact] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    to_close: list[Decision] = field(default_factory=list)

    @property
    def contacts(self) -> list[Contact]:
        seen: dict[int, Contact] = {}
        for contact in [
            *(d.contact for d in self.to_authorise),
            *(r.contact for r in self.consent),
            *self.immediate_risk,
            *(b.contact for b in self.breaches if b.contact is not None),
            *(d.contact for d in self.to_close),
        ]:
            seen.setdefault(contact.pk, contact)
        return list(seen.values())

    @property
    def is_empty(self) -> bool:
        return not self.contacts


def manager_work(user: User) -> ManagerWork:
    visible = contacts_visible_to(user)
    work = ManagerWork()
    work.to_authorise = list(
        Decision.objects.filter(state=DecisionState.PROPOSED, contact__in=visible)
        .exclude(proposed_by=user)
        .select_related("contact", "proposed_by", "team")
        .order_by("proposed_at", "pk")[:SHOWN]
    )
    work.consent = _consent_awaiting(user, visible)
    work.immediate_risk = list(
        visible.filter(immediate_risk=True, status__in=OPEN_STATUSES)
        .select_related("allocated_to", "source_agency")
        .order_by("received_at", "pk")[:SHOWN]
    )
    teams = list(user.teams.values_list("pk", flat=True))
    in_my_teams = Q(contact__isnull=False) & (
        Q(contact__team__in=teams) | Q(contact__team__isnull=True)
    ) | Q(contact__isnull=True) & (Q(team__in=teams) | Q(team__isnull=True))
    work.breaches = list(
        Breach.objects.filter(breaches_visible_to(user), in_my_teams, resolved_at__isnull=True)
        .select_related("contact", "contact__allocated_to", "team")
        .order_by("due_at", "pk")[:SHOWN]
    )
    links = breach_links(work.breaches)
    for breach in work.breaches:
        breach.link = links.get(breach.pk)  # type: ignore[attr-defined]  # for the template
    work.to_close = list(
        Decision.objects.filter(
            state=DecisionState.AUTHORISED,
            contact__status=ContactStatus.AUTHORISED,
            contact__in=visible,
        )
        .select_related("contact", "team", "authorised_by")
        .order_by("authorised_at", "pk")[:SHOWN]
    )
    return work


def _consent_awaiting(user: User, visible: Any) -> list[ConsentRecord]:
    candidates = (
        ConsentRecord.objects.filter(
            signed_off_at__isnull=True, contact__in=visible, contact__status__in=OPEN_STATUSES
        )
        .filter(Q(authorised_by=user) | Q(consent="refused", refusal_accepted=True))
        .select_related("contact", "recorded_by", "authorised_by")
        .order_by("recorded_at", "pk")
    )
    waiting = []
    for record in candidates:
        contact = record.contact
        if consent_latest(contact) != record or not consent_needs_sign_off(record, contact):
            continue
        if record.authorised_by_id not in (None, user.pk):
            continue  # the named manager confirms, nobody else
        waiting.append(record)
    return waiting[:SHOWN]


def manager_home_section(user: User) -> dict[str, Any] | None:
    """The home page's section for managers (registered as a `home_sections` entry)."""
    if not user.has_capability("authorises_decisions"):
        return None
    work = manager_work(user)
    contacts = work.contacts
    if contacts:
        contact_list_logged(user=user, contacts=contacts)  # sets `masked` on each
    breach_list_logged(user, work.breaches, page="home", contacts=False)
    return {"work": work}


def manager_queue_note(user: User) -> dict[str, int] | None:
    """The queue's note to a manager: how many decisions and consent records wait for them (the
    home page lists them)."""
    if not user.has_capability("authorises_decisions"):
        return None
    work = manager_work(user)
    if not (work.to_authorise or work.consent):
        return None
    return {"to_authorise": len(work.to_authorise), "consent": len(work.consent)}
