"""Contacts: every concern received at the front door."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.people.models import Person


class Channel(models.TextChoices):
    PORTAL = "portal", "Online referral form"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    API = "api", "API"
    BULK = "bulk", "Bulk notification import"


class ContactStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    SCREENING = "screening", "Screening"
    INFORMATION_GATHERING = "information_gathering", "Information gathering"
    DECISION_PROPOSED = "decision_proposed", "Decision proposed"
    AUTHORISED = "authorised", "Authorised"
    CLOSED = "closed", "Closed"


class Contact(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contacts")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_contacts",
    )
    concern = models.TextField()
    status = models.CharField(
        max_length=30, choices=ContactStatus.choices, default=ContactStatus.RECEIVED
    )
    outcome_for_referrer = models.TextField(blank=True)
    subjects = models.ManyToManyField(Person, related_name="contacts", blank=True)
    is_restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_contacts"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "-received_at"], name="contact_status_idx")]

    def __str__(self) -> str:
        return self.reference
