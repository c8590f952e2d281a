"""The front door's work on a contact: RAG, information requests, consent, thresholds, decisions,
referrals and s42 concern decisions, management oversight, chronology and breaches.

The contact's own state (status, RAG, clocks, allocation, version) lives on `contacts.Contact`;
every change to it goes through a service in `openmash.frontdoor.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from openmash.accounts.models import Agency, Team
from openmash.contacts.models import Contact, ContactSubject, FamilyTold, Rag
from openmash.frontdoor.registry import breach_clocks
from openmash.people.models import Person

USER = settings.AUTH_USER_MODEL


class ClockUnit(models.TextChoices):
    HOURS = "hours", "Hours (elapsed, day and night)"
    WORKING_HOURS = "working_hours", "Working hours"
    WORKING_DAYS = "working_days", "Working days"


class RagTimescale(models.Model):
    """A council's local timescale for one RAG rating (DOMAIN §4): editable by administrators;
    every change is an audited service call, so the history is in the audit log."""

    rating = models.CharField(max_length=5, choices=Rag.choices, unique=True)
    label = models.CharField(max_length=200)
    meaning = models.TextField(blank=True)
    amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty for no timescale (e.g. blue)"
    )
    unit = models.CharField(
        max_length=14, choices=ClockUnit.choices, default=ClockUnit.WORKING_HOURS
    )
    information_return_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="Default time agencies have to answer a request"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.label

    @property
    def pausable(self) -> bool:
        """Red is never paused (DOMAIN §4)."""
        return self.rating != Rag.RED


class RagRating(models.Model):
    """Every rating and re-rating of a contact, with who, when, why and the due time it set."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=5, choices=Rag.choices)
    previous = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    reason = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    # Empty for the system's own rating (red on arrival with immediate risk).
    rated_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.rating}"


class EventKind(models.TextChoices):
    RECEIVED = "received", "Contact received"
    STATUS = "status", "Stage changed"
    RAG = "rag", "RAG rating"
    CLOCK = "clock", "Clock paused or resumed"
    ALLOCATION = "allocation", "Allocated"
    ESCALATION = "escalation", "Immediate risk escalated"
    REQUEST = "request", "Information requested"
    RESPONSE = "response", "Agency responded"
    CONSENT = "consent", "Consent recorded"
    THRESHOLD = "threshold", "Threshold assessed"
    DECISION = "decision", "Decision"
    DIRECTION = "direction", "Case direction"
    NOTE = "note", "Case note"
    FEEDBACK = "feedback", "Referrer told the outcome"
    BREACH = "breach", "Timescale breached"
    ROUTE = "route", "Onward referral or action"
    DUPLICATE = "duplicate", "Second report of the incident"


class ContactEvent(models.Model):
    """The contact's chronology: one row for everything that happened to it, written by the
    service that made it happen (the audit log holds the same facts for accountability; this
    table is what workers and inspectors read)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["contact", "at"], name="event_contact_at_idx")]

    def __str__(self) -> str:
        return self.summary


class RequestStatus(models.TextChoices):
    OPEN = "open", "Awaiting answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InformationRequest(models.Model):
    """Questions to one agency about a contact. The agency's MASH representatives see only the
    questions, what the worker chose to share, and the named subjects' identifying details."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="information_requests"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="information_requests"
    )
    subjects = models.ManyToManyField(ContactSubject, related_name="information_requests")
    questions = models.TextField()
    shared_summary = models.TextField(
        help_text="What the agency is told about the concern (they see nothing else)"
    )
    lawful_basis = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    # Not stored: set by the request lists for staff who may not see the contact in detail
    # (selectors_requests), so the page shows the request in outline only.
    masked: bool

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="request_inbox_idx"),
        ]
        constraints = [
            # One shared request per agency per contact: no duplicated evidence gathering.
            models.UniqueConstraint(
                fields=["contact", "agency"],
                condition=Q(status="open"),
                name="request_one_open_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"Request to {self.agency_id} on {self.contact_id}"

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_at < timezone.now()


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"
    NOT_SOUGHT = "not_sought", "Consent not sought"


class ConsentRecord(models.Model):
    """What the family (or the adult) was told and whether they consented; the newest row is the
    contact's current position, and the older ones are its history."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consent_records")
    family_told = models.CharField(max_length=10, choices=FamilyTold.choices)
    consent = models.CharField(max_length=12, choices=ConsentDecision.choices)
    reason = models.TextField(blank=True)
    # Refused: did we accept the refusal (no sharing without consent) or override it?
    refusal_accepted = models.BooleanField(null=True, blank=True)
    # Not sought or overridden: the manager who authorised proceeding without consent.
    authorised_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A refusal accepted on a red or level-4 contact needs a manager's sign-off.
    needs_sign_off = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.consent}"

    @property
    def awaiting_sign_off(self) -> bool:
        return self.needs_sign_off and self.signed_off_at is None


class ThresholdScale(models.TextChoices):
    """The two threshold scales: a contact's scale follows its subjects (children or adults)."""

    CHILDREN = "children", "Children's continuum of need"
    ADULTS = "adults", "Adults' safeguarding risk thresholds"


class S42Answer(models.TextChoices):
    """A worker's answer to one of the Care Act s42(1) tests at screening."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not yet known"


class ThresholdLevel(models.Model):
    """One level of a local threshold scale (the children's continuum of need or the adults'
    risk thresholds), with the council's own label."""

    scale = models.CharField(
        max_length=8, choices=ThresholdScale.choices, default=ThresholdScale.CHILDREN
    )
    number = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    typical_response = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "number"], name="threshold_level_per_scale")
        ]

    def __str__(self) -> str:
        return f"Level {self.number}: {self.label}"


