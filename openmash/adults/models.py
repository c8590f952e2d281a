"""Adults' safeguarding enquiries after the MASH (docs/adults.md).

A `SafeguardingEnquiry` starts from the front door's `AdultEnquiry` (a section 42 enquiry, or an
"other" safeguarding enquiry when the three s42(1) tests are not all met). It has an enquiry
officer and team, a local target date, whether the council makes it or causes another
organisation to make it (with that organisation's report received and reviewed), Making
Safeguarding Personal (the adult's desired outcomes in their own words, and whether each was
achieved), mental capacity and advocacy, the risk (the Safeguarding Adults Collection lists), a
safeguarding plan with actions and reviews, a safeguarding adults review referral flag and a
conclusion. Enquiries about the same care provider are linked through `CareProvider`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.accounts.models import Team
from openmash.frontdoor.models import AdultEnquiry
from openmash.people.models import Person

USER = settings.AUTH_USER_MODEL


class EnquirySetting(models.Model):
    """The council's local target for concluding an enquiry (there is no national timescale:
    Care Act statutory guidance leaves it to the Safeguarding Adults Board's procedures). Rows
    are never edited: a change adds a row, so the newest is in force and the older ones are its
    history (each change is also audited)."""

    target_working_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days from the enquiry's start to its local target date"
    )
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Enquiries concluded within {self.target_working_days} working days"


class ProviderKind(models.TextChoices):
    CARE_HOME_NURSING = "care_home_nursing", "Care home (nursing)"
    CARE_HOME_RESIDENTIAL = "care_home_residential", "Care home (residential)"
    HOME_CARE = "home_care", "Home care (domiciliary) agency"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    DAY_SERVICE = "day_service", "Day service"
    NHS_TRUST = "nhs_trust", "NHS trust"
    OTHER = "other", "Other"


class CareProvider(models.Model):
    """A care provider (or another organisation) enquiries are about or are caused to be made
    by. Several adults' enquiries about the same provider are shown together on its page."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=ProviderKind.choices)
    cqc_location_id = models.CharField(
        max_length=20, blank=True, help_text="The CQC location ID, e.g. 1-123456789"
    )
    address = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class EnquiryType(models.TextChoices):
    S42 = "s42", "Section 42 enquiry"
    OTHER = "other", "Other safeguarding enquiry"


class EnquiryStatus(models.TextChoices):
    OPEN = "open", "Open"
    CONCLUDED = "concluded", "Concluded"


class MadeBy(models.TextChoices):
    COUNCIL = "council", "Made by the council"
    CAUSED = "caused", "Caused to be made by another organisation"


class MspAsked(models.TextChoices):
    """SAC: was the adult (or their representative) asked about the outcomes they want?"""

    EXPRESSED = "expressed", "Yes, and they expressed outcomes"
    NONE_EXPRESSED = "none_expressed", "Yes, but they expressed none"
    NOT_ASKED = "not_asked", "No, they were not asked"
    DONT_KNOW = "dont_know", "Don't know"


class Capacity(models.TextChoices):
    HAS = "has", "Has capacity"
    LACKS = "lacks", "Lacks capacity"
    NOT_KNOWN = "not_known", "Not assessed or not known"


class SupportKind(models.TextChoices):
    CARE_ACT_ADVOCATE = "care_act", "Independent advocate (Care Act 2014)"
    IMCA = "imca", "Independent Mental Capacity Advocate (IMCA)"
    FAMILY_FRIEND = "family_friend", "A family member or friend"
    NONE = "none", "Nobody"


class RiskSource(models.TextChoices):
    SERVICE_PROVIDER = "service_provider", "Service provider"
    KNOWN = "known", "Other: known to the individual"
    UNKNOWN = "unknown", "Other: unknown to the individual"


class RiskType(models.TextChoices):
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    PSYCHOLOGICAL = "psychological", "Psychological abuse"
    FINANCIAL = "financial", "Financial or material abuse"
    DISCRIMINATORY = "discriminatory", "Discriminatory abuse"
    ORGANISATIONAL = "organisational", "Organisational abuse"
    NEGLECT = "neglect", "Neglect and acts of omission"
    DOMESTIC = "domestic", "Domestic abuse"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    SELF_NEGLECT = "self_neglect", "Self-neglect"


class RiskLocation(models.TextChoices):
    OWN_HOME = "own_home", "Own home"
    COMMUNITY = "community", "In the community (excluding community services)"
    COMMUNITY_SERVICE = "community_service", "In a community service"
    CARE_HOME_NURSING = "care_home_nursing", "Care home: nursing"
    CARE_HOME_RESIDENTIAL = "care_home_residential", "Care home: residential"
    HOSPITAL_ACUTE = "hospital_acute", "Hospital: acute"
    HOSPITAL_MENTAL_HEALTH = "hospital_mental_health", "Hospital: mental health"
    HOSPITAL_COMMUNITY = "hospital_community", "Hospital: community"
    OTHER = "other", "Other"


class RiskOutcome(models.TextChoices):
    IDENTIFIED = "identified", "Risk identified"
    INCONCLUSIVE = "inconclusive", "Risk assessment inconclusive"
    NO_RISK = "no_risk", "No risk identified"
    CEASED = "ceased", "Enquiry ceased at the individual's request"


