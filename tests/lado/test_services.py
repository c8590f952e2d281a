"""The LADO's services: the three strands close independently and the allegation closes only
when all three have; the initial consideration's clock and its breach; meetings, outcome and
referrals to the DBS, each audited."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent
from openmash.lado.models import Allegation, StrandStatus
from openmash.lado.services import (
    ActionInput,
    allegation_conclude,
    allegation_consider,
    lado_setting_change,
    meeting_action_done,
    meeting_record,
    regulator_referral_record,
    strand_update,
)
from tests.conftest import World
from tests.lado.helpers import allegation_referred, lado_officer, london

pytestmark = pytest.mark.clock


def _considered(world: World, at: datetime | None = None) -> Allegation:
    allegation = allegation_referred(world, at=at or london(2026, 11, 17, 9, 0))
    return allegation_consider(
        allegation=allegation,
        actor=lado_officer(world),
        harmed_child=True,
        possible_offence=True,
        risk_of_harm=False,
        transferable_risk=False,
        decision="meets",
        reason="A bruise and a consistent account: the harm threshold is met.",
    )


def _close(allegation: Allegation, kind: str, world: World) -> None:
    strand = allegation.strands.get(kind=kind)
    strand_update(
        strand=strand,
        actor=lado_officer(world),
        owner="Owner of " + kind,
        status="closed",
        outcome="No further action",
    )


def _audited(verb: str, allegation: Allegation) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(verb=verb, target_type="allegation", target_id=str(allegation.pk))
    )


def test_a_referral_starts_three_strands_not_started_and_is_restricted(world: World) -> None:
    allegation = allegation_referred(world)

    strands = {s.kind: s.status for s in allegation.strands.all()}
    assert strands == dict.fromkeys(("police", "employer", "social_care"), StrandStatus.NOT_STARTED)
    assert allegation.is_restricted
    assert allegation.employer == world.school  # the referrer's own organisation
    assert allegation.subject.family_name == "Hollins"
    assert [c.person.given_name for c in allegation.children.all()] == ["Lily"]
    assert _audited("lado.allegation_referred", allegation)


def test_the_three_strands_close_independently(world: World) -> None:
    allegation = _considered(world)

    _close(allegation, "police", world)

    statuses = {s.kind: s.status for s in allegation.strands.all()}
    assert statuses == {"police": "closed", "employer": "not_started", "social_care": "not_started"}
    strand_update(
        strand=allegation.strands.get(kind="employer"),
        actor=lado_officer(world),
        owner="Head teacher, Test School",
        status="open",
    )
    statuses = {s.kind: s.status for s in allegation.strands.all()}
    assert statuses == {"police": "closed", "employer": "open", "social_care": "not_started"}
    assert len(_audited("lado.strand_updated", allegation)) == 2


def test_a_closed_strand_stays_closed(world: World) -> None:
    allegation = _considered(world)
    _close(allegation, "police", world)

    with pytest.raises(ConflictError):
        _close(allegation, "police", world)


def test_a_strand_closes_only_with_its_outcome(world: World) -> None:
    allegation = _considered(world)

    with pytest.raises(ApplicationError, match="outcome"):
        strand_update(
            strand=allegation.strands.get(kind="police"),
            actor=lado_officer(world),
            owner="DC Patel",
            status="closed",
        )


def test_the_allegation_closes_only_when_all_three_strands_have(world: World) -> None:
    allegation = _considered(world)
    officer = lado_officer(world)

    for kind, still_open in (("police", 2), ("employer", 1)):
        _close(allegation, kind, world)
        with pytest.raises(ApplicationError, match="Close every strand") as refused:
            allegation_conclude(
                allegation=allegation, actor=officer, outcome="substantiated", reason="Proven."
            )
        assert refused.value.message.count(",") == still_open - 1
    _close(allegation, "social_care", world)

    closed = allegation_conclude(
        allegation=allegation,
        actor=officer,
        outcome="substantiated",
        reason="The police charged him; the school dismissed him.",
    )

    assert closed.closed_at is not None
    assert closed.outcome == "substantiated"
    assert _audited("lado.allegation_concluded", allegation)


def test_the_allegation_is_considered_before_it_closes(world: World) -> None:
    allegation = allegation_referred(world)
    for kind in ("police", "employer", "social_care"):
        _close(allegation, kind, world)

    with pytest.raises(ApplicationError, match="initial consideration"):
        allegation_conclude(
            allegation=allegation, actor=lado_officer(world), outcome="false", reason="x"
        )


def test_a_closed_allegation_takes_no_more_strand_changes(world: World) -> None:
    allegation = _considered(world)
    for kind in ("police", "employer", "social_care"):
        _close(allegation, kind, world)
    allegation_conclude(
        allegation=allegation, actor=lado_officer(world), outcome="unfounded", reason="None."
    )
    with pytest.raises(ConflictError):
        meeting_record(
            allegation=allegation,
            actor=lado_officer(world),
            kind="review",
            held_at=london(2026, 11, 18, 9),
            attendees="LADO",
            minutes="Too late",
        )


@pytest.mark.parametrize(
    ("criteria", "decision"),
    [((False, False, False, False), "meets"), ((False, False, False, True), "advice")],
    ids=["threshold without a criterion", "advice despite transferable risk"],
)
def test_the_decision_follows_the_harm_test(
    world: World, criteria: tuple[bool, bool, bool, bool], decision: str
) -> None:
    allegation = allegation_referred(world)
    with pytest.raises(ApplicationError):
        allegation_consider(
            allegation=allegation,
            actor=lado_officer(world),
            harmed_child=criteria[0],
            possible_offence=criteria[1],
            risk_of_harm=criteria[2],
            transferable_risk=criteria[3],
            decision=decision,
            reason="Reasons",
        )


def test_transferable_risk_alone_meets_the_threshold(world: World) -> None:
    """A foster carer's conduct at home, outside work, can still mean he may not be suitable."""
    allegation = allegation_referred(world, sector="foster_care", role="Foster carer")
    considered = allegation_consider(
        allegation=allegation,
        actor=lado_officer(world),
        harmed_child=False,
        possible_offence=False,
        risk_of_harm=False,
        transferable_risk=True,
        decision="meets",
        reason="Arrested for assaulting his own child: transferable risk.",
    )
    assert considered.harm_test_met()


