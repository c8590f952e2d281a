"""Every change to an adult's safeguarding enquiry: one service each, atomic, audited
(docs/adults.md). Services check every rule; forms and serializers only catch what a person can
fix before they ask."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.adults.models import (
    Achieved,
    Capacity,
    CareProvider,
    DesiredOutcome,
    EnquirySetting,
    EnquiryStatus,
    EnquiryType,
    MadeBy,
    MspAsked,
    PlanAction,
    PlanReview,
    ProviderKind,
    RiskLocation,
    RiskOutcome,
    RiskResult,
    RiskSource,
    RiskType,
    SafeguardingEnquiry,
    SupportKind,
)
from openmash.adults.verbs import AdultsVerb
from openmash.core.audit import audit_record
from openmash.core.calendar import LONDON, add_working_days
from openmash.core.errors import ApplicationError, ConflictError

if TYPE_CHECKING:
    from openmash.accounts.models import Team, User
    from openmash.frontdoor.models import AdultEnquiry, Decision, DecisionOutcome

MAX_TEXT = 20_000


# --- Shared -----------------------------------------------------------------------------------


def setting_current() -> EnquirySetting:
    row = EnquirySetting.objects.order_by("-pk").first()
    return row if row is not None else EnquirySetting.objects.create()


def target_date_for(started_on: date, *, setting: EnquirySetting | None = None) -> date:
    setting = setting or setting_current()
    start = datetime.combine(started_on, time(12, 0), LONDON)
    return add_working_days(start, setting.target_working_days).date()


def _lock(enquiry: SafeguardingEnquiry, expected_version: int | None) -> SafeguardingEnquiry:
    locked = SafeguardingEnquiry.objects.select_for_update().get(pk=enquiry.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "Someone else changed this enquiry while you were working on it. "
            "Reload the page to see what changed, then try again."
        )
    return locked


def _open(enquiry: SafeguardingEnquiry, doing: str) -> None:
    if not enquiry.is_open:
        raise ApplicationError(f"This enquiry is concluded, so you cannot {doing}.")


def _save(enquiry: SafeguardingEnquiry, *fields: str) -> None:
    enquiry.version += 1
    enquiry.save(update_fields=[*fields, "version"])


def _text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > MAX_TEXT:
        raise ApplicationError(f"This must be {MAX_TEXT:,} characters or fewer", field=field)
    return value


def _optional(value: str, *, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ApplicationError(f"This must be {MAX_TEXT:,} characters or fewer", field=field)
    return value


def _audit(actor: User | None, verb: AdultsVerb, target: Any, **summary: Any) -> None:
    audit_record(actor=actor, verb=verb, target=target, summary=summary)


def _next_reference(year: int) -> str:
    prefix = f"ASE-{year}-"
    count = SafeguardingEnquiry.objects.filter(reference__startswith=prefix).count()
    reference = f"{prefix}{count + 1:05d}"
    while SafeguardingEnquiry.objects.filter(reference=reference).exists():
        count += 1
        reference = f"{prefix}{count + 1:05d}"
    return reference


# --- Starting: from the MASH decision ---------------------------------------------------------


def enquiry_start(
    *, source: AdultEnquiry, actor: User | None, started_on: date | None = None
) -> SafeguardingEnquiry:
    """An enquiry for the front door's `AdultEnquiry`: its type, the s42(1) tests and the types
    of risk copied, the team the MASH named, the local target date from the setting in force."""
    existing = SafeguardingEnquiry.objects.filter(source=source).first()
    if existing is not None:
        return existing
    started_on = started_on or source.started_on
    enquiry = SafeguardingEnquiry.objects.create(
        reference=_next_reference(started_on.year),
        source=source,
        person_id=source.person_id,
        enquiry_type=source.enquiry_type,
        has_care_and_support_needs=source.has_care_and_support_needs,
        experiencing_or_at_risk_of_abuse=source.experiencing_or_at_risk_of_abuse,
        unable_to_protect_self=source.unable_to_protect_self,
        team_id=source.team_id,
        started_on=started_on,
        target_date=target_date_for(started_on),
        risk_types=[t for t in source.risk_types if t in RiskType.values],
    )
    _audit(
        actor,
        AdultsVerb.ENQUIRY_STARTED,
        enquiry,
        type=enquiry.enquiry_type,
        person=enquiry.person_id,
        target_date=enquiry.target_date.isoformat(),
    )
    return enquiry


def adults_from_decision(
    *, decision: Decision, outcomes: Sequence[DecisionOutcome], actor: User
) -> None:
    """Registered in `frontdoor.registry.decision_authorised`: every adult the MASH accepted for
    a safeguarding enquiry (s42 or other) gets their enquiry."""
    from openmash.frontdoor.models import AdultEnquiry

    for found in AdultEnquiry.objects.filter(decision=decision):
        enquiry_start(source=found, actor=actor)


# --- Allocation and the s42(1) tests ----------------------------------------------------------


@transaction.atomic
def enquiry_allocate(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    officer: User,
    team: Team | None = None,
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "allocate it")
    if not officer.is_active or not officer.has_capability("records_contacts"):
        raise ApplicationError("Select an enquiry officer who works enquiries", field="officer")
    enquiry.officer = officer
    if team is not None:
        enquiry.team = team
    _save(enquiry, "officer", "team")
    _audit(actor, AdultsVerb.ALLOCATED, enquiry, officer=officer.pk, team=enquiry.team_id)
    return enquiry


@transaction.atomic
def enquiry_tests_record(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    has_care_and_support_needs: bool,
    experiencing_or_at_risk_of_abuse: bool,
    unable_to_protect_self: bool,
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    """The officer's view of the three s42(1) tests: all three met makes it a section 42
    enquiry; any one not met makes (or keeps) it an "other" safeguarding enquiry."""
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "change the section 42 tests")
    before = enquiry.enquiry_type
    enquiry.has_care_and_support_needs = has_care_and_support_needs
    enquiry.experiencing_or_at_risk_of_abuse = experiencing_or_at_risk_of_abuse
    enquiry.unable_to_protect_self = unable_to_protect_self
    enquiry.enquiry_type = EnquiryType.S42 if enquiry.tests_met else EnquiryType.OTHER
    _save(
        enquiry,
        "has_care_and_support_needs",
        "experiencing_or_at_risk_of_abuse",
        "unable_to_protect_self",
        "enquiry_type",
    )
    _audit(
        actor,
        AdultsVerb.TESTS_RECORDED,
        enquiry,
        before=before,
        after=enquiry.enquiry_type,
        tests=[
            has_care_and_support_needs,
            experiencing_or_at_risk_of_abuse,
            unable_to_protect_self,
        ],
    )
    return enquiry


# --- Who makes it: the council, or another organisation caused to ----------------------------


@transaction.atomic
def provider_create(
    *, actor: User, name: str, kind: str, cqc_location_id: str = "", address: str = ""
) -> CareProvider:
    name = _text(name, field="name", message="Enter the provider's name")[:200]
    if kind not in ProviderKind.values:
        raise ApplicationError("Select the kind of provider", field="kind")
    if CareProvider.objects.filter(name__iexact=name).exists():
        raise ApplicationError(f"{name} is already on the list: select it instead", field="name")
    provider = CareProvider.objects.create(
        name=name,
        kind=kind,
        cqc_location_id=(cqc_location_id or "").strip()[:20],
        address=(address or "").strip()[:300],
    )
    audit_record(actor=actor, verb=AdultsVerb.PROVIDER_CREATED, target=provider)
    return provider


@transaction.atomic
def enquiry_made_by_record(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    made_by: str,
    organisation: CareProvider | None = None,
    report_due_on: date | None = None,
    provider: CareProvider | None = None,
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    """Who makes the enquiry and which provider (if any) the concern is about. An enquiry caused
    to be made names the organisation making it; a provider named links the enquiry to every
    other adult's enquiry about the same provider."""
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "change who makes it")
    if made_by not in MadeBy.values:
        raise ApplicationError("Select who makes the enquiry", field="made_by")
    if made_by == MadeBy.CAUSED and organisation is None:
        raise ApplicationError(
            "Select the organisation caused to make the enquiry", field="organisation"
        )
    if made_by == MadeBy.COUNCIL:
        organisation, report_due_on = None, None
    changed = enquiry.caused_organisation_id != (organisation.pk if organisation else None)
    enquiry.made_by = made_by
    enquiry.caused_organisation = organisation
    enquiry.report_due_on = report_due_on
    enquiry.provider = provider
    fields = ["made_by", "caused_organisation", "report_due_on", "provider"]
    if changed:  # a new organisation's report is a new report
        enquiry.report_received_on = None
        enquiry.report_reviewed_at = None
        enquiry.report_reviewed_by = None
        enquiry.report_review = ""
        fields += [
            "report_received_on",
            "report_reviewed_at",
            "report_reviewed_by",
            "report_review",
        ]
    _save(enquiry, *fields)
    _audit(
        actor,
        AdultsVerb.MADE_BY_RECORDED,
        enquiry,
        made_by=made_by,
        organisation=organisation.pk if organisation else None,
        provider=provider.pk if provider else None,
    )
    return enquiry


