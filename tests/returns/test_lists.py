"""Annex A lists 1-3 from the records: the period's edges, the coded values, the re-referral
count, unknowns, and a fixed number of queries however many rows."""

from __future__ import annotations

from datetime import date

import pytest

from openmash.accounts.models import AgencyType, TeamKind
from openmash.accounts.services import agency_create, team_create
from openmash.returns.annex_a import annex_a_period, months_before
from openmash.returns.selectors import annex_a_build, annex_a_list1, annex_a_list2, annex_a_list3
from tests.returns.helpers import contact, early_help, person, referral

INSPECTION = date(2026, 11, 18)  # period 18/05/2026 to 17/11/2026
PERIOD = annex_a_period(INSPECTION)


def test_the_period_is_the_six_months_before_the_inspection_date() -> None:
    assert (PERIOD.start, PERIOD.end) == (date(2026, 5, 18), date(2026, 11, 17))
    # A shorter month: 31 August less six months is the last day of February.
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert months_before(date(2026, 3, 15), 12) == date(2025, 3, 15)


def test_list1_counts_contacts_from_the_first_day_to_the_day_before_inspection(world) -> None:
    child = person()
    contact(world, date(2026, 5, 17), child, hour=23)  # the day before the period: out
    first = contact(world, date(2026, 5, 18), child, hour=0)  # the first day (00:00 BST): in
    last = contact(world, date(2026, 11, 17), child, hour=23)  # the last day: in
    contact(world, INSPECTION, child, hour=0)  # the inspection date itself: out

    rows = annex_a_list1(PERIOD)

    assert [r.source.reference for r in rows] == [first.reference, last.reference]
    assert rows[0].cells == [
        str(child.pk), "a) Male", "l) ABAN", "14/03/2016", 10, "18/05/2026", "e) 2A: Schools",
    ]  # fmt: skip


def test_list1_one_row_per_child_and_sources_and_unknowns(world) -> None:
    police = world.police
    health = agency_create(actor=None, code="HLT", name="Trust", agency_type=AgencyType.HEALTH)
    a = person("Ayaan", born=date(2016, 11, 18))  # tenth birthday on the inspection date
    b = person("Maya", sex="F", ethnicity="", born=None)
    unborn = person("Baby", sex="U", ethnicity="", born=None, is_unborn=True,
                    expected_delivery_date=date(2027, 1, 2))  # fmt: skip
    contact(world, date(2026, 6, 1), a, b, agency=police)
    contact(world, date(2026, 6, 2), unborn, agency=health)
    contact(world, date(2026, 6, 3), a, agency=police, is_anonymous=True)
    contact(world, date(2026, 6, 4), a, is_consultation=True)  # advice: not a contact
    contact(world, date(2026, 6, 5), None)  # a child not yet matched to the person index

    rows = annex_a_list1(PERIOD)

    assert [r.cells[1:] for r in rows] == [
        ["a) Male", "l) ABAN", "18/11/2016", 10, "01/06/2026", "q) 6: Police"],
        ["b) Female", "t) NOBT", "", None, "01/06/2026", "q) 6: Police"],
        ["c) Not stated/recorded", "t) NOBT", "", None, "02/06/2026", "l) 3F: Health services"],
        ["a) Male", "l) ABAN", "18/11/2016", 10, "03/06/2026", "t) 9: Anonymous"],
        ["c) Not stated/recorded", "t) NOBT", "", None, "05/06/2026", "e) 2A: Schools"],
    ]
    assert rows[-1].cells[0].startswith("S")  # the unmatched subject's own id


