"""Out-of-hours work: the emergency duty team (EDT), its records, actions, interim safety plans
and the hand-over to the day's MASH (docs/outofhours.md)."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.dates import govuk_datetime


class OutOfHoursSetting(models.Model):
    """When the out-of-hours period runs and when the day's hand-over must be acknowledged.
    Rows are never edited: a change adds a row, so the newest is in force and the older ones
    are its history (each change is also audited)."""

    day_starts = models.TimeField(default=time(9, 0), help_text="The day team takes over")
    day_ends = models.TimeField(default=time(17, 0), help_text="The EDT takes over")
    weekends = models.BooleanField(default=True, help_text="Saturdays and Sundays are out of hours")
    bank_holidays = models.BooleanField(
        default=True, help_text="Bank holidays in the calendar are out of hours"
    )
    acknowledge_by = models.TimeField(
        default=time(10, 0),
        help_text="On the hand-over's working day, the MASH manager acknowledges it by then",
    )
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Out of hours from {self.day_ends:%H:%M} to {self.day_starts:%H:%M}"


class HandOver(models.Model):
    """The list of EDT records the day's MASH manager takes over on one working day."""

    day = models.DateField(unique=True)
    due_at = models.DateTimeField(help_text="Acknowledge by")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        indexes = [models.Index(fields=["acknowledged_at", "due_at"])]

    def __str__(self) -> str:
        return f"Hand-over of {self.day:%-d %B %Y}"


class EdtRecord(models.Model):
    """A contact received out of hours, in the EDT's queue until the day team takes it over."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="edt_record")
    received_at = models.DateTimeField()
    handover = models.ForeignKey(HandOver, on_delete=models.PROTECT, related_name="records")
    opened_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"EDT record for contact {self.contact.reference}"


class ActionKind(models.TextChoices):
    VISIT = "visit", "Visit"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    PLACEMENT = "placement", "Placement"
    ADVICE = "advice", "Advice"


class EdtAction(models.Model):
    """Something the EDT did about the contact (a visit, a call to the police, ...)."""

    record = models.ForeignKey(EdtRecord, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=12, choices=ActionKind.choices)
    taken_at = models.DateTimeField()
    detail = models.TextField()
    # Empty only on records the synthetic generator loaded without a user to name.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taken_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {govuk_datetime(self.taken_at)}"


class SafetyPlanVersion(models.Model):
    """One version of a record's interim safety plan: who does what, until when, how it is
    checked. A change adds the next version; the newest is the plan in force."""

    record = models.ForeignKey(EdtRecord, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveIntegerField()
    who_does_what = models.TextField()
    until = models.DateTimeField()
    how_checked = models.TextField()
    change_reason = models.TextField(blank=True)
    by_day_team = models.BooleanField(default=False)
    # Empty only on records the synthetic generator loaded without a user to name.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"Safety plan version {self.number}"
