"""Decisions on contacts (DOMAIN §3): a worker proposes an outcome for each person with a
rationale; a manager (never the proposer) authorises it or sends it back. Authorising creates the
statutory records (a children's referral, an adult's s42 or other enquiry) and tells the
referrer the outcome in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Team
from openmash.contacts.models import Contact, ContactSubject, SubjectRole
from openmash.core.audit import audit_record
from openmash.core.calendar import LONDON
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import (
    ADULT_ENQUIRY_OUTCOMES,
    CHILD_REFERRAL_OUTCOMES,
    AdultEnquiry,
    AdultOutcome,
    CheckAction,
    ChildOutcome,
    Decision,
    DecisionOutcome,
    DecisionState,
    EnquiryType,
    EventKind,
    Referral,
)
from openmash.frontdoor.registry import decision_authorised
from openmash.frontdoor.services.checks import decision_findings, decision_findings_apply
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock, contact_move
from openmash.frontdoor.services.notify import managers_tell
from openmash.frontdoor.services.rag import clocks_stop_locked
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from openmash.accounts.models import User


@dataclass
class OutcomeInput:
    subject_id: int
    outcome: str
    # Adults only: the Care Act s42(1) tests.
    has_care_and_support_needs: bool | None = None
    experiencing_or_at_risk_of_abuse: bool | None = None
    unable_to_protect_self: bool | None = None

    @property
    def s42_tests(self) -> tuple[bool | None, bool | None, bool | None]:
        return (
            self.has_care_and_support_needs,
            self.experiencing_or_at_risk_of_abuse,
            self.unable_to_protect_self,
        )


def outcome_choices(is_child: bool) -> list[tuple[str, StrOrPromise]]:
    return list((ChildOutcome if is_child else AdultOutcome).choices)


def decision_subjects(contact: Contact) -> list[ContactSubject]:
    """The people who each need an outcome: the children and adults the concern is about."""
    return [s for s in contact.contact_subjects.all() if s.role == SubjectRole.SUBJECT]


def _outcome_problems(
    subjects: list[ContactSubject], outcomes: list[OutcomeInput], team: Team | None
) -> list[tuple[str, str]]:
    by_id = {o.subject_id: o for o in outcomes}
    problems: list[tuple[str, str]] = []
    for index, subject in enumerate(subjects):
        name = f"{subject.given_name} {subject.family_name}".strip()
        chosen = by_id.get(subject.pk)
        where = f"outcomes[{index}]"
        if chosen is None or not chosen.outcome:
            problems.append((where, f"Select an outcome for {name}"))
            continue
        valid = dict(outcome_choices(subject.is_child))
        if chosen.outcome not in valid:
            kind = "a child" if subject.is_child else "an adult"
            problems.append((where, f"{chosen.outcome!r} is not an outcome for {kind} ({name})"))
            continue
        if not subject.is_child and chosen.outcome in ADULT_ENQUIRY_OUTCOMES:
            tests = chosen.s42_tests
            if None in tests:
                problems.append((where, f"Answer the three section 42 questions for {name}"))
            elif chosen.outcome == AdultOutcome.S42_ENQUIRY and not all(tests):
                problems.append(
                    (
                        where,
                        f"A section 42 enquiry needs all three tests met for {name}; "
                        "choose 'other safeguarding enquiry' if they are not",
                    )
                )
            elif chosen.outcome == AdultOutcome.OTHER_ENQUIRY and all(tests):
                problems.append(
                    (
                        where,
                        f"All three section 42 tests are met for {name}: "
                        "the council must make a section 42 enquiry",
                    )
                )
    extra = set(by_id) - {s.pk for s in subjects}
    if extra:
        problems.append(("outcomes", "An outcome names someone this contact is not about"))
    statutory = any(
        by_id.get(s.pk)
        and by_id[s.pk].outcome in (CHILD_REFERRAL_OUTCOMES | ADULT_ENQUIRY_OUTCOMES)
        for s in subjects
    )
    if statutory and team is None:
        problems.append(("team", "Select the team the contact goes to"))
    return problems


@transaction.atomic
def decision_propose(
    *,
    contact: Contact,
    actor: User,
    outcomes: list[OutcomeInput],
    rationale: str,
    next_step: str = "",
    team: Team | None = None,
    check_reason: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Propose the outcomes. The decision checks (services.checks) may refuse them, or ask for
    `check_reason`, which the authorising manager must then acknowledge."""
    contact = contact_lock(contact, expected_version=expected_version)
    if not rationale.strip():
        raise ApplicationError("Enter the rationale for the decision", field="rationale")
    subjects = decision_subjects(contact)
    problems = _outcome_problems(subjects, outcomes, team)
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)
    warnings = decision_findings_apply(decision_findings(contact, subjects, outcomes), check_reason)
    contact_move(contact, transition="propose_decision", actor=actor)
    decision = Decision.objects.create(
        contact=contact,
        rationale=rationale,
        next_step=next_step,
        team=team,
        threshold_level=contact.threshold_level,
        proposed_by=actor,
        check_warnings=warnings,
        check_reason=check_reason.strip() if warnings else "",
    )
    by_id = {o.subject_id: o for o in outcomes}
    DecisionOutcome.objects.bulk_create(
        DecisionOutcome(
            decision=decision,
            subject=subject,
            is_child=subject.is_child,
            outcome=by_id[subject.pk].outcome,
            has_care_and_support_needs=by_id[subject.pk].has_care_and_support_needs,
            experiencing_or_at_risk_of_abuse=by_id[subject.pk].experiencing_or_at_risk_of_abuse,
            unable_to_protect_self=by_id[subject.pk].unable_to_protect_self,
        )
        for subject in subjects
    )
    words = outcome_words(decision)
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.DECISION,
        summary=f"Decision proposed: {words}",
        detail=rationale,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.DECISION_PROPOSED,
        target=decision,
        summary={
            "contact": contact.reference,
            "outcomes": {str(s.pk): by_id[s.pk].outcome for s in subjects},
            "team": team.pk if team else None,
            "check_warnings": [w["code"] for w in warnings],
        },
    )
    managers_tell(
        contact,
        subject=f"Decision to authorise: contact {contact.reference}",
        body=f"{actor.full_name} proposed: {words}. Open the contact in OpenMASH to authorise it.",
    )
    return decision