def test_list3_counts_earlier_referrals_in_the_last_twelve_months(world) -> None:
    child = person()
    referral(world, child, date(2025, 5, 31))  # 12 months and a day before the next: not counted
    referral(world, child, date(2025, 6, 1))  # exactly 12 months before the next: counted
    re_referral = referral(world, child, date(2026, 6, 1), nfa=True)
    later = referral(world, child, date(2026, 7, 1), source="5D")
    same_day = referral(world, child, date(2026, 7, 1), source="")  # recorded after `later`
    other = referral(world, person("Maya", sex="F"), date(2026, 8, 1), source="6")

    rows = annex_a_list3(PERIOD)

    assert [r.source.pk for r in rows] == [re_referral.pk, later.pk, same_day.pk, other.pk]
    assert rows[0].cells == [
        str(child.pk), "a) Male", "l) ABAN", "14/03/2016", 10,
        "01/06/2026", "e) 2A: Schools", "a) Yes", 1, "Assessment team 1",
        world.social_worker.full_name,
    ]  # fmt: skip
    # The count is of earlier referrals only: n - 1 within the twelve months.
    assert [r.cells[8] for r in rows] == [1, 1, 2, 0]
    assert [r.cells[6] for r in rows] == [
        "e) 2A: Schools", "p1) 5D: LA services", "u) 10: Unknown", "q) 6: Police",
    ]  # fmt: skip
    assert [r.cells[7] for r in rows] == ["a) Yes", "b) No", "b) No", "b) No"]


def test_list3_period_edges(world) -> None:
    child = person()
    referral(world, child, date(2026, 5, 17))
    inside = [referral(world, child, date(2026, 5, 18)), referral(world, child, date(2026, 11, 17))]
    referral(world, child, INSPECTION)
    assert [r.source.pk for r in annex_a_list3(PERIOD)] == [r.pk for r in inside]


@pytest.fixture
def eh_team(world):
    return team_create(
        actor=None, agency=world.la, name="Family Help North", kind=TeamKind.EARLY_HELP
    )


def test_list2_assessments_in_the_period_and_current_interventions(world, eh_team) -> None:
    started = early_help(world, eh_team, person("A"), date(2026, 6, 1), assessed=date(2026, 6, 20),
                         closed=date(2026, 9, 1))  # fmt: skip
    completed_in = early_help(world, eh_team, person("B"), date(2026, 4, 1),
                              assessed=date(2026, 5, 20), closed=date(2026, 7, 1))  # fmt: skip
    current = early_help(world, eh_team, person("C"), date(2025, 1, 6))
    early_help(world, eh_team, person("D"), date(2025, 1, 6), assessed=date(2025, 2, 1),
               closed=date(2026, 6, 1))  # closed in the period, assessed before it  # fmt: skip
    early_help(world, eh_team, person("E"), INSPECTION)  # accepted on the inspection date
    unlinked = early_help(world, eh_team, None, date(2026, 7, 1), born=date(2019, 2, 3))

    rows = annex_a_list2(PERIOD)

    assert [r.source.pk for r in rows] == [current.pk, completed_in.pk, started.pk, unlinked.pk]
    assert rows[2].cells[5:] == ["01/06/2026", "20/06/2026", "Test Council"]
    assert rows[0].cells[5:] == ["06/01/2025", "", "Test Council"]
    member = unlinked.members.get(role="child")
    assert rows[3].cells[:5] == [
        f"F{member.pk}",
        "c) Not stated/recorded",
        "t) NOBT",
        "03/02/2019",
        7,
    ]


def _some_of_everything(world, team, n: int) -> None:
    for i in range(n):
        child = person(f"Child{i}")
        contact(world, date(2026, 6, 1 + i), child, person(f"Sib{i}"))
        referral(world, child, date(2026, 7, 1 + i))
        early_help(world, team, child, date(2026, 8, 1 + i), assessed=date(2026, 8, 10 + i))


def test_the_lists_cost_a_fixed_number_of_queries(
    world, eh_team, django_assert_num_queries
) -> None:
    _some_of_everything(world, eh_team, 1)
    # Lists 1-3: four queries; lists 4-7 one each with no protection records (their own fixed
    # costs with records are in test_lists_cp.py).
    with django_assert_num_queries(8):
        small = annex_a_build(INSPECTION)
    _some_of_everything(world, eh_team, 6)
    with django_assert_num_queries(8):
        large = annex_a_build(INSPECTION)
    assert [len(small.lists[n]) for n in (1, 2, 3)] == [3, 1, 1]  # a referral's own contact
    assert [len(large.lists[n]) for n in (1, 2, 3)] == [21, 7, 7]
