"""Identifiers in one form however they were typed: digits of any script, spaces and dashes."""

from __future__ import annotations

import pytest

from openmash.core.identifiers import canonical_identifier, is_valid_nhs_number, is_valid_upn
from tests.text import ARABIC_INDIC, EXTENDED_ARABIC_INDIC, FULL_WIDTH, in_script


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("999 000 0018", "9990000018"),
        ("999-000-0018", "9990000018"),
        ("999\u2013000\u20140018", "9990000018"),  # en and em dashes pasted from a document
        (in_script("9990000018", ARABIC_INDIC), "9990000018"),
        (in_script("9990000018", EXTENDED_ARABIC_INDIC), "9990000018"),  # Persian, Urdu
        (in_script("999 000 0018", FULL_WIDTH), "9990000018"),
        (" l801200300011 ", "L801200300011"),
    ],
)
def test_an_identifier_has_one_canonical_form(typed: str, canonical: str) -> None:
    assert canonical_identifier(typed) == canonical


def test_a_valid_number_in_another_script_is_valid_and_letters_are_not_digits() -> None:
    assert is_valid_nhs_number(in_script("9990000018", ARABIC_INDIC))
    assert not is_valid_nhs_number("999000001B")
    assert not is_valid_nhs_number(in_script("99900000", ARABIC_INDIC) + "1x")


def test_a_upn_in_another_script_is_checked_on_its_canonical_form() -> None:
    assert is_valid_upn(in_script("l801200300011", ARABIC_INDIC))
    assert not is_valid_upn(in_script("A801200300011", ARABIC_INDIC))  # a wrong check letter
