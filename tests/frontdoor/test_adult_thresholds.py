"""Adults are screened on the adults' safeguarding risk thresholds with the Care Act s42(1) tests:
the default scale, the suggestion (level and s42 duty), the assessment per adult, a contact about
an adult and a child assessed on both scales, and administrators' edits to the adults' scale."""

from __future__ import annotations

import pytest

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.frontdoor.adult_thresholds_defaults import ABUSE_TYPE_LABELS
from openmash.frontdoor.models import EventKind, ThresholdIndicator, ThresholdLevel
from openmash.frontdoor.services.s42 import S42Tests
from openmash.frontdoor.services.settings import threshold_indicator_save, threshold_level_update
from openmash.frontdoor.services.thresholds import (
    contact_scale_level,
    contact_scales,
    threshold_assess,
    threshold_suggest,
)
from tests.conftest import client_for
from tests.frontdoor.adult_helpers import adult_contact

ALL_YES = S42Tests.of(
    has_care_and_support_needs=("yes", "Dementia; carers visit four times a day."),
    experiencing_or_at_risk_of_abuse=("yes", "Neighbour holds her bank card."),
    unable_to_protect_self="yes",
)


def test_the_default_adults_scale_has_four_levels_and_indicators_for_each_type_of_abuse(db):
    levels = ThresholdLevel.objects.filter(scale="adults")
    assert list(levels.values_list("label", flat=True)) == [
        "Low",
        "Moderate",
        "Substantial",
        "Critical",
    ]
    assert "No section 42 enquiry" in levels.get(number=1).typical_response
    indicators = ThresholdIndicator.objects.filter(scale="adults")
    assert set(indicators.values_list("domain", flat=True)) == set(ABUSE_TYPE_LABELS)
    assert indicators.count() == 39
    # Modern slavery starts at moderate: there is no low-level slavery.
    assert not indicators.filter(domain="modern_slavery", level=1).exists()
    assert indicators.get(code="A3-FIN-01").text.startswith("Misuse of benefits")


def test_the_suggestion_says_the_s42_duty_appears_met_when_all_three_tests_are_yes(db):
    suggestion = threshold_suggest(["A3-FIN-01", "A2-NEG-01"], scale="adults", s42=ALL_YES)
    assert (suggestion.level, suggestion.level_label) == (3, "Substantial")
    assert suggestion.driver_codes == ["A3-FIN-01"]
    assert suggestion.explanation.startswith("Substantial (level 3) is the highest level")
    assert suggestion.typical_response.startswith("Section 42 enquiry")
    assert suggestion.s42 is not None
    assert suggestion.s42.duty == "met"
    assert "must make, or cause others to make" in suggestion.s42.explanation


def test_a_no_means_the_duty_does_not_appear_to_apply_and_a_high_risk_still_gets_a_word(db):
    tests = S42Tests.of(
        has_care_and_support_needs="yes",
        experiencing_or_at_risk_of_abuse="yes",
        unable_to_protect_self=("no", "Has capacity and has moved to her daughter's."),
    )
    suggestion = threshold_suggest(["A4-DOM-01"], scale="adults", s42=tests)
    assert suggestion.s42 is not None
    assert suggestion.s42.duty == "not_met"
    assert suggestion.s42.unmet == ["unable_to_protect_self"]
    assert "other safeguarding enquiry" in suggestion.s42.explanation
    assert "MARAC" in suggestion.s42.explanation  # critical risk, duty or not


def test_unanswered_tests_are_not_yet_known_and_a_no_needs_a_note(db):
    suggestion = threshold_suggest(
        [], scale="adults", s42=S42Tests.of(unable_to_protect_self="yes")
    )
    assert suggestion.level is None
    assert suggestion.s42 is not None
    assert suggestion.s42.duty == "not_yet_known"
    assert suggestion.s42.unknown == [
        "has_care_and_support_needs",
        "experiencing_or_at_risk_of_abuse",
    ]
    assert "find out whether the adult has care and support needs and whether they are" in (
        suggestion.s42.explanation
    )
    with pytest.raises(ApplicationError, match="Enter why the test is not met") as refused:
        threshold_suggest([], scale="adults", s42=S42Tests.of(has_care_and_support_needs="no"))
    assert refused.value.field == "has_care_and_support_needs_note"
    with pytest.raises(ApplicationError, match="Select yes, no or not yet known"):
        threshold_suggest([], scale="adults", s42=S42Tests.of(unable_to_protect_self="maybe"))


