"""Annex A lists 4-7 from the child protection records: each list's period edges and inclusion
rules, the coded values, the twelve-month counts, and a fixed number of queries."""

from __future__ import annotations

from datetime import date

from openmash.frontdoor.models import RouteAction, RouteKind
from openmash.returns.annex_a import annex_a_period
from openmash.returns.annex_a_cp import annex_a_list4, annex_a_list5, annex_a_list6, annex_a_list7
from tests.returns.cp_helpers import assessment, case, icpc, plan, review, s47, visit
from tests.returns.helpers import contact, person, referral

INSPECTION = date(2026, 11, 18)  # period 18/05/2026 to 17/11/2026
PERIOD = annex_a_period(INSPECTION)
COMMON = lambda child: [str(child.pk), "a) Male", "l) ABAN", "14/03/2016", 10]  # noqa: E731


def test_list4_assessments_started_or_authorised_in_the_period(world) -> None:
    child = person()
    c = case(world, child, date(2026, 1, 5))
    assessment(c, date(2026, 5, 17))  # started the day before, never authorised: out
    early = assessment(c, date(2026, 4, 1), authorised=date(2026, 5, 18), needs_support=True)
    assessment(c, date(2026, 4, 1), authorised=date(2026, 5, 17))  # done before: out
    first = assessment(c, date(2026, 5, 18), voice="I want to stay at school.")
    last = assessment(c, date(2026, 11, 17), authorised=INSPECTION, needs_support=False)
    assessment(c, INSPECTION)  # the inspection date: out

    rows = annex_a_list4(PERIOD)

    assert [r.facts["assessment"] for r in rows] == [early.pk, first.pk, last.pk]
    assert rows[0].cells == [
        *COMMON(child), "", "01/04/2026", "b) No", "18/05/2026", "a) Yes",
        world.assessment.name, world.social_worker.full_name,
    ]  # fmt: skip
    assert rows[1].cells[5:10] == ["", "18/05/2026", "a) Yes", "", ""]
    # Authorised on the inspection date: not yet authorised as the return sees it.
    assert rows[2].cells[5:10] == ["", "17/11/2026", "b) No", "", ""]
    assert rows[0].source.kind == "protectioncase"


def test_list4_the_child_seen_in_a_section_47_during_the_assessment(world) -> None:
    child = person()
    c = case(world, child, date(2026, 6, 1))
    assessment(c, date(2026, 6, 1), authorised=date(2026, 7, 1), needs_support=True)
    s47(c, date(2026, 6, 2), seen=date(2026, 6, 3))
    assert annex_a_list4(PERIOD)[0].cells[7] == "a) Yes"


def test_list5_one_row_per_enquiry_open_ones_included_counts_earlier_only(world) -> None:
    child = person()
    c = case(world, child, date(2025, 6, 1))
    s47(c, date(2025, 11, 20), outcome="icpc")  # within twelve months of the next: counted
    icpc(c, date(2025, 12, 1), plan=False)  # an ICPC within twelve months: counted
    s47(c, date(2025, 5, 1), outcome="no_icpc")  # older than twelve months: not counted
    no_icpc = s47(c, date(2026, 5, 18), outcome="no_icpc")
    with_icpc = s47(c, date(2026, 7, 1), outcome="icpc")
    icpc(c, date(2026, 7, 20), enquiry=with_icpc, plan=True)
    still_open = s47(c, date(2026, 11, 17))  # no decision yet: in
    s47(c, INSPECTION)  # out
    s47(c, date(2026, 5, 17))  # out: the day before the period

    rows = annex_a_list5(PERIOD)

    assert [r.facts["enquiry"] for r in rows] == [no_icpc.pk, with_icpc.pk, still_open.pk]
    assert rows[0].cells[5:] == [
        "", "18/05/2026", "a) Yes", "", "", 2, 1, world.assessment.name,
        world.social_worker.full_name,
    ]  # fmt: skip
    # 17/05/2026 and 20/11/2025 (and 18/05) are earlier: 3 enquiries; ICPCs: 01/12/2025 only.
    assert rows[1].cells[5:12] == ["", "01/07/2026", "b) No", "20/07/2026", "a) Yes", 3, 1]
    assert rows[2].cells[5:12] == ["", "17/11/2026", "", "", "", 4, 2]


def test_list5_an_icpc_after_the_inspection_date_is_not_shown(world) -> None:
    child = person()
    c = case(world, child, date(2026, 11, 1))
    enquiry = s47(c, date(2026, 11, 2), outcome="icpc")
    icpc(c, INSPECTION, enquiry=enquiry)
    assert annex_a_list5(PERIOD)[0].cells[8:10] == ["", ""]


