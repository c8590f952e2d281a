"""Audit verbs of out-of-hours work, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class OutOfHoursVerb(Verb):
    RECORD_OPENED = "edt.record_opened"
    ACTION_RECORDED = "edt.action_recorded"
    SAFETY_PLAN_RECORDED = "edt.safety_plan_recorded"
    HANDOVER_ACKNOWLEDGED = "edt.handover_acknowledged"
    SETTING_CHANGED = "edt.setting_changed"
    SYNTHETIC_LOADED = "edt.synthetic_loaded"


OUT_OF_HOURS_VERB_LABELS = {
    OutOfHoursVerb.RECORD_OPENED: "Put a contact received out of hours in the EDT queue",
    OutOfHoursVerb.ACTION_RECORDED: "Recorded an out-of-hours action",
    OutOfHoursVerb.SAFETY_PLAN_RECORDED: "Recorded an interim safety plan",
    OutOfHoursVerb.HANDOVER_ACKNOWLEDGED: "Acknowledged the out-of-hours hand-over",
    OutOfHoursVerb.SETTING_CHANGED: "Changed the out-of-hours period",
    OutOfHoursVerb.SYNTHETIC_LOADED: "Loaded synthetic out-of-hours work",
}