class ThresholdIndicator(models.Model):
    """An indicator at one level of a scale (e.g. 'a parent's substance misuse affects the care of
    an infant'; for adults, one per type of abuse and level). Administrators edit the list;
    retired indicators stay for old assessments. Codes are unique across both scales."""

    scale = models.CharField(
        max_length=8, choices=ThresholdScale.choices, default=ThresholdScale.CHILDREN
    )
    code = models.SlugField(max_length=20, unique=True)
    level = models.PositiveSmallIntegerField()
    # Children: the assessment framework's domain; adults: the type of abuse or neglect.
    domain = models.CharField(max_length=40)
    subdomain = models.CharField(max_length=40, blank=True)
    text = models.TextField()
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scale", "level", "sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class ThresholdAssessment(models.Model):
    """The indicators a worker ticked, the level the system suggested and why, and the level
    chosen. Indicator texts are copied, so later edits to the list do not rewrite history.

    Children's assessments are one per contact (the children named together); adults' are one per
    adult (`subject`), because the s42(1) tests are about one person's needs and ability to
    protect themselves."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="threshold_assessments"
    )
    scale = models.CharField(
        max_length=8, choices=ThresholdScale.choices, default=ThresholdScale.CHILDREN
    )
    subject = models.ForeignKey(
        ContactSubject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threshold_assessments",
        help_text="Adults' scale: the adult assessed",
    )
    indicators = models.JSONField(default=list, help_text="[{code, level, text}] as ticked")
    drivers = models.JSONField(default=list, help_text="Codes that drove the suggestion")
    suggested_level = models.PositiveSmallIntegerField(null=True, blank=True)
    chosen_level = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True, help_text="Required when below the suggestion")
    # Adults: the Care Act s42(1) tests as judged at screening ("" on the children's scale).
    has_care_and_support_needs = models.CharField(
        max_length=9, choices=S42Answer.choices, blank=True
    )
    has_care_and_support_needs_note = models.TextField(blank=True)
    experiencing_or_at_risk_of_abuse = models.CharField(
        max_length=9, choices=S42Answer.choices, blank=True
    )
    experiencing_or_at_risk_of_abuse_note = models.TextField(blank=True)
    unable_to_protect_self = models.CharField(max_length=9, choices=S42Answer.choices, blank=True)
    unable_to_protect_self_note = models.TextField(blank=True)
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact_id}: level {self.chosen_level}"


class ChildOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Advice and signposting"
    UNIVERSAL = "universal", "Universal services"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment (section 17)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (may start a section 47)"
    IMMEDIATE_PROTECTION = "immediate_protection", "Immediate protection"


class AdultOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Advice and information"
    CARE_NEEDS_ASSESSMENT = "care_needs_assessment", "Care needs assessment"
    S42_ENQUIRY = "s42_enquiry", "Section 42 enquiry"
    OTHER_ENQUIRY = "other_enquiry", "Other safeguarding enquiry"
    REFERRAL_OTHER_AGENCY = "referral_other_agency", "Referral to another agency"


# Outcomes that accept a contact for a statutory social care response.
CHILD_REFERRAL_OUTCOMES = {
    ChildOutcome.ASSESSMENT,
    ChildOutcome.STRATEGY_DISCUSSION,
    ChildOutcome.IMMEDIATE_PROTECTION,
}
ADULT_ENQUIRY_OUTCOMES = {AdultOutcome.S42_ENQUIRY, AdultOutcome.OTHER_ENQUIRY}


class CheckAction(models.TextChoices):
    REFUSE = "refuse", "Refuse the decision"
    WARN = "warn", "Ask for a reason, and the authorising manager's acknowledgement"
    OFF = "off", "Do not check"


class DecisionCheck(models.Model):
    """One rule a proposed decision is checked against (docs/frontdoor-decision-checks.md): what
    happens when it applies is the council's local setting; every change is audited, and those
    audit rows are its history."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=300, help_text="When the rule applies, in plain words")
    action = models.CharField(max_length=6, choices=CheckAction.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.label


class DecisionState(models.TextChoices):
    PROPOSED = "proposed", "Awaiting authorisation"
    AUTHORISED = "authorised", "Authorised"
    RETURNED = "returned", "Returned for more work"


class Decision(models.Model):
    """A worker's proposed outcome for a contact, and a manager's authorisation of it."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="decisions")
    state = FSMField(default=DecisionState.PROPOSED, choices=DecisionState.choices, protected=False)
    rationale = models.TextField()
    next_step = models.TextField(blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    threshold_level = models.PositiveSmallIntegerField(null=True, blank=True)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    authorised_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)
    # Decision checks that warned when it was proposed ([{code, message}]), the proposer's reason
    # for going ahead, and the authorising manager's acknowledgement of them.
    check_warnings = models.JSONField(default=list, blank=True)
    check_reason = models.TextField(blank=True)
    checks_acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checks_acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(state="proposed"),
                name="decision_one_proposed_per_contact",
            )
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk} on {self.contact_id}"

    @transition(field=state, source=DecisionState.PROPOSED, target=DecisionState.AUTHORISED)
    def authorise(self) -> None:
        pass

    @transition(field=state, source=DecisionState.PROPOSED, target=DecisionState.RETURNED)
    def send_back(self) -> None:
        pass


class DecisionOutcome(models.Model):
    """Each person the contact is about gets their own outcome."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="outcomes")
    subject = models.ForeignKey(ContactSubject, on_delete=models.PROTECT, related_name="outcomes")
    is_child = models.BooleanField(default=True)
    outcome = models.CharField(max_length=24)
    # Adults: the three Care Act s42(1) tests as the worker judged them (None: not judged).
    has_care_and_support_needs = models.BooleanField(null=True, blank=True)
    experiencing_or_at_risk_of_abuse = models.BooleanField(null=True, blank=True)
    unable_to_protect_self = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "subject"], name="outcome_one_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.subject_id}: {self.outcome}"

    @property
    def label(self) -> str:
        choices = ChildOutcome if self.is_child else AdultOutcome
        return str(dict(choices.choices).get(self.outcome, self.outcome))


