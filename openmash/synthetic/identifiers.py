"""Synthetic identifiers: NHS numbers from the 999 test range, UPNs and postcodes.

The check-digit rules live in `openmash.core.identifiers`; this module only allocates.
"""

from __future__ import annotations

from random import Random

from openmash.core.identifiers import nhs_check_digit, upn_check_letter
from openmash.synthetic.sampling import below

# The 999 range holds 10**6 nine-digit stems, of which about 909,000 have a valid check digit.
NHS_STEMS = 1_000_000
_NHS_MULTIPLIER = 740_297  # odd and not a multiple of 5, so stem -> stem * k mod 10**6 permutes
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters allowed in the inward code


class NhsNumberAllocator:
    """Hands out distinct valid NHS numbers in 999 000 0000 - 999 999 9999.

    Stems are visited in a seed-dependent scrambled order, skipping stems whose check digit
    would be 10. Numbers repeat only after about 909,000 allocations (see docs).
    """

    def __init__(self, seed: int) -> None:
        self._offset = (seed * 7_919) % NHS_STEMS
        self._counter = 0

    def allocate(self) -> str:
        while True:
            stem = (self._counter * _NHS_MULTIPLIER + self._offset) % NHS_STEMS
            self._counter += 1
            first_nine = f"999{stem:06d}"
            check = nhs_check_digit(first_nine)
            if check is not None:
                return f"{first_nine}{check}"


def make_upn(la_code: int, establishment: int, year_allocated: int, serial: int) -> str:
    """A permanent UPN: check letter, LA code, DfE establishment number, year, serial."""
    body = f"{la_code:03d}{establishment:04d}{year_allocated % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


def random_inward_code(rng: Random) -> str:
    letters = INWARD_LETTERS
    return f"{below(rng, 10)}{letters[below(rng, 20)]}{letters[below(rng, 20)]}"
