"""Contacts: every concern received at the front door, from every channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

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


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"
    NOT_SOUGHT = "not_sought", "Consent not sought"


class FamilyTold(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ConcernCategory(models.Model):
    """A concern category (DOMAIN vocabularies §3), mapped to CIN factors and SAC risk types."""

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    applies_to = models.CharField(
        max_length=8, choices=[("child", "Children"), ("adult", "Adults")], default="child"
    )
    group = models.CharField(max_length=40, blank=True)
    cin_factors = models.JSONField(default=list, blank=True)
    sac_risk_types = models.JSONField(default=list, blank=True)
    route_only = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["applies_to", "sort_order", "label"]
        verbose_name_plural = "concern categories"

    def __str__(self) -> str:
        return self.label


class Contact(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    is_consultation = models.BooleanField(
        default=False, help_text="A professional asking for advice rather than referring"
    )
    is_anonymous = models.BooleanField(default=False)
    anonymous_reason = models.TextField(blank=True)
    # Who told us: an agency, and a signed-in user or a named person at that agency.
    # Not indexed alone: contact_agency_idx starts with it (one index less to write per contact).
    source_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="contacts", db_index=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    # What happened.
    concern = models.TextField()
    categories = models.ManyToManyField(ConcernCategory, blank=True, related_name="contacts")
    immediate_risk = models.BooleanField(default=False)
    immediate_risk_details = models.TextField(blank=True)
    incident_date = models.DateField(null=True, blank=True)
    # What the family has been told.
    family_told = models.CharField(max_length=10, choices=FamilyTold.choices, blank=True)
    consent = models.CharField(max_length=12, choices=ConsentStatus.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    # A notification's system and its own reference there (idempotent re-import and API re-send).
    # Unique within the source agency only: one agency's reference never stands for another's.
    source_system = models.CharField(max_length=32, blank=True)
    source_reference = models.CharField(max_length=100, blank=True)
    officer_name = models.CharField(max_length=200, blank=True)
    officer_email = models.EmailField(blank=True)
    # The same incident reported twice (e.g. ViST and CARA): linked for a worker to confirm.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    duplicate_status = models.CharField(
        max_length=10,
        choices=[
            ("suspected", "Suspected"),
            ("confirmed", "Confirmed"),
            ("rejected", "Not a duplicate"),
        ],
        blank=True,
    )
    # How complete the referral was on arrival (kept for per-agency reporting).
    completeness = models.PositiveSmallIntegerField(
        default=0, help_text="Percentage of expected items"
    )
    missing_items = models.JSONField(default=list, blank=True)
    # Moved only by the front-door services (openmash.frontdoor.services.lifecycle), through the
    # transitions below, which say which stage may follow which.
    status = FSMField(
        max_length=30,
        choices=ContactStatus.choices,
        default=ContactStatus.RECEIVED,
        protected=False,
    )
    # Front-door clocks and ownership (openmash.frontdoor). `version` rises with every change made
    # through a front-door service, so two people editing at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=0)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    decision_due_at = models.DateTimeField(
        null=True, blank=True, help_text="One working day from receipt (statutory)"
    )
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    rag_due_at = models.DateTimeField(null=True, blank=True)
    rag_paused_at = models.DateTimeField(null=True, blank=True)
    rag_pause_reason = models.TextField(blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_contacts",
        db_index=False,  # contact_allocated_idx starts with it
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    threshold_level = models.PositiveSmallIntegerField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When immediate risk was escalated"
    )
    # When a manager authorised the decision: the RAG and decision clocks stop here, and the pages
    # show it against the due times (frontdoor.services.decisions.decision_authorise).
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    outcome_for_referrer = models.TextField(blank=True)
    outcome_sent_at = models.DateTimeField(null=True, blank=True)
    subjects = models.ManyToManyField(
        Person, through="ContactSubject", related_name="contacts", blank=True
    )
    is_restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_contacts"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Not stored: set on the contacts of a list for the user looking at it (contacts.selectors,
    # the front-door queue), so the page shows a restricted contact in outline only.
    masked: bool

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="contact_status_idx"),
            models.Index(fields=["-received_at"], name="contact_received_idx"),
            models.Index(fields=["source_agency", "-received_at"], name="contact_agency_idx"),
            models.Index(fields=["incident_date"], name="contact_incident_idx"),
            # The MASH queue: open contacts by time left (by RAG due: contact_queue_cover_idx).
            models.Index(fields=["status", "decision_due_at"], name="contact_queue_due_idx"),
            models.Index(fields=["allocated_to", "status"], name="contact_allocated_idx"),
            # Covers the queue's ordering (immediate risk first, then time left) and counts over
            # open contacts (docs/frontdoor-queue.md).
            models.Index(
                fields=[
                    "status",
                    "rag_due_at",
                    "rag_paused_at",
                    "decision_due_at",
                    "received_at",
                    "rag",
                    "immediate_risk",
                ],
                name="contact_queue_cover_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_system", "source_reference"],
                condition=~Q(source_system=""),
                name="contact_source_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_for_referrer(self) -> str:
        """What a referrer is told of the stage: the MASH's internal steps are not theirs."""
        if self.status in OPEN_STATUSES:
            return "Being looked at by the MASH"
        return "Decided"

    # The journey of a contact (DOMAIN §3). Immediate-risk escalation is not a stage: it can
    # happen at any open stage (frontdoor.services.lifecycle.contact_escalate).
    @transition(field=status, source=ContactStatus.RECEIVED, target=ContactStatus.SCREENING)
    def start_screening(self) -> None:
        pass

    @transition(
        field=status, source=ContactStatus.SCREENING, target=ContactStatus.INFORMATION_GATHERING
    )
    def gather_information(self) -> None:
        pass

    @transition(
        field=status,
        source=[ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING],
        target=ContactStatus.DECISION_PROPOSED,
    )
    def propose_decision(self) -> None:
        pass

    @transition(
        field=status,
        source=ContactStatus.DECISION_PROPOSED,
        target=ContactStatus.INFORMATION_GATHERING,
    )
    def return_decision(self) -> None:
        pass

    @transition(
        field=status, source=ContactStatus.DECISION_PROPOSED, target=ContactStatus.AUTHORISED
    )
    def authorise(self) -> None:
        pass

    @transition(field=status, source=ContactStatus.AUTHORISED, target=ContactStatus.CLOSED)
    def close(self) -> None:
        pass

    @transition(
        field=status,
        source=[
            ContactStatus.RECEIVED,
            ContactStatus.SCREENING,
            ContactStatus.INFORMATION_GATHERING,
        ],
        target=ContactStatus.CLOSED,
    )
    def close_as_duplicate(self) -> None:
        pass


