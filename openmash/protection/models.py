"""Child protection after the MASH's decision: strategy discussions, section 47 enquiries, child
and family assessments, conferences, child protection and child in need plans, each in a child's
protection case with its multi-agency child protection team (docs/protection.md).

Field names follow the CIN census where it has one (`S47ActualStartDate` → `started_on`,
`InitialCPCtarget` → `icpc_target_on`, ...); the API shows the census names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.accounts.models import Agency, Team
from openmash.contacts.models import Contact
from openmash.frontdoor.models import Decision, Referral
from openmash.people.models import Person

USER = settings.AUTH_USER_MODEL


class ProtectionSetting(models.Model):
    """Local timescales. Rows are never edited: a change adds a row, so the newest is in force
    and the older ones are its history (each change is also audited)."""

    strategy_days_urgent = models.PositiveSmallIntegerField(
        default=0,
        help_text="Working days from the trigger to the strategy discussion when the concern is "
        "red or immediate protection (0: the same working day)",
    )
    strategy_days = models.PositiveSmallIntegerField(
        default=1, help_text="Working days from the trigger to the strategy discussion otherwise"
    )
    visit_every_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="Statutory visits to a child on a plan, at most this far apart"
    )
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Protection timescales from {self.changed_at:%Y-%m-%d}"


class ProtectionCase(models.Model):
    """One child's protection record, from the trigger to the end of the plan. Its team (the
    social care team holding it), its lead child protection practitioner and its named members
    from other agencies are who may see it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="protection_cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="protection_cases")
    lead_practitioner = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="protection_led"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # What is due next, kept by every service that changes the case (`case_refresh_due`), so
    # "My work" is one indexed query however many children a team has.
    next_due_at = models.DateTimeField(null=True, blank=True)
    next_due_what = models.CharField(max_length=80, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["next_due_at", "pk"]
        indexes = [
            models.Index(fields=["team", "closed_at", "next_due_at"], name="protection_team_due"),
        ]

    def __str__(self) -> str:
        return f"Protection case {self.pk}"

    @property
    def reference(self) -> str:
        return f"CP-{self.pk:06d}"


class MemberRole(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Children's social care"
    OTHER = "other", "Other agency"


class ProtectionMember(models.Model):
    """A named member of the child's multi-agency child protection team: reads and adds to this
    child's protection record, and no other."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="protection_memberships")
    role = models.CharField(max_length=12, choices=MemberRole.choices)
    added_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="protection_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} member of {self.case_id}"


class StrategySource(models.TextChoices):
    DECISION = "decision", "the MASH's decision"
    ESCALATION = "escalation", "an escalation"
    OPEN_CASE = "open_case", "escalating concern on an open case"


class StrategyDecision(models.TextChoices):
    S47_SINGLE = "s47_single", "Section 47 enquiry by children's social care"
    S47_JOINT = "s47_joint", "Section 47 enquiry jointly with the police"
    NO_S47 = "no_s47", "No section 47 enquiry"
    RECONVENE = "reconvene", "Reconvene"


REQUIRED_AGENCIES = (MemberRole.POLICE, MemberRole.SOCIAL_CARE, MemberRole.HEALTH)


class StrategyDiscussion(models.Model):
    case = models.ForeignKey(
        ProtectionCase, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    source = models.CharField(max_length=12, choices=StrategySource.choices)
    trigger = models.TextField(help_text="Why a strategy discussion is needed")
    trigger_at = models.DateTimeField(help_text="When the need arose")
    urgent = models.BooleanField(default=False, help_text="Red or immediate protection")
    target_at = models.DateTimeField(help_text="Hold it by then (the local target)")
    convened_at = models.DateTimeField(default=timezone.now)
    convened_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    chair = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_needs = models.TextField(blank=True, help_text="The child's needs as well as the risk")
    mental_capacity = models.TextField(blank=True)
    decision = models.CharField(max_length=12, choices=StrategyDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    safety_actions = models.TextField(blank=True, help_text="Who does what, by when")
    # Timing, fixed when it is recorded as held.
    late = models.BooleanField(default=False)
    premature = models.BooleanField(default=False)
    early_reason = models.TextField(
        blank=True, help_text="Why it could not wait for the agencies' answers"
    )
    unanswered = models.JSONField(
        default=list, blank=True, help_text="Required agencies whose answers were still awaited"
    )

    class Meta:
        ordering = ["-trigger_at", "-pk"]
        indexes = [models.Index(fields=["held_at", "target_at"], name="strategy_due")]

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk}"

    @property
    def held_early(self) -> bool:
        return bool(self.unanswered) and bool(self.early_reason)

    @property
    def missing_agencies(self) -> list[str]:
        present = {a.role for a in self.attendees.all()}
        return [str(r.label) for r in REQUIRED_AGENCIES if r not in present]


class StrategyAttendee(models.Model):
    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="attendees"
    )
    role = models.CharField(max_length=12, choices=MemberRole.choices)
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shared = models.TextField(blank=True, help_text="What the agency shared")

    class Meta:
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class S47Outcome(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference needed"
    NO_ICPC = "no_icpc", "No conference needed"


class NextStep(models.TextChoices):
    CIN_PLAN = "cin_plan", "Child in need plan"
    FAMILY_HELP = "family_help", "Family Help"
    NFA = "nfa", "No further action"


class Section47Enquiry(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.PROTECT, related_name="enquiries")
    discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiry"
    )
    joint = models.BooleanField(default=False, help_text="Jointly with the police")
    started_on = models.DateField(help_text="S47ActualStartDate: the strategy discussion's date")
    icpc_target_on = models.DateField(help_text="InitialCPCtarget: 15 working days on")
    child_seen_on = models.DateField(null=True, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    seen_by = models.CharField(max_length=200, blank=True)
    child_wishes = models.TextField(blank=True, help_text="In the child's own words")
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=8, choices=S47Outcome.choices, blank=True)
    next_step = models.CharField(max_length=12, choices=NextStep.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.pk}"


class Assessment(models.Model):
    """A child and family assessment (section 17, or the single assessment with a s47)."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.PROTECT, related_name="assessments")
    referral_date = models.DateField(help_text="CINreferralDate: the clock starts here")
    started_on = models.DateField(help_text="AssessmentActualStartDate")
    due_on = models.DateField(help_text="45 working days from the referral")
    factors = models.JSONField(default=list, blank=True, help_text="CIN AssessmentFactors codes")
    child_voice = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    needs_support = models.BooleanField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    authorised_on = models.DateField(null=True, blank=True, help_text="AssessmentAuthorisationDate")
    authorised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["authorised_on", "due_on"], name="assessment_due")]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class AbuseCategory(models.TextChoices):
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple"


