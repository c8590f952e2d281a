"""Allegations against adults who work or volunteer with children: the designated officer's
(LADO's) records (docs/lado.md). Every allegation is a restricted record: named LADO staff only,
break-glass for anyone else at the front door."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.people.models import Person


class LadoSetting(models.Model):
    """How long the LADO has for the initial consideration. Rows are never edited: a change adds
    a row, so the newest is in force and the older ones are its history (audited too)."""

    consideration_working_days = models.PositiveSmallIntegerField(
        default=1, help_text="Working days from receipt to the initial consideration"
    )
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Initial consideration within {self.consideration_working_days} working day(s)"


class Sector(models.TextChoices):
    EDUCATION = "education", "Education (schools and colleges)"
    EARLY_YEARS = "early_years", "Early years and childcare"
    SOCIAL_CARE = "social_care", "Children's social care"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    FOSTER_CARE = "foster_care", "Foster care"
    RESIDENTIAL = "residential", "Residential care"
    FAITH = "faith", "Faith groups"
    SPORT = "sport", "Sport and leisure"
    VOLUNTARY = "voluntary", "Voluntary and community"
    TRANSPORT = "transport", "Transport"
    OTHER = "other", "Other"


class Source(models.TextChoices):
    EMPLOYER = "employer", "Employer"
    POLICE = "police", "Police"
    SOCIAL_CARE = "social_care", "Children's social care"
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "Child"
    OFSTED = "ofsted", "Ofsted"
    HEALTH = "health", "Health"
    ANONYMOUS = "anonymous", "Anonymous"
    OTHER = "other", "Other"


class ConsiderationDecision(models.TextChoices):
    MEETS = "meets", "Meets the harm threshold: allegation management"
    ADVICE = "advice", "Does not meet the threshold: advice to the employer"
    OTHER_ROUTE = "other_route", "Referred to children's social care or another process"


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Substantiated"
    FALSE = "false", "False"
    MALICIOUS = "malicious", "Malicious"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"


class Allegation(models.Model):
    """An allegation that an adult who works or volunteers with children has harmed a child, may
    have committed an offence against or related to a child, behaved in a way that shows they
    may pose a risk to children, or behaved in a way that shows they may not be suitable to work
    with children (transferable risk)."""

    subject = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="lado_allegations_about"
    )
    employer = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    is_volunteer = models.BooleanField(default=False)
    source = models.CharField(max_length=20, choices=Source.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referring_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, default="portal")  # portal, api, phone, synthetic
    received_at = models.DateTimeField()
    description = models.TextField()
    # The harm test (Working Together 2023; Keeping Children Safe in Education, part four).
    harmed_child = models.BooleanField(null=True)
    possible_offence = models.BooleanField(null=True)
    risk_of_harm = models.BooleanField(null=True)
    transferable_risk = models.BooleanField(null=True)
    consideration_due_at = models.DateTimeField()
    considered_at = models.DateTimeField(null=True, blank=True)
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=12, choices=ConsiderationDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Restricted by default (the council's own staff can be the subject): named LADO staff and
    # those named here see it; anyone else at the front door needs break-glass.
    is_restricted = models.BooleanField(default=True)
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["considered_at", "consideration_due_at"]),
            models.Index(fields=["referred_by"]),
        ]

    def __str__(self) -> str:
        # No names: this is the text of breach lists and break-glass grants.
        return f"Allegation {self.reference}"

    @property
    def reference(self) -> str:
        return f"LADO-{self.pk:05d}"

    def harm_test_met(self) -> bool:
        return any(
            (self.harmed_child, self.possible_offence, self.risk_of_harm, self.transferable_risk)
        )


class AllegationChild(models.Model):
    """A child the allegation concerns."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allegation", "person"], name="lado_child_once")
        ]

    def __str__(self) -> str:
        return f"Child {self.person_id} of allegation {self.allegation_id}"


class StrandKind(models.TextChoices):
    POLICE = "police", "Police investigation"
    EMPLOYER = "employer", "Employer's process"
    SOCIAL_CARE = "social_care", "Children's social care"


class StrandStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Strand(models.Model):
    """One of the three parallel strands: each has its own owner, status and outcome, and closes
    on its own."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="strands")
    kind = models.CharField(max_length=12, choices=StrandKind.choices)
    owner = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=StrandStatus.choices, default=StrandStatus.NOT_STARTED
    )
    outcome = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["allegation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["allegation", "kind"], name="lado_one_strand_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"


class MeetingKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy discussion"
    ALLEGATION_MANAGEMENT = "management", "Allegation management meeting"
    REVIEW = "review", "Review meeting"


class AllegationMeeting(models.Model):
    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    held_at = models.DateTimeField()
    attendees = models.TextField(help_text="One a line: name, role and agency")
    minutes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_at:%Y-%m-%d}"

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class MeetingAction(models.Model):
    meeting = models.ForeignKey(AllegationMeeting, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Action for {self.owner} by {self.due_on:%Y-%m-%d}"


class ReferralBody(models.TextChoices):
    DBS = "dbs", "Disclosure and Barring Service"
    TRA = "tra", "Teaching Regulation Agency"
    OFSTED = "ofsted", "Ofsted"
    SWE = "swe", "Social Work England"
    NMC = "nmc", "Nursing and Midwifery Council"
    GMC = "gmc", "General Medical Council"
    HCPC = "hcpc", "Health and Care Professions Council"
    OTHER = "other", "Other regulator"


class RegulatorReferral(models.Model):
    """A referral to the Disclosure and Barring Service or a regulator."""

    allegation = models.ForeignKey(
        Allegation, on_delete=models.CASCADE, related_name="regulator_referrals"
    )
    body = models.CharField(max_length=8, choices=ReferralBody.choices)
    referred_on = models.DateField()
    made_by = models.CharField(max_length=200, help_text="Who made it: the employer, the LADO")
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["referred_on", "pk"]

    def __str__(self) -> str:
        return f"Referral to {self.get_body_display()}"