class Referral(models.Model):
    """A child's contact accepted for a statutory social care response: the start of a CIN
    episode (CIN census CINreferralDate, ReferralSource, ReferralNFA; Annex A list 3)."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    subject = models.OneToOneField(
        ContactSubject, on_delete=models.PROTECT, related_name="referral"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="referrals")
    referral_date = models.DateField(help_text="CINreferralDate: the day the contact was received")
    referral_source = models.CharField(max_length=3, help_text="CIN ReferralSource code")
    referral_nfa = models.BooleanField(default=False)
    route = models.CharField(max_length=24, help_text="The outcome that made it a referral")
    primary_need_code = models.CharField(max_length=2, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referrals_in_last_12_months = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-referral_date", "pk"]
        indexes = [models.Index(fields=["person", "referral_date"], name="referral_person_idx")]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.person_id})"


class EnquiryType(models.TextChoices):
    S42 = "s42", "Section 42 enquiry"
    OTHER = "other", "Other safeguarding enquiry"


class AdultEnquiry(models.Model):
    """An adult's concern accepted for a safeguarding enquiry (Safeguarding Adults Collection:
    s42 or other enquiry started, with the s42(1) tests and the types of risk)."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="adult_enquiries")
    subject = models.OneToOneField(ContactSubject, on_delete=models.PROTECT, related_name="enquiry")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="adult_enquiries")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="enquiries")
    enquiry_type = models.CharField(max_length=5, choices=EnquiryType.choices)
    started_on = models.DateField()
    has_care_and_support_needs = models.BooleanField(null=True)
    experiencing_or_at_risk_of_abuse = models.BooleanField(null=True)
    unable_to_protect_self = models.BooleanField(null=True)
    risk_types = models.JSONField(default=list, blank=True, help_text="SAC types of risk")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name_plural = "adult enquiries"

    def __str__(self) -> str:
        return f"{self.get_enquiry_type_display()} {self.pk}"


