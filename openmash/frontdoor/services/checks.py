"""Decisions checked against what is known (issue 13 item 1; docs/frontdoor-decision-checks.md).

A proposed decision is compared with the contact's RAG rating, its threshold level, the consent
position and anything still unresolved (a possible duplicate, a possible person match). Each rule
is a `DecisionCheck` row whose action is the council's setting: refuse the decision, or let it go
ahead with the proposer's reason and the authorising manager's acknowledgement (both shown on the
decision), or not check at all. Changes to the settings are audited, and those audit rows are
their history (the settings history page lists them with the other front-door settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import (
    ConsentStatus,
    Contact,
    ContactSubject,
    MatchStatus,
    Rag,
)
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import (
    AdultOutcome,
    CheckAction,
    ChildOutcome,
    ConsentDecision,
    ConsentRecord,
    DecisionCheck,
    ThresholdScale,
)
from openmash.frontdoor.services.thresholds import contact_scale_level
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from django.db import models

    from openmash.accounts.models import User
    from openmash.frontdoor.services.decisions import OutcomeInput

# Children's outcomes that do not involve children's social care, and those that mean the child may
# be suffering significant harm.
LOW_CHILD_OUTCOMES = {
    ChildOutcome.NFA,
    ChildOutcome.ADVICE,
    ChildOutcome.UNIVERSAL,
    ChildOutcome.EARLY_HELP,
}
HIGH_CHILD_OUTCOMES = {ChildOutcome.STRATEGY_DISCUSSION, ChildOutcome.IMMEDIATE_PROTECTION}
LOW_ADULT_OUTCOMES = {AdultOutcome.NFA, AdultOutcome.ADVICE}
# Outcomes a family takes up only by agreeing to them.
NEEDS_AGREEMENT = {ChildOutcome.EARLY_HELP}

DEFAULT_CHECKS: list[dict[str, Any]] = [
    {
        "code": "low_outcome_on_high_risk",
        "label": "A child's outcome of no further action, advice, universal services or early "
        "help on a contact rated red or assessed at level 4",
        "action": CheckAction.WARN,
        "sort_order": 1,
    },
    {
        "code": "adult_low_outcome_on_red",
        "label": "An adult's outcome of no further action or advice on a contact rated red",
        "action": CheckAction.WARN,
        "sort_order": 2,
    },
    {
        "code": "high_outcome_on_low_level",
        "label": "A strategy discussion or immediate protection on a contact assessed at level 1 "
        "or 2",
        "action": CheckAction.WARN,
        "sort_order": 3,
    },
    {
        "code": "agreement_after_refusal",
        "label": "Early help, which the family must agree to, after they refused consent",
        "action": CheckAction.REFUSE,
        "sort_order": 4,
    },
    {
        "code": "duplicate_unresolved",
        "label": "Any decision while the contact may be a duplicate of another that nobody has "
        "confirmed or rejected",
        "action": CheckAction.REFUSE,
        "sort_order": 5,
    },
    {
        "code": "match_unresolved",
        "label": "Any decision while a person named in the contact has possible matches in the "
        "person index that nobody has chosen between",
        "action": CheckAction.REFUSE,
        "sort_order": 6,
    },
]


def decision_checks_load_defaults(model: type[models.Model] | None = None) -> int:
    """Create any missing check with its default action; existing ones are left as edited."""
    if model is None:
        model = DecisionCheck
    created = 0
    for row in DEFAULT_CHECKS:
        _, was_created = model._default_manager.get_or_create(code=row["code"], defaults=row)
        created += was_created
    return created


@dataclass(frozen=True)
class Finding:
    code: str
    action: str
    message: str
    field: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def decision_findings(
    contact: Contact, subjects: list[ContactSubject], outcomes: list[OutcomeInput]
) -> list[Finding]:
    """What the checks say of these outcomes on this contact, as it stands now (rules switched
    off say nothing)."""
    actions = dict(DecisionCheck.objects.values_list("code", "action"))
    found: list[Finding] = []

    def add(code: str, message: str, field: str | None = None) -> None:
        action = actions.get(code, CheckAction.OFF)
        if action != CheckAction.OFF:
            found.append(Finding(code, action, message, field))

    by_id = {o.subject_id: o for o in outcomes}
    # The children's rules read the children's continuum alone: on a contact that also names an
    # adult, the contact's own level may be the adult's.
    level, rag = contact_scale_level(contact, scale=ThresholdScale.CHILDREN), contact.rag
    high_risk = rag == Rag.RED or level == 4
    refused = consent_refused(contact)
    for index, subject in enumerate(subjects):
        chosen = by_id.get(subject.pk)
        if chosen is None:
            continue
        name = f"{subject.given_name} {subject.family_name}".strip()
        where = f"outcomes[{index}]"
        if subject.is_child:
            if high_risk and chosen.outcome in LOW_CHILD_OUTCOMES:
                why = "rated red" if rag == Rag.RED else "assessed at level 4"
                add(
                    "low_outcome_on_high_risk",
                    f"{name}: {ChildOutcome(chosen.outcome).label.lower()} on a contact {why}",
                    where,
                )
            if level in (1, 2) and chosen.outcome in HIGH_CHILD_OUTCOMES:
                add(
                    "high_outcome_on_low_level",
                    f"{name}: {ChildOutcome(chosen.outcome).label.lower()} on a contact "
                    f"assessed at level {level}",
                    where,
                )
            if refused and chosen.outcome in NEEDS_AGREEMENT:
                add(
                    "agreement_after_refusal",
                    f"{name}: early help needs the family's agreement, and they refused consent",
                    where,
                )
        elif rag == Rag.RED and chosen.outcome in LOW_ADULT_OUTCOMES:
            add(
                "adult_low_outcome_on_red",
                f"{name}: {AdultOutcome(chosen.outcome).label.lower()} on a contact rated red",
                where,
            )
    if contact.duplicate_of_id and contact.duplicate_status == "suspected":
        add(
            "duplicate_unresolved",
            "This contact may be a duplicate of another: confirm or reject that first",
        )
    unresolved = [s for s in subjects if s.match_status == MatchStatus.POSSIBLE]
    for subject in unresolved:
        name = f"{subject.given_name} {subject.family_name}".strip()
        add(
            "match_unresolved",
            f"Choose who {name} is in the person index first: there are possible matches",
        )
    return found


def consent_refused(contact: Contact) -> bool:
    """The family refused consent: the MASH's newest consent record says so or, before the MASH
    recorded any, the referrer did."""
    latest = ConsentRecord.objects.filter(contact=contact).order_by("-recorded_at", "-pk").first()
    if latest is not None:
        return latest.consent == ConsentDecision.REFUSED
    return contact.consent == ConsentStatus.REFUSED


def decision_findings_apply(findings: list[Finding], reason: str) -> list[dict[str, str]]:
    """Refuse on any refusing finding; a warning needs the proposer's reason. Returns the warnings
    to keep on the decision."""
    for finding in findings:
        if finding.action == CheckAction.REFUSE:
            raise ApplicationError(finding.message, field=finding.field)
    warnings = [f for f in findings if f.action == CheckAction.WARN]
    if warnings and not reason.strip():
        listed = "; ".join(f.message for f in warnings)
        raise ApplicationError(
            f"This decision goes against the decision checks ({listed}). Enter why it is right, "
            "for the authorising manager to acknowledge",
            field="check_reason",
        )
    return [f.as_dict() for f in warnings]


@transaction.atomic
def decision_check_update(*, actor: User, check: DecisionCheck, action: str) -> DecisionCheck:
    if action not in CheckAction.values:
        raise ApplicationError("Select what happens when the rule applies", field="action")
    check = DecisionCheck.objects.select_for_update().get(pk=check.pk)
    before = check.action
    if before == action:
        return check
    check.action, check.updated_at = action, timezone.now()
    check.save(update_fields=["action", "updated_at"])
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.DECISION_CHECK_CHANGED,
        target=check,
        summary={
            "setting": f"Decision check: {check.label}",
            "changes": {"action": {"before": before, "after": action}},
        },
    )
    return check
