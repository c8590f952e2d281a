"""Family Help (docs/familyhelp.md): early help that the MASH hands on to.

A `FamilyHelpCase` starts as a request (from an authorised MASH decision of early help, from a
partner agency, or stepped down from social care), waits on a Family Help team's queue, is
accepted or declined, and once accepted has a lead practitioner from any agency, the family's
agreement, an early help assessment, Team Around the Family meetings, family network meetings,
a plan with outcomes and reviews, and a closure. A step-up, or a refusal or decline while
concerns are unresolved, goes back to the MASH as a new contact (`MashHandback`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from openmash.accounts.models import Team
from openmash.contacts.models import Contact
from openmash.frontdoor.models import Decision
from openmash.people.models import Person

USER = settings.AUTH_USER_MODEL


class FamilyHelpSettings(models.Model):
    """The council's local settings for Family Help: one row (pk 1), changed by administrators
    through `familyhelp_settings_update` (audited: the audit rows are its history)."""

    review_interval_days = models.PositiveSmallIntegerField(
        default=42, help_text="Days from a plan (or its last review) to its next review"
    )
    step_up_rag = models.CharField(
        max_length=5,
        default="red",
        help_text="The RAG rating a step-up contact arrives with, to fast-track it on the queue",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "Family Help settings"

    def __str__(self) -> str:
        return "Family Help settings"


class AssessmentDomain(models.Model):
    """A domain of the local early help assessment (e.g. "Health", "Housing"): administrators
    add, rename and retire them; assessments copy the label, so edits never rewrite history."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    hint = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.label


class CaseSource(models.TextChoices):
    MASH = "mash", "MASH decision (early help)"
    PARTNER = "partner", "Request from a partner agency"
    STEP_DOWN = "step_down", "Stepped down from social care"


class CaseStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    OPEN = "open", "Open"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"


class Agreement(models.TextChoices):
    NOT_ASKED = "not_asked", "Not yet asked"
    AGREED = "agreed", "The family agreed"
    REFUSED = "refused", "The family refused"


class ClosureReason(models.TextChoices):
    OUTCOMES_MET = "outcomes_met", "Outcomes met"
    STEPPED_UP = "stepped_up", "Stepped up to social care"
    DECLINED = "declined", "The family declined Family Help"
    MOVED_AWAY = "moved_away", "The family moved away"
    NO_LONGER_ENGAGING = "no_longer_engaging", "The family is no longer engaging"


