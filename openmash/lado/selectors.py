"""Reads of the LADO's work: the list, an allegation with everything on it, the breach clock's
late initial considerations and the annual report's table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from openmash.accounts.models import Team, TeamKind
from openmash.core.calendar import LONDON
from openmash.core.models import BreakGlassAccess
from openmash.frontdoor.registry import Overdue
from openmash.lado.models import (
    Allegation,
    AllegationChild,
    AllegationMeeting,
    LadoSetting,
    MeetingAction,
    Outcome,
    Sector,
    Source,
    Strand,
)
from openmash.lado.permissions import (
    allegations_visible_to,
    can_work_allegations,
    is_lado_staff,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User


def allegation_list(user: User) -> list[Allegation]:
    """The allegations the user may see, newest first; `masked` on those they see in outline
    only (front-door staff who are not LADO staff, without break-glass or being named). The
    grants are read once for the whole list, not once a row."""
    found = list(
        allegations_visible_to(user)
        .select_related("subject", "employer")
        .order_by("-received_at", "-pk")
    )
    open_to = _unrestricted_ids(user)
    for allegation in found:
        allegation.masked = (  # type: ignore[attr-defined]
            open_to is not None and allegation.is_restricted and allegation.pk not in open_to
        )
    return found


def _unrestricted_ids(user: User) -> set[int] | None:
    """None: every allegation listed is open to the user (LADO staff, or an employer's own);
    else the ids named for them or under an active break-glass grant."""
    if is_lado_staff(user) or not user.has_capability("sees_front_door"):
        return None
    named = Allegation.restricted_to.through.objects.filter(user_id=user.pk).values_list(
        "allegation_id", flat=True
    )
    grants = BreakGlassAccess.objects.filter(
        user=user, target_type="allegation", expires_at__gt=timezone.now()
    ).values_list("target_id", flat=True)
    return set(named) | {int(t) for t in grants if t.isdigit()}


def allegation_detailed(allegation_id: int) -> Allegation:
    """One allegation with its children, strands, meetings and actions, and referrals (after
    the gate)."""
    return (
        Allegation.objects.select_related(
            "subject", "employer", "referring_agency", "referred_by", "considered_by", "closed_by"
        )
        .prefetch_related(
            Prefetch("children", queryset=AllegationChild.objects.select_related("person")),
            Prefetch("strands", queryset=Strand.objects.order_by("pk")),
            Prefetch(
                "meetings",
                queryset=AllegationMeeting.objects.select_related("recorded_by").prefetch_related(
                    Prefetch("actions", queryset=MeetingAction.objects.order_by("due_on", "pk"))
                ),
            ),
            "regulator_referrals",
        )
        .get(pk=allegation_id)
    )


def stage_of(allegation: Allegation) -> str:
    if allegation.closed_at is not None:
        return f"Closed: {allegation.get_outcome_display().lower()}"
    if allegation.considered_at is None:
        return "Waiting for the initial consideration"
    return "Strands in progress"


# --- The breach clock -------------------------------------------------------------------------


def lado_team_id() -> int | None:
    return (
        Team.objects.filter(kind=TeamKind.LADO, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def considerations_overdue(now: datetime) -> Iterable[Overdue]:
    """Every allegation past its initial consideration time and not yet considered."""
    team_id = lado_team_id()
    late = Allegation.objects.filter(considered_at=None, consideration_due_at__lt=now).order_by(
        "consideration_due_at"
    )
    return [Overdue(target=a, due_at=a.consideration_due_at, team_id=team_id) for a in late]


def allegation_describe(allegation: Allegation) -> tuple[str, str]:
    return str(allegation), reverse("lado:allegation", args=[allegation.pk])


def lado_breach_scope(user: User) -> QuerySet[Allegation]:
    """Breach lists show late considerations to LADO staff only (others would see a restricted
    record's reference and little use in it)."""
    if not is_lado_staff(user):
        return Allegation.objects.none()
    return Allegation.objects.all()


# --- The annual report ------------------------------------------------------------------------


@dataclass
class ReportRow:
    label: str
    counts: Counter[str]
    total: int


@dataclass
class AnnualReport:
    start: date
    end: date
    total: int
    by_sector: list[tuple[str, int]]
    by_source: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    considered: int
    considered_on_time: int
    still_open: int
    regulator_referrals: list[tuple[str, int]]

    @property
    def on_time_percent(self) -> int:
        return round(100 * self.considered_on_time / self.considered) if self.considered else 0


def _year_bounds(year_start: date) -> tuple[datetime, datetime, date]:
    end = date(year_start.year + 1, year_start.month, year_start.day)
    return (
        datetime.combine(year_start, time.min, LONDON),
        datetime.combine(end, time.min, LONDON),
        end,
    )


def lado_annual_report(user: User, *, year_start: date) -> AnnualReport:
    """Allegations received in the year from `year_start` (a financial year: 1 April): by
    sector, source and outcome, and how many were considered on time. Counts only, no names."""
    start, end, end_day = _year_bounds(year_start)
    rows = list(
        allegations_visible_to(user)
        .filter(received_at__gte=start, received_at__lt=end)
        .values_list(
            "sector", "source", "outcome", "considered_at", "consideration_due_at", "closed_at"
        )
    )
    sectors: Counter[str] = Counter(r[0] for r in rows)
    sources: Counter[str] = Counter(r[1] for r in rows)
    outcomes: Counter[str] = Counter(r[2] for r in rows if r[5] is not None)
    considered = [r for r in rows if r[3] is not None]
    on_time = sum(1 for r in considered if r[3] is not None and r[3] <= r[4])
    from openmash.lado.models import ReferralBody, RegulatorReferral

    bodies: Counter[str] = Counter(
        RegulatorReferral.objects.filter(
            allegation__in=allegations_visible_to(user),
            referred_on__gte=year_start,
            referred_on__lt=end_day,
        ).values_list("body", flat=True)
    )
    return AnnualReport(
        start=year_start,
        end=end_day,
        total=len(rows),
        by_sector=[(label, sectors[v]) for v, label in Sector.choices if sectors[v]],
        by_source=[(label, sources[v]) for v, label in Source.choices if sources[v]],
        by_outcome=[(label, outcomes[v]) for v, label in Outcome.choices],
        considered=len(considered),
        considered_on_time=on_time,
        still_open=sum(1 for r in rows if r[5] is None),
        regulator_referrals=[(label, bodies[v]) for v, label in ReferralBody.choices if bodies[v]],
    )


def financial_year_start(today: date) -> date:
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


# --- The home page ----------------------------------------------------------------------------


def lado_home_section(user: User) -> dict[str, Any] | None:
    """On LADO staff's home page: allegations waiting for the initial consideration; on an
    employer's, the way to refer one and their referrals."""
    if user.has_capability("submits_contacts") and not user.has_capability("sees_front_door"):
        return {
            "lado_employer": True,
            "lado_referred": Allegation.objects.filter(referred_by=user).count(),
        }
    if not can_work_allegations(user):
        return None
    waiting = Allegation.objects.filter(considered_at=None).count()
    open_count = Allegation.objects.filter(closed_at=None).count()
    if not open_count:
        return None
    return {"lado_waiting": waiting, "lado_open": open_count}


def lado_setting_history() -> QuerySet[LadoSetting]:
    return LadoSetting.objects.select_related("changed_by").order_by("-pk")
