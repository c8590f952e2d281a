"""Normalised and phonetic forms of names, and the normalised forms of other details, that
blocking looks up and scoring compares."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from operator import itemgetter

import jellyfish

from openmash.core.identifiers import normalise_postcode
from openmash.people.nicknames import nickname_root

NON_LETTERS = re.compile(r"[^a-z ]+")


KEY_FIELDS = (
    "given_norm",
    "family_norm",
    "given_root",
    "given_phonetic",
    "family_phonetic",
    "family_phonetic_alt",
    "family_first_phonetic",
    "family_last_phonetic",
)


# The parts of the match keys (KEY_FIELDS) each comparison reads.
FAMILY_PARTS = tuple(
    KEY_FIELDS.index(f)
    for f in (
        "family_norm",
        "family_phonetic",
        "family_phonetic_alt",
        "family_first_phonetic",
        "family_last_phonetic",
    )
)
GIVEN_PARTS = tuple(KEY_FIELDS.index(f) for f in ("given_norm", "given_root", "given_phonetic"))


family_part = itemgetter(*FAMILY_PARTS)
given_part = itemgetter(*GIVEN_PARTS)


# A name as the comparisons read it: (its FAMILY_PARTS, its GIVEN_PARTS).
NameParts = tuple[tuple[str, ...], tuple[str, ...]]


def name_parts(keys: tuple[str, ...]) -> NameParts:
    return family_part(keys), given_part(keys)


def normalise(name: str) -> str:
    """Lower case, accents removed, hyphens and apostrophes to spaces, single spaces."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = NON_LETTERS.sub(" ", text.replace("-", " ").replace("'", ""))
    return " ".join(text.split())


def phonetic(name: str) -> str:
    norm = normalise(name).replace(" ", "")
    return jellyfish.metaphone(norm)[:20] if norm else ""


def phonetic_alt(name: str) -> str:
    norm = normalise(name).replace(" ", "")
    return jellyfish.nysiis(norm)[:20] if norm else ""


def match_keys(given_name: str, family_name: str) -> dict[str, str]:
    """The indexed keys of a name (see KEY_FIELDS)."""
    return dict(zip(KEY_FIELDS, _match_key_values(given_name, family_name), strict=True))


# Cached: a batch or an import meets the same names many times, and phonetic codes are slow.
@lru_cache(maxsize=65536)
def _match_key_values(given_name: str, family_name: str) -> tuple[str, ...]:
    given, family = normalise(given_name), normalise(family_name)
    first_given = given.split(" ")[0] if given else ""
    parts = family.split(" ") if family else [""]
    return (
        given[:100],
        family[:100],
        nickname_root(first_given)[:100],
        phonetic(first_given),
        phonetic(family),
        phonetic_alt(family),
        phonetic(parts[0]),
        phonetic(parts[-1]),
    )


@lru_cache(maxsize=4096)
def flipped_keys(given_norm: str, family_norm: str) -> dict[str, str]:
    # Cached: every candidate of one search compares against the same swapped query.
    return match_keys(family_norm, given_norm)


def family_keys(keys: dict[str, str]) -> set[str]:
    parts = (
        keys["family_phonetic"],
        keys["family_first_phonetic"],
        keys["family_last_phonetic"],
    )
    return {k for k in parts if k}


def swapped_date(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def birth_dates(dob: date) -> list[date]:
    return [d for d in (dob, swapped_date(dob)) if d]


@lru_cache(maxsize=4096)
def normal_postcode(value: str) -> str:
    return normalise_postcode(value) if value else ""


def outward_code(postcode: str) -> str:
    """The outward code ("LS6" of "LS6 2AB"), when the postcode has the UK shape."""
    outward = postcode.split(" ")[0]
    return outward if len(outward) >= 2 and outward[0].isalpha() else ""
