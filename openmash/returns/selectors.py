"""Annex A lists 1-3 built from the records the work keeps: contacts (list 1), Family Help's
early help cases (list 2) and the front door's referrals (list 3).

Each list costs a fixed number of queries whatever its length (tests/returns/test_queries.py):
list 1 one, list 2 one, list 3 two (the period's referrals, then the same children's earlier
referrals for the twelve-month count).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from openmash.contacts.models import ContactSubject, SubjectRole
from openmash.familyhelp.models import EarlyHelpAssessment, FamilyMember, MemberRole
from openmash.frontdoor.models import Referral
from openmash.returns.annex_a import (
    LIST_HEADERS,
    Period,
    age_in_years,
    annex_a_period,
    annex_date,
    ethnicity_code,
    gender_code,
    months_before,
    source_code,
    yes_no,
)
from openmash.returns.xlsx import Cell

if TYPE_CHECKING:
    from openmash.people.models import Person


@dataclass(frozen=True)
class Child:
    """Who a row is about, as the records describe them (the person index when linked)."""

    child_id: str
    name: str
    person_id: int | None
    sex: str
    ethnicity: str
    date_of_birth: date | None
    is_unborn: bool
    expected_date: date | None
    # A restricted person (e.g. a member of staff's child): in the return, but not named on
    # the validation page.
    is_restricted: bool = False


@dataclass(frozen=True)
class Source:
    """The record a row comes from, to link a failure to the page where it is fixed."""

    kind: str  # "contact", "familyhelpcase" or "referral"
    pk: int
    reference: str
    contact_id: int | None = None


@dataclass
class Row:
    child: Child
    source: Source
    cells: list[Cell]
    facts: dict[str, object] = field(default_factory=dict)


@dataclass
class AnnexA:
    period: Period
    lists: dict[int, list[Row]]

    def sheet_rows(self, number: int) -> list[list[Cell]]:
        return [list(LIST_HEADERS[number]), *(row.cells for row in self.lists.get(number, []))]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _from_person(person: Person, child_id: str) -> Child:
    return Child(
        child_id=child_id,
        name=f"{person.given_name} {person.family_name}",
        person_id=person.pk,
        sex=person.sex,
        ethnicity=person.ethnicity,
        date_of_birth=person.date_of_birth,
        is_unborn=person.is_unborn,
        expected_date=person.expected_delivery_date,
        is_restricted=person.is_restricted,
    )


def _common(child: Child, period: Period) -> list[Cell]:
    return [
        child.child_id,
        gender_code(child.sex),
        ethnicity_code(child.ethnicity),
        annex_date(child.date_of_birth),
        age_in_years(child.date_of_birth, period.inspection_date),
    ]


def _subject_child(subject: ContactSubject) -> Child:
    if subject.person is not None:
        return _from_person(subject.person, str(subject.person.pk))
    # Not linked to the person index yet: the referrer's words, and an id of the subject's own.
    return Child(
        child_id=f"S{subject.pk}",
        name=f"{subject.given_name} {subject.family_name}",
        person_id=None,
        sex=subject.sex or "U",
        ethnicity="",
        date_of_birth=subject.date_of_birth,
        is_unborn=subject.is_unborn,
        expected_date=subject.expected_delivery_date,
    )


def annex_a_list1(period: Period) -> list[Row]:
    """List 1: every contact received in the period, one row per child it is about. A
    professional's consultation (advice, not a contact about a child) is not counted."""
    subjects = (
        ContactSubject.objects.filter(
            is_child=True,
            role=SubjectRole.SUBJECT,
            contact__is_consultation=False,
            contact__received_at__gte=_local_midnight(period.start),
            contact__received_at__lt=_local_midnight(period.inspection_date),
        )
        .select_related("person", "contact", "contact__source_agency")
        .order_by("contact__received_at", "pk")
    )
    rows = []
    for subject in subjects:
        contact = subject.contact
        child = _subject_child(subject)
        source = "9" if contact.is_anonymous else contact.source_agency.cin_referral_source
        rows.append(
            Row(
                child=child,
                source=Source("contact", contact.pk, contact.reference, contact.pk),
                cells=[
                    *_common(child, period),
                    annex_date(timezone.localtime(contact.received_at).date()),
                    source_code(source),
                ],
            )
        )
    return rows


