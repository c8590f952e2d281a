"""Reconciliation: each return's figures counted a second way, straight from the tables the
CIN census and the adults' work keep, and every difference listed with the record behind it.

- Annex A (for an inspection date): referrals (list 3 against the front door's referrals), section
  47 enquiries and initial conferences (list 5 against the protection records), child protection
  plans started and ended (list 7 against the plans), each over the same six months.
- The Safeguarding Adults Collection (for a year): the enquiries it counts as started, by kind,
  against the front door's decisions to make an enquiry (`AdultEnquiry`), and the enquiries it
  counts as concluded against the adults' enquiries with a conclusion date in the year.

A difference is not always an error: an initial conference in the period for an enquiry that
started before it is in the records but not in list 5, by Ofsted's rule. The page says why each
can happen (docs/returns.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from openmash.adults.models import SafeguardingEnquiry
from openmash.frontdoor.models import AdultEnquiry, Referral
from openmash.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    Section47Enquiry,
)
from openmash.returns.annex_a import annex_a_period
from openmash.returns.sac import KINDS, Sac, sac_build, sac_period
from openmash.returns.selectors import AnnexA, annex_a_build


@dataclass(frozen=True)
class Record:
    key: str  # "referral:12": what is compared
    label: str
    url: str


@dataclass
class Check:
    """One figure counted both ways; `only_return` and `only_records` are the differences."""

    name: str
    why: str  # why the two can differ
    in_return: int = 0
    in_records: int = 0
    only_return: list[Record] = field(default_factory=list)
    only_records: list[Record] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.only_return and not self.only_records


def _compare(check: Check, ours: list[Record], theirs: list[Record]) -> Check:
    keys_ours, keys_theirs = {r.key for r in ours}, {r.key for r in theirs}
    check.in_return, check.in_records = len(keys_ours), len(keys_theirs)
    check.only_return = [r for r in ours if r.key not in keys_theirs]
    check.only_records = [r for r in theirs if r.key not in keys_ours]
    return check


def _case_record(kind: str, pk: int, case_id: int, reference: str, what: str) -> Record:
    return Record(
        f"{kind}:{pk}",
        f"{what} in protection case {reference}",
        reverse("protection:case", args=[case_id]),
    )


def _case_ref(case_id: int) -> str:
    return f"CP-{case_id:06d}"


def annex_a_reconcile(inspection_date: date, annex: AnnexA | None = None) -> list[Check]:
    period = annex_a_period(inspection_date)
    annex = annex or annex_a_build(inspection_date)
    start, end = period.start, period.end

    def referral(pk: int, contact_id: int, day: date) -> Record:
        return Record(
            f"referral:{pk}",
            f"Referral {pk} of {day:%d/%m/%Y}",
            reverse("contacts:detail", args=[contact_id]),
        )

    checks = []
    ours = [
        referral(row.source.pk, row.source.contact_id or 0, _day(row.cells[5]))
        for row in annex.lists[3]
    ]
    theirs = [
        referral(pk, contact_id, day)
        for pk, contact_id, day in Referral.objects.filter(
            referral_date__gte=start, referral_date__lte=end
        ).values_list("pk", "contact_id", "referral_date")
    ]
    checks.append(
        _compare(
            Check("Referrals", "List 3 is every referral in the period: they should agree."),
            ours,
            theirs,
        )
    )
    ours = [
        _case_record(
            "s47",
            int(str(row.facts["enquiry"])),
            row.source.pk,
            row.source.reference,
            "Section 47 enquiry",
        )
        for row in annex.lists[5]
    ]
    theirs = [
        _case_record("s47", pk, case_id, _case_ref(case_id), "Section 47 enquiry")
        for pk, case_id in Section47Enquiry.objects.filter(
            started_on__gte=start, started_on__lte=end
        ).values_list("pk", "case_id")
    ]
    checks.append(
        _compare(
            Check(
                "Section 47 enquiries",
                "List 5 is every enquiry whose strategy discussion was in the period.",
            ),
            ours,
            theirs,
        )
    )
    ours = [
        _case_record(
            "icpc",
            int(str(row.facts["icpc"])),
            row.source.pk,
            row.source.reference,
            "Initial conference",
        )
        for row in annex.lists[5]
        if row.facts.get("icpc")
    ]
    theirs = [
        _case_record("icpc", pk, case_id, _case_ref(case_id), "Initial conference")
        for pk, case_id in Conference.objects.filter(
            kind=ConferenceKind.INITIAL, held_on__gte=start, held_on__lte=end
        ).values_list("pk", "case_id")
    ]
    checks.append(
        _compare(
            Check(
                "Initial child protection conferences",
                "List 5 shows the conference of each enquiry it lists, so a conference in the "
                "period for an enquiry that started before it (or one recorded without its "
                "enquiry) is only in the records; a conference after the period is in neither.",
            ),
            ours,
            theirs,
        )
    )
    plans = {row.facts["plan"]: row for row in annex.lists[7]}
    for name, column, field_name in (
        ("Child protection plans started", 6, "started_on"),
        ("Child protection plans ended", 12, "ended_on"),
    ):
        ours = [
            _case_record("plan", int(str(pk)), row.source.pk, row.source.reference, "Plan")
            for pk, row in plans.items()
            if row.cells[column] and _day(row.cells[column]) in period
        ]
        theirs = [
            _case_record("plan", pk, case_id, _case_ref(case_id), "Plan")
            for pk, case_id in ChildProtectionPlan.objects.filter(
                **{f"{field_name}__gte": start, f"{field_name}__lte": end}
            ).values_list("pk", "case_id")
        ]
        checks.append(
            _compare(
                Check(
                    name,
                    "List 7 holds every plan open at the inspection date or ended in "
                    "the period: they should agree.",
                ),
                ours,
                theirs,
            )
        )
    return checks


def _day(cell: object) -> date:
    day, month, year = (int(part) for part in str(cell).split("/"))
    return date(year, month, day)


def _enquiry(e: SafeguardingEnquiry) -> Record:
    return Record(
        f"enquiry:{e.pk}", f"Enquiry {e.reference}", reverse("adults:enquiry", args=[e.pk])
    )


def sac_reconcile(period_label: str, sac: Sac | None = None) -> list[Check]:
    period = sac_period(period_label)
    sac = sac or sac_build(period)
    checks = []
    for kind, label in KINDS:
        ours = []
        for e in sac.started[kind]:
            ours.append(
                Record(
                    f"decision:{e.source_id}",
                    f"Enquiry {e.reference}",
                    reverse("adults:enquiry", args=[e.pk]),
                )
                if e.source_id
                else _enquiry(e)
            )
        theirs = [
            Record(
                f"decision:{pk}",
                f"The MASH's decision on contact {reference} ({day:%d/%m/%Y})",
                reverse("contacts:detail", args=[contact_id]),
            )
            for pk, contact_id, reference, day in AdultEnquiry.objects.filter(
                enquiry_type=kind, started_on__gte=period.start, started_on__lte=period.end
            ).values_list("pk", "contact_id", "contact__reference", "started_on")
        ]
        checks.append(
            _compare(
                Check(
                    f"{label} started",
                    "The SAC counts the adults' enquiries that started in the year; the front "
                    "door's decisions are where they came from. An enquiry whose kind or start "
                    "date the officer changed, or one the MASH decided on but nobody opened, "
                    "shows here.",
                ),
                ours,
                theirs,
            )
        )
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    after = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    for kind, label in KINDS:
        ours = [_enquiry(e) for e in sac.concluded[kind]]
        theirs = [
            _enquiry(e)
            for e in SafeguardingEnquiry.objects.filter(
                enquiry_type=kind, concluded_at__gte=start, concluded_at__lt=after
            )
        ]
        checks.append(
            _compare(
                Check(
                    f"{label} concluded",
                    "The SAC's case details (SG2 to SG4) count enquiries concluded in the year; "
                    "an enquiry with a conclusion date that is not marked concluded (reopened) "
                    "shows here.",
                ),
                ours,
                theirs,
            )
        )
    return checks
