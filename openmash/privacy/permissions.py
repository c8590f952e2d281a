"""Who may handle subject access and retention: the privacy officer (`handles_privacy`) and no
one else, not even managers or auditors. The gates below are the only way to a request or a hold:
404 for missing and forbidden alike, the refusal logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from openmash.core.access import record_read, record_refused
from openmash.privacy.models import LegalHold, SubjectAccessRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def can_handle_privacy(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("handles_privacy"))


def require_privacy_officer(user: User | AnonymousUser) -> None:
    """For pages and API operations without a record in their address: 403 for anyone else."""
    if not can_handle_privacy(user):
        raise PermissionDenied


def requests_visible_to(user: User | AnonymousUser) -> QuerySet[SubjectAccessRequest]:
    if not can_handle_privacy(user):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.all()


def request_get_for_user(user: User, request_id: int) -> SubjectAccessRequest:
    """The gate for a subject access request: the request (the read logged), or 404."""
    found = requests_visible_to(user).select_related("person", "logged_by").filter(pk=request_id)
    sar = found.first()
    if sar is None:
        record_refused(user, SubjectAccessRequest, request_id, why="not visible")
        raise Http404("No such request")
    record_read(user, sar)
    return sar


def holds_visible_to(user: User | AnonymousUser) -> QuerySet[LegalHold]:
    if not can_handle_privacy(user):
        return LegalHold.objects.none()
    return LegalHold.objects.all()


def hold_get_for_user(user: User, hold_id: int) -> LegalHold:
    """The gate for a legal hold: the hold (the read logged), or 404."""
    hold = holds_visible_to(user).filter(pk=hold_id).first()
    if hold is None:
        record_refused(user, LegalHold, hold_id, why="not visible")
        raise Http404("No such hold")
    record_read(user, hold)
    return hold
