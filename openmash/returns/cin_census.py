"""The DfE Children in Need census for a year (1 April to 31 March, ReferenceDate 31 March),
built from the records the work keeps (../shared/reference/statutory-returns.md §2;
docs/returns.md, "CIN census").

A CIN episode (`CINdetails`) is a child's protection case with the referral that started it
(the front door's `Referral` linked to the case; else the child's latest referral on or before
the case's first work; else one worked out from the case's first assessment and contact), plus
each referral that no case took up (a no-further-action referral closes on its own date).

The build costs a fixed number of queries whatever the number of children
(tests/returns/test_cin_queries.py): the cases (one) and their assessments, enquiries,
conferences, CP plans and CIN plans (five), the referrals (one), the earlier plans (one).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch, Q, Subquery
from django.utils import timezone

from openmash.core.identifiers import is_valid_upn
from openmash.frontdoor.models import Referral
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    CinPlan,
    Conference,
    ConferenceKind,
    EndReason,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
)
from openmash.returns.annex_a import ETHNICITY_CODES

if TYPE_CHECKING:
    from openmash.people.models import Person

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
REFERRAL_SOURCES = {
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
    "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
}  # fmt: skip
NEED_CODES = {f"N{n}" for n in range(10)}
CLOSURE_REASONS = {f"RC{n}" for n in range(1, 10)}
CATEGORIES = {"NEG", "PHY", "SAB", "EMO", "MUL"}
FACTORS = {
    *(f"{n}{p}" for n in range(1, 7) for p in "ABC"),
    "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A",
    "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
}  # fmt: skip
NO_FACTORS = "21"
# A CP plan's end reason, when it closes the episode, as the census's ReasonForClosure.
PLAN_END_REASON = {EndReason.MOVED: "RC5", EndReason.ADULT: "RC6"}
SOFTWARE_CODE = "OpenMASH"
RELEASE = "0.1.0"


@dataclass(frozen=True)
class CinPeriod:
    label: str  # "2025-26"
    start: date  # 1 April
    end: date  # 31 March: the ReferenceDate

    @property
    def year(self) -> int:
        """The collection's Year: the year the census ends in (2026 for 2025-26)."""
        return self.end.year

    @property
    def uses_sex(self) -> bool:
        """`Sex` (M/F/U) from 2024-25; `GenderCurrent` (1/2/0) before."""
        return self.start.year >= 2024

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def cin_period(label: str) -> CinPeriod:
    """'2025-26' → 1 April 2025 to 31 March 2026. Raises ValueError on anything else."""
    found = PERIOD_PATTERN.match(label.strip())
    if not found:
        raise ValueError(f"The period must look like 2025-26, not {label!r}")
    first, second = int(found.group(1)), int(found.group(2))
    if (first + 1) % 100 != second:
        raise ValueError(f"The period {label!r} must be two years in a row, like 2025-26")
    if first < 2000:
        raise ValueError("The period must be 2000-01 or later")
    return CinPeriod(
        label=f"{first}-{second:02d}", start=date(first, 4, 1), end=date(first + 1, 3, 31)
    )


def period_for(day: date) -> CinPeriod:
    """The census year a day falls in."""
    first = day.year if day.month >= 4 else day.year - 1
    return cin_period(f"{first}-{(first + 1) % 100:02d}")


# --- What goes in -----------------------------------------------------------------------------


@dataclass
class CinAssessment:
    pk: int
    start: date
    authorised: date | None
    factors: list[str]
    raw_factors: list[str]


@dataclass
class CinS47:
    pk: int
    start: date
    icpc_target: date
    icpc: date | None
    icpc_not_required: bool


@dataclass
class CinCpPlan:
    pk: int
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous: int
    reviews: list[date]


@dataclass
class CinEpisode:
    referral_date: date
    source: str
    need_code: str
    closure: date | None
    closure_reason: str
    initial_cpc: date | None  # an initial conference with no enquiry behind it
    assessments: list[CinAssessment]
    cin_plans: list[tuple[date, date | None]]
    s47s: list[CinS47]
    cp_plans: list[CinCpPlan]
    nfa: bool
    referral_id: int | None = None
    case_id: int | None = None
    # Codes as the records hold them, before any fallback, for the validation page.
    facts: dict[str, object] = field(default_factory=dict)