class Conference(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=8, choices=ConferenceKind.choices)
    enquiry = models.ForeignKey(
        Section47Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_on = models.DateField(help_text="The initial target or the review's due date")
    held_on = models.DateField()
    agencies_invited = models.JSONField(default=list, blank=True)
    reports = models.TextField(blank=True, help_text="Reports by agency")
    plan_needed = models.BooleanField(help_text="Outcome: a child protection plan (or keep it)")
    category = models.CharField(max_length=3, choices=AbuseCategory.choices, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class EndReason(models.TextChoices):
    SAFE = "safe", "The child is no longer at continuing risk of significant harm"
    CIN = "cin", "Stepped down to a child in need plan"
    MOVED = "moved", "Moved to another local authority"
    CARE = "care", "Became looked after"
    ADULT = "adult", "Reached 18"
    OTHER = "other", "Other"


class ChildProtectionPlan(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.PROTECT, related_name="plans")
    conference = models.OneToOneField(Conference, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(help_text="CPPstartDate: the ICPC's date")
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    visit_every_working_days = models.PositiveSmallIntegerField()
    next_review_on = models.DateField(null=True, blank=True)
    next_visit_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=8, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["ended_on", "next_review_on"], name="cpp_review_due"),
            models.Index(fields=["ended_on", "next_visit_on"], name="cpp_visit_due"),
        ]

    def __str__(self) -> str:
        return f"Child protection plan {self.pk}"


class PlanActivityKind(models.TextChoices):
    VISIT = "visit", "Statutory visit"
    CORE_GROUP = "core_group", "Core group meeting"


class PlanActivity(models.Model):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=10, choices=PlanActivityKind.choices)
    on = models.DateField()
    seen_alone = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class CinEndReason(models.TextChoices):
    """The CIN census `ReasonForClosure` codes (RC1 to RC9)."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class CinPlan(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.PROTECT, related_name="cin_plans")
    started_on = models.DateField(help_text="CINPlanStartDate")
    ended_on = models.DateField(null=True, blank=True, help_text="CINPlanEndDate")
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"Child in need plan {self.pk}"

    @property
    def end_reason_label(self) -> str:
        """The census code and its words, e.g. "RC7: Services ceased ..." (blank while open)."""
        if not self.end_reason:
            return ""
        words = dict(CinEndReason.choices).get(self.end_reason, "")
        return f"{self.end_reason}: {words}" if words else self.end_reason


class CinPlanReview(models.Model):
    """A review of a child in need plan: when, what it found, when the next is due."""

    plan = models.ForeignKey(CinPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of child in need plan {self.plan_id} on {self.reviewed_on}"


class FamilyResponse(models.TextChoices):
    WAITING = "waiting", "Not answered yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class FamilyNetworkMeeting(models.Model):
    """A family network meeting (family group decision making) offered to the child's family:
    their answer in their own words, who came, and the family's plan in their words."""

    case = models.ForeignKey(
        ProtectionCase, on_delete=models.PROTECT, related_name="family_meetings"
    )
    offered_on = models.DateField()
    response = models.CharField(
        max_length=8, choices=FamilyResponse.choices, default=FamilyResponse.WAITING
    )
    responded_on = models.DateField(null=True, blank=True)
    family_words = models.TextField(blank=True, help_text="The family's answer, in their words")
    held_on = models.DateField(null=True, blank=True)
    attended = models.TextField(blank=True, help_text="Who came")
    family_plan = models.TextField(blank=True, help_text="The family's plan, in their words")
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-offered_on", "-pk"]

    def __str__(self) -> str:
        return f"Family network meeting offered {self.offered_on}"

    @property
    def is_open(self) -> bool:
        return self.held_on is None and self.response != FamilyResponse.DECLINED


class AgencyNote(models.Model):
    """What a member of the child protection team adds to the record (their agency's news)."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Note {self.pk}"
