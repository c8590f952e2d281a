"""Every change to child protection work: one service each, audited, in one transaction.
Views, the API, the decision hook and the loaders all call these."""

from openmash.protection.services.common import (
    agency_note_add,
    case_refresh_due,
    protection_case_open,
    protection_lead_name,
    protection_member_add,
    protection_setting_change,
    protection_teams,
    setting_in_force,
)
from openmash.protection.services.family import (
    cin_plan_review_record,
    family_meeting_answer,
    family_meeting_hold,
    family_meeting_offer,
)
from openmash.protection.services.plans import (
    assessment_authorise,
    assessment_record,
    assessment_start,
    cin_plan_end,
    cin_plan_start,
    conference_record,
    plan_activity_record,
    plan_end,
)
from openmash.protection.services.strategy import (
    AttendeeInput,
    protection_from_decision,
    section47_record,
    strategy_discussion_convene,
    strategy_discussion_record,
    unanswered_requests,
)

__all__ = [
    "AttendeeInput",
    "agency_note_add",
    "assessment_authorise",
    "assessment_record",
    "assessment_start",
    "case_refresh_due",
    "cin_plan_end",
    "cin_plan_review_record",
    "cin_plan_start",
    "conference_record",
    "family_meeting_answer",
    "family_meeting_hold",
    "family_meeting_offer",
    "plan_activity_record",
    "plan_end",
    "protection_case_open",
    "protection_from_decision",
    "protection_lead_name",
    "protection_member_add",
    "protection_setting_change",
    "protection_teams",
    "section47_record",
    "setting_in_force",
    "strategy_discussion_convene",
    "strategy_discussion_record",
    "unanswered_requests",
]