@dataclass
class CinChild:
    person: Person
    la_child_id: str
    upn: str
    upn_unknown: str
    born: date | None
    expected: date | None
    sex: str
    ethnicity: str
    episodes: list[CinEpisode]


@dataclass
class CinCensus:
    period: CinPeriod
    lea: str
    children: list[CinChild]

    @property
    def episode_count(self) -> int:
        return sum(len(c.episodes) for c in self.children)


def _local(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _in_year(day: date | None, period: CinPeriod) -> date | None:
    """A date the census may hold: on or before the ReferenceDate (later ones are not yet)."""
    return day if day is not None and day <= period.end else None


def _live(start: date, end: date | None, period: CinPeriod) -> bool:
    """Started by the ReferenceDate and not ended before the year began."""
    return start <= period.end and (end is None or end >= period.start)


def _source(case: ProtectionCase) -> str:
    contact = case.contact
    if contact is None:
        return "10"
    if contact.is_anonymous:
        return "9"
    code = contact.source_agency.cin_referral_source
    return code if code in REFERRAL_SOURCES else "10"


def _case_episode(
    case: ProtectionCase,
    referral: Referral | None,
    period: CinPeriod,
    earlier_plans: dict[int, list[date]],
) -> CinEpisode | None:
    assessments = [
        CinAssessment(
            pk=a.pk,
            start=a.started_on,
            authorised=_in_year(a.authorised_on, period),
            factors=[],
            raw_factors=[str(f) for f in a.factors or []],
        )
        for a in sorted(case.assessments.all(), key=lambda a: (a.started_on, a.pk))
        if _live(a.started_on, a.authorised_on, period)
    ]
    for a in assessments:
        if a.authorised is not None:
            held = [f for f in dict.fromkeys(a.raw_factors) if f in FACTORS and f != NO_FACTORS]
            a.factors = held or [NO_FACTORS]
    conferences = list(case.conferences.all())
    initial_of = {
        c.enquiry_id: c for c in conferences if c.kind == ConferenceKind.INITIAL and c.enquiry_id
    }
    s47s = []
    for e in sorted(case.enquiries.all(), key=lambda e: (e.started_on, e.pk)):
        icpc = initial_of.get(e.pk)
        not_required = e.outcome == S47Outcome.NO_ICPC
        finished = icpc.held_on if icpc else (e.completed_on if not_required else None)
        if not _live(e.started_on, finished, period):
            continue
        s47s.append(
            CinS47(
                pk=e.pk,
                start=e.started_on,
                icpc_target=e.icpc_target_on,
                icpc=_in_year(icpc.held_on, period) if icpc else None,
                icpc_not_required=not_required,
            )
        )
    reviews = sorted(c.held_on for c in conferences if c.kind == ConferenceKind.REVIEW)
    cp_plans = []
    last_plan_end: tuple[date, str] | None = None
    for p in sorted(case.plans.all(), key=lambda p: (p.started_on, p.pk)):
        if p.ended_on and (last_plan_end is None or p.ended_on >= last_plan_end[0]):
            last_plan_end = (p.ended_on, p.end_reason)
        if not _live(p.started_on, p.ended_on, period):
            continue
        until = min(p.ended_on or period.end, period.end)
        cp_plans.append(
            CinCpPlan(
                pk=p.pk,
                start=p.started_on,
                end=_in_year(p.ended_on, period),
                initial_category=p.initial_category if p.initial_category in CATEGORIES else "MUL",
                latest_category=p.latest_category if p.latest_category in CATEGORIES else "MUL",
                previous=sum(1 for d in earlier_plans.get(case.person_id, []) if d < p.started_on),
                reviews=[d for d in reviews if p.started_on < d <= until and d >= period.start],
            )
        )
    cin_plans_all = sorted(case.cin_plans.all(), key=lambda p: (p.started_on, p.pk))
    cin_plans = [
        (p.started_on, _in_year(p.ended_on, period))
        for p in cin_plans_all
        if _live(p.started_on, p.ended_on, period)
    ]
    plan_icpcs = {p.conference_id for p in case.plans.all()}
    enquiry_icpcs = {c.pk for c in initial_of.values()}
    loose_icpcs = [
        c.held_on
        for c in conferences
        if c.kind == ConferenceKind.INITIAL
        and c.pk not in enquiry_icpcs
        and c.pk in plan_icpcs
        and c.held_on in period
    ]

    activity = [
        *(a.start for a in assessments),
        *(a.authorised for a in assessments if a.authorised),
        *(s.start for s in s47s),
        *(s.icpc for s in s47s if s.icpc),
        *(p.start for p in cp_plans),
        *(p.end for p in cp_plans if p.end),
        *(d for p in cp_plans for d in p.reviews),
        *(start for start, _ in cin_plans),
        *(end for _, end in cin_plans if end),
        *loose_icpcs,
    ]
    firsts = [
        *(a.referral_date for a in case.assessments.all()),
        *(a.started_on for a in case.assessments.all()),
        *(e.started_on for e in case.enquiries.all()),
        *(p.started_on for p in case.plans.all()),
        *(p.started_on for p in cin_plans_all),
    ]
    opened = _local(case.opened_at) or period.start
    if referral is not None:
        referral_date, source = referral.referral_date, referral.referral_source
    else:
        referral_date, source = min([opened, *firsts]), _source(case)
    closed = _local(case.closed_at)
    closure = None
    if closed is not None and closed <= period.end:
        closure = max([closed, *activity])
    if closure is not None and closure < period.start:
        return None
    if referral_date > period.end:
        return None
    if not (assessments or s47s or cp_plans or cin_plans) and referral is None:
        return None  # a case with nothing in the year and no referral: not a CIN episode
    need = referral.primary_need_code if referral is not None else ""
    reason = ""
    if closure is not None:
        last_cin = cin_plans_all[-1] if cin_plans_all else None
        if last_cin and last_cin.end_reason in CLOSURE_REASONS:
            reason = last_cin.end_reason
        elif last_plan_end and last_plan_end[1] in PLAN_END_REASON:
            reason = PLAN_END_REASON[EndReason(last_plan_end[1])]
        elif not (cp_plans or cin_plans or s47s) and not any(
            a.needs_support for a in case.assessments.all()
        ):
            reason = "RC8"
        else:
            reason = "RC7"
    return CinEpisode(
        referral_date=referral_date,
        source=source if source in REFERRAL_SOURCES else "10",
        need_code=need if need in NEED_CODES else ("N1" if (s47s or cp_plans) else "N0"),
        closure=closure,
        closure_reason=reason,
        initial_cpc=loose_icpcs[0] if loose_icpcs else None,
        assessments=assessments,
        cin_plans=cin_plans,
        s47s=s47s,
        cp_plans=cp_plans,
        nfa=False,
        referral_id=referral.pk if referral is not None else None,
        case_id=case.pk,
        facts={"need_code_held": need, "source_held": source},
    )


def _referral_episode(referral: Referral, period: CinPeriod) -> CinEpisode:
    """A referral no case took up: no further action closes on its own date (RC8)."""
    need = referral.primary_need_code
    return CinEpisode(
        referral_date=referral.referral_date,
        source=referral.referral_source if referral.referral_source in REFERRAL_SOURCES else "10",
        need_code=need if need in NEED_CODES else ("" if referral.referral_nfa else "N0"),
        closure=referral.referral_date if referral.referral_nfa else None,
        closure_reason="RC8" if referral.referral_nfa else "",
        initial_cpc=None,
        assessments=[],
        cin_plans=[],
        s47s=[],
        cp_plans=[],
        nfa=referral.referral_nfa,
        referral_id=referral.pk,
        facts={
            "need_code_held": need,
            "source_held": referral.referral_source,
            "contact_id": referral.contact_id,
        },
    )


def _age(born: date | None, on: date) -> int | None:
    if born is None or born > on:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _child(person: Person, episodes: list[CinEpisode], period: CinPeriod) -> CinChild:
    upn = (person.upn or "").strip().upper()
    if not is_valid_upn(upn):
        upn = ""
    unborn = person.is_unborn
    born = None if unborn else person.date_of_birth
    age = _age(born, period.end)
    upn_unknown = ""
    if not upn:
        if all(e.nfa for e in episodes):
            upn_unknown = "UN7"  # referral with no further action
        elif unborn or age is None or age < 5:
            upn_unknown = "UN1"  # not of school age, no UPN yet
        else:
            upn_unknown = "UN5"  # the UPN's source records are not held here
    sex = person.sex if person.sex in ("M", "F") and not unborn else "U"
    ethnicity = (person.ethnicity or "").strip().upper()
    return CinChild(
        person=person,
        la_child_id=str(person.pk),
        upn=upn,
        upn_unknown=upn_unknown,
        born=born,
        expected=person.expected_delivery_date if unborn else None,
        sex=sex,
        ethnicity=ethnicity if ethnicity in ETHNICITY_CODES else "NOBT",
        episodes=sorted(episodes, key=lambda e: (e.referral_date, e.referral_id or 0)),
    )


def cin_census_build(period: CinPeriod) -> CinCensus:
    """Every child with an episode that touches the year, each with its episodes."""
    start_moment = timezone.make_aware(datetime.combine(period.start, datetime.min.time()))
    cases = list(
        ProtectionCase.objects.filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=start_moment),
        )
        .select_related("person", "referral", "contact", "contact__source_agency")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.order_by()),
            Prefetch("enquiries", queryset=Section47Enquiry.objects.order_by()),
            Prefetch("conferences", queryset=Conference.objects.order_by()),
            Prefetch("plans", queryset=ChildProtectionPlan.objects.order_by()),
            Prefetch("cin_plans", queryset=CinPlan.objects.order_by()),
        )
        .order_by("pk")
    )
    case_people = {c.person_id for c in cases}
    referrals = list(
        Referral.objects.filter(referral_date__lte=period.end)
        .filter(
            Q(referral_date__gte=period.start)
            | Q(
                person_id__in=Subquery(
                    ProtectionCase.objects.filter(
                        Q(closed_at__isnull=True) | Q(closed_at__gte=start_moment)
                    ).values("person_id")
                )
            )
        )
        .select_related("person")
        .order_by("referral_date", "pk")
    )
    earlier_plans: dict[int, list[date]] = defaultdict(list)
    if case_people:
        for person_id, started in ChildProtectionPlan.objects.filter(
            case__person_id__in=Subquery(
                ProtectionCase.objects.filter(
                    Q(closed_at__isnull=True) | Q(closed_at__gte=start_moment)
                ).values("person_id")
            ),
            started_on__lte=period.end,
        ).values_list("case__person_id", "started_on"):
            earlier_plans[person_id].append(started)

    by_person: dict[int, list[Referral]] = defaultdict(list)
    for r in referrals:
        by_person[r.person_id].append(r)
    used: set[int] = set()
    people: dict[int, Person] = {}
    episodes: dict[int, list[CinEpisode]] = defaultdict(list)
    for case in cases:
        referral = case.referral
        if referral is None:
            firsts = [
                *(a.referral_date for a in case.assessments.all()),
                *(e.started_on for e in case.enquiries.all()),
                *(p.started_on for p in case.plans.all()),
                *(p.started_on for p in case.cin_plans.all()),
            ]
            first = min([_local(case.opened_at) or period.end, *firsts])
            referral = next(
                (
                    r
                    for r in reversed(by_person[case.person_id])
                    if r.referral_date <= first and not r.referral_nfa and r.pk not in used
                ),
                None,
            )
        if referral is not None:
            used.add(referral.pk)
        episode = _case_episode(case, referral, period, earlier_plans)
        if episode is not None:
            people[case.person_id] = case.person
            episodes[case.person_id].append(episode)
    for r in referrals:
        if r.pk in used or r.referral_date not in period:
            continue
        people[r.person_id] = r.person
        episodes[r.person_id].append(_referral_episode(r, period))
    children = [_child(people[pk], episodes[pk], period) for pk in sorted(people)]
    return CinCensus(period=period, lea=la_code(), children=children)