class RiskResult(models.TextChoices):
    REMOVED = "removed", "Risk removed"
    REDUCED = "reduced", "Risk reduced"
    REMAINS = "remains", "Risk remains"


class Achieved(models.TextChoices):
    FULLY = "fully", "Fully achieved"
    PARTLY = "partly", "Partly achieved"
    NOT = "not", "Not achieved"


class SafeguardingEnquiry(models.Model):
    """One adult's safeguarding enquiry, from the MASH decision to its conclusion."""

    reference = models.CharField(max_length=20, unique=True)
    source = models.OneToOneField(
        AdultEnquiry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_enquiry",
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="safeguarding_enquiries"
    )
    enquiry_type = models.CharField(max_length=5, choices=EnquiryType.choices)
    # The s42(1) tests as they stand now (copied from the MASH decision, revisited by the officer).
    has_care_and_support_needs = models.BooleanField(null=True)
    experiencing_or_at_risk_of_abuse = models.BooleanField(null=True)
    unable_to_protect_self = models.BooleanField(null=True)
    status = models.CharField(
        max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="safeguarding_enquiries"
    )
    officer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="safeguarding_enquiries"
    )
    started_on = models.DateField()
    target_date = models.DateField(help_text="The local target date for concluding it")
    # Made by the council, or caused to be made by another organisation.
    made_by = models.CharField(max_length=8, choices=MadeBy.choices, default=MadeBy.COUNCIL)
    caused_organisation = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_due_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    report_reviewed_at = models.DateTimeField(null=True, blank=True)
    report_reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_review = models.TextField(blank=True, help_text="What the review of the report found")
    # The provider the concern is about (organisational abuse: enquiries linked through it).
    provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries"
    )
    # Making Safeguarding Personal.
    msp_asked = models.CharField(max_length=16, choices=MspAsked.choices, blank=True)
    msp_not_asked_reason = models.TextField(blank=True)
    msp_asked_of = models.CharField(
        max_length=200, blank=True, help_text="The adult, or who spoke for them"
    )
    # Mental capacity and advocacy.
    capacity = models.CharField(max_length=10, choices=Capacity.choices, blank=True)
    support_kind = models.CharField(max_length=14, choices=SupportKind.choices, blank=True)
    support_offered = models.BooleanField(null=True)
    support_involved = models.BooleanField(null=True)
    support_name = models.CharField(max_length=200, blank=True)
    # Risk (Safeguarding Adults Collection, SG2).
    risk_types = models.JSONField(default=list, blank=True)
    risk_sources = models.JSONField(default=list, blank=True)
    risk_location = models.CharField(max_length=24, choices=RiskLocation.choices, blank=True)
    risk_outcome = models.CharField(max_length=14, choices=RiskOutcome.choices, blank=True)
    action_taken = models.BooleanField(null=True)
    risk_result = models.CharField(max_length=8, choices=RiskResult.choices, blank=True)
    # A safeguarding adults review (Care Act s44) referral.
    sar_referred = models.BooleanField(default=False)
    sar_reason = models.TextField(blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conclusion = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name_plural = "safeguarding enquiries"
        indexes = [
            models.Index(fields=["status", "target_date"], name="adults_enq_status_idx"),
            models.Index(fields=["officer", "status"], name="adults_enq_officer_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == EnquiryStatus.OPEN

    @property
    def needs_advocate(self) -> bool:
        """The flag: the adult lacks capacity and no advocate (or family member or friend) was
        offered to support them."""
        return self.capacity == Capacity.LACKS and not (
            self.support_offered and self.support_kind and self.support_kind != SupportKind.NONE
        )

    @property
    def tests_met(self) -> bool:
        return bool(
            self.has_care_and_support_needs
            and self.experiencing_or_at_risk_of_abuse
            and self.unable_to_protect_self
        )

    @property
    def report_outstanding(self) -> bool:
        return self.made_by == MadeBy.CAUSED and self.report_reviewed_at is None

    def risk_type_labels(self) -> list[str]:
        return [RiskType(t).label for t in self.risk_types if t in RiskType.values]

    def risk_source_labels(self) -> list[str]:
        return [RiskSource(s).label for s in self.risk_sources if s in RiskSource.values]


class DesiredOutcome(models.Model):
    """An outcome the adult wants, in their own words, and at the end whether it was achieved."""

    enquiry = models.ForeignKey(
        SafeguardingEnquiry, on_delete=models.CASCADE, related_name="outcomes"
    )
    words = models.TextField(help_text="In the adult's own words")
    achieved = models.CharField(max_length=6, choices=Achieved.choices, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words[:60]


class PlanAction(models.Model):
    """An action of the safeguarding plan: what, who owns it, by when, and when it was done."""

    enquiry = models.ForeignKey(
        SafeguardingEnquiry, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=200, help_text="Who will do it (name and organisation)")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanReview(models.Model):
    """A review of the safeguarding plan."""

    enquiry = models.ForeignKey(
        SafeguardingEnquiry, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField()
    summary = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.enquiry_id} on {self.held_on}"