def outcome_words(decision: Decision) -> str:
    parts = []
    for outcome in decision.outcomes.select_related("subject"):
        parts.append(
            f"{outcome.subject.given_name} {outcome.subject.family_name}: {outcome.label.lower()}"
        )
    return "; ".join(parts)


def decision_consent_blocker(contact: Contact) -> str:
    """Why consent stops authorisation now, or '' (the consent module owns the rule)."""
    from openmash.frontdoor.services.consent import consent_authorisation_blocker

    return consent_authorisation_blocker(contact)


@transaction.atomic
def decision_authorise(
    *,
    decision: Decision,
    actor: User,
    comment: str = "",
    acknowledge_checks: bool = False,
    expected_version: int | None = None,
) -> Decision:
    if decision.proposed_by_id == actor.pk:
        raise ApplicationError("A manager cannot authorise their own decision.")
    contact = contact_lock(decision.contact, expected_version=expected_version)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != DecisionState.PROPOSED:
        raise ApplicationError(
            f"This decision is {decision.get_state_display().lower()}, so it cannot be authorised."
        )
    blocker = decision_consent_blocker(contact)
    if blocker:
        raise ApplicationError(blocker)
    outcomes = list(decision.outcomes.select_related("subject", "subject__person"))
    warnings = _checks_now(contact, decision, outcomes)
    if warnings and not acknowledge_checks:
        listed = "; ".join(w["message"] for w in warnings)
        raise ApplicationError(
            f"This decision goes against the decision checks ({listed}). Confirm you have read "
            "the reason given and agree, or send the decision back",
            field="acknowledge_checks",
        )
    for outcome in outcomes:
        if _is_statutory(outcome) and outcome.subject.person_id is None:
            name = f"{outcome.subject.given_name} {outcome.subject.family_name}"
            raise ApplicationError(
                f"Confirm who {name} is in the person index before authorising: "
                "a referral or enquiry must belong to a person."
            )
    now = timezone.now()
    decision.authorise()
    decision.authorised_by, decision.authorised_at = actor, now
    decision.manager_comment = comment
    if warnings:
        decision.check_warnings = warnings
        decision.checks_acknowledged_by, decision.checks_acknowledged_at = actor, now
    decision.save(
        update_fields=[
            "state",
            "authorised_by",
            "authorised_at",
            "manager_comment",
            "check_warnings",
            "checks_acknowledged_by",
            "checks_acknowledged_at",
        ]
    )
    contact_move(contact, transition="authorise", actor=actor, detail=comment)
    # Decided: the RAG and decision clocks stop; the pages show this time against the due times.
    contact.save(update_fields=clocks_stop_locked(contact, at=now))
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.DECISION,
        summary=f"Decision authorised: {outcome_words(decision)}",
        detail=comment,
        at=now,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.DECISION_AUTHORISED,
        target=decision,
        summary={
            "contact": contact.reference,
            "comment": comment,
            "checks_acknowledged": [w["code"] for w in warnings],
        },
    )
    for outcome in outcomes:
        _create_statutory_record(contact, decision, outcome, actor=actor)
    for after in decision_authorised:
        after(decision=decision, outcomes=outcomes, actor=actor)
    feedback_send(contact=contact, decision=decision, actor=actor)
    return decision


