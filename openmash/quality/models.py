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


# Case audits and dip samples (issue 22 items 1 and 2) ----------------------------------------


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class AuditTemplate(models.Model):
    """A set of audit questions. Its text lives in versions: every edit adds one, and an audit
    keeps the version it was done with."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Audit template {self.pk}"

    @property
    def current(self) -> AuditTemplateVersion:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class AuditTemplateVersion(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # [{"text": ..., "guidance": ...}] in the order asked.
    questions = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="one_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class SampleAssignment(models.TextChoices):
    ROUND_ROBIN = "round_robin", "Share between the auditors in turn"
    CHOSEN = "chosen", "All to one chosen auditor"


class DipSample(models.Model):
    """A random sample of authorised decisions by criteria, drawn from a seed: the same seed,
    criteria and data always give the same sample (docs/quality.md)."""

    title = models.CharField(max_length=200)
    template_version = models.ForeignKey(
        AuditTemplateVersion, on_delete=models.PROTECT, related_name="+"
    )
    criteria = models.JSONField(default=dict)
    seed = models.PositiveBigIntegerField()
    assignment = models.CharField(max_length=12, choices=SampleAssignment.choices)
    population = models.PositiveIntegerField(help_text="Decisions matching the criteria")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AuditState(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    MODERATED = "moderated", "Moderated"


class CaseAudit(models.Model):
    """An auditor's audit of one contact against a template version: an answer and finding per
    question, an overall grade, actions, the worker's response and a second auditor's
    moderation."""

    template_version = models.ForeignKey(
        AuditTemplateVersion, on_delete=models.PROTECT, related_name="audits"
    )
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    # The decision audited, when it came from a dip sample.
    decision = models.ForeignKey(
        "frontdoor.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sample = models.ForeignKey(
        DipSample, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    # The worker whose case it is: they see the audit once completed, and respond.
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        max_length=12, choices=AuditState.choices, default=AuditState.IN_PROGRESS
    )
    created_at = models.DateTimeField(default=timezone.now)
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    summary = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    worker_response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderation_agrees = models.BooleanField(null=True, blank=True)
    moderation_reason = models.TextField(blank=True)
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["worker", "state"], name="audit_worker_idx")]

    def __str__(self) -> str:
        return f"Case audit {self.pk}"

    @property
    def final_grade(self) -> str:
        return self.moderated_grade or self.grade

    def get_final_grade_display(self) -> str:
        return str(dict(Grade.choices).get(self.final_grade, ""))


class AuditAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField(help_text="The question's place in the version, from 1")
    answer = models.TextField()
    finding = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "position"], name="one_audit_answer")
        ]

    def __str__(self) -> str:
        return f"Answer {self.position}"


class AuditAction(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["audit", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