OPEN_STATUSES = (
    ContactStatus.RECEIVED,
    ContactStatus.SCREENING,
    ContactStatus.INFORMATION_GATHERING,
    ContactStatus.DECISION_PROPOSED,
)


class SubjectRole(models.TextChoices):
    SUBJECT = "subject", "Child or adult the concern is about"
    HOUSEHOLD = "household", "Family or household member"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    PERSON_OF_CONCERN = "person_of_concern", "Person of concern"


class MatchStatus(models.TextChoices):
    LINKED = "linked", "Linked automatically"
    POSSIBLE = "possible", "Possible matches to check"
    NEW = "new", "New person"
    CONFIRMED = "confirmed", "Confirmed by a worker"


class ContactSubject(models.Model):
    """A person named in a contact, exactly as the referrer described them, and who we matched."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="contact_subjects")
    # Empty while possible matches wait for a worker to choose.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="contact_links"
    )
    role = models.CharField(max_length=20, choices=SubjectRole.choices, default=SubjectRole.SUBJECT)
    relationship_to_subject = models.CharField(max_length=60, blank=True)
    is_child = models.BooleanField(default=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    # An unborn child: an expected date of delivery instead of a date of birth.
    is_unborn = models.BooleanField(default=False)
    expected_delivery_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    school = models.CharField(max_length=200, blank=True)
    gp_practice = models.CharField(max_length=200, blank=True)
    match_status = models.CharField(max_length=10, choices=MatchStatus.choices)
    match_score = models.FloatField(null=True, blank=True)
    possible_matches = models.JSONField(
        default=list, blank=True, help_text="[{person_id, score, reasons}] offered to the worker"
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["person", "contact"], name="subject_person_idx")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.contact.reference})"


class ReferralDraft(models.Model):
    """A partly completed referral form, saved as the referrer goes, so it can be resumed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Draft {self.pk} by {self.owner_id}"


class ImportBatch(models.Model):
    """One uploaded file of police notifications (or any bulk contacts)."""

    file_name = models.CharField(max_length=255)
    stored_file = models.CharField(
        max_length=100, blank=True, help_text="Name under MEDIA_ROOT/imports"
    )
    source_system = models.CharField(max_length=32)
    mapping = models.CharField(max_length=32, default="generic")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10,
        choices=[
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0, help_text="Already imported")
    error_rows = models.PositiveIntegerField(default=0)
    duplicate_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, field, message}]")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.source_system})"
