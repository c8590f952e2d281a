"""Quality assurance: threshold calibration exercises (docs/quality.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.contacts.models import Contact
from openmash.frontdoor.models import ChildOutcome

THRESHOLD_LEVELS = [(1, "Level 1"), (2, "Level 2"), (3, "Level 3"), (4, "Level 4")]


class ExerciseState(models.TextChoices):
    DRAFT = "draft", "Being prepared"
    OPEN = "open", "Open for answers"
    CLOSED = "closed", "Closed"


class CalibrationExercise(models.Model):
    """A set of anonymised vignettes that MASH staff and partner agencies decide independently,
    to measure how consistently the partnership applies its thresholds."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    state = models.CharField(max_length=8, choices=ExerciseState.choices, default="draft")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    discussion_notes = models.TextField(blank=True)
    # The bootstrap's seed: the same answers always give the same intervals.
    seed = models.PositiveIntegerField(default=20261207)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Vignette(models.Model):
    """One case for the participants to decide: a contact with every identifier replaced, its
    text reviewed (and usually edited) by the quality lead before the exercise opens."""

    exercise = models.ForeignKey(
        CalibrationExercise, on_delete=models.CASCADE, related_name="vignettes"
    )
    position = models.PositiveIntegerField()
    # Kept so the lead's edits can be checked again for the source's identifiers; never shown
    # to participants.
    source_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="one_vignette_position")
        ]

    def __str__(self) -> str:
        return f"Vignette {self.position}"


class Participant(models.Model):
    exercise = models.ForeignKey(
        CalibrationExercise, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The agency and team at the time of the exercise, for the results by agency and team.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    team_name = models.CharField(max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["exercise", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "user"], name="one_participation")
        ]

    def __str__(self) -> str:
        return f"Participant {self.pk}"


class Answer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    vignette = models.ForeignKey(Vignette, on_delete=models.CASCADE, related_name="answers")
    level = models.PositiveSmallIntegerField(choices=THRESHOLD_LEVELS)
    outcome = models.CharField(max_length=24, choices=ChildOutcome.choices)
    rationale = models.TextField(blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["vignette", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "vignette"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.vignette}"