@transaction.atomic
def enquiry_report_review(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    received_on: date,
    review: str,
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    """The report of the organisation caused to make the enquiry: received, and reviewed by the
    council (which keeps the duty: it decides whether the report answers the enquiry)."""
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "record the report")
    if enquiry.made_by != MadeBy.CAUSED:
        raise ApplicationError(
            "This enquiry is made by the council: there is no other organisation's report"
        )
    if received_on > timezone.localdate():
        raise ApplicationError(
            "The date received must be today or in the past", field="received_on"
        )
    if received_on < enquiry.started_on:
        raise ApplicationError(
            "The date received must be on or after the enquiry started", field="received_on"
        )
    enquiry.report_received_on = received_on
    enquiry.report_review = _text(
        review, field="review", message="Enter what your review of the report found"
    )
    enquiry.report_reviewed_at = timezone.now()
    enquiry.report_reviewed_by = actor
    _save(
        enquiry, "report_received_on", "report_review", "report_reviewed_at", "report_reviewed_by"
    )
    _audit(actor, AdultsVerb.REPORT_REVIEWED, enquiry, received_on=received_on.isoformat())
    return enquiry


# --- Making Safeguarding Personal -------------------------------------------------------------


@transaction.atomic
def enquiry_msp_record(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    asked: str,
    outcomes: Sequence[str] = (),
    not_asked_reason: str = "",
    asked_of: str = "",
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    """Whether the adult (or their representative) was asked what they want to happen and, if
    they said, the outcomes in their own words (one a line). Outcomes recorded before are kept
    with their answers where the words are the same."""
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "change the desired outcomes")
    if asked not in MspAsked.values:
        raise ApplicationError(
            "Select whether the adult was asked about the outcomes they want", field="asked"
        )
    words = [w.strip() for w in outcomes if w and w.strip()]
    if asked == MspAsked.EXPRESSED and not words:
        raise ApplicationError(
            "Enter the outcomes the adult wants, in their own words", field="outcomes"
        )
    if asked != MspAsked.EXPRESSED:
        words = []
    reason = _optional(not_asked_reason, field="not_asked_reason")
    if asked == MspAsked.NOT_ASKED and not reason:
        raise ApplicationError(
            "Enter why the adult was not asked about the outcomes they want",
            field="not_asked_reason",
        )
    for text in words:
        if len(text) > 2000:
            raise ApplicationError(
                "Each outcome must be 2,000 characters or fewer", field="outcomes"
            )
    kept = {o.words: o for o in enquiry.outcomes.all()}
    for text in words:
        if kept.pop(text, None) is None:
            DesiredOutcome.objects.create(enquiry=enquiry, words=text, recorded_by=actor)
    for gone in kept.values():
        gone.delete()
    enquiry.msp_asked = asked
    enquiry.msp_not_asked_reason = reason if asked == MspAsked.NOT_ASKED else ""
    enquiry.msp_asked_of = (asked_of or "").strip()[:200]
    _save(enquiry, "msp_asked", "msp_not_asked_reason", "msp_asked_of")
    _audit(actor, AdultsVerb.MSP_RECORDED, enquiry, asked=asked, outcomes=len(words))
    return enquiry


