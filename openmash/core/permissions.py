"""Who may see a break-glass grant: the team managers and auditors who review them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from openmash.core.access import record_refused
from openmash.core.models import BreakGlassAccess

if TYPE_CHECKING:
    from openmash.accounts.models import User


def break_glass_grants_visible_to(user: User) -> QuerySet[BreakGlassAccess]:
    if not user.has_perm("core.review_break_glass"):
        return BreakGlassAccess.objects.none()
    return BreakGlassAccess.objects.select_related("user", "reviewed_by")


def break_glass_grant_get_for_review(user: User, grant_id: int) -> BreakGlassAccess:
    """Anyone who does not review grants gets the same 404 as for a missing one, logged."""
    grant = break_glass_grants_visible_to(user).filter(pk=grant_id).first()
    if grant is None:
        record_refused(user, BreakGlassAccess, grant_id, why="not visible")
        raise Http404("No such grant")
    return grant