# --- The clock -----------------------------------------------------------------------------


def test_initial_consideration_is_due_one_working_day_later(world: World) -> None:
    """Received Wednesday 14:00: due Thursday 14:00."""
    allegation = allegation_referred(world, at=london(2026, 11, 18, 14, 0))
    assert allegation.consideration_due_at == london(2026, 11, 19, 14, 0)


def test_initial_consideration_clock_over_christmas(world: World) -> None:
    """Received on Christmas Eve 2026 (Thursday) at 16:00: Christmas Day, the weekend and the
    substitute Boxing Day (Monday 28th) are not working days, so it is due Tuesday 29th 16:00."""
    allegation = allegation_referred(world, at=london(2026, 12, 24, 16, 0))
    assert allegation.consideration_due_at == london(2026, 12, 29, 16, 0)


def test_a_referral_on_a_saturday_counts_from_monday_morning(world: World) -> None:
    allegation = allegation_referred(world, at=london(2026, 11, 21, 22, 0))
    assert allegation.consideration_due_at == london(2026, 11, 24, 9, 0)


def test_the_setting_changes_the_time_for_new_allegations_only(world: World) -> None:
    before = allegation_referred(world, at=london(2026, 11, 16, 10, 0))
    lado_setting_change(actor=world.admin, consideration_working_days=2, reason="Local protocol")
    after = allegation_referred(world, at=london(2026, 11, 16, 10, 0))

    before.refresh_from_db()
    assert before.consideration_due_at == london(2026, 11, 17, 10, 0)
    assert after.consideration_due_at == london(2026, 11, 18, 10, 0)
    assert AuditEvent.objects.filter(verb="lado.setting_changed").exists()