def test_list6_open_in_the_period_or_at_inspection_and_the_case_status(world) -> None:
    child = person()
    made = referral(world, child, date(2026, 2, 3))
    made.primary_need_code = "N1"
    made.save()
    closed_before = case(world, child, date(2025, 1, 1), closed=date(2026, 5, 17))
    closed_in = case(world, child, date(2026, 2, 3), closed=date(2026, 9, 1), referral=made)
    on_plan = case(world, child, date(2026, 3, 1))
    p = plan(on_plan, date(2026, 3, 20))
    visit(p, date(2026, 10, 1))
    visit(p, INSPECTION)  # after the period: not the last seen
    assessing = case(world, child, date(2026, 11, 17))
    assessment(assessing, date(2026, 11, 17))
    case(world, child, INSPECTION)  # opened on the inspection date: out
    from openmash.protection.models import CinPlan

    CinPlan.objects.create(
        case=closed_in, started_on=date(2026, 3, 1), ended_on=date(2026, 9, 1), end_reason="RC7"
    )

    rows = annex_a_list6(PERIOD)

    assert [r.source.pk for r in rows] == [closed_in.pk, on_plan.pk, assessing.pk]
    assert closed_before.pk not in [r.source.pk for r in rows]
    assert rows[0].cells[5:] == [
        "", "03/02/2026", "N1 - Abuse or neglect", "", "01/09/2026",
        "RC7 - Services ceased for any other reason, including child no longer in need",
        "e) Closed episode", world.assessment.name, world.social_worker.full_name,
    ]  # fmt: skip
    assert rows[1].cells[5:12] == [
        "", "01/03/2026", "", "01/10/2026", "", "", "b) Child Protection plan",
    ]  # fmt: skip
    assert rows[2].cells[11] == "d) Open assessment"


def test_list7_plans_open_at_inspection_or_ended_in_the_period(world) -> None:
    child = person()
    c = case(world, child, date(2024, 1, 1))
    first = plan(c, date(2024, 2, 1), ended=date(2026, 5, 17))  # ended before: out
    ended_in = plan(c, date(2026, 1, 1), ended=date(2026, 5, 18), initial="PHY", latest="MUL")
    current = plan(c, date(2026, 6, 1), initial="SAB", latest="EMO")
    ends_on_inspection = plan(c, date(2026, 6, 2), ended=INSPECTION)
    plan(c, INSPECTION)  # starts on the inspection date: out
    visit(current, date(2026, 9, 1), alone=True)
    visit(current, date(2026, 10, 1), alone=False)
    review(c, date(2026, 9, 10))
    RouteAction.objects.create(
        contact=contact(world, date(2026, 6, 1), child),
        subject=contact(world, date(2026, 6, 1), child).contact_subjects.get(),
        kind=RouteKind.POLICE_PROTECTION,
        made_on=date(2026, 6, 1),
        recorded_by=world.social_worker,
    )

    rows = annex_a_list7(PERIOD)

    assert [r.facts["plan"] for r in rows] == [ended_in.pk, current.pk, ends_on_inspection.pk]
    assert first.pk not in [r.facts["plan"] for r in rows]
    assert rows[0].cells[5:] == [
        "", "01/01/2026", "b) Physical abuse", "e) Multiple/not recommended", "", "",
        "", "18/05/2026", "Y", 1, world.assessment.name, world.social_worker.full_name,
    ]  # fmt: skip
    assert rows[1].cells[5:15] == [
        "", "01/06/2026", "c) Sexual abuse", "d) Emotional abuse", "01/10/2026", "b) No",
        "10/09/2026", "", "Y", 2,
    ]  # fmt: skip
    # Ends on the inspection date: still on a plan at the inspection, no end date shown.
    assert rows[2].cells[12] == ""


def test_lists_4_to_7_cost_a_fixed_number_of_queries(world, django_assert_max_num_queries) -> None:
    for i in range(3):
        child = person(f"Child{i}")
        c = case(world, child, date(2026, 6, 1))
        assessment(c, date(2026, 6, 2), authorised=date(2026, 7, 1), needs_support=True)
        e = s47(c, date(2026, 6, 3), outcome="icpc")
        icpc(c, date(2026, 6, 20), enquiry=e)
        p = plan(c, date(2026, 6, 21))
        visit(p, date(2026, 7, 1))
        review(c, date(2026, 9, 1))
    with django_assert_max_num_queries(2):
        assert len(annex_a_list4(PERIOD)) == 3
    with django_assert_max_num_queries(3):
        assert len(annex_a_list5(PERIOD)) == 3
    with django_assert_max_num_queries(7):
        assert len(annex_a_list6(PERIOD)) == 3
    with django_assert_max_num_queries(5):
        assert len(annex_a_list7(PERIOD)) == 3
