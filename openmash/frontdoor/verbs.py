"""Audit verbs of the front door, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class FrontdoorVerb(Verb):
    SCREENING_STARTED = "contact.screening_started"
    STAGE_CHANGED = "contact.stage_changed"
    RAG_RATED = "contact.rag_rated"
    CLOCK_PAUSED = "contact.clock_paused"
    CLOCK_RESUMED = "contact.clock_resumed"
    ALLOCATED = "contact.allocated"
    ESCALATED = "contact.escalated"
    IMMEDIATE_RISK_ARRIVED = "contact.immediate_risk_arrived"
    CLOSED = "contact.closed"
    REQUEST_SENT = "information_request.sent"
    REQUEST_ANSWERED = "information_request.answered"
    REQUEST_WITHDRAWN = "information_request.withdrawn"
    CONSENT_RECORDED = "consent.recorded"
    CONSENT_SIGNED_OFF = "consent.signed_off"
    CONSENT_CONFIRMED = "consent.confirmed"
    THRESHOLD_ASSESSED = "threshold.assessed"
    THRESHOLD_CHANGED = "threshold.continuum_changed"
    RAG_TIMESCALE_CHANGED = "rag.timescale_changed"
    DECISION_PROPOSED = "decision.proposed"
    DECISION_AUTHORISED = "decision.authorised"
    DECISION_RETURNED = "decision.returned"
    REFERRAL_CREATED = "referral.created"
    ENQUIRY_CREATED = "adult_enquiry.created"
    FEEDBACK_SENT = "contact.feedback_sent"
    NOTE_ADDED = "contact.note_added"
    ROUTE_RECORDED = "contact.route_recorded"
    DECISION_CHECK_CHANGED = "decision.check_changed"
    BREACH_FLAGGED = "breach.flagged"
    BREACH_RESOLVED = "breach.resolved"
    SECOND_REPORT_ACKNOWLEDGED = "contact.second_report_acknowledged"


FRONTDOOR_VERB_LABELS = {
    FrontdoorVerb.SCREENING_STARTED: "Started screening",
    FrontdoorVerb.STAGE_CHANGED: "Moved to a new stage",
    FrontdoorVerb.RAG_RATED: "RAG rated",
    FrontdoorVerb.ROUTE_RECORDED: "Recorded an onward referral or action",
    FrontdoorVerb.DECISION_CHECK_CHANGED: "Changed a decision check",
    FrontdoorVerb.CLOCK_PAUSED: "Paused the RAG clock",
    FrontdoorVerb.CLOCK_RESUMED: "Resumed the RAG clock",
    FrontdoorVerb.ALLOCATED: "Allocated",
    FrontdoorVerb.ESCALATED: "Escalated immediate risk",
    FrontdoorVerb.IMMEDIATE_RISK_ARRIVED: "Told the managers of immediate risk on arrival",
    FrontdoorVerb.CLOSED: "Closed",
    FrontdoorVerb.REQUEST_SENT: "Sent an information request",
    FrontdoorVerb.REQUEST_ANSWERED: "Answered an information request",
    FrontdoorVerb.REQUEST_WITHDRAWN: "Withdrew an information request",
    FrontdoorVerb.CONSENT_RECORDED: "Recorded consent",
    FrontdoorVerb.CONSENT_SIGNED_OFF: "Signed off an accepted refusal of consent",
    FrontdoorVerb.CONSENT_CONFIRMED: "Confirmed authorising going ahead without consent",
    FrontdoorVerb.THRESHOLD_ASSESSED: "Assessed the threshold",
    FrontdoorVerb.THRESHOLD_CHANGED: "Changed a threshold scale",
    FrontdoorVerb.RAG_TIMESCALE_CHANGED: "Changed a RAG timescale",
    FrontdoorVerb.DECISION_PROPOSED: "Proposed a decision",
    FrontdoorVerb.DECISION_AUTHORISED: "Authorised a decision",
    FrontdoorVerb.DECISION_RETURNED: "Returned a decision for more work",
    FrontdoorVerb.REFERRAL_CREATED: "Created a referral",
    FrontdoorVerb.ENQUIRY_CREATED: "Started an adult safeguarding enquiry",
    FrontdoorVerb.FEEDBACK_SENT: "Told the referrer the outcome",
    FrontdoorVerb.NOTE_ADDED: "Added a case note",
    FrontdoorVerb.BREACH_FLAGGED: "Flagged a breached timescale",
    FrontdoorVerb.BREACH_RESOLVED: "Resolved a breached timescale",
    FrontdoorVerb.SECOND_REPORT_ACKNOWLEDGED: "Acknowledged a second report of the incident",
}