def test_duty_met_at_a_low_level_asks_for_a_proportionate_enquiry(db):
    suggestion = threshold_suggest(["A1-PHY-01"], scale="adults", s42=ALL_YES)
    assert suggestion.s42 is not None
    assert "The level suggested is Low" in suggestion.s42.explanation


def test_several_low_concerns_across_types_of_abuse_suggest_moderate(db):
    suggestion = threshold_suggest(["A1-FIN-01", "A1-PSY-01", "A1-NEG-01"], scale="adults")
    assert (suggestion.level, suggestion.cumulative) == (2, True)
    assert "3 indicators at Low (level 1) across 3 types of abuse or neglect" in (
        suggestion.explanation
    )
    assert "together they suggest Moderate (level 2)" in suggestion.explanation


def test_each_scale_refuses_the_other_scales_indicators(db):
    with pytest.raises(ApplicationError, match="not on the adults' safeguarding risk thresholds"):
        threshold_suggest(["L3-FE-02"], scale="adults")
    with pytest.raises(ApplicationError, match="not on the children's continuum of need: A2-"):
        threshold_suggest(["A2-PHY-01"])


def test_an_adults_screening_records_the_s42_tests_and_level_for_the_adult(world):
    contact = adult_contact(world)
    edith = contact.contact_subjects.get()
    assessment = threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["A3-FIN-01"],
        chosen_level=3,
        s42=ALL_YES,
        expected_version=contact.version,
    )
    assert (assessment.scale, assessment.subject, assessment.chosen_level) == ("adults", edith, 3)
    assert assessment.has_care_and_support_needs == "yes"
    assert assessment.has_care_and_support_needs_note.startswith("Dementia")
    assert assessment.unable_to_protect_self == "yes"
    contact.refresh_from_db()
    assert contact.threshold_level == 3
    event = contact.events.get(kind=EventKind.THRESHOLD)
    assert event.summary == (
        "Adult risk level Substantial (level 3) chosen for Edith Marsh; s42(1) tests met; "
        "1 indicator ticked"
    )
    row = AuditEvent.objects.get(verb="threshold.assessed", target_id=str(contact.pk))
    assert row.actor == world.social_worker
    assert (row.summary["scale"], row.summary["subject"]) == ("adults", edith.pk)
    assert row.summary["s42"] == {
        "has_care_and_support_needs": "yes",
        "experiencing_or_at_risk_of_abuse": "yes",
        "unable_to_protect_self": "yes",
    }


def test_an_adult_only_contact_cannot_be_assessed_on_the_childrens_continuum(world):
    contact = adult_contact(world)
    assert [scale.code for scale in contact_scales(contact)] == ["adults"]
    with pytest.raises(ApplicationError, match="about an adult only: use the adults'") as refused:
        threshold_assess(
            contact=contact,
            actor=world.social_worker,
            indicator_codes=["L2-CD-01"],
            chosen_level=2,
            scale="children",
        )
    assert refused.value.field == "scale"
    assert not AuditEvent.objects.filter(verb="threshold.assessed").exists()


def test_a_child_only_contact_cannot_be_screened_on_the_adults_scale(world, contact):
    with pytest.raises(ApplicationError, match="about a child only: use the children's"):
        threshold_assess(
            contact=contact,
            actor=world.social_worker,
            indicator_codes=[],
            chosen_level=2,
            scale="adults",
        )
    with pytest.raises(ApplicationError, match="section 42 tests are for adults only"):
        threshold_assess(
            contact=contact,
            actor=world.social_worker,
            indicator_codes=[],
            chosen_level=2,
            s42=ALL_YES,
        )


