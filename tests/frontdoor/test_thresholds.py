"""Threshold support: the default continuum, the suggestion and its drivers, the reason needed
for a lower choice, and the assessment written to the contact, its chronology and the audit log."""

from __future__ import annotations

from typing import Any

import pytest

from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import EventKind, ThresholdIndicator, ThresholdLevel
from openmash.frontdoor.services.thresholds import threshold_assess, threshold_suggest


def test_the_default_continuum_has_four_levels_and_59_indicators(db):
    children = ThresholdLevel.objects.filter(scale="children")
    assert list(children.values_list("number", flat=True)) == [1, 2, 3, 4]
    indicators = ThresholdIndicator.objects.filter(scale="children")
    assert indicators.count() == 59
    counts = [indicators.filter(level=n).count() for n in (1, 2, 3, 4)]
    assert counts == [14, 15, 15, 15]
    level3 = ThresholdIndicator.objects.get(code="L3-FE-02")
    assert level3.domain == "family_environment"
    assert "substance misuse" in level3.text


def test_the_suggestion_is_the_highest_level_ticked_with_its_indicators_as_drivers(db):
    suggestion = threshold_suggest(["L2-CD-01", "L3-FE-02", "L1-FE-01"])
    assert suggestion.level == 3
    assert suggestion.driver_codes == ["L3-FE-02"]
    assert not suggestion.cumulative
    assert "Level 3 is the highest level" in suggestion.explanation


def test_no_indicators_gives_no_suggestion(db):
    suggestion = threshold_suggest([])
    assert suggestion.level is None
    assert suggestion.drivers == []


def test_three_level_3_indicators_across_two_domains_suggest_level_4(db):
    suggestion = threshold_suggest(["L3-FE-01", "L3-FE-02", "L3-CD-03", "L2-PC-01"])
    assert suggestion.level == 4
    assert suggestion.cumulative
    assert suggestion.driver_codes == ["L3-CD-03", "L3-FE-01", "L3-FE-02"]
    assert "3 indicators at level 3 across 2 domains" in suggestion.explanation


def test_three_level_3_indicators_in_one_domain_stay_at_level_3(db):
    suggestion = threshold_suggest(["L3-FE-01", "L3-FE-02", "L3-FE-03"])
    assert suggestion.level == 3
    assert not suggestion.cumulative


def test_level_1_indicators_never_add_up_to_level_2(db):
    suggestion = threshold_suggest(["L1-CD-01", "L1-PC-01", "L1-FE-01", "L1-FE-02"])
    assert suggestion.level == 1


def test_a_council_can_turn_the_cumulative_rule_off(db, settings):
    settings.THRESHOLD_CUMULATIVE_COUNT = 0
    assert threshold_suggest(["L3-FE-01", "L3-FE-02", "L3-CD-03"]).level == 3


def test_unknown_or_retired_indicators_are_refused(db):
    with pytest.raises(ApplicationError, match="unknown or no longer used: L9-XX-01"):
        threshold_suggest(["L9-XX-01"])
    ThresholdIndicator.objects.filter(code="L2-CD-01").update(is_active=False)
    with pytest.raises(ApplicationError, match="L2-CD-01"):
        threshold_suggest(["L2-CD-01"])


def test_assessment_sets_the_level_and_is_recorded_audited_and_in_the_chronology(world, contact):
    assessment = threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["L3-FE-02", "L2-CD-03"],
        chosen_level=3,
        expected_version=contact.version,
    )
    contact.refresh_from_db()
    assert contact.threshold_level == 3
    assert assessment.suggested_level == 3
    assert assessment.drivers == ["L3-FE-02"]
    assert [i["code"] for i in assessment.indicators] == ["L2-CD-03", "L3-FE-02"]
    assert assessment.indicators[1]["text"].startswith("A parent's mental ill-health")
    event = contact.events.get(kind=EventKind.THRESHOLD)
    assert event.summary == "Threshold level 3 chosen, 2 indicators ticked"
    row = AuditEvent.objects.get(verb="threshold.assessed", target_id=str(contact.pk))
    assert row.actor == world.social_worker
    assert row.summary["suggested_level"] == 3
    assert row.summary["chosen_level"] == 3
    assert row.summary["previous_level"] is None


def test_choosing_below_the_suggestion_needs_a_reason(world, contact):
    codes = ["L4-FE-01"]
    with pytest.raises(ApplicationError, match="Enter why you chose a lower level than suggested"):
        threshold_assess(
            contact=contact, actor=world.social_worker, indicator_codes=codes, chosen_level=3
        )
    contact.refresh_from_db()
    assert contact.threshold_level is None
    assert not AuditEvent.objects.filter(verb="threshold.assessed").exists()
    assessment = threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=codes,
        chosen_level=3,
        reason="The abuser has left and is on bail conditions not to return.",
    )
    assert (assessment.suggested_level, assessment.chosen_level) == (4, 3)
    assert assessment.reason.startswith("The abuser has left")
    assert "(level 4 suggested)" in contact.events.get(kind=EventKind.THRESHOLD).summary


def test_choosing_above_the_suggestion_needs_no_reason_but_is_recorded(world, contact):
    assessment = threshold_assess(
        contact=contact, actor=world.social_worker, indicator_codes=["L2-FE-02"], chosen_level=3
    )
    assert (assessment.suggested_level, assessment.chosen_level) == (2, 3)
    row = AuditEvent.objects.get(verb="threshold.assessed", target_id=str(contact.pk))
    assert (row.summary["suggested_level"], row.summary["chosen_level"]) == (2, 3)


def test_the_level_must_be_one_of_the_four(world, contact):
    bad_levels: list[Any] = [0, 5, "x", None]
    for bad in bad_levels:
        with pytest.raises(ApplicationError, match="Select level 1, 2, 3 or 4"):
            threshold_assess(
                contact=contact, actor=world.social_worker, indicator_codes=[], chosen_level=bad
            )


def test_old_assessments_keep_the_text_that_was_ticked(world, contact):
    assessment = threshold_assess(
        contact=contact, actor=world.social_worker, indicator_codes=["L2-FE-03"], chosen_level=2
    )
    ThresholdIndicator.objects.filter(code="L2-FE-03").update(text="Rewritten later")
    assessment.refresh_from_db()
    assert assessment.indicators[0]["text"].startswith("Low income, debt or unemployment")


def test_a_stale_version_is_refused(world, contact):
    seen = contact.version
    threshold_assess(contact=contact, actor=world.social_worker, indicator_codes=[], chosen_level=1)
    with pytest.raises(ConflictError):
        threshold_assess(
            contact=contact,
            actor=world.contact_officer,
            indicator_codes=[],
            chosen_level=2,
            expected_version=seen,
        )
    contact.refresh_from_db()
    assert contact.threshold_level == 1
