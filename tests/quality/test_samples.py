"""Dip samples: drawn by criteria from a seed, reproducible, assigned to auditors, with
progress."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import DecisionState
from openmash.quality.audit_selectors import sample_progress
from openmash.quality.audit_services import (
    audit_answers_record,
    audit_complete,
    sample_draw,
)
from openmash.quality.models import DipSample
from openmash.quality.sampling import SampleCriteria, sample_pick, sample_population
from tests.conftest import World
from tests.quality.audit_helpers import a_template, decided, second_auditor
from tests.quality.helpers import identified_contact

pytestmark = pytest.mark.clock


def _criteria(**given: object) -> SampleCriteria:
    today = timezone.localdate()
    base: dict[str, object] = {"date_from": today - timedelta(days=30), "date_to": today}
    return SampleCriteria(**(base | given))  # type: ignore[arg-type]


def _decisions(world: World) -> dict[str, list[int]]:
    """Ten authorised no-further-action decisions (eight by the social worker on school
    contacts, two by the contact officer on a police contact), two early help, one returned, and
    one no-further-action authorised long before the period."""
    school = [identified_contact(world) for _ in range(2)]
    police = identified_contact(world)
    Contact.objects.filter(pk=police.pk).update(source_agency=world.police)
    made: dict[str, list[int]] = {"nfa": [], "early_help": [], "other": []}
    for n in range(8):
        made["nfa"].append(decided(world, contact=school[n % 2], days_ago=1 + n).pk)
    for n in range(2):
        d = decided(world, contact=police, worker=world.contact_officer, days_ago=2 + n)
        made["nfa"].append(d.pk)
    for _ in range(2):
        made["early_help"].append(decided(world, contact=school[0], outcome="early_help").pk)
    made["other"].append(decided(world, contact=school[1], state=DecisionState.RETURNED).pk)
    made["other"].append(decided(world, contact=school[1], days_ago=60).pk)
    return made


def _drawn(sample: DipSample) -> list[int]:
    return list(sample.audits.order_by("pk").values_list("decision_id", flat=True))


def test_a_dip_sample_is_reproducible_from_its_seed_and_criteria(world: World) -> None:
    made = _decisions(world)
    template = a_template(world)
    criteria = _criteria(outcome="nfa", percentage=50)
    assert sample_population(criteria) == sorted(made["nfa"])

    def draw(seed: int) -> DipSample:
        return sample_draw(
            actor=world.auditor,
            title="NFA, last month",
            template=template,
            criteria=criteria,
            seed=seed,
            auditors=[world.auditor],
        )

    first, again, other = draw(20261207), draw(20261207), draw(7)
    assert len(_drawn(first)) == 5  # 50% of 10
    assert _drawn(first) == _drawn(again)
    assert _drawn(first) != _drawn(other)
    assert set(_drawn(first)) <= set(made["nfa"])
    # The stored seed and criteria alone give the same sample again.
    stored = SampleCriteria.from_json(first.criteria)
    assert sample_pick(sample_population(stored), seed=first.seed, criteria=stored) == _drawn(first)
    assert first.population == 10
    event = AuditEvent.objects.filter(verb="quality.sample_drawn").order_by("pk").first()
    assert event is not None
    assert event.summary["seed"] == 20261207


def test_a_sample_by_worker_and_source_agency_with_a_count(world: World) -> None:
    made = _decisions(world)
    criteria = _criteria(worker_id=world.contact_officer.pk, count=5)
    assert len(sample_population(criteria)) == 2
    sample = sample_draw(
        actor=world.auditor,
        title="The contact officer's week",
        template=a_template(world),
        criteria=criteria,
        seed=1,
        auditors=[world.auditor],
    )
    assert sorted(_drawn(sample)) == sorted(made["nfa"][8:])
    by_agency = _criteria(source_agency_id=world.police.pk, count=10)
    assert sample_population(by_agency) == sorted(made["nfa"][8:])
    # Every audit names the worker whose decision it was.
    assert {a.worker_id for a in sample.audits.all()} == {world.contact_officer.pk}


def test_audits_are_shared_round_robin_and_progress_counts_completed(world: World) -> None:
    _decisions(world)
    other = second_auditor(world)
    sample = sample_draw(
        actor=world.auditor,
        title="Everything",
        template=a_template(world),
        criteria=_criteria(count=5),
        seed=3,
        auditors=[world.auditor, other],
    )
    auditors = list(sample.audits.order_by("pk").values_list("auditor_id", flat=True))
    assert auditors == [world.auditor.pk, other.pk, world.auditor.pk, other.pk, world.auditor.pk]
    assert sample_progress(sample) == (0, 5)
    audit = sample.audits.filter(auditor=world.auditor).first()
    assert audit is not None
    audit_answers_record(audit=audit, actor=world.auditor, answers=[("Yes", ""), ("Yes", "")])
    audit_complete(audit=audit, actor=world.auditor, grade="good", summary="Fine")
    assert sample_progress(sample) == (1, 5)


def test_a_sample_is_refused_on_bad_criteria_or_auditors(world: World) -> None:
    _decisions(world)
    template = a_template(world)

    def draw(criteria: SampleCriteria, auditors: list, assignment: str = "round_robin") -> None:
        sample_draw(
            actor=world.auditor,
            title="T",
            template=template,
            criteria=criteria,
            seed=1,
            auditors=auditors,
            assignment=assignment,
        )

    with pytest.raises(ApplicationError, match="either a percentage or a number"):
        _criteria(percentage=10, count=3)
    with pytest.raises(ApplicationError, match="on or after its start"):
        _criteria(count=3, date_from=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ApplicationError, match="No authorised decisions"):
        draw(_criteria(outcome="immediate_protection", count=3), [world.auditor])
    with pytest.raises(ApplicationError, match="one auditor"):
        draw(_criteria(count=3), [world.auditor, second_auditor(world)], "chosen")
    with pytest.raises(ApplicationError, match="not a quality lead"):
        draw(_criteria(count=3), [world.social_worker])
    with pytest.raises(ApplicationError, match="Only quality leads"):
        sample_draw(
            actor=world.manager,
            title="T",
            template=template,
            criteria=_criteria(count=3),
            seed=1,
            auditors=[world.auditor],
        )
    assert DipSample.objects.count() == 0