# --- Mental capacity and advocacy -------------------------------------------------------------


@transaction.atomic
def enquiry_capacity_record(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    capacity: str,
    support_kind: str,
    support_offered: bool | None,
    support_involved: bool | None,
    support_name: str = "",
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    """Whether the adult lacks capacity for decisions about the enquiry, and who supports them
    (an independent advocate, an IMCA, a family member or friend): offered and involved. An adult
    who lacks capacity with nobody offered is flagged (`needs_advocate`), not refused: the page,
    the officer's work list and the API show it until someone is offered."""
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "change capacity and advocacy")
    if capacity not in Capacity.values:
        raise ApplicationError("Select whether the adult has capacity", field="capacity")
    if support_kind not in SupportKind.values:
        raise ApplicationError("Select who supports the adult", field="support_kind")
    if support_kind == SupportKind.NONE:
        support_offered, support_involved, support_name = False, False, ""
    elif support_offered is None:
        raise ApplicationError("Select whether the support was offered", field="support_offered")
    if support_involved and not support_offered:
        raise ApplicationError(
            "Support can only be involved once it has been offered", field="support_involved"
        )
    enquiry.capacity = capacity
    enquiry.support_kind = support_kind
    enquiry.support_offered = support_offered
    enquiry.support_involved = support_involved
    enquiry.support_name = (support_name or "").strip()[:200]
    _save(
        enquiry,
        "capacity",
        "support_kind",
        "support_offered",
        "support_involved",
        "support_name",
    )
    _audit(
        actor,
        AdultsVerb.CAPACITY_RECORDED,
        enquiry,
        capacity=capacity,
        support=support_kind,
        offered=support_offered,
        involved=support_involved,
        flagged=enquiry.needs_advocate,
    )
    return enquiry


