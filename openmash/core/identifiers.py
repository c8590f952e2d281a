"""UK identifiers: NHS number (modulus 11), UPN check letter, postcode format."""

from __future__ import annotations

import re
import unicodedata

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|"
    r"[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$",
    re.IGNORECASE,
)


# Spaces and every kind of dash people type or paste between groups of digits.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+")


def canonical_identifier(value: str) -> str:
    """One form for an identifier however it was typed: digits of any script (Arabic-Indic,
    full-width...) as ASCII digits, letters in upper case, spaces and dashes removed.

    Stored as typed, `٩٩٩٠٠٠٠٠١٨` would pass the modulus 11 check yet never match 9990000018.
    """
    characters = []
    for char in SEPARATORS.sub("", unicodedata.normalize("NFKC", value)):
        digit = unicodedata.decimal(char, None)
        characters.append(str(digit) if digit is not None else char.upper())
    return "".join(characters)


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid NHS number starts with them."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=False))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value: str) -> bool:
    digits = canonical_identifier(value)
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def upn_check_letter(last_twelve: str) -> str:
    """DfE: weights 2..13 on characters 2-13; alphabetic characters count by their letter index."""
    total = 0
    for weight, char in zip(range(2, 14), last_twelve, strict=False):
        total += weight * (int(char) if char.isdigit() else UPN_LETTERS.index(char.upper()))
    return UPN_LETTERS[total % 23]


def is_valid_upn(value: str) -> bool:
    upn = canonical_identifier(value)
    if len(upn) != 13 or not upn.isascii() or not upn[1:12].isdigit() or upn[0] not in UPN_LETTERS:
        return False
    if not (upn[12].isdigit() or upn[12] in UPN_LETTERS):
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def is_valid_postcode(value: str) -> bool:
    return bool(POSTCODE.match(value.strip()))


def normalise_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