class FamilyHelpCase(models.Model):
    """A request for Family Help and, once accepted, the family's Family Help case."""

    reference = models.CharField(max_length=20, unique=True)
    source = models.CharField(max_length=10, choices=CaseSource.choices)
    status = models.CharField(
        max_length=10, choices=CaseStatus.choices, default=CaseStatus.REQUESTED
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="family_help_cases")
    # Where it came from: the MASH contact and decision, or nothing (a partner's request).
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="family_help_cases"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(help_text="Why Family Help is asked for: the needs and concerns")
    open_concerns = models.BooleanField(
        default=True,
        help_text="Concerns about a child are not resolved: a refusal or decline goes back to "
        "the MASH for review",
    )
    # A step-down: the social worker's analysis and hand-over note.
    step_down_analysis = models.TextField(blank=True)
    step_down_handover = models.TextField(blank=True)
    step_down_from = models.CharField(
        max_length=200, blank=True, help_text="The assessment or plan stepped down from"
    )
    lead_practitioner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="families_led"
    )
    accepted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    agreement = models.CharField(
        max_length=10, choices=Agreement.choices, default=Agreement.NOT_ASKED
    )
    agreement_note = models.TextField(blank=True)
    agreement_recorded_at = models.DateTimeField(null=True, blank=True)
    agreement_recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    # Not stored: set by the queue (selectors.case_queue) for the lists.
    next_review: date | None
    review_late: bool

    class Meta:
        ordering = ["-requested_at", "pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="fh_case_team_status_idx"),
            models.Index(fields=["lead_practitioner", "status"], name="fh_case_lead_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def is_live(self) -> bool:
        return self.status in (CaseStatus.REQUESTED, CaseStatus.OPEN)


class MemberRole(models.TextChoices):
    CHILD = "child", "Child"
    PARENT = "parent", "Parent or carer"
    OTHER = "other", "Other family member"


class FamilyMember(models.Model):
    """A person in the family Family Help works with (the whole family, not only the child)."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="family_help"
    )
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.CHILD)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class EarlyHelpAssessment(models.Model):
    """One version of the family's early help assessment: every change is a new row, so the
    newest is the current assessment and the older ones are its history."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="assessments")
    # [{code, label, text}] in the domains' order at the time: labels copied.
    domains = models.JSONField(default=list)
    child_voice = models.TextField(help_text="The child's own words")
    parents_voice = models.TextField(help_text="The parents' or carers' own words")
    analysis = models.TextField(help_text="What the assessment shows the family needs")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Assessment {self.pk} of {self.case_id}"


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    SOME = "some", "Some progress"
    ACHIEVED = "achieved", "Achieved"


class FamilyHelpPlan(models.Model):
    """The family's plan: outcomes, who does what, and when it is next reviewed. A new plan
    replaces the last one (the newest is current)."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="plans")
    agreed_on = models.DateField()
    review_interval_days = models.PositiveSmallIntegerField()
    next_review_due = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["next_review_due"], name="fh_plan_review_due_idx")]

    def __str__(self) -> str:
        return f"Plan {self.pk} of {self.case_id}"


class PlanOutcome(models.Model):
    plan = models.ForeignKey(FamilyHelpPlan, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(help_text="What will be different for the family")
    actions = models.TextField(blank=True, help_text="What will be done, and by whom")
    progress = models.CharField(
        max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanReview(models.Model):
    """A review of the plan: progress on each outcome, what was tried, and the next review."""

    plan = models.ForeignKey(FamilyHelpPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField(help_text="What has changed and what was tried")
    # [{outcome, text, progress}] as it stood at this review.
    progress = models.JSONField(default=list)
    due_on = models.DateField(help_text="The review date this review met")
    next_review_due = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id} on {self.held_on}"


class MeetingKind(models.TextChoices):
    TAF = "taf", "Team Around the Family meeting"
    NETWORK = "network", "Family network meeting (family group decision making)"


class NetworkStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    NOT_WANTED = "not_wanted", "The family did not want one"
    HELD = "held", "Held"


class Meeting(models.Model):
    """A Team Around the Family meeting (held, with attendees by agency and actions), or a
    family network meeting (offered, accepted or not wanted, held with the family's plan)."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=10, choices=MeetingKind.choices)
    network_status = models.CharField(max_length=10, choices=NetworkStatus.choices, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    # [{name, agency}]
    attendees = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    family_plan = models.TextField(blank=True, help_text="The plan the family made")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=200, help_text="Who will do it (name and agency)")
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class HandbackKind(models.TextChoices):
    STEP_UP = "step_up", "Step-up to social care"
    DECLINED = "declined", "Request declined while concerns are unresolved"
    REFUSED = "refused", "The family refused Family Help while concerns are unresolved"


class MashHandback(models.Model):
    """A case sent back to the MASH as a new contact: a step-up, or a decline or refusal while
    concerns are unresolved. The contact carries the history in its text; the MASH contact page
    shows it in full (the Family Help panel)."""

    case = models.ForeignKey(FamilyHelpCase, on_delete=models.PROTECT, related_name="handbacks")
    contact = models.OneToOneField(
        Contact, on_delete=models.PROTECT, related_name="family_help_handback"
    )
    kind = models.CharField(max_length=10, choices=HandbackKind.choices)
    reason = models.TextField(help_text="Why Family Help is not enough, or why it ended")
    what_tried = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.case_id}"
