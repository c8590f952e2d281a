"""Subject access requests (UK GDPR art. 15) with their redactions, and retention: rules per
record type (local settings kept with their history), legal holds, and the stubs disposal leaves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SubjectAccessRequest(models.Model):
    """A request for a person's records; its deadline is worked out from its dates (deadlines)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField(max_length=200)
    requester_relationship = models.CharField(
        max_length=200, help_text="The person themselves, a parent, a solicitor acting for them..."
    )
    received_on = models.DateField()
    identity_verified_on = models.DateField(null=True, blank=True)
    identity_evidence = models.CharField(max_length=300, blank=True)
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    disclosed_on = models.DateField(null=True, blank=True)
    logged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"


class RedactionReason(models.TextChoices):
    THIRD_PARTY = "third_party", "Information about a third party"
    CRIME = "crime", "Police information: prevention or detection of crime"
    SERIOUS_HARM = "serious_harm", "Likely to cause serious harm"
    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege"
    OTHER = "other", "Other"


class Redaction(models.Model):
    """One item of the disclosure withheld, or a span of its text (every occurrence in it)."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions"
    )
    item_key = models.CharField(max_length=120)
    span = models.TextField(blank=True, help_text="Empty: the whole item")
    reason = models.CharField(max_length=20, choices=RedactionReason.choices)
    reason_other = models.CharField(max_length=300, blank=True)
    redacted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    redacted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["redacted_at", "pk"]

    def __str__(self) -> str:
        return f"Redaction {self.pk}"

    @property
    def reason_text(self) -> str:
        if self.reason == RedactionReason.OTHER:
            return self.reason_other
        return self.get_reason_display()


class RetentionRule(models.Model):
    """One version of the rule for a record type: the newest row is in force; older rows are
    its history. Keep until `years_after_closure` after closing, or until the youngest person
    it is about reaches `until_age`, whichever is later."""

    record_type = models.CharField(max_length=40)
    years_after_closure = models.PositiveSmallIntegerField()
    until_age = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.TextField(help_text="Where the period comes from")
    changed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record_type", "-pk"]

    def __str__(self) -> str:
        return f"Retention rule {self.record_type} ({self.pk})"


class LegalHold(models.Model):
    """A hold stops disposal of a person's records (every record naming them), or of one record."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_type = models.CharField(max_length=40, blank=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]

    def __str__(self) -> str:
        return f"Legal hold {self.pk}"


class DisposalStub(models.Model):
    """What is left of a disposed record: no personal data, only what was disposed of, under
    which rule, by whom, when and why."""

    record_type = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField()
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    disposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    disposed_at = models.DateTimeField(default=timezone.now)
    rows_deleted = models.JSONField(default=dict)

    class Meta:
        ordering = ["-disposed_at", "-pk"]

    def __str__(self) -> str:
        return f"Disposed {self.record_type} {self.record_id}"