# --- Risk ---------------------------------------------------------------------------------------


@transaction.atomic
def enquiry_risk_record(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    types: Sequence[str],
    sources: Sequence[str],
    location: str,
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "change the risk")
    types = list(dict.fromkeys(types))
    sources = list(dict.fromkeys(sources))
    if not types or any(t not in RiskType.values for t in types):
        raise ApplicationError("Select at least one type of risk", field="types")
    if not sources or any(s not in RiskSource.values for s in sources):
        raise ApplicationError("Select at least one source of risk", field="sources")
    if location not in RiskLocation.values:
        raise ApplicationError("Select where the risk is", field="location")
    enquiry.risk_types, enquiry.risk_sources, enquiry.risk_location = types, sources, location
    _save(enquiry, "risk_types", "risk_sources", "risk_location")
    _audit(
        actor, AdultsVerb.RISK_RECORDED, enquiry, types=types, sources=sources, location=location
    )
    return enquiry


# --- The safeguarding plan and a safeguarding adults review -----------------------------------


@transaction.atomic
def plan_action_add(
    *, enquiry: SafeguardingEnquiry, actor: User, text: str, owner: str, due_on: date
) -> PlanAction:
    enquiry = _lock(enquiry, None)
    _open(enquiry, "add to the plan")
    text = _text(text, field="text", message="Enter the action")
    if len(text) > 500:
        raise ApplicationError("The action must be 500 characters or fewer", field="text")
    owner = _text(owner, field="owner", message="Enter who will do it")[:200]
    if due_on < enquiry.started_on:
        raise ApplicationError(
            "The due date must be on or after the enquiry started", field="due_on"
        )
    action = PlanAction.objects.create(
        enquiry=enquiry, text=text, owner=owner, due_on=due_on, recorded_by=actor
    )
    _save(enquiry)
    _audit(actor, AdultsVerb.ACTION_ADDED, action, enquiry=enquiry.pk, due_on=due_on.isoformat())
    return action


@transaction.atomic
def plan_action_done(
    *, enquiry: SafeguardingEnquiry, actor: User, action_id: int, done_on: date
) -> PlanAction:
    enquiry = _lock(enquiry, None)
    _open(enquiry, "change the plan")
    action = PlanAction.objects.filter(enquiry=enquiry, pk=action_id).first()
    if action is None:
        raise ApplicationError("No such action in this plan")
    if done_on > timezone.localdate():
        raise ApplicationError("The date done must be today or in the past", field="done_on")
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    _save(enquiry)
    _audit(actor, AdultsVerb.ACTION_DONE, action, enquiry=enquiry.pk)
    return action


@transaction.atomic
def plan_review_record(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    held_on: date,
    summary: str,
    next_review_on: date | None = None,
) -> PlanReview:
    enquiry = _lock(enquiry, None)
    _open(enquiry, "review the plan")
    if held_on > timezone.localdate():
        raise ApplicationError("The review date must be today or in the past", field="held_on")
    if next_review_on is not None and next_review_on <= held_on:
        raise ApplicationError("The next review must be after this one", field="next_review_on")
    review = PlanReview.objects.create(
        enquiry=enquiry,
        held_on=held_on,
        summary=_text(summary, field="summary", message="Enter what the review found"),
        next_review_on=next_review_on,
        recorded_by=actor,
    )
    _save(enquiry)
    _audit(actor, AdultsVerb.REVIEW_RECORDED, review, enquiry=enquiry.pk)
    return review


@transaction.atomic
def enquiry_sar_record(
    *, enquiry: SafeguardingEnquiry, actor: User, referred: bool, reason: str = ""
) -> SafeguardingEnquiry:
    """Refer (or withdraw the referral of) the case to the Safeguarding Adults Board for a
    safeguarding adults review (Care Act 2014 s44)."""
    enquiry = _lock(enquiry, None)
    reason = _optional(reason, field="reason")
    if referred and not reason:
        raise ApplicationError(
            "Enter why the case is referred for a safeguarding adults review", field="reason"
        )
    enquiry.sar_referred, enquiry.sar_reason = referred, reason if referred else ""
    _save(enquiry, "sar_referred", "sar_reason")
    _audit(actor, AdultsVerb.SAR_RECORDED, enquiry, referred=referred)
    return enquiry


