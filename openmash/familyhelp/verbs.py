"""Audit verbs of Family Help, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class FamilyHelpVerb(Verb):
    REQUESTED = "family_help.requested"
    ACCEPTED = "family_help.accepted"
    DECLINED = "family_help.declined"
    AGREEMENT_RECORDED = "family_help.agreement_recorded"
    LEAD_CHANGED = "family_help.lead_changed"
    ASSESSMENT_RECORDED = "family_help.assessment_recorded"
    PLAN_RECORDED = "family_help.plan_recorded"
    REVIEW_RECORDED = "family_help.review_recorded"
    MEETING_RECORDED = "family_help.meeting_recorded"
    NETWORK_MEETING_UPDATED = "family_help.network_meeting_updated"
    CLOSED = "family_help.closed"
    STEPPED_UP = "family_help.stepped_up"
    RETURNED_TO_MASH = "family_help.returned_to_mash"
    SETTINGS_CHANGED = "family_help.settings_changed"


FAMILYHELP_VERB_LABELS = {
    FamilyHelpVerb.REQUESTED: "Requested Family Help",
    FamilyHelpVerb.ACCEPTED: "Accepted a request for Family Help",
    FamilyHelpVerb.DECLINED: "Declined a request for Family Help",
    FamilyHelpVerb.AGREEMENT_RECORDED: "Recorded the family's agreement to Family Help",
    FamilyHelpVerb.LEAD_CHANGED: "Changed the family's lead practitioner",
    FamilyHelpVerb.ASSESSMENT_RECORDED: "Recorded an early help assessment",
    FamilyHelpVerb.PLAN_RECORDED: "Recorded a Family Help plan",
    FamilyHelpVerb.REVIEW_RECORDED: "Reviewed a Family Help plan",
    FamilyHelpVerb.MEETING_RECORDED: "Recorded a Family Help meeting",
    FamilyHelpVerb.NETWORK_MEETING_UPDATED: "Updated a family network meeting",
    FamilyHelpVerb.CLOSED: "Closed a Family Help case",
    FamilyHelpVerb.STEPPED_UP: "Stepped a family up to social care",
    FamilyHelpVerb.RETURNED_TO_MASH: "Sent a family back to the MASH for review",
    FamilyHelpVerb.SETTINGS_CHANGED: "Changed the Family Help settings",
}
