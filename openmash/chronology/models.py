"""A person's chronology is built from every app's events
(`people.registry.person_event_providers`); what the chronology keeps itself is what workers add
to it: entries from outside OpenMASH (with the agency and the day it happened), which events are
significant, and the case summary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.people.models import Person

USER = settings.AUTH_USER_MODEL


class EntryKind(models.TextChoices):
    INCIDENT = "incident", "Incident"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    POLICE = "police", "Police"
    COURT = "court", "Court or legal"
    FAMILY = "family", "Family event (a birth, a move, a bereavement, a separation)"
    SERVICE = "service", "Service involvement"
    OTHER = "other", "Other"


class ChronologyEntry(models.Model):
    """Something a worker adds to a person's chronology from outside OpenMASH: a historical event
    from another agency's record, a family event. It sorts by when it happened, which may be long
    before it was recorded."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="chronology_entries")
    happened_on = models.DateField()
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it is recorded (a system, a report, a person)"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happened_on", "pk"]
        verbose_name_plural = "chronology entries"
        indexes = [models.Index(fields=["person", "happened_on"], name="entry_person_idx")]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.summary}"


class SignificantEvent(models.Model):
    """A worker marked this event (by its key) significant in this person's story."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="significant_events")
    event_key = models.CharField(max_length=200)
    note = models.CharField(max_length=300, blank=True)
    marked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "event_key"], name="significant_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_key} significant for {self.person_id}"


class CaseSummary(models.Model):
    """One version of a person's case summary. Writing makes a new version; the newest is the
    summary, the older ones its history. A manager (not its writer) signs a version off."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_summaries")
    version = models.PositiveIntegerField()
    family = models.TextField(help_text="Who is in the family and who matters to the child")
    history = models.TextField(help_text="The history in brief")
    risks = models.TextField(help_text="Current risks")
    strengths = models.TextField(help_text="Strengths and protective factors")
    voice = models.TextField(help_text="The child's (or adult's) voice: their words and wishes")
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name_plural = "case summaries"
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="case_summary_version"),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True) | ~Q(signed_off_by=models.F("written_by")),
                name="case_summary_not_signed_by_writer",
            ),
        ]

    def __str__(self) -> str:
        return f"Case summary {self.version} for {self.person_id}"
