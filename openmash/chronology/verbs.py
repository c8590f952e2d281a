"""Audit verbs of the chronology, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class ChronologyVerb(Verb):
    VIEWED = "chronology.viewed"
    EXPORTED = "chronology.exported"
    ENTRY_ADDED = "chronology.entry_added"
    SIGNIFICANCE_MARKED = "chronology.significance_marked"
    SIGNIFICANCE_UNMARKED = "chronology.significance_unmarked"
    SUMMARY_WRITTEN = "case_summary.written"
    SUMMARY_SIGNED_OFF = "case_summary.signed_off"
    SUMMARY_EXPORTED = "case_summary.exported"


CHRONOLOGY_VERB_LABELS = {
    ChronologyVerb.VIEWED: "Read a chronology",
    ChronologyVerb.EXPORTED: "Exported a chronology as a PDF",
    ChronologyVerb.ENTRY_ADDED: "Added an entry to a chronology",
    ChronologyVerb.SIGNIFICANCE_MARKED: "Marked a chronology event significant",
    ChronologyVerb.SIGNIFICANCE_UNMARKED: "Marked a chronology event no longer significant",
    ChronologyVerb.SUMMARY_WRITTEN: "Wrote a case summary",
    ChronologyVerb.SUMMARY_SIGNED_OFF: "Signed off a case summary",
    ChronologyVerb.SUMMARY_EXPORTED: "Exported a case summary as a PDF",
}