class RouteKind(models.TextChoices):
    """Routes a MASH takes beside (or instead of) social care's own response, each with its own
    process and reference outside OpenMASH."""

    MARAC = "marac", "MARAC referral (high-risk domestic abuse)"
    PREVENT = "prevent", "Prevent referral (risk of radicalisation)"
    NRM = "nrm", "National Referral Mechanism (modern slavery or trafficking)"
    POLICE_PROTECTION = "police_protection", "Police protection (Children Act 1989, section 46)"


class RouteAction(models.Model):
    """An onward referral or action the MASH recorded for a person named in a contact: when it
    was made and the reference the other process gave it (docs/frontdoor-routes.md)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="routes")
    subject = models.ForeignKey(ContactSubject, on_delete=models.PROTECT, related_name="routes")
    kind = models.CharField(max_length=20, choices=RouteKind.choices)
    made_on = models.DateField(help_text="The day the referral was made or the action taken")
    reference = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.subject_id}"


class NoteKind(models.TextChoices):
    DIRECTION = "direction", "Case direction"
    NOTE = "note", "Case note"


class CaseNote(models.Model):
    """Management oversight: a manager's case direction (or a worker's note) on a contact."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices)
    text = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.contact_id}"


class BreachKind(models.TextChoices):
    RAG = "rag", "RAG timescale"
    DECISION = "decision", "One-working-day decision"
    REQUEST = "request", "Information request"
    AUTHORISATION = "authorisation", "Authorisation awaited"


class Breach(models.Model):
    """A timescale that passed with the work not done, found by the scheduled job; the team
    manager is told once. `resolved_at` is set when the late work is finally done.

    The front door's own clocks (`BreachKind`) are on a contact. Another app's clock (registered in
    `frontdoor.registry.breach_clocks`, its name the `kind`) is on that app's record, kept by its
    model label and primary key, with the team it belongs to."""

    kind = models.CharField(max_length=40)  # a BreachKind, or a registered breach clock's name
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="breaches"
    )
    information_request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="breaches"
    )
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField()
    detected_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at", "pk"]
        verbose_name_plural = "breaches"
        indexes = [models.Index(fields=["target_type", "target_id"], name="breach_target_idx")]
        constraints = [
            # A re-rating sets a new due time, which can be breached again.
            models.UniqueConstraint(
                fields=["kind", "contact", "due_at"],
                condition=Q(information_request__isnull=True),
                name="breach_once_per_contact_clock",
            ),
            models.UniqueConstraint(
                fields=["information_request"],
                condition=Q(information_request__isnull=False),
                name="breach_once_per_request",
            ),
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "due_at"],
                condition=Q(contact__isnull=True),
                name="breach_once_per_record_clock",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | Q(target_id__isnull=False),
                name="breach_on_a_contact_or_a_record",
            ),
        ]

    def __str__(self) -> str:
        on = self.contact_id if self.contact_id else f"{self.target_type} {self.target_id}"
        return f"{self.kind_label} breach on {on}"

    @property
    def kind_label(self) -> str:
        """What ran out, in plain words: the front door's own kinds, or the registered clock's."""
        if self.kind in BreachKind.values:
            return str(BreachKind(self.kind).label)
        clock = breach_clocks.get(self.kind)
        return clock.label if clock is not None else self.kind


class SecondReportAcknowledgement(models.Model):
    """The first contact's worker has read what a second report of the same incident adds
    (`contacts.duplicates.second_reports_of`): until then the first contact's page and the queue
    show it as an alert. A rating changed on acknowledging is a `RagRating` like any other."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="second_report_acknowledgements"
    )
    second_report = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="second_report_acknowledgement"
    )
    acknowledged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    rag_before = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_after = models.CharField(max_length=5, choices=Rag.choices, blank=True)

    class Meta:
        ordering = ["acknowledged_at", "pk"]

    def __str__(self) -> str:
        return f"Second report {self.second_report_id} acknowledged on {self.contact_id}"
