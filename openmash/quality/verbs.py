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
