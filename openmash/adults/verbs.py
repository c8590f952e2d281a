"""Audit verbs of adults' safeguarding enquiries, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class AdultsVerb(Verb):
    ENQUIRY_STARTED = "adults.enquiry_started"
    ALLOCATED = "adults.enquiry_allocated"
    TESTS_RECORDED = "adults.s42_tests_recorded"
    MADE_BY_RECORDED = "adults.made_by_recorded"
    REPORT_REVIEWED = "adults.report_reviewed"
    MSP_RECORDED = "adults.msp_recorded"
    CAPACITY_RECORDED = "adults.capacity_recorded"
    RISK_RECORDED = "adults.risk_recorded"
    ACTION_ADDED = "adults.plan_action_added"
    ACTION_DONE = "adults.plan_action_done"
    REVIEW_RECORDED = "adults.plan_review_recorded"
    SAR_RECORDED = "adults.sar_recorded"
    CONCLUDED = "adults.enquiry_concluded"
    PROVIDER_CREATED = "adults.provider_created"
    SETTING_CHANGED = "adults.setting_changed"
    SYNTHETIC_LOADED = "adults.synthetic_loaded"


ADULTS_VERB_LABELS = {
    AdultsVerb.ENQUIRY_STARTED: "Started an adult safeguarding enquiry",
    AdultsVerb.ALLOCATED: "Allocated an adult safeguarding enquiry",
    AdultsVerb.TESTS_RECORDED: "Recorded the section 42(1) tests of an enquiry",
    AdultsVerb.MADE_BY_RECORDED: "Recorded who makes an enquiry",
    AdultsVerb.REPORT_REVIEWED: "Recorded the report of an enquiry caused to be made",
    AdultsVerb.MSP_RECORDED: "Recorded the adult's desired outcomes (Making Safeguarding Personal)",
    AdultsVerb.CAPACITY_RECORDED: "Recorded mental capacity and advocacy",
    AdultsVerb.RISK_RECORDED: "Recorded the risk of an enquiry",
    AdultsVerb.ACTION_ADDED: "Added a safeguarding plan action",
    AdultsVerb.ACTION_DONE: "Marked a safeguarding plan action done",
    AdultsVerb.REVIEW_RECORDED: "Recorded a safeguarding plan review",
    AdultsVerb.SAR_RECORDED: "Recorded a safeguarding adults review referral",
    AdultsVerb.CONCLUDED: "Concluded an adult safeguarding enquiry",
    AdultsVerb.PROVIDER_CREATED: "Added a care provider",
    AdultsVerb.SETTING_CHANGED: "Changed the enquiries' local target",
    AdultsVerb.SYNTHETIC_LOADED: "Loaded synthetic adult safeguarding enquiries",
}
