"""Child protection clocks on the front door's breach job (`frontdoor.registry.breach_clocks`):
a late strategy discussion, an ICPC past its target, an assessment past 45 working days, a
review conference or a statutory visit overdue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.frontdoor.models import Breach
from openmash.frontdoor.registry import breach_clocks
from openmash.frontdoor.services.breaches import breaches_detect
from openmash.protection.models import S47Outcome
from openmash.protection.services import conference_record, section47_record
from tests.conftest import World, client_for
from tests.protection.helpers import at, chain, convened, open_case, with_enquiry

pytestmark = pytest.mark.clock
KINDS = [
    "protection.strategy_late",
    "protection.icpc_target",
    "protection.assessment_overdue",
    "protection.review_overdue",
    "protection.visit_overdue",
]


def test_every_clock_is_on_the_breach_job() -> None:
    for kind in KINDS:
        assert breach_clocks.get(kind) is not None, kind


def test_a_strategy_discussion_past_its_target_is_a_breach_until_held(
    world: World, child: Any, clock: Any
) -> None:
    from tests.protection.helpers import held

    day = date(2026, 12, 16)
    clock.move_to(at(day, 9))
    sd = convened(world, open_case(world, child), at(day, 9))
    breaches_detect(now=at(day, 18))
    assert not Breach.objects.filter(kind=KINDS[0]).exists()
    breaches_detect(now=at(date(2026, 12, 17), 9, 1))
    [breach] = Breach.objects.filter(kind=KINDS[0])
    assert (breach.target_type, breach.target_id) == ("protection.strategydiscussion", sd.pk)
    assert breach.team_id == world.assessment.pk
    clock.move_to(at(date(2026, 12, 17), 12))
    held(world, sd, at(date(2026, 12, 17), 11))
    breaches_detect(now=at(date(2026, 12, 17), 13))
    breach.refresh_from_db()
    assert breach.resolved_at is not None


def test_an_icpc_past_its_target_and_an_assessment_past_45_days_are_breaches(
    world: World, child: Any, clock: Any
) -> None:
    enquiry = with_enquiry(world, child, clock, date(2026, 12, 16))
    breaches_detect(now=at(date(2027, 1, 11), 23))
    assert not Breach.objects.filter(kind=KINDS[1]).exists()
    breaches_detect(now=at(date(2027, 1, 12), 9))
    [icpc] = Breach.objects.filter(kind=KINDS[1])
    assert icpc.target_id == enquiry.pk
    assessment = enquiry.case.assessments.get()
    after = assessment.due_on + timedelta(days=1)
    breaches_detect(now=at(after, 9))
    assert Breach.objects.filter(kind=KINDS[2], target_id=assessment.pk).exists()


def test_a_review_and_a_visit_overdue_are_breaches_and_the_review_resolves_when_held(
    world: World, child: Any, clock: Any
) -> None:
    from openmash.protection import clocks

    work = chain(world, child)
    plan = work["plan"]
    today = timezone.localdate()  # the ICPC was today (at whichever "now" the test runs)
    assert plan.next_review_on == clocks.first_review_due(today)  # within 3 months
    assert plan.next_review_on > today + timedelta(days=80)
    assert plan.next_visit_on == clocks.working_days_after(today, 10)
    visit_missed = plan.next_visit_on + timedelta(days=1)
    breaches_detect(now=at(visit_missed, 9))
    assert Breach.objects.filter(kind=KINDS[4], target_id=plan.pk).exists()
    review_missed = plan.next_review_on + timedelta(days=1)
    breaches_detect(now=at(review_missed, 9))
    [review] = Breach.objects.filter(kind=KINDS[3])
    clock.move_to(at(review_missed, 10))
    conference_record(
        case=work["case"],
        actor=world.social_worker,
        held_on=review_missed,
        agencies_invited=["police", "health"],
        reports="",
        plan_needed=True,
        category="EMO",
    )
    plan.refresh_from_db()
    assert plan.next_review_on == clocks.later_review_due(review_missed)  # then every 6 months
    assert plan.next_review_on > review_missed + timedelta(days=170)
    assert plan.latest_category == "EMO"
    assert plan.initial_category == "PHY"
    breaches_detect(now=at(review_missed, 11))
    review.refresh_from_db()
    assert review.resolved_at is not None


def test_the_breach_list_shows_them_to_those_the_gate_lets_see_them(
    world: World, child: Any, clock: Any
) -> None:
    enquiry = with_enquiry(world, child, clock, date(2026, 12, 16))
    section47_record(
        enquiry=enquiry,
        actor=world.social_worker,
        child_seen_on=date(2026, 12, 16),
        seen_alone=True,
        seen_by="SW",
        child_wishes="Scared.",
        analysis="Harm likely.",
        outcome=S47Outcome.ICPC,
    )
    breaches_detect(now=at(date(2027, 1, 12), 9))
    url = reverse("frontdoor:breaches")
    seen = client_for(world.auditor).get(url).content.decode()
    hidden = client_for(world.contact_officer).get(url).content.decode()
    text = f"{enquiry.case.reference} (Ayaan Rahman): initial conference past its target"
    assert text in seen
    assert text not in hidden
