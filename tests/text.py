"""Text as people really type or paste it, for bad-input and normalisation tests."""

from __future__ import annotations

# Where digit zero sits in each script; the other nine digits follow it.
ARABIC_INDIC, EXTENDED_ARABIC_INDIC, FULL_WIDTH = 0x0660, 0x06F0, 0xFF10


def in_script(text: str, zero: int) -> str:
    """`text` with its ASCII digits written in the script whose digit zero is `zero`."""
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)
