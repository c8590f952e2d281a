"""Audit verbs of the LADO's work, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class LadoVerb(Verb):
    ALLEGATION_REFERRED = "lado.allegation_referred"
    ALLEGATION_CONSIDERED = "lado.allegation_considered"
    STRAND_UPDATED = "lado.strand_updated"
    MEETING_RECORDED = "lado.meeting_recorded"
    ACTION_ADDED = "lado.action_added"
    ACTION_DONE = "lado.action_done"
    ALLEGATION_CONCLUDED = "lado.allegation_concluded"
    REGULATOR_REFERRAL_RECORDED = "lado.regulator_referral_recorded"
    SETTING_CHANGED = "lado.setting_changed"
    SYNTHETIC_LOADED = "lado.synthetic_loaded"


LADO_VERB_LABELS = {
    LadoVerb.ALLEGATION_REFERRED: "Referred an allegation to the LADO",
    LadoVerb.ALLEGATION_CONSIDERED: "Recorded the LADO's initial consideration",
    LadoVerb.STRAND_UPDATED: "Updated a strand of an allegation",
    LadoVerb.MEETING_RECORDED: "Recorded an allegation meeting",
    LadoVerb.ACTION_ADDED: "Added an action to an allegation meeting",
    LadoVerb.ACTION_DONE: "Marked an allegation meeting's action done",
    LadoVerb.ALLEGATION_CONCLUDED: "Recorded the outcome of an allegation and closed it",
    LadoVerb.REGULATOR_REFERRAL_RECORDED: "Recorded a referral to the DBS or a regulator",
    LadoVerb.SETTING_CHANGED: "Changed the LADO's initial consideration time",
    LadoVerb.SYNTHETIC_LOADED: "Loaded synthetic allegations",
}
