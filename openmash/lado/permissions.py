"""Who may see and do the LADO's work: the one access gate for an allegation.

- Named LADO staff (front-door staff in an active LADO team, `TeamKind.LADO`): every allegation,
  and they record everything about it.
- Other front-door staff (the MASH's contact officers, social workers, managers, auditors): an
  allegation is a restricted record (the council's own staff can be its subject). Lists, the
  API list and chronologies leave it out; its page is the break-glass page; with break-glass they
  read it for an hour (and never change it).
- An employer (a partner referrer, `submits_contacts`): the allegations they referred, in outline
  (what they told us, the stage, the outcome), through the portal and the API; nothing else.
- Changing the initial consideration time: administrators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from openmash.accounts.models import TeamKind
from openmash.core.access import RecordRestricted, record_read, record_refused, restriction_allows
from openmash.lado.models import Allegation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def is_lado_staff(user: User | AnonymousUser) -> bool:
    """Named LADO staff: a front-door member of an active LADO team (never a role's name)."""
    if not (user.is_authenticated and user.has_capability("sees_front_door")):
        return False
    cached = getattr(user, "_is_lado_staff", None)
    if cached is None:
        cached = user.teams.filter(kind=TeamKind.LADO, is_active=True).exists()
        setattr(user, "_is_lado_staff", cached)  # noqa: B010 (cached for the request)
    return bool(cached)


def can_work_allegations(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated and is_lado_staff(user) and user.has_capability("records_contacts")
    )


def can_refer_allegation(user: User | AnonymousUser) -> bool:
    """Employers refer through the portal and API; the LADO records a referral by phone."""
    if not user.is_authenticated:
        return False
    return user.has_capability("submits_contacts") or can_work_allegations(user)


def can_see_allegations(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and (user.has_capability("sees_front_door") or user.has_capability("submits_contacts"))
    )


def can_change_lado_setting(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("administers"))


def allegations_visible_to(user: User | AnonymousUser) -> QuerySet[Allegation]:
    """The allegations the user may see, restricted ones included (a referrer: only their own)."""
    if not user.is_authenticated:
        return Allegation.objects.none()
    if user.has_capability("sees_front_door"):
        return Allegation.objects.all()
    if user.has_capability("submits_contacts"):
        return Allegation.objects.filter(referred_by=user)
    return Allegation.objects.none()


def is_referrer_of(user: User, allegation: Allegation) -> bool:
    return allegation.referred_by_id is not None and allegation.referred_by_id == user.pk


def allegation_is_restricted_for(user: User, allegation: Allegation) -> bool:
    """Whether the user sees this allegation only in outline or through break-glass."""
    if is_lado_staff(user) or is_referrer_of(user, allegation):
        return False
    return not restriction_allows(user, allegation)


def sees_in_full(user: User, allegation: Allegation) -> bool:
    """LADO staff and break-glass readers see everything; the referrer sees the outline."""
    return user.has_capability("sees_front_door") and not allegation_is_restricted_for(
        user, allegation
    )


def allegation_get_for_user(
    user: User, allegation_id: int, *, for_change: bool = False
) -> Allegation:
    """The access gate for one allegation: returns it and logs the read, or raises Http404
    (missing or not visible: the same answer), RecordRestricted (front-door staff who are not
    LADO staff, without break-glass) or, for a change, PermissionDenied (not LADO staff)."""
    allegation = (
        allegations_visible_to(user)
        .select_related("subject", "employer", "referring_agency", "referred_by", "considered_by")
        .filter(pk=allegation_id)
        .first()
    )
    if allegation is None:
        record_refused(user, Allegation, allegation_id, why="not visible")
        raise Http404("No such allegation")
    if allegation_is_restricted_for(user, allegation):
        record_refused(user, Allegation, allegation_id, why="restricted")
        raise RecordRestricted(allegation)
    record_read(user, allegation, summary={"in_full": sees_in_full(user, allegation)})
    if for_change and not can_work_allegations(user):
        raise PermissionDenied
    return allegation


def can_see_lado_report(user: User | AnonymousUser) -> bool:
    """The annual report (counts, no names): LADO staff and quality leads."""
    return bool(is_lado_staff(user) or (user.is_authenticated and user.has_capability("audits")))
