"""Names and ethnicity: weighted pickers over the embedded frequency tables."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

from openmash.synthetic.data.family_names import FAMILY_NAMES
from openmash.synthetic.data.given_names import GIVEN_NAMES

ZIPF_EXPONENT = 0.6
ZIPF_OFFSET = 8
T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed list of items with cumulative weights; one uniform draw per pick."""

    __slots__ = ("_cumulative", "_total", "items")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("items and weights must be non-empty and of equal length")
        self.items = tuple(items)
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    @classmethod
    def from_mapping(cls, shares: Mapping[T, float]) -> Weighted[T]:
        return cls(list(shares), list(shares.values()))

    @classmethod
    def by_rank(cls, items: Sequence[T]) -> Weighted[T]:
        """Zipf-like weights: frequency falls with rank as in real name distributions."""
        return cls(items, [(rank + ZIPF_OFFSET) ** -ZIPF_EXPONENT for rank in range(len(items))])

    def pick(self, rng: Random) -> T:
        return self.items[bisect_right(self._cumulative, rng.random() * self._total)]


# CIN ethnicity codes of children in family households (approximately the school census mix).
CHILD_ETHNICITY = {
    "WBRI": 61.5,
    "WIRI": 0.2,
    "WIRT": 0.2,
    "WROM": 0.8,
    "WOTH": 7.3,
    "MWBC": 1.7,
    "MWBA": 0.9,
    "MWAS": 2.0,
    "MOTH": 2.6,
    "AIND": 3.9,
    "APKN": 4.9,
    "ABAN": 2.1,
    "AOTH": 2.2,
    "BCRB": 1.0,
    "BAFR": 4.6,
    "BOTH": 0.6,
    "CHNE": 0.6,
    "OOTH": 2.4,
    "REFU": 0.8,
    "NOBT": 0.7,
}
# Adults in households without children (an older population, so less diverse).
ADULT_ETHNICITY = {
    "WBRI": 80.0,
    "WIRI": 1.0,
    "WIRT": 0.1,
    "WROM": 0.2,
    "WOTH": 6.2,
    "MWBC": 0.5,
    "MWBA": 0.2,
    "MWAS": 0.4,
    "MOTH": 0.5,
    "AIND": 3.0,
    "APKN": 2.0,
    "ABAN": 0.8,
    "AOTH": 1.5,
    "BCRB": 1.1,
    "BAFR": 2.0,
    "BOTH": 0.4,
    "CHNE": 0.8,
    "OOTH": 1.3,
}
# Naming traditions behind each single-heritage code.
CULTURES_BY_CODE: dict[str, dict[str, float]] = {
    "WBRI": {"british": 1},
    "WIRI": {"irish": 1},
    "WIRT": {"irish": 1},
    "WROM": {"roma": 1},
    "WOTH": {"polish": 45, "romanian": 25, "lithuanian": 10, "southern_european": 20},
    "AIND": {"indian": 1},
    "APKN": {"pakistani": 1},
    "ABAN": {"bangladeshi": 1},
    "AOTH": {"other_asian": 1},
    "BCRB": {"caribbean": 1},
    "BAFR": {"west_african": 60, "somali": 20, "east_african": 20},
    "BOTH": {"west_african": 30, "caribbean": 40, "east_african": 30},
    "CHNE": {"chinese": 1},
    "OOTH": {"arab": 60, "turkish": 40},
}
# Mixed codes: the heritage of each parent (one is White British).
MIXED_PARTNER_CODES: dict[str, dict[str, float]] = {
    "MWBC": {"BCRB": 1},
    "MWBA": {"BAFR": 1},
    "MWAS": {"AIND": 35, "APKN": 45, "ABAN": 20},
    "MOTH": {"CHNE": 25, "OOTH": 25, "WOTH": 20, "AOTH": 20, "BOTH": 10},
}
# Share of UK-born people in a tradition given a name from the British list.
BRITISH_GIVEN_SHARE = {
    "caribbean": 0.45,
    "chinese": 0.35,
    "irish": 0.35,
    "east_african": 0.3,
    "west_african": 0.25,
    "polish": 0.15,
    "lithuanian": 0.15,
    "romanian": 0.1,
    "southern_european": 0.1,
    "indian": 0.08,
}
FEMALE_ONLY_FAMILY = frozenset({"Begum", "Khatun", "Khanom", "Akter", "Bibi", "Kaur"})


def _british_era(birth_year: int) -> str:
    if birth_year >= 2003:
        return "british_modern"
    return "british_mid" if birth_year >= 1970 else "british_older"


def feminine_family_name(name: str, culture: str, *, married: bool) -> str:
    """Polish and Lithuanian surnames change form for women and girls."""
    if culture == "polish":
        for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if name.endswith(male):
                return name[: -len(male)] + female
        return name
    if culture == "lithuanian":
        for ending, girl in (("ius", "iūtė"), ("as", "aitė"), ("is", "ytė"), ("us", "utė")):
            if name.endswith(ending):
                stem = name[: -len(ending)]
                return stem + ("ienė" if married else girl)
    if name == "Singh":
        return "Kaur"
    return name


class NameBook:
    """Draws names, cultures and ethnicity codes; everything from embedded tables."""

    def __init__(self) -> None:
        self.given = {key: Weighted.by_rank(text.split()) for key, text in GIVEN_NAMES.items()}
        self.family = {key: Weighted.by_rank(text.split()) for key, text in FAMILY_NAMES.items()}
        self.child_ethnicity = Weighted.from_mapping(CHILD_ETHNICITY)
        self.adult_ethnicity = Weighted.from_mapping(ADULT_ETHNICITY)
        self.cultures = {code: Weighted.from_mapping(c) for code, c in CULTURES_BY_CODE.items()}
        self.mixed_partner = {
            code: Weighted.from_mapping(c) for code, c in MIXED_PARTNER_CODES.items()
        }
        self.any_code = Weighted.from_mapping(
            {k: v for k, v in CHILD_ETHNICITY.items() if k in CULTURES_BY_CODE}
        )

    def culture_for(self, rng: Random, code: str) -> str:
        chooser = self.cultures.get(code)
        return chooser.pick(rng) if chooser else self.cultures[self.any_code.pick(rng)].pick(rng)

    def given_name(self, rng: Random, culture: str, sex: str, birth_year: int) -> str:
        if culture == "british" or (
            birth_year >= 1990 and rng.random() < BRITISH_GIVEN_SHARE.get(culture, 0.03)
        ):
            return self.given[(_british_era(birth_year), sex)].pick(rng)
        return self.given[(culture, sex)].pick(rng)

    def family_name(self, rng: Random, culture: str, sex: str = "M") -> str:
        pool = self.family[culture]
        name = pool.pick(rng)
        while sex == "M" and name in FEMALE_ONLY_FAMILY:
            name = pool.pick(rng)
        return name

    def any_family_name(self, rng: Random) -> str:
        return self.family_name(rng, self.culture_for(rng, self.any_code.pick(rng)))