def test_a_late_initial_consideration_becomes_a_breach_and_resolves(world: World, clock) -> None:
    from openmash.frontdoor.models import Breach
    from openmash.frontdoor.services.breaches import breaches_detect

    allegation = allegation_referred(world, at=london(2026, 11, 16, 11, 0))
    breaches_detect(now=london(2026, 11, 17, 10, 59))
    assert not Breach.objects.filter(kind="lado.initial_consideration").exists()

    run = breaches_detect(now=london(2026, 11, 17, 11, 1))

    breach = Breach.objects.get(kind="lado.initial_consideration")
    assert breach in run.created
    assert (breach.target_id, breach.due_at) == (allegation.pk, london(2026, 11, 17, 11, 0))
    clock.move_to(london(2026, 11, 17, 11, 30))
    considered = allegation_consider(
        allegation=allegation,
        actor=lado_officer(world),
        harmed_child=True,
        possible_offence=False,
        risk_of_harm=False,
        transferable_risk=False,
        decision="meets",
        reason="Late but made.",
    )
    assert _audited("lado.allegation_considered", considered)[0].summary["late"] is True
    breaches_detect(now=london(2026, 11, 17, 11, 31))
    breach.refresh_from_db()
    assert breach.resolved_at == london(2026, 11, 17, 11, 31)


# --- Meetings, outcome, DBS ----------------------------------------------------------------


def _two_days_ago() -> datetime:
    """A referral two days before the test's "now", whichever now that is (the clock tests run
    these at a Saturday night, a bank holiday eve and the night the clocks go back)."""
    return timezone.localtime() - timedelta(days=2)


def test_a_meeting_records_attendees_and_actions_with_owners_and_due_dates(world: World) -> None:
    referred = _two_days_ago()
    allegation = _considered(world, at=referred)
    held = referred + timedelta(days=1)

    meeting = meeting_record(
        allegation=allegation,
        actor=lado_officer(world),
        kind="management",
        held_at=held,
        attendees="LADO\nDC Patel, Test Police\nHead teacher, Test School",
        minutes="The police will interview; the school suspends pending the investigation.",
        actions=[
            ActionInput(
                action="Interview Lily", owner="DC Patel", due_on=held.date() + timedelta(days=7)
            ),
            ActionInput(action="Suspend", owner="Head teacher", due_on=held.date()),
        ],
    )

    assert meeting.attendee_list() == ["LADO", "DC Patel, Test Police", "Head teacher, Test School"]
    assert [a.owner for a in meeting.actions.all()] == ["Head teacher", "DC Patel"]
    row = _audited("lado.meeting_recorded", allegation)[0]
    assert row.summary["attendees"] == 3
    action = meeting.actions.get(owner="DC Patel")
    meeting_action_done(action=action, actor=lado_officer(world))
    with pytest.raises(ConflictError):
        meeting_action_done(action=action, actor=lado_officer(world))


def test_an_action_cannot_be_due_before_its_meeting(world: World) -> None:
    referred = _two_days_ago()
    held = referred + timedelta(days=1)
    with pytest.raises(ApplicationError, match="due"):
        meeting_record(
            allegation=_considered(world, at=referred),
            actor=lado_officer(world),
            kind="strategy",
            held_at=held,
            attendees="LADO",
            minutes="Minutes",
            actions=[ActionInput(action="x", owner="y", due_on=held.date() - timedelta(days=1))],
        )


def test_a_referral_to_the_dbs_is_recorded_and_audited(world: World) -> None:
    allegation = _considered(world, at=_two_days_ago())

    referral = regulator_referral_record(
        allegation=allegation,
        actor=lado_officer(world),
        body="dbs",
        referred_on=timezone.localdate(),
        made_by="Test School (the employer)",
        reference="DBS-123",
    )

    assert str(referral) == "Referral to Disclosure and Barring Service"
    assert _audited("lado.regulator_referral_recorded", allegation)[0].summary["body"] == "dbs"
