"""Who may build and download statutory returns: the quality and performance lead (the
`audits` capability) and nobody else. The files hold children's records, so every read of a
run goes through this gate and is logged; anyone else gets the same 404 as a missing run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from openmash.core.access import record_read, record_refused
from openmash.returns.models import AnnexARun, CinCensusRun, SacRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def can_run_returns(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_capability("audits"))


def returns_gate(user: User | AnonymousUser) -> None:
    """The gate for the returns pages and API without a run in the URL (403)."""
    if not can_run_returns(user):
        raise PermissionDenied


def runs_visible_to(user: User | AnonymousUser) -> QuerySet[AnnexARun]:
    if not can_run_returns(user):
        return AnnexARun.objects.none()
    return AnnexARun.objects.all()


def annex_a_run_get_for_user(user: User, run_id: int) -> AnnexARun:
    """The gate for one run: returns it and logs the read, or raises Http404 (missing or not
    visible: the same answer), writing the refusal."""
    run = runs_visible_to(user).select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        record_refused(user, AnnexARun, run_id, why="not visible")
        raise Http404("No such return")
    record_read(user, run)
    return run


def sac_runs_visible_to(user: User | AnonymousUser) -> QuerySet[SacRun]:
    if not can_run_returns(user):
        return SacRun.objects.none()
    return SacRun.objects.all()


def sac_run_get_for_user(user: User, run_id: int) -> SacRun:
    """The gate for one Safeguarding Adults Collection run (as for an Annex A run)."""
    run = sac_runs_visible_to(user).select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        record_refused(user, SacRun, run_id, why="not visible")
        raise Http404("No such return")
    record_read(user, run)
    return run


def cin_runs_visible_to(user: User | AnonymousUser) -> QuerySet[CinCensusRun]:
    if not can_run_returns(user):
        return CinCensusRun.objects.none()
    return CinCensusRun.objects.all()


def cin_run_get_for_user(user: User, run_id: int) -> CinCensusRun:
    """The gate for one CIN census run: as `annex_a_run_get_for_user`."""
    run = cin_runs_visible_to(user).select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        record_refused(user, CinCensusRun, run_id, why="not visible")
        raise Http404("No such return")
    record_read(user, run)
    return run