def test_choosing_below_the_suggested_risk_level_needs_a_reason(world):
    contact = adult_contact(world)
    with pytest.raises(ApplicationError, match="Enter why you chose a lower level"):
        threshold_assess(
            contact=contact,
            actor=world.social_worker,
            indicator_codes=["A4-SLF-01"],
            chosen_level=2,
        )
    with pytest.raises(ApplicationError, match="Select the risk level: low, moderate"):
        threshold_assess(
            contact=contact, actor=world.social_worker, indicator_codes=[], chosen_level=7
        )


def test_a_contact_about_an_adult_and_a_child_is_assessed_on_both_scales(world):
    contact = adult_contact(world, with_child=True)
    assert [scale.code for scale in contact_scales(contact)] == ["children", "adults"]
    with pytest.raises(ApplicationError, match="about a child and an adult: select"):
        threshold_assess(
            contact=contact, actor=world.social_worker, indicator_codes=[], chosen_level=1
        )
    child = threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["L3-FE-02"],
        chosen_level=3,
        scale="children",
    )
    adult = threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["A2-FIN-01"],
        chosen_level=2,
        scale="adults",
        s42=ALL_YES,
    )
    assert (child.scale, child.subject) == ("children", None)
    assert adult.subject is not None
    assert (adult.scale, adult.subject.given_name) == ("adults", "Edith")
    contact.refresh_from_db()
    assert contact.threshold_level == 3  # the highest current level of the two
    assert contact_scale_level(contact, scale="children") == 3
    assert contact_scale_level(contact, scale="adults", subject=adult.subject) == 2


def test_two_adults_are_screened_each_on_their_own(world):
    contact = adult_contact(world, adults=2)
    edith, albert = contact.contact_subjects.order_by("pk")
    with pytest.raises(ApplicationError, match="Select the adult you are screening"):
        threshold_assess(
            contact=contact, actor=world.social_worker, indicator_codes=[], chosen_level=1
        )
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=[],
        chosen_level=4,
        subject=edith,
    )
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=[],
        chosen_level=1,
        subject=albert,
    )
    contact.refresh_from_db()
    assert contact.threshold_level == 4  # Edith's critical level still stands
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=[],
        chosen_level=2,
        subject=edith,
    )
    contact.refresh_from_db()
    assert contact.threshold_level == 2


def test_editing_the_adults_scale_is_audited_and_in_the_settings_history(world):
    level = ThresholdLevel.objects.get(scale="adults", number=2)
    threshold_level_update(
        actor=world.admin,
        level=level,
        label="Medium",
        description=level.description,
        typical_response=level.typical_response,
    )
    indicator = threshold_indicator_save(
        actor=world.admin,
        scale="adults",
        code="A2-FIN-02",
        level=2,
        domain="financial_material",
        text="Repeated doorstep callers selling unneeded building work.",
    )
    assert threshold_suggest([indicator.code], scale="adults").level_label == "Medium"
    with pytest.raises(ApplicationError, match="scale cannot change"):
        threshold_indicator_save(
            actor=world.admin,
            indicator=indicator,
            scale="children",
            code="A2-FIN-02",
            level=2,
            domain="financial_material",
            text=indicator.text,
        )
    rows = AuditEvent.objects.filter(verb="threshold.continuum_changed").order_by("pk")
    assert [row.summary["setting"] for row in rows] == [
        "Adults' safeguarding risk thresholds: level 2",
        "Adults' safeguarding risk thresholds: indicator A2-FIN-02 added",
    ]
    assert rows[0].summary["changes"] == {"label": {"before": "Moderate", "after": "Medium"}}
    page = client_for(world.admin).get("/mash/settings/history/").content.decode()
    assert "Adults&#x27; safeguarding risk thresholds: level 2" in page
    assert "Moderate → Medium" in page
