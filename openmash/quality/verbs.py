"""Audit verbs of quality work, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class QualityVerb(Verb):
    EXERCISE_CREATED = "quality.exercise_created"
    VIGNETTE_ADDED = "quality.vignette_added"
    VIGNETTE_REVIEWED = "quality.vignette_reviewed"
    PARTICIPANT_INVITED = "quality.participant_invited"
    EXERCISE_OPENED = "quality.exercise_opened"
    ANSWER_RECORDED = "quality.answer_recorded"
    EXERCISE_CLOSED = "quality.exercise_closed"
    NOTES_RECORDED = "quality.notes_recorded"


QUALITY_VERB_LABELS = {
    QualityVerb.EXERCISE_CREATED: "Created a threshold calibration exercise",
    QualityVerb.VIGNETTE_ADDED: "Added an anonymised vignette from a contact",
    QualityVerb.VIGNETTE_REVIEWED: "Reviewed a vignette's text",
    QualityVerb.PARTICIPANT_INVITED: "Invited a participant to a calibration exercise",
    QualityVerb.EXERCISE_OPENED: "Opened a calibration exercise for answers",
    QualityVerb.ANSWER_RECORDED: "Answered a calibration vignette",
    QualityVerb.EXERCISE_CLOSED: "Closed a calibration exercise",
    QualityVerb.NOTES_RECORDED: "Recorded a calibration exercise's discussion notes",
}


class AuditVerb(Verb):
    TEMPLATE_CREATED = "quality.template_created"
    TEMPLATE_REVISED = "quality.template_revised"
    AUDIT_STARTED = "quality.audit_started"
    AUDIT_ANSWERS_RECORDED = "quality.audit_answers_recorded"
    AUDIT_COMPLETED = "quality.audit_completed"
    AUDIT_ACTION_ADDED = "quality.audit_action_added"
    AUDIT_ACTION_DONE = "quality.audit_action_done"
    AUDIT_RESPONDED = "quality.audit_responded"
    AUDIT_MODERATED = "quality.audit_moderated"
    SAMPLE_DRAWN = "quality.sample_drawn"


AUDIT_VERB_LABELS = {
    AuditVerb.TEMPLATE_CREATED: "Created an audit template",
    AuditVerb.TEMPLATE_REVISED: "Edited an audit template (a new version)",
    AuditVerb.AUDIT_STARTED: "Started a case audit",
    AuditVerb.AUDIT_ANSWERS_RECORDED: "Recorded a case audit's answers and findings",
    AuditVerb.AUDIT_COMPLETED: "Completed a case audit with its grade",
    AuditVerb.AUDIT_ACTION_ADDED: "Added an action to a case audit",
    AuditVerb.AUDIT_ACTION_DONE: "Marked a case audit's action done",
    AuditVerb.AUDIT_RESPONDED: "Responded to a case audit",
    AuditVerb.AUDIT_MODERATED: "Moderated a case audit's grade",
    AuditVerb.SAMPLE_DRAWN: "Drew a dip sample of decisions to audit",
}
