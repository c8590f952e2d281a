"""Calibration exercises: anonymised vignettes, independent answers, results after closing."""

from __future__ import annotations

import re

import pytest

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.quality.anonymise import identifiers_remaining
from openmash.quality.models import ExerciseState, Participant, Vignette
from openmash.quality.permissions import can_see_answers, exercise_get_for_user
from openmash.quality.selectors import exercise_results
from openmash.quality.services import (
    answer_record,
    exercise_close,
    exercise_create,
    exercise_notes_record,
    exercise_open,
    participant_invite,
    vignette_add_from_contact,
    vignette_review,
)
from tests.conftest import World
from tests.quality.helpers import DOB, NAME, NHS, identified_contact, open_exercise


def _audited(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def test_a_vignette_carries_no_identifier_of_its_source_contact(world: World) -> None:
    contact = identified_contact(world)
    exercise = exercise_create(actor=world.auditor, title="Physical abuse")
    vignette = vignette_add_from_contact(exercise=exercise, contact=contact, actor=world.auditor)
    text = vignette.text
    compact = re.sub(r"[\s-]", "", text).upper()
    for name in (*NAME, "Grace", "Okoro"):
        assert name.lower() not in text.lower()
    assert NHS not in compact
    for form in ("23/09/2014", "2014-09-23", "23 September 2014"):
        assert form not in text
    assert "LS62QR" not in compact
    assert contact.reference not in text
    assert contact.source_reference.split(":")[-1] not in text
    assert "Brudenell" not in text
    assert "Hyde Park" not in text
    assert "@" not in text
    assert "496" not in text
    assert identifiers_remaining(text, contact) == []
    # What the decision turns on survives.
    assert "burn on her arm" in text
    assert "Child A" in text
    assert "aged" in text
    assert vignette.reviewed_at is None
    assert _audited("quality.vignette_added") == 1


def test_identifiers_remaining_finds_each_kind_in_an_edited_text(world: World) -> None:
    contact = identified_contact(world)
    nhs = f"{NHS[:3]} {NHS[3:6]} {NHS[6:]}"
    text = f"Zainab, born {DOB:%d/%m/%Y}, NHS {nhs}, ls6 2qr, {contact.reference}"
    assert identifiers_remaining(text, contact) == [
        "a date of birth",
        "a name",
        "a postcode",
        "a reference",
        "an NHS number",
    ]


def test_the_lead_cannot_save_a_reviewed_text_that_names_the_child(world: World) -> None:
    exercise = exercise_create(actor=world.auditor, title="Physical abuse")
    vignette = vignette_add_from_contact(
        exercise=exercise, contact=identified_contact(world), actor=world.auditor
    )
    with pytest.raises(ApplicationError, match="a name"):
        vignette_review(vignette=vignette, actor=world.auditor, text="Zainab has a burn.")
    vignette_review(vignette=vignette, actor=world.auditor, text="Child A (9) has a burn.")
    vignette.refresh_from_db()
    assert vignette.text == "Child A (9) has a burn."
    assert vignette.reviewed_by == world.auditor
    assert _audited("quality.vignette_reviewed") == 1


def test_an_exercise_opens_only_with_reviewed_vignettes_and_two_participants(world: World) -> None:
    lead = world.auditor
    exercise = exercise_create(actor=lead, title="Thresholds")
    with pytest.raises(ApplicationError, match="vignette"):
        exercise_open(exercise=exercise, actor=lead)
    vignette = vignette_add_from_contact(
        exercise=exercise, contact=identified_contact(world), actor=lead
    )
    participant_invite(exercise=exercise, user=world.social_worker, actor=lead)
    participant_invite(exercise=exercise, user=world.police_rep, actor=lead)
    with pytest.raises(ApplicationError, match="Review"):
        exercise_open(exercise=exercise, actor=lead)
    vignette_review(vignette=vignette, actor=lead, text="Child A has a burn.")
    exercise_open(exercise=exercise, actor=lead)
    assert exercise.state == ExerciseState.OPEN
    assert _audited("quality.exercise_opened") == 1
    assert _audited("quality.participant_invited") == 2


def test_only_mash_staff_and_agency_representatives_are_invited(world: World) -> None:
    exercise = exercise_create(actor=world.auditor, title="Thresholds")
    for outsider in (world.referrer, world.admin):
        with pytest.raises(ApplicationError, match="Only MASH staff"):
            participant_invite(exercise=exercise, user=outsider, actor=world.auditor)
    participant_invite(exercise=exercise, user=world.police_rep, actor=world.auditor)
    with pytest.raises(ApplicationError, match="already"):
        participant_invite(exercise=exercise, user=world.police_rep, actor=world.auditor)


def test_a_participant_cannot_see_others_answers_before_the_exercise_closes(world: World) -> None:
    exercise, (sw, _manager, police) = open_exercise(world)
    first = exercise.vignettes.first()
    assert first is not None
    answer_record(
        vignette=first, participant=sw, actor=world.social_worker, level=3, outcome="assessment"
    )
    answer_record(
        vignette=first,
        participant=police,
        actor=world.police_rep,
        level=4,
        outcome="strategy_discussion",
    )
    for user in (world.social_worker, world.manager, world.police_rep, world.auditor):
        assert not can_see_answers(user, exercise)
    # The audit log, which quality leads read, says an answer was given, not what it was.
    summaries = AuditEvent.objects.filter(verb="quality.answer_recorded").values_list(
        "summary", flat=True
    )
    assert all("level" not in s and "outcome" not in s for s in summaries)
    exercise_close(exercise=exercise, actor=world.auditor)
    for user in (world.social_worker, world.manager, world.police_rep, world.auditor):
        assert can_see_answers(user, exercise)
    assert not can_see_answers(world.contact_officer, exercise)


def test_a_participant_answers_only_for_themselves_and_only_while_open(world: World) -> None:
    exercise, (sw, _manager, _police) = open_exercise(world)
    vignette = exercise.vignettes.first()
    assert vignette is not None
    with pytest.raises(ApplicationError, match="yourself"):
        answer_record(
            vignette=vignette, participant=sw, actor=world.manager, level=2, outcome="nfa"
        )
    answer_record(
        vignette=vignette, participant=sw, actor=world.social_worker, level=2, outcome="nfa"
    )
    changed = answer_record(
        vignette=vignette, participant=sw, actor=world.social_worker, level=3, outcome="early_help"
    )
    assert changed.level == 3
    assert sw.answers.count() == 1
    exercise_close(exercise=exercise, actor=world.auditor)
    with pytest.raises(ApplicationError, match="open"):
        answer_record(
            vignette=vignette, participant=sw, actor=world.social_worker, level=1, outcome="nfa"
        )


def test_results_give_kappa_alpha_per_vignette_and_distance_by_agency(world: World) -> None:
    exercise, (sw, manager, police) = open_exercise(world, vignettes=3)
    v1, v2, v3 = list(exercise.vignettes.order_by("position"))
    plan: dict[Participant, list[tuple[int, str] | None]] = {
        sw: [(3, "assessment"), (2, "early_help"), (4, "strategy_discussion")],
        manager: [(3, "assessment"), (2, "early_help"), (4, "strategy_discussion")],
        police: [(4, "strategy_discussion"), (2, "early_help"), None],  # missed the third
    }
    for participant, answers in plan.items():
        for vignette, answer in zip((v1, v2, v3), answers, strict=True):
            if answer:
                answer_record(
                    vignette=vignette,
                    participant=participant,
                    actor=participant.user,
                    level=answer[0],
                    outcome=answer[1],
                )
    exercise_close(exercise=exercise, actor=world.auditor)
    results = exercise_results(exercise, resamples=200)
    assert results.answers == 8
    alpha = results.krippendorff_alpha_ordinal
    assert alpha.value is not None
    assert alpha.low is not None
    assert alpha.high is not None
    assert alpha.low <= alpha.value <= alpha.high
    assert results.krippendorff_alpha_nominal.value is not None
    assert results.fleiss_kappa_outcomes.value is not None
    by_vignette = {r.vignette.position: r for r in results.vignettes}
    assert by_vignette[2].level_agreement == 1.0
    assert by_vignette[1].outcome_agreement == pytest.approx(1 / 3)
    assert by_vignette[1].modal_levels == [3]
    assert by_vignette[3].answers == 2
    distance = {r.participant.user: r for r in results.participants}
    assert distance[world.police_rep].level_distance == pytest.approx(0.5)
    assert distance[world.police_rep].answered == 2
    assert distance[world.social_worker].level_distance == 0.0
    agencies = {g.name: g for g in results.agencies}
    assert agencies["Test Police"].outcome_differs == pytest.approx(0.5)
    assert agencies["Test Council"].participants == 2
    # The same answers always give the same intervals (the exercise's seed).
    assert exercise_results(exercise, resamples=200).krippendorff_alpha_ordinal == alpha


def test_discussion_notes_are_recorded_after_closing(world: World) -> None:
    exercise, _ = open_exercise(world)
    with pytest.raises(ApplicationError):
        exercise_notes_record(exercise=exercise, actor=world.auditor, notes="Early")
    exercise_close(exercise=exercise, actor=world.auditor)
    exercise_notes_record(exercise=exercise, actor=world.auditor, notes="Police read level 4.")
    exercise.refresh_from_db()
    assert exercise.discussion_notes == "Police read level 4."
    assert _audited("quality.notes_recorded") == 1
    assert _audited("quality.exercise_closed") == 1


def test_the_gate_shows_draft_exercises_only_to_quality_leads(world: World) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    exercise = exercise_create(actor=world.auditor, title="Thresholds")
    participant_invite(exercise=exercise, user=world.social_worker, actor=world.auditor)
    assert exercise_get_for_user(world.auditor, exercise.pk, for_change=True) == exercise
    with pytest.raises(Http404):
        exercise_get_for_user(world.social_worker, exercise.pk)
    exercise_open_ready = vignette_add_from_contact(
        exercise=exercise, contact=identified_contact(world), actor=world.auditor
    )
    assert isinstance(exercise_open_ready, Vignette)
    vignette_review(vignette=exercise_open_ready, actor=world.auditor, text="Child A.")
    participant_invite(exercise=exercise, user=world.manager, actor=world.auditor)
    exercise_open(exercise=exercise, actor=world.auditor)
    assert exercise_get_for_user(world.social_worker, exercise.pk) == exercise
    with pytest.raises(PermissionDenied):
        exercise_get_for_user(world.social_worker, exercise.pk, for_change=True)
    for outsider in (world.contact_officer, world.police_rep, world.referrer):
        with pytest.raises(Http404):
            exercise_get_for_user(outsider, exercise.pk)