def decision_check_warnings(decision: Decision) -> list[dict[str, str]]:
    """The warnings a manager must acknowledge to authorise this decision now (none refuse:
    those raise)."""
    if decision.state != DecisionState.PROPOSED:
        return list(decision.check_warnings)
    outcomes = list(decision.outcomes.select_related("subject"))
    try:
        return _checks_now(decision.contact, decision, outcomes)
    except ApplicationError:
        return list(decision.check_warnings)


def _checks_now(
    contact: Contact, decision: Decision, outcomes: list[DecisionOutcome]
) -> list[dict[str, str]]:
    """The checks again, on the contact as it is now (a duplicate may have been flagged since the
    proposal): a refusing rule refuses; the warnings are those given when it was proposed and any
    that apply now."""
    inputs = [
        OutcomeInput(
            subject_id=o.subject_id,
            outcome=o.outcome,
            has_care_and_support_needs=o.has_care_and_support_needs,
            experiencing_or_at_risk_of_abuse=o.experiencing_or_at_risk_of_abuse,
            unable_to_protect_self=o.unable_to_protect_self,
        )
        for o in outcomes
    ]
    findings = decision_findings(contact, [o.subject for o in outcomes], inputs)
    for finding in findings:
        if finding.action == CheckAction.REFUSE:
            raise ApplicationError(finding.message)
    warnings = list(decision.check_warnings)
    for finding in findings:
        if finding.action == CheckAction.WARN and finding.as_dict() not in warnings:
            warnings.append(finding.as_dict())
    return warnings


def _is_statutory(outcome: DecisionOutcome) -> bool:
    if outcome.is_child:
        return outcome.outcome in CHILD_REFERRAL_OUTCOMES
    return outcome.outcome in ADULT_ENQUIRY_OUTCOMES


def _create_statutory_record(
    contact: Contact, decision: Decision, outcome: DecisionOutcome, *, actor: User
) -> None:
    if not _is_statutory(outcome):
        return
    subject = outcome.subject
    person_id = subject.person_id
    assert person_id is not None  # decision_authorise refuses a statutory outcome without one
    received = timezone.localtime(contact.received_at, LONDON).date()
    if outcome.is_child:
        earlier = Referral.objects.filter(
            person_id=person_id,
            referral_date__lt=received,
            referral_date__gte=received - timedelta(days=365),
        ).count()
        record: Referral | AdultEnquiry = Referral.objects.create(
            contact=contact,
            subject=subject,
            person_id=person_id,
            decision=decision,
            referral_date=received,
            referral_source=contact.source_agency.cin_referral_source,
            route=outcome.outcome,
            team=decision.team,
            referrals_in_last_12_months=earlier,
        )
        verb, words = FrontdoorVerb.REFERRAL_CREATED, "Referral to children's social care"
    else:
        risk_types = sorted({t for c in contact.categories.all() for t in (c.sac_risk_types or [])})
        record = AdultEnquiry.objects.create(
            contact=contact,
            subject=subject,
            person_id=person_id,
            decision=decision,
            enquiry_type=EnquiryType.S42
            if outcome.outcome == AdultOutcome.S42_ENQUIRY
            else EnquiryType.OTHER,
            started_on=timezone.localdate(),
            has_care_and_support_needs=outcome.has_care_and_support_needs,
            experiencing_or_at_risk_of_abuse=outcome.experiencing_or_at_risk_of_abuse,
            unable_to_protect_self=outcome.unable_to_protect_self,
            risk_types=risk_types,
            team=decision.team,
        )
        verb, words = FrontdoorVerb.ENQUIRY_CREATED, record.get_enquiry_type_display()
    team = f" to {decision.team.name}" if decision.team else ""
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.DECISION,
        summary=f"{words} for {subject.given_name} {subject.family_name}{team}",
    )
    audit_record(
        actor=actor,
        verb=verb,
        target=record,
        summary={"contact": contact.reference, "person": subject.person_id},
    )


