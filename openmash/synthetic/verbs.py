"""Audit verbs of the synthetic data generator, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class SyntheticVerb(Verb):
    LOADED = "synthetic.loaded"


SYNTHETIC_VERB_LABELS = {
    SyntheticVerb.LOADED: "Synthetic data loaded",
}
