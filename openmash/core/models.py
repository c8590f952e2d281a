"""The audit log, break-glass access and the scheduler's bookkeeping."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One append-only row per state change, record read, search or export.

    Rows are written unsealed (`seq` null) inside the caller's transaction, so recording never
    waits on other requests. `audit_seal` later gives them consecutive sequence numbers and a
    SHA-256 hash chained to the previous row. On PostgreSQL a trigger refuses every UPDATE except
    that one-off sealing, and every DELETE.
    """

    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    verb = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    via = models.CharField(max_length=40, blank=True, help_text="web, api:<key prefix>, cli, task")
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-id"], name="audit_target_idx"),
            models.Index(fields=["actor", "-id"], name="audit_actor_idx"),
            models.Index(fields=["occurred_at"], name="audit_time_idx"),
            models.Index(fields=["verb", "-id"], name="audit_verb_idx"),
            # The sealer scans for unsealed rows; keep that scan small.
            models.Index(
                fields=["id"], name="audit_unsealed_idx", condition=models.Q(seq__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.verb}"


class AuditChainHead(models.Model):
    """The last sealed row: one row (id=1), locked while sealing so two sealers cannot fork."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    sealed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Audit chain head at sequence {self.last_seq}"


class BreakGlassAccess(models.Model):
    """Emergency access to a restricted record by someone not named on it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["target_type", "target_id", "user"], name="breakglass_idx")]

    def __str__(self) -> str:
        return f"{self.user} → {self.target_type} {self.target_id}"


class PeriodicJobRun(models.Model):
    """When each scheduled job last ran, so a second or restarted scheduler does not repeat it."""

    name = models.CharField(max_length=100, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class OutboxMessage(models.Model):
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_via = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"


class BankHoliday(models.Model):
    """A day that is not a working day in England (or, with is_working_day, an override)."""

    day = models.DateField(unique=True)
    name = models.CharField(max_length=100)
    is_working_day = models.BooleanField(
        default=False, help_text="Tick to treat this day as a working day after all"
    )
    source = models.CharField(max_length=40, default="administrator")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d %B %Y}: {self.name}"
