"""Audit verbs of child protection, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class ProtectionVerb(Verb):
    CASE_OPENED = "protection.case_opened"
    MEMBER_ADDED = "protection.member_added"
    LEAD_NAMED = "protection.lead_named"
    STRATEGY_CONVENED = "protection.strategy_convened"
    STRATEGY_HELD = "protection.strategy_held"
    S47_RECORDED = "protection.s47_recorded"
    ASSESSMENT_STARTED = "protection.assessment_started"
    ASSESSMENT_RECORDED = "protection.assessment_recorded"
    ASSESSMENT_AUTHORISED = "protection.assessment_authorised"
    CONFERENCE_RECORDED = "protection.conference_recorded"
    PLAN_STARTED = "protection.plan_started"
    PLAN_ACTIVITY_RECORDED = "protection.plan_activity_recorded"
    PLAN_ENDED = "protection.plan_ended"
    CIN_PLAN_RECORDED = "protection.cin_plan_recorded"
    CIN_PLAN_REVIEWED = "protection.cin_plan_reviewed"
    CIN_PLAN_ENDED = "protection.cin_plan_ended"
    FAMILY_MEETING_OFFERED = "protection.family_meeting_offered"
    FAMILY_MEETING_ANSWERED = "protection.family_meeting_answered"
    FAMILY_MEETING_HELD = "protection.family_meeting_held"
    NOTE_ADDED = "protection.note_added"
    SETTING_CHANGED = "protection.setting_changed"
    SYNTHETIC_LOADED = "protection.synthetic_loaded"


PROTECTION_VERB_LABELS = {
    ProtectionVerb.CASE_OPENED: "Opened a child's protection case",
    ProtectionVerb.MEMBER_ADDED: "Named a member of a child protection team",
    ProtectionVerb.LEAD_NAMED: "Named the lead child protection practitioner",
    ProtectionVerb.STRATEGY_CONVENED: "Convened a strategy discussion",
    ProtectionVerb.STRATEGY_HELD: "Recorded a strategy discussion",
    ProtectionVerb.S47_RECORDED: "Recorded a section 47 enquiry",
    ProtectionVerb.ASSESSMENT_STARTED: "Started a child and family assessment",
    ProtectionVerb.ASSESSMENT_RECORDED: "Recorded a child and family assessment",
    ProtectionVerb.ASSESSMENT_AUTHORISED: "Authorised a child and family assessment",
    ProtectionVerb.CONFERENCE_RECORDED: "Recorded a child protection conference",
    ProtectionVerb.PLAN_STARTED: "Started a child protection plan",
    ProtectionVerb.PLAN_ACTIVITY_RECORDED: "Recorded a visit or core group meeting",
    ProtectionVerb.PLAN_ENDED: "Ended a child protection plan",
    ProtectionVerb.CIN_PLAN_RECORDED: "Recorded a child in need plan",
    ProtectionVerb.CIN_PLAN_REVIEWED: "Reviewed a child in need plan",
    ProtectionVerb.CIN_PLAN_ENDED: "Ended a child in need plan",
    ProtectionVerb.FAMILY_MEETING_OFFERED: "Offered the family a family network meeting",
    ProtectionVerb.FAMILY_MEETING_ANSWERED: "Recorded the family's answer to a meeting offer",
    ProtectionVerb.FAMILY_MEETING_HELD: "Recorded a family network meeting and the family's plan",
    ProtectionVerb.NOTE_ADDED: "Added to a child's protection record",
    ProtectionVerb.SETTING_CHANGED: "Changed the child protection timescales",
    ProtectionVerb.SYNTHETIC_LOADED: "Loaded synthetic child protection work",
}