@transaction.atomic
def decision_return(
    *, decision: Decision, actor: User, reason: str, expected_version: int | None = None
) -> Decision:
    """A manager sends a proposed decision back for more work (the contact returns to
    information gathering); the reason is the manager's direction."""
    if not reason.strip():
        raise ApplicationError(
            "Enter what needs to be done before you can authorise", field="reason"
        )
    contact = contact_lock(decision.contact, expected_version=expected_version)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != DecisionState.PROPOSED:
        raise ApplicationError(
            f"This decision is {decision.get_state_display().lower()}, so it cannot be returned."
        )
    decision.send_back()
    decision.returned_by, decision.returned_at = actor, timezone.now()
    decision.manager_comment = reason
    decision.save(update_fields=["state", "returned_by", "returned_at", "manager_comment"])
    contact_move(contact, transition="return_decision", actor=actor, detail=reason)
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.DECISION,
        summary="Decision returned for more work",
        detail=reason,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.DECISION_RETURNED,
        target=decision,
        summary={"contact": contact.reference, "reason": reason},
    )
    return decision


# Plain words for the referrer: what will happen, not our codes.
CHILD_FEEDBACK: dict[str, str] = {
    ChildOutcome.NFA: "no further action is needed from children's social care",
    ChildOutcome.ADVICE: "advice and information about other services will be given",
    ChildOutcome.UNIVERSAL: (
        "their needs can be met by universal services such as school and health"
    ),
    ChildOutcome.EARLY_HELP: "the family will be offered early help",
    ChildOutcome.ASSESSMENT: "a social worker will carry out a child and family assessment",
    ChildOutcome.STRATEGY_DISCUSSION: (
        "agencies will hold a strategy discussion about keeping them safe"
    ),
    ChildOutcome.IMMEDIATE_PROTECTION: "action is being taken to protect them now",
}
ADULT_FEEDBACK: dict[str, str] = {
    AdultOutcome.NFA: "no further action is needed from adult social care",
    AdultOutcome.ADVICE: "advice and information will be given",
    AdultOutcome.CARE_NEEDS_ASSESSMENT: "their care and support needs will be assessed",
    AdultOutcome.S42_ENQUIRY: "the council will make safeguarding enquiries (section 42)",
    AdultOutcome.OTHER_ENQUIRY: "the council will make safeguarding enquiries",
    AdultOutcome.REFERRAL_OTHER_AGENCY: "the concern has been passed to another agency",
}


def feedback_text(contact: Contact, decision: Decision) -> str:
    lines = [f"Thank you for your referral {contact.reference}. We have decided what happens next:"]
    for outcome in decision.outcomes.select_related("subject"):
        words = (CHILD_FEEDBACK if outcome.is_child else ADULT_FEEDBACK).get(outcome.outcome, "")
        lines.append(f"- {outcome.subject.given_name}: {words}.")
    lines.append(
        "If you have new concerns, or you disagree with this decision, contact the MASH. "
        "If a child or adult is in immediate danger, call 999."
    )
    return "\n".join(lines)


def feedback_send(*, contact: Contact, decision: Decision, actor: User) -> None:
    """Tell the referrer the outcome: kept on the contact for the portal and the API, and sent
    through GOV.UK Notify when configured (always copied to the outbox), once the change commits."""
    from openmash.core.notify import send_message

    text = feedback_text(contact, decision)
    contact.outcome_for_referrer = text
    contact.outcome_sent_at = timezone.now()
    contact.save(update_fields=["outcome_for_referrer", "outcome_sent_at"])
    email = contact.referrer_email or (contact.submitted_by.email if contact.submitted_by else "")
    if email:
        transaction.on_commit(
            lambda: send_message(
                to_email=email, subject=f"Outcome of your referral {contact.reference}", body=text
            )
        )
    told = f"Referrer told the outcome ({email})" if email else "Outcome recorded for the referrer"
    contact_event(contact, actor=actor, kind=EventKind.FEEDBACK, summary=told, detail=text)
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.FEEDBACK_SENT,
        target=contact,
        summary={"to": email, "decision": decision.pk},
    )
