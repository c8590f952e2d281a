"""Check digits of the identifiers the generator hands out, against published examples."""

from __future__ import annotations

from random import Random

import pytest

from openmash.core.identifiers import (
    POSTCODE,
    is_valid_nhs_number,
    is_valid_upn,
    nhs_check_digit,
    upn_check_letter,
)
from openmash.synthetic.identifiers import NhsNumberAllocator, make_upn, random_inward_code


def test_the_nhs_digital_example_number_is_valid() -> None:
    assert is_valid_nhs_number("9434765919")
    assert is_valid_nhs_number("943 476 5919")
    assert nhs_check_digit("943476591") == 9


@pytest.mark.parametrize("number", ["9434765918", "9434765910", "943476591", "94347659199"])
def test_a_wrong_check_digit_or_length_is_rejected(number: str) -> None:
    assert not is_valid_nhs_number(number)


def test_stems_whose_check_digit_would_be_ten_have_no_valid_number() -> None:
    # 9+0+...: weights 10..2 give a remainder of 1, so the check would be 10.
    stem = next(f"999{n:06d}" for n in range(1000) if nhs_check_digit(f"999{n:06d}") is None)
    assert all(not is_valid_nhs_number(f"{stem}{d}") for d in range(10))


def test_allocated_nhs_numbers_are_distinct_valid_and_in_the_test_range() -> None:
    allocator = NhsNumberAllocator(seed=7)
    numbers = [allocator.allocate() for _ in range(50_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("999") and is_valid_nhs_number(n) for n in numbers)


def test_different_seeds_allocate_in_a_different_order() -> None:
    first = [NhsNumberAllocator(seed=1).allocate() for _ in range(3)]
    other = [NhsNumberAllocator(seed=2).allocate() for _ in range(3)]
    assert first != other


@pytest.mark.parametrize(
    "upn",
    [
        "H801200001001",  # DfE UPN guidance example
        "A950000178301",  # csc-validator-be-cin rule 1510 test data
        "H243278544154",
        "G80120000101A",  # a temporary UPN: the last character is a letter
    ],
)
def test_published_upns_have_a_valid_check_letter(upn: str) -> None:
    assert is_valid_upn(upn)
    assert upn_check_letter(upn[1:]) == upn[0]


@pytest.mark.parametrize("upn", ["Z801200001001", "R247962919251", "X428558133462"])
def test_upns_with_the_wrong_check_letter_are_rejected(upn: str) -> None:
    assert not is_valid_upn(upn)


def test_the_check_letter_is_the_weighted_sum_modulo_23() -> None:
    body = "801200001001"
    total = sum(weight * int(ch) for weight, ch in zip(range(2, 14), body, strict=True))
    assert upn_check_letter(body) == "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


def test_made_upns_are_valid_thirteen_characters() -> None:
    upn = make_upn(la_code=340, establishment=2012, year_allocated=2019, serial=7)
    assert upn[1:] == "340201219007"
    assert len(upn) == 13
    assert is_valid_upn(upn)


def test_generated_inward_codes_make_format_valid_postcodes() -> None:
    rng = Random(3)
    for outward in ("L36", "LS12", "B1", "SW19", "BB1"):
        for _ in range(200):
            assert POSTCODE.match(f"{outward} {random_inward_code(rng)}")
