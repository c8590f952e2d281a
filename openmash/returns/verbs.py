"""Audit verbs of the statutory returns, with the plain words the audit pages show. The files
hold children's records: every run, file written and download is audited."""

from __future__ import annotations

from openmash.core.audit import Verb


class ReturnsVerb(Verb):
    ANNEX_A_REQUESTED = "returns.annex_a_requested"
    ANNEX_A_BUILT = "returns.annex_a_built"
    ANNEX_A_FAILED = "returns.annex_a_failed"
    ANNEX_A_DOWNLOADED = "returns.annex_a_downloaded"
    ANNEX_A_WRITTEN = "returns.annex_a_written"
    VALIDATION_VIEWED = "returns.validation_viewed"
    SAC_REQUESTED = "returns.sac_requested"
    SAC_BUILT = "returns.sac_built"
    SAC_FAILED = "returns.sac_failed"
    SAC_DOWNLOADED = "returns.sac_downloaded"
    SAC_WRITTEN = "returns.sac_written"
    CIN_REQUESTED = "returns.cin_requested"
    CIN_BUILT = "returns.cin_built"
    CIN_FAILED = "returns.cin_failed"
    CIN_DOWNLOADED = "returns.cin_downloaded"
    CIN_WRITTEN = "returns.cin_written"


RETURNS_VERB_LABELS = {
    ReturnsVerb.ANNEX_A_REQUESTED: "Asked for Ofsted's Annex A",
    ReturnsVerb.ANNEX_A_BUILT: "Built Ofsted's Annex A",
    ReturnsVerb.ANNEX_A_FAILED: "Failed to build Ofsted's Annex A",
    ReturnsVerb.ANNEX_A_DOWNLOADED: "Downloaded Ofsted's Annex A",
    ReturnsVerb.ANNEX_A_WRITTEN: "Wrote Ofsted's Annex A to a file (command line)",
    ReturnsVerb.VALIDATION_VIEWED: "Viewed the Annex A validation list",
    ReturnsVerb.SAC_REQUESTED: "Asked for the Safeguarding Adults Collection",
    ReturnsVerb.SAC_BUILT: "Built the Safeguarding Adults Collection",
    ReturnsVerb.SAC_FAILED: "Failed to build the Safeguarding Adults Collection",
    ReturnsVerb.SAC_DOWNLOADED: "Downloaded the Safeguarding Adults Collection",
    ReturnsVerb.SAC_WRITTEN: "Wrote the Safeguarding Adults Collection to a file (command line)",
    ReturnsVerb.CIN_REQUESTED: "Asked for the DfE Children in Need census",
    ReturnsVerb.CIN_BUILT: "Built the DfE Children in Need census",
    ReturnsVerb.CIN_FAILED: "Failed to build the DfE Children in Need census",
    ReturnsVerb.CIN_DOWNLOADED: "Downloaded the DfE Children in Need census",
    ReturnsVerb.CIN_WRITTEN: "Wrote the DfE Children in Need census to a file (command line)",
}