# --- Conclusion -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConclusionInput:
    risk_outcome: str
    action_taken: bool | None
    risk_result: str
    achieved: dict[int, str]  # desired outcome id -> Achieved
    conclusion: str


RESULT_NEEDED = {RiskOutcome.IDENTIFIED, RiskOutcome.INCONCLUSIVE}


@transaction.atomic
def enquiry_conclude(
    *,
    enquiry: SafeguardingEnquiry,
    actor: User,
    data: ConclusionInput,
    expected_version: int | None = None,
) -> SafeguardingEnquiry:
    """Conclude the enquiry. It cannot conclude until the Making Safeguarding Personal question
    is answered (and, when outcomes were expressed, each marked achieved fully, partly or not),
    the risk recorded with its assessment outcome and, where a risk was identified or the
    assessment was inconclusive, its result (removed, reduced, remains); and, for an enquiry
    caused to be made by another organisation, its report received and reviewed."""
    enquiry = _lock(enquiry, expected_version)
    _open(enquiry, "conclude it again")
    if not enquiry.msp_asked:
        raise ApplicationError(
            "Record whether the adult was asked about the outcomes they want before you "
            "conclude the enquiry"
        )
    outcomes = list(enquiry.outcomes.all())
    for outcome in outcomes:
        answer = data.achieved.get(outcome.pk, "")
        if answer not in Achieved.values:
            raise ApplicationError(
                f"Select whether \u201c{outcome.words[:60]}\u201d was achieved",
                field=f"outcome_{outcome.pk}",
            )
    if not enquiry.risk_types or not enquiry.risk_location:
        raise ApplicationError(
            "Record the type, source and location of the risk before you conclude"
        )
    if data.risk_outcome not in RiskOutcome.values:
        raise ApplicationError("Select the outcome of the risk assessment", field="risk_outcome")
    if data.action_taken is None:
        raise ApplicationError("Select whether action was taken", field="action_taken")
    if data.risk_outcome in RESULT_NEEDED and data.risk_result not in RiskResult.values:
        raise ApplicationError(
            "Select whether the risk was removed, reduced or remains", field="risk_result"
        )
    if enquiry.report_outstanding:
        raise ApplicationError(
            "Record the report of the organisation caused to make the enquiry, and your review "
            "of it, before you conclude"
        )
    for outcome in outcomes:
        outcome.achieved = data.achieved[outcome.pk]
        outcome.save(update_fields=["achieved"])
    enquiry.risk_outcome = data.risk_outcome
    enquiry.action_taken = data.action_taken
    enquiry.risk_result = data.risk_result if data.risk_outcome in RESULT_NEEDED else ""
    enquiry.conclusion = _text(
        data.conclusion, field="conclusion", message="Enter the enquiry's findings"
    )
    enquiry.status = EnquiryStatus.CONCLUDED
    enquiry.concluded_at = timezone.now()
    enquiry.concluded_by = actor
    _save(
        enquiry,
        "risk_outcome",
        "action_taken",
        "risk_result",
        "conclusion",
        "status",
        "concluded_at",
        "concluded_by",
    )
    _audit(
        actor,
        AdultsVerb.CONCLUDED,
        enquiry,
        risk_outcome=enquiry.risk_outcome,
        risk_result=enquiry.risk_result,
        achieved=[o.achieved for o in outcomes],
        late=timezone.localdate() > enquiry.target_date,
    )
    return enquiry


# --- The local target ---------------------------------------------------------------------------


@transaction.atomic
def enquiry_setting_change(*, actor: User, target_working_days: int, reason: str) -> EnquirySetting:
    """A new local target (a new row: the older rows are its history). Enquiries already started
    keep the target date they were given."""
    if not 1 <= target_working_days <= 130:
        raise ApplicationError(
            "The target must be between 1 and 130 working days", field="target_working_days"
        )
    before = setting_current().target_working_days
    row = EnquirySetting.objects.create(
        target_working_days=target_working_days,
        reason=_text(reason, field="reason", message="Enter why the target is changing"),
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        verb=AdultsVerb.SETTING_CHANGED,
        target=row,
        summary={"before": before, "after": target_working_days},
    )
    return row