def la_code() -> str:
    """The council's three-digit DfE LA number (setting RETURNS_LA_CODE)."""
    code = str(getattr(settings, "RETURNS_LA_CODE", "") or "340")
    return code if re.fullmatch(r"\d{3}", code) else "340"


# --- The XML ----------------------------------------------------------------------------------


def _iso(day: date) -> str:
    return day.isoformat()


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _episode_xml(parent: ET.Element, e: CinEpisode) -> None:
    details = _add(parent, "CINdetails")
    _add(details, "CINreferralDate", _iso(e.referral_date))
    _add(details, "ReferralSource", e.source)
    if e.need_code:
        _add(details, "PrimaryNeedCode", e.need_code)
    if e.closure is not None:
        _add(details, "CINclosureDate", _iso(e.closure))
        _add(details, "ReasonForClosure", e.closure_reason)
    if e.initial_cpc is not None:
        _add(details, "DateOfInitialCPC", _iso(e.initial_cpc))
    for a in e.assessments:
        assessment = _add(details, "Assessments")
        _add(assessment, "AssessmentActualStartDate", _iso(a.start))
        if a.authorised is not None:
            _add(assessment, "AssessmentAuthorisationDate", _iso(a.authorised))
        if a.factors:
            factors = _add(assessment, "FactorsIdentifiedAtAssessment")
            for code in a.factors:
                _add(factors, "AssessmentFactors", code)
    for start, end in e.cin_plans:
        plan = _add(details, "CINPlanDates")
        _add(plan, "CINPlanStartDate", _iso(start))
        if end is not None:
            _add(plan, "CINPlanEndDate", _iso(end))
    for s in e.s47s:
        s47 = _add(details, "Section47")
        _add(s47, "S47ActualStartDate", _iso(s.start))
        _add(s47, "InitialCPCtarget", _iso(s.icpc_target))
        if s.icpc is not None:
            _add(s47, "DateOfInitialCPC", _iso(s.icpc))
        _add(s47, "ICPCnotRequired", "true" if s.icpc_not_required else "false")
    _add(details, "ReferralNFA", "true" if e.nfa else "false")
    for p in e.cp_plans:
        plan = _add(details, "ChildProtectionPlans")
        _add(plan, "CPPstartDate", _iso(p.start))
        if p.end is not None:
            _add(plan, "CPPendDate", _iso(p.end))
        _add(plan, "InitialCategoryOfAbuse", p.initial_category)
        _add(plan, "LatestCategoryOfAbuse", p.latest_category)
        _add(plan, "NumberOfPreviousCPP", str(p.previous))
        if p.reviews:
            reviews = _add(plan, "Reviews")
            for day in p.reviews:
                _add(reviews, "CPPreviewDate", _iso(day))


GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}


def cin_census_xml(census: CinCensus, *, now: datetime | None = None) -> bytes:
    """The census as the DfE's XML, elements in the schema's order."""
    period = census.period
    message = ET.Element("Message")
    header = _add(message, "Header")
    collection = _add(header, "CollectionDetails")
    _add(collection, "Collection", "CIN")
    _add(collection, "Year", str(period.year))
    _add(collection, "ReferenceDate", _iso(period.end))
    source = _add(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", census.lea)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", RELEASE)
    _add(source, "SerialNo", "001")
    moment = timezone.localtime(now or timezone.now()).replace(microsecond=0, tzinfo=None)
    _add(source, "DateTime", moment.isoformat())
    children = _add(message, "Children")
    for child in census.children:
        element = _add(children, "Child")
        ids = _add(element, "ChildIdentifiers")
        _add(ids, "LAchildID", child.la_child_id)
        if child.upn:
            _add(ids, "UPN", child.upn)
        if child.upn_unknown:
            _add(ids, "UPNunknown", child.upn_unknown)
        if child.born is not None:
            _add(ids, "PersonBirthDate", _iso(child.born))
        if child.expected is not None:
            _add(ids, "ExpectedPersonBirthDate", _iso(child.expected))
        if period.uses_sex:
            _add(ids, "Sex", child.sex)
        else:
            _add(ids, "GenderCurrent", GENDER_CURRENT[child.sex])
        characteristics = _add(element, "ChildCharacteristics")
        _add(characteristics, "Ethnicity", child.ethnicity)
        for episode in child.episodes:
            _episode_xml(element, episode)
    ET.indent(message)
    data: bytes = ET.tostring(message, encoding="utf-8", xml_declaration=True)
    return data
