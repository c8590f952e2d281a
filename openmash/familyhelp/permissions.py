"""Who may see and work a Family Help case (docs/familyhelp.md, "Access").

- The members of the Family Help team holding the case (a team of kind "Early help"): every case
  of their team, from the request on; they accept or decline, name the lead practitioner and may
  do the work.
- The lead practitioner, from any agency (a school's designated safeguarding lead, a health
  visitor, a family support worker, a social worker): the families they lead, and nothing else.
- Quality leads (`audits`): read every case, change none.
- Anyone else: the same 404 as a missing case, written to the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openmash.accounts.models import Team, TeamKind
from openmash.core.access import record_read, record_refused
from openmash.familyhelp.models import FamilyHelpCase

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def family_help_teams_of(user: User | AnonymousUser) -> QuerySet[Team]:
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(members=user, kind=TeamKind.EARLY_HELP, is_active=True)


def is_family_help_worker(user: User | AnonymousUser) -> bool:
    return family_help_teams_of(user).exists()


def cases_workable_by(user: User | AnonymousUser) -> QuerySet[FamilyHelpCase]:
    """The cases `user` may change: their Family Help teams' cases and the families they lead."""
    if not user.is_authenticated or not user.is_active:
        return FamilyHelpCase.objects.none()
    return FamilyHelpCase.objects.filter(
        Q(team__in=family_help_teams_of(user)) | Q(lead_practitioner=user)
    )


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[FamilyHelpCase]:
    if not user.is_authenticated or not user.is_active:
        return FamilyHelpCase.objects.none()
    if user.has_capability("audits"):
        return FamilyHelpCase.objects.all()
    return cases_workable_by(user)


def family_help_case_get_for_user(
    user: User, case_id: int, *, for_change: bool = False
) -> FamilyHelpCase:
    """The access gate for a Family Help case: returns it and logs the read, or raises Http404
    (missing or not visible: the same answer) or, for a change by a reader who may not change
    it (a quality lead), PermissionDenied."""
    case = (
        cases_visible_to(user)
        .select_related("team", "team__agency", "lead_practitioner", "contact", "requested_by")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        record_refused(user, FamilyHelpCase, case_id, why="not visible")
        raise Http404("No such Family Help case")
    record_read(user, case)
    if for_change and not can_work_case(user, case):
        raise PermissionDenied
    return case


def can_work_case(user: User, case: FamilyHelpCase) -> bool:
    return case.lead_practitioner_id == user.pk or is_team_member(user, case)


def is_team_member(user: User, case: FamilyHelpCase) -> bool:
    return family_help_teams_of(user).filter(pk=case.team_id).exists()


def family_help_case_get_for_team(user: User, case_id: int) -> FamilyHelpCase:
    """The gate for the team's own decisions (accept, decline, name the lead): the read gate
    (404), then a member of the team holding the case (403)."""
    case = family_help_case_get_for_user(user, case_id)
    if not is_team_member(user, case):
        raise PermissionDenied
    return case


def can_request_family_help(user: User | AnonymousUser) -> bool:
    """A partner practitioner (who may submit contacts) or MASH staff may ask directly."""
    return bool(
        user.is_authenticated
        and (user.has_capability("submits_contacts") or user.has_capability("records_contacts"))
    )


def can_step_down(user: User | AnonymousUser) -> bool:
    """Social care staff step a family down (front-door workers today; the protection app's
    workers once it calls the service)."""
    return bool(user.is_authenticated and user.has_capability("records_contacts"))


def can_change_settings(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("administers"))