def annex_a_list2(period: Period) -> list[Row]:
    """List 2: the children of early help cases whose assessment started or was completed in
    the period, and of every case open on the inspection date (current interventions).

    The assessment starts when the case is accepted and is completed when its first version is
    recorded; the organisation is the agency of the Family Help team holding the case."""
    start, before = _local_midnight(period.start), _local_midnight(period.inspection_date)
    first_assessment = Subquery(
        EarlyHelpAssessment.objects.filter(case=OuterRef("case"))
        .order_by("recorded_at", "pk")
        .values("recorded_at")[:1]
    )
    members = (
        FamilyMember.objects.filter(role=MemberRole.CHILD, case__accepted_at__lt=before)
        .annotate(first_assessment=first_assessment)
        .filter(
            Q(case__accepted_at__gte=start)
            | Q(first_assessment__gte=start, first_assessment__lt=before)
            | Q(case__closed_at__isnull=True)
            | Q(case__closed_at__gte=before)
        )
        .select_related("person", "case", "case__team", "case__team__agency")
        .order_by("case__accepted_at", "pk")
    )
    rows = []
    for member in members:
        case = member.case
        if member.person is not None:
            child = _from_person(member.person, str(member.person.pk))
        else:
            child = Child(
                child_id=f"F{member.pk}",
                name=member.name,
                person_id=None,
                sex="U",
                ethnicity="",
                date_of_birth=member.date_of_birth,
                is_unborn=False,
                expected_date=None,
            )
        completed = member.first_assessment
        accepted = case.accepted_at
        rows.append(
            Row(
                child=child,
                source=Source("familyhelpcase", case.pk, case.reference, case.contact_id),
                cells=[
                    *_common(child, period),
                    annex_date(timezone.localtime(accepted).date() if accepted else None),
                    annex_date(timezone.localtime(completed).date() if completed else None),
                    case.team.agency.name,
                ],
            )
        )
    return rows


def annex_a_list3(period: Period) -> list[Row]:
    """List 3: every referral in the period, one row per referral. The count of referrals in
    the last twelve months counts the child's earlier referrals only (in the twelve months
    before this one's date; on the same day, those recorded before it)."""
    referrals = list(
        Referral.objects.filter(referral_date__gte=period.start, referral_date__lte=period.end)
        .select_related("person", "team", "worker", "contact", "subject")
        .order_by("referral_date", "pk")
    )
    history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    if referrals:
        earlier = Referral.objects.filter(
            person_id__in=Subquery(
                Referral.objects.filter(
                    referral_date__gte=period.start, referral_date__lte=period.end
                ).values("person_id")
            ),
            referral_date__gte=months_before(period.start, 12),
            referral_date__lte=period.end,
        ).values_list("person_id", "referral_date", "pk")
        for person_id, day, pk in earlier:
            history[person_id].append((day, pk))
    rows = []
    for referral in referrals:
        child = _from_person(referral.person, str(referral.person_id))
        since = months_before(referral.referral_date, 12)
        count = sum(
            1
            for day, pk in history[referral.person_id]
            if since <= day and (day, pk) < (referral.referral_date, referral.pk)
        )
        contact = referral.contact
        subject = referral.subject
        rows.append(
            Row(
                child=child,
                source=Source("referral", referral.pk, contact.reference, contact.pk),
                cells=[
                    *_common(child, period),
                    annex_date(referral.referral_date),
                    source_code(referral.referral_source),
                    yes_no(referral.referral_nfa),
                    count,
                    referral.team.name if referral.team else "",
                    referral.worker.full_name if referral.worker else "",
                ],
                facts={
                    "contact_matches": subject.person_id == referral.person_id
                    and subject.is_child
                    and timezone.localtime(contact.received_at).date() <= referral.referral_date
                },
            )
        )
    return rows


def annex_a_build(inspection_date: date) -> AnnexA:
    from openmash.returns.annex_a_cp import (
        annex_a_list4,
        annex_a_list5,
        annex_a_list6,
        annex_a_list7,
    )

    period = annex_a_period(inspection_date)
    return AnnexA(
        period=period,
        lists={
            1: annex_a_list1(period),
            2: annex_a_list2(period),
            3: annex_a_list3(period),
            4: annex_a_list4(period),
            5: annex_a_list5(period),
            6: annex_a_list6(period),
            7: annex_a_list7(period),
        },
    )
