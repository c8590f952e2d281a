"""Out-of-hours services: contacts arriving out of hours go to the EDT and onto a hand-over;
actions, the versioned interim safety plan, acknowledgement, the setting; each audited."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine

from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent
from openmash.outofhours.models import EdtRecord, HandOver, OutOfHoursSetting
from openmash.outofhours.period import setting_current
from openmash.outofhours.selectors import handovers_overdue
from openmash.outofhours.services import (
    edt_action_record,
    handover_acknowledge,
    out_of_hours_setting_change,
    safety_plan_record,
)
from openmash.outofhours.verbs import OutOfHoursVerb
from tests.conftest import World
from tests.outofhours.helpers import contact_received, edt_worker, london


def _audited(verb: OutOfHoursVerb, target: object) -> AuditEvent:
    return AuditEvent.objects.get(verb=verb, target_id=str(target.pk))  # type: ignore[attr-defined]


def test_contact_received_on_boxing_day_saturday_night_goes_to_edt_and_tuesdays_handover(
    world: World,
) -> None:
    contact = contact_received(world, london(2026, 12, 26, 3, 0))
    record = EdtRecord.objects.get(contact=contact)
    assert record.handover.day == date(2026, 12, 29)  # 28 December is the substitute holiday
    assert record.handover.due_at == london(2026, 12, 29, 10, 0)
    row = _audited(OutOfHoursVerb.RECORD_OPENED, record)
    assert row.summary["handover"] == "2026-12-29"
    assert row.actor_id == world.referrer.pk


@pytest.mark.parametrize(
    ("moment", "to_edt"),
    [
        (london(2026, 11, 20, 16, 59), False),
        (london(2026, 11, 20, 17, 0), True),
        (london(2026, 11, 23, 8, 59), True),
        (london(2026, 11, 23, 9, 0), False),
        (london(2026, 12, 28, 14, 0), True),
    ],
)
def test_contacts_at_the_periods_edges_go_to_edt_or_not(world: World, moment, to_edt) -> None:
    contact = contact_received(world, moment)
    assert EdtRecord.objects.filter(contact=contact).exists() is to_edt


def test_contacts_of_one_night_share_a_handover(world: World) -> None:
    first = contact_received(world, london(2026, 11, 20, 19, 0))
    second = contact_received(world, london(2026, 11, 22, 2, 0))
    assert first.edt_record.handover_id == second.edt_record.handover_id
    assert HandOver.objects.get().day == date(2026, 11, 23)


def test_a_night_contact_recorded_after_the_day_starts_is_the_day_teams(world: World) -> None:
    with time_machine.travel(london(2026, 11, 23, 11, 0), tick=False):
        contact = contact_received(
            world, london(2026, 11, 23, 11, 0), received_at=london(2026, 11, 21, 3, 0)
        )
    assert not EdtRecord.objects.filter(contact=contact).exists()


def _record(world: World) -> EdtRecord:
    return contact_received(world, london(2026, 11, 21, 22, 0)).edt_record


def test_edt_worker_records_a_visit(world: World) -> None:
    worker = edt_worker(world)
    record = _record(world)
    with time_machine.travel(london(2026, 11, 21, 23, 45), tick=False):
        action = edt_action_record(
            record=record,
            actor=worker,
            kind="visit",
            taken_at=london(2026, 11, 21, 23, 30),
            detail="Visited with police. Mia safe at her aunt's; stepfather not at home.",
        )
    assert action.get_kind_display() == "Visit"
    row = _audited(OutOfHoursVerb.ACTION_RECORDED, record)
    assert row.summary["kind"] == "visit"
    assert row.actor_id == worker.pk


def test_an_action_in_the_future_or_before_the_contact_is_refused(world: World) -> None:
    worker = edt_worker(world)
    record = _record(world)
    with time_machine.travel(london(2026, 11, 21, 23, 45), tick=False):
        for taken in (london(2026, 11, 22, 1, 0), london(2026, 11, 21, 21, 0)):
            with pytest.raises(ApplicationError) as refused:
                edt_action_record(
                    record=record, actor=worker, kind="police", taken_at=taken, detail="Rang"
                )
            assert refused.value.field == "taken_at"
    assert not record.actions.exists()


def _plan(record: EdtRecord, actor, *, version: int, reason: str = "", at=None):
    with time_machine.travel(at or london(2026, 11, 22, 0, 30), tick=False):
        return safety_plan_record(
            record=record,
            actor=actor,
            who_does_what="Aunt keeps Mia overnight; stepfather stays away (police told him).",
            until=london(2026, 11, 23, 17, 0),
            how_checked="EDT rings the aunt at 08:00; MASH social worker visits Monday.",
            change_reason=reason,
            expected_version=version,
        )


def test_the_safety_plan_is_versioned_and_the_day_team_updates_it(world: World) -> None:
    worker = edt_worker(world)
    record = _record(world)
    first = _plan(record, worker, version=0)
    assert (first.number, first.by_day_team) == (1, False)
    with pytest.raises(ApplicationError) as refused:
        _plan(record, world.social_worker, version=1, at=london(2026, 11, 23, 11, 0))
    assert refused.value.field == "change_reason"
    second = _plan(
        record,
        world.social_worker,
        version=1,
        reason="Aunt can keep Mia until the strategy discussion",
        at=london(2026, 11, 23, 11, 0),
    )
    assert (second.number, second.by_day_team) == (2, True)
    assert list(record.plan_versions.values_list("number", flat=True)) == [2, 1]
    rows = AuditEvent.objects.filter(
        verb=OutOfHoursVerb.SAFETY_PLAN_RECORDED, target_id=str(record.pk)
    ).order_by("id")
    assert [r.summary["version"] for r in rows] == [1, 2]
    assert rows[1].summary["by_day_team"] is True
    assert rows[1].actor_id == world.social_worker.pk


def test_a_plan_changed_meanwhile_is_refused_as_a_conflict(world: World) -> None:
    worker = edt_worker(world)
    record = _record(world)
    _plan(record, worker, version=0)
    with pytest.raises(ConflictError):
        _plan(record, worker, version=0)
    assert record.plan_versions.count() == 1


def test_a_plan_must_run_until_a_future_time(world: World) -> None:
    record = _record(world)
    with pytest.raises(ApplicationError) as refused:
        _plan(record, world.social_worker, version=0, at=london(2026, 11, 24, 9, 0))
    assert refused.value.field == "until"


def test_manager_acknowledges_the_handover_from_the_start_of_the_day(world: World) -> None:
    record = _record(world)
    handover = record.handover
    with pytest.raises(ApplicationError):
        handover_acknowledge(handover=handover, actor=world.manager, now=london(2026, 11, 23, 8, 0))
    done = handover_acknowledge(
        handover=handover, actor=world.manager, note="Sam takes it", now=london(2026, 11, 23, 9, 40)
    )
    assert done.acknowledged_by == world.manager
    row = _audited(OutOfHoursVerb.HANDOVER_ACKNOWLEDGED, handover)
    assert row.summary == {"day": "2026-11-23", "records": [record.pk], "late": False}
    with pytest.raises(ConflictError):
        handover_acknowledge(handover=done, actor=world.manager, now=london(2026, 11, 23, 9, 50))


def test_an_unacknowledged_handover_is_overdue_after_its_time(world: World) -> None:
    handover = contact_received(world, london(2026, 12, 26, 3, 0)).edt_record.handover
    assert list(handovers_overdue(london(2026, 12, 29, 10, 0))) == []
    overdue = list(handovers_overdue(london(2026, 12, 29, 10, 1)))
    assert [(o.target, o.due_at, o.team_id) for o in overdue] == [
        (handover, london(2026, 12, 29, 10, 0), world.mash.pk if world.mash else None)
    ]
    handover_acknowledge(handover=handover, actor=world.manager, now=london(2026, 12, 29, 10, 5))
    assert list(handovers_overdue(london(2026, 12, 29, 10, 6))) == []


def test_the_setting_changes_with_history_and_an_audit_row(world: World) -> None:
    before = setting_current()
    changed = out_of_hours_setting_change(
        actor=world.admin,
        day_starts=time(8, 30),
        day_ends=time(17, 30),
        weekends=True,
        bank_holidays=True,
        acknowledge_by=time(9, 30),
        reason="The MASH opens earlier from January",
    )
    assert setting_current() == changed
    assert OutOfHoursSetting.objects.count() == 2  # the installed default is kept as history
    assert before.pk is not None
    row = _audited(OutOfHoursVerb.SETTING_CHANGED, changed)
    assert row.summary["changes"]["day_starts"] == {"before": "09:00", "after": "08:30"}
    assert row.actor_id == world.admin.pk
    contact = contact_received(world, london(2026, 11, 20, 17, 15))
    assert not EdtRecord.objects.filter(contact=contact).exists()  # the day now ends 17:30


def test_a_setting_with_the_day_ending_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        out_of_hours_setting_change(
            actor=world.admin,
            day_starts=time(17, 0),
            day_ends=time(9, 0),
            weekends=True,
            bank_holidays=True,
            acknowledge_by=time(10, 0),
            reason="Mistake",
        )
    assert refused.value.field == "day_ends"
    assert OutOfHoursSetting.objects.count() == 1


def test_the_breach_job_flags_an_unacknowledged_handover_and_resolves_it(world: World) -> None:
    from openmash.frontdoor.models import Breach
    from openmash.frontdoor.services.breaches import breaches_detect

    handover = contact_received(world, london(2026, 12, 26, 3, 0)).edt_record.handover
    breaches_detect(now=london(2026, 12, 29, 9, 59))
    assert not Breach.objects.filter(kind="outofhours.handover_unacknowledged").exists()
    run = breaches_detect(now=london(2026, 12, 29, 10, 1))
    breach = Breach.objects.get(kind="outofhours.handover_unacknowledged")
    assert breach in run.created
    assert (breach.target_id, breach.due_at) == (handover.pk, london(2026, 12, 29, 10, 0))
    breaches_detect(now=london(2026, 12, 29, 10, 2))
    assert Breach.objects.filter(kind="outofhours.handover_unacknowledged").count() == 1
    handover_acknowledge(handover=handover, actor=world.manager, now=london(2026, 12, 29, 10, 20))
    breaches_detect(now=london(2026, 12, 29, 10, 25))
    breach.refresh_from_db()
    assert breach.resolved_at == london(2026, 12, 29, 10, 25)


def test_immediate_risk_tells_the_edt_by_the_out_of_hours_setting_not_fixed_hours(
    world: World, django_capture_on_commit_callbacks
) -> None:
    """The day team works until 18:00 here: at 17:30 a contact with immediate risk is the day
    team's (the managers are told, the EDT is not); at 18:30 the EDT is told too."""
    from openmash.core.models import OutboxMessage

    worker = edt_worker(world)
    with time_machine.travel(london(2026, 11, 2, 9, 0), tick=False):
        out_of_hours_setting_change(
            actor=world.admin,
            day_starts=time(9, 0),
            day_ends=time(18, 0),
            weekends=True,
            bank_holidays=True,
            acknowledge_by=time(10, 0),
            reason="The MASH stays open until six",
        )

    def told(user) -> int:
        return OutboxMessage.objects.filter(
            to_email=user.email, subject__contains="Immediate"
        ).count()

    with django_capture_on_commit_callbacks(execute=True):
        contact_received(
            world,
            london(2026, 11, 18, 17, 30),
            immediate_risk=True,
            immediate_risk_details="Threatened tonight",
        )
    assert told(world.manager) == 1
    assert told(worker) == 0
    with django_capture_on_commit_callbacks(execute=True):
        contact_received(
            world,
            london(2026, 11, 18, 18, 30),
            immediate_risk=True,
            immediate_risk_details="Threatened tonight",
        )
    assert told(worker) == 1
