"""Statutory return runs: each Annex A built for the performance lead, and the file kept for
download (outside anything the web server serves)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class AnnexARun(models.Model):
    """One Annex A built for an inspection date: who asked, when, and the workbook it made."""

    inspection_date = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    stored_file = models.CharField(
        max_length=100, blank=True, help_text="Name under MEDIA_ROOT/returns"
    )
    # {"1": rows, "2": rows, "3": rows}: the lists built.
    row_counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Annex A for {self.inspection_date:%d/%m/%Y}"

    @property
    def file_name(self) -> str:
        return f"annex-a-{self.inspection_date:%Y-%m-%d}-run-{self.pk}.xlsx"


class SacRun(models.Model):
    """One Safeguarding Adults Collection built for a year (1 April to 31 March): who asked,
    when, and the workbook it made."""

    period = models.CharField(max_length=7, help_text='The collection year, e.g. "2025-26"')
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    stored_file = models.CharField(
        max_length=100, blank=True, help_text="Name under MEDIA_ROOT/returns"
    )
    # {"concerns": n, "s42_started": n, ...}: the counts the tables are made of.
    row_counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Safeguarding Adults Collection {self.period}"

    @property
    def file_name(self) -> str:
        return f"sac-{self.period}-run-{self.pk}.xlsx"


class CinCensusRun(models.Model):
    """One DfE Children in Need census built for a year (1 April to 31 March): who asked, when,
    and the XML it made, with how many children and episodes it holds."""

    period = models.CharField(max_length=7, help_text="The census year, e.g. 2025-26")
    period_start = models.DateField()
    period_end = models.DateField(help_text="The ReferenceDate (31 March)")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    stored_file = models.CharField(
        max_length=100, blank=True, help_text="Name under MEDIA_ROOT/returns"
    )
    children = models.PositiveIntegerField(default=0)
    episodes = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"CIN census {self.period}"

    @property
    def file_name(self) -> str:
        return f"cin-census-{self.period}-run-{self.pk}.xml"
