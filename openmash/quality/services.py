"""Every change to a calibration exercise: one service each, atomic, audited (docs/quality.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import ChildOutcome
from openmash.quality.anonymise import identifiers_remaining, vignette_draft
from openmash.quality.models import (
    Answer,
    CalibrationExercise,
    ExerciseState,
    Participant,
    Vignette,
)
from openmash.quality.permissions import can_take_part_in_calibration
from openmash.quality.verbs import QualityVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

MINIMUM_PARTICIPANTS = 2


def _must_be(exercise: CalibrationExercise, state: ExerciseState, doing: str) -> None:
    if exercise.state != state:
        raise ApplicationError(f"You can only {doing} while the exercise is {state.label.lower()}.")


@transaction.atomic
def exercise_create(*, actor: User, title: str, description: str = "") -> CalibrationExercise:
    exercise = CalibrationExercise.objects.create(
        title=title.strip(), description=description.strip(), created_by=actor
    )
    audit_record(actor=actor, verb=QualityVerb.EXERCISE_CREATED, target=exercise)
    return exercise


@transaction.atomic
def vignette_add_from_contact(
    *, exercise: CalibrationExercise, contact: Contact, actor: User
) -> Vignette:
    """Add a draft vignette: the contact with its identifiers replaced, not yet reviewed."""
    _must_be(exercise, ExerciseState.DRAFT, "add vignettes")
    exercise = CalibrationExercise.objects.select_for_update().get(pk=exercise.pk)
    last = exercise.vignettes.aggregate(last=Max("position"))["last"] or 0
    vignette = Vignette.objects.create(
        exercise=exercise, position=last + 1, source_contact=contact, text=vignette_draft(contact)
    )
    audit_record(
        actor=actor,
        verb=QualityVerb.VIGNETTE_ADDED,
        target=vignette,
        summary={"exercise": exercise.pk, "contact": contact.pk},
    )
    return vignette


@transaction.atomic
def vignette_review(*, vignette: Vignette, actor: User, text: str) -> Vignette:
    """Save the lead's reviewed text. Refused while it still shows an identifier of its source."""
    _must_be(vignette.exercise, ExerciseState.DRAFT, "edit vignettes")
    text = text.strip()
    if not text:
        raise ApplicationError("Enter the vignette's text.")
    if vignette.source_contact is not None:
        remaining = identifiers_remaining(text, vignette.source_contact)
        if remaining:
            raise ApplicationError(
                "The text still shows " + ", ".join(remaining) + " from the contact."
            )
    vignette.text = text
    vignette.reviewed_by = actor
    vignette.reviewed_at = timezone.now()
    vignette.save(update_fields=["text", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, verb=QualityVerb.VIGNETTE_REVIEWED, target=vignette)
    return vignette


@transaction.atomic
def participant_invite(*, exercise: CalibrationExercise, user: User, actor: User) -> Participant:
    if exercise.state == ExerciseState.CLOSED:
        raise ApplicationError("The exercise has closed.")
    if not can_take_part_in_calibration(user):
        raise ApplicationError("Only MASH staff and agency representatives can take part.")
    if Participant.objects.filter(exercise=exercise, user=user).exists():
        raise ApplicationError(f"{user.full_name} is already taking part.")
    team = user.teams.order_by("name").first()
    participant = Participant.objects.create(
        exercise=exercise,
        user=user,
        agency=user.agency,
        team_name=team.name if team else "",
        invited_by=actor,
    )
    audit_record(
        actor=actor,
        verb=QualityVerb.PARTICIPANT_INVITED,
        target=participant,
        summary={"exercise": exercise.pk, "user": user.pk},
    )
    return participant


@transaction.atomic
def exercise_open(*, exercise: CalibrationExercise, actor: User) -> CalibrationExercise:
    _must_be(exercise, ExerciseState.DRAFT, "open an exercise")
    vignettes = list(exercise.vignettes.all())
    if not vignettes:
        raise ApplicationError("Add at least one vignette.")
    if any(v.reviewed_at is None for v in vignettes):
        raise ApplicationError("Review every vignette's text before you open the exercise.")
    if exercise.participants.count() < MINIMUM_PARTICIPANTS:
        raise ApplicationError(f"Invite at least {MINIMUM_PARTICIPANTS} participants.")
    exercise.state = ExerciseState.OPEN
    exercise.opened_at = timezone.now()
    exercise.save(update_fields=["state", "opened_at"])
    audit_record(actor=actor, verb=QualityVerb.EXERCISE_OPENED, target=exercise)
    return exercise


@transaction.atomic
def answer_record(
    *,
    vignette: Vignette,
    participant: Participant,
    actor: User,
    level: int,
    outcome: str,
    rationale: str = "",
) -> Answer:
    """A participant's own decision on one vignette, which they may change until it closes."""
    exercise = vignette.exercise
    _must_be(exercise, ExerciseState.OPEN, "answer")
    if participant.user_id != actor.pk or participant.exercise_id != exercise.pk:
        raise ApplicationError("You can only answer for yourself.")
    if level not in (1, 2, 3, 4):
        raise ApplicationError("Select a threshold level from 1 to 4.")
    if outcome not in ChildOutcome.values:
        raise ApplicationError("Select an outcome.")
    answer, created = Answer.objects.update_or_create(
        participant=participant,
        vignette=vignette,
        defaults={
            "level": level,
            "outcome": outcome,
            "rationale": rationale.strip(),
            "answered_at": timezone.now(),
        },
    )
    # The audit row says that an answer was given, never what it was: the audit log is read
    # by quality leads, who must not see answers before the exercise closes.
    audit_record(
        actor=actor,
        verb=QualityVerb.ANSWER_RECORDED,
        target=vignette,
        summary={"exercise": exercise.pk, "changed": not created},
    )
    return answer


@transaction.atomic
def exercise_close(*, exercise: CalibrationExercise, actor: User) -> CalibrationExercise:
    _must_be(exercise, ExerciseState.OPEN, "close an exercise")
    exercise.state = ExerciseState.CLOSED
    exercise.closed_at = timezone.now()
    exercise.save(update_fields=["state", "closed_at"])
    answers = Answer.objects.filter(vignette__exercise=exercise).count()
    audit_record(
        actor=actor,
        verb=QualityVerb.EXERCISE_CLOSED,
        target=exercise,
        summary={"answers": answers},
    )
    return exercise


@transaction.atomic
def exercise_notes_record(
    *, exercise: CalibrationExercise, actor: User, notes: str
) -> CalibrationExercise:
    _must_be(exercise, ExerciseState.CLOSED, "record the discussion notes")
    exercise.discussion_notes = notes.strip()
    exercise.save(update_fields=["discussion_notes"])
    audit_record(actor=actor, verb=QualityVerb.NOTES_RECORDED, target=exercise)
    return exercise
