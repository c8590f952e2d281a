"""Audit verbs of the synthetic data generator, with the plain words the audit pages show."""

from __future__ import annotations


class SyntheticVerb:
    LOADED = "synthetic.loaded"


SYNTHETIC_VERB_LABELS = {
    SyntheticVerb.LOADED: "Synthetic data loaded",
}
