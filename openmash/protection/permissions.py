"""Who may see and work a child's protection case (docs/protection.md, "Access").

- The social care team holding the case and its lead child protection practitioner: read it
  and do every step (`can_lead_case`).
- Named members of the child's multi-agency child protection team (police, health, education):
  read this child's record and add to it (`can_add_to_case`), and see no other child's.
- Quality leads (`audits`): read every case, change none.
- Anyone else, the MASH and the referrer included: the same 404 as a missing case, written to
  the audit log.
One gate for the case; each record type's gate (`*_get_for_user`) is the case's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from openmash.core.access import record_read, record_refused
from openmash.protection.models import ProtectionCase, ProtectionMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User

M = TypeVar("M", bound=Model)


def cases_led_by(user: User | AnonymousUser) -> QuerySet[ProtectionCase]:
    """The cases `user` works: their teams' cases and the children they lead."""
    if not user.is_authenticated or not user.is_active:
        return ProtectionCase.objects.none()
    return ProtectionCase.objects.filter(
        Q(team_id__in=user.teams.filter(is_active=True).values("pk")) | Q(lead_practitioner=user)
    )


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[ProtectionCase]:
    if not user.is_authenticated or not user.is_active:
        return ProtectionCase.objects.none()
    if user.has_capability("audits"):
        return ProtectionCase.objects.all()
    member_of = ProtectionMember.objects.filter(user=user).values("case_id")
    return ProtectionCase.objects.filter(
        Q(team_id__in=user.teams.filter(is_active=True).values("pk"))
        | Q(lead_practitioner=user)
        | Q(pk__in=member_of)
    )


def can_lead_case(user: User, case: ProtectionCase) -> bool:
    return case.lead_practitioner_id == user.pk or user.teams.filter(pk=case.team_id).exists()


def can_add_to_case(user: User, case: ProtectionCase) -> bool:
    return can_lead_case(user, case) or case.members.filter(user=user).exists()


def can_authorise_on_case(user: User, case: ProtectionCase) -> bool:
    """A manager of the team holding the case authorises its assessments."""
    return user.has_capability("authorises_decisions") and (
        user.teams.filter(pk=case.team_id).exists()
    )


def protection_case_get_for_user(
    user: User, case_id: int, *, for_change: bool = False, to_add: bool = False
) -> ProtectionCase:
    """The access gate for a child's protection case: returns it and logs the read, or raises
    Http404 (missing or not visible: the same answer) or, for a change the reader may not make,
    PermissionDenied (`for_change`: the team and lead; `to_add`: named members too)."""
    case = (
        cases_visible_to(user)
        .select_related("person", "team", "lead_practitioner")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        record_refused(user, ProtectionCase, case_id, why="not visible")
        raise Http404("No such protection case")
    record_read(user, case, summary={"person": case.person_id})
    if for_change and not can_lead_case(user, case):
        raise PermissionDenied
    if to_add and not can_add_to_case(user, case):
        raise PermissionDenied
    return case


def record_get_for_user(user: User, model: type[M], record_id: int) -> M:
    """The gate for one record of a case (a strategy discussion, an enquiry, an assessment, a
    conference, a plan): visible as its case is, the same 404 otherwise."""
    record = (
        model._default_manager.filter(case__in=cases_visible_to(user)).filter(pk=record_id).first()
    )
    if record is None:
        record_refused(user, model, record_id, why="not visible")
        raise Http404("No such record")
    record_read(user, record)
    return record


def can_change_settings(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("administers"))
