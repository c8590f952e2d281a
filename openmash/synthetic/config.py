"""Generator configuration: scales, window, seed and the messiness rates."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

# Children aged 0-17 (ONS mid-2024 [POP]); la-small is Knowsley-sized, la-large Leeds-sized.
SCALES: dict[str, int] = {
    "demo": 500,
    "la-small": 36_039,
    "la-large": 176_239,
    "national": 12_183_016,
}
DEFAULT_START = date(2023, 4, 1)
DEFAULT_YEARS = 2

# Share of records from each agency system with no NHS number.
DEFAULT_NHS_MISSING: dict[str, float] = {
    "register": 0.004,
    "police_vist": 0.80,
    "police_cara": 0.85,
    "school": 0.55,
    "health": 0.03,
    "la_services": 0.25,
    "housing": 0.85,
    "legal": 0.75,
    "voluntary": 0.80,
    "public": 0.97,
    "care_provider": 0.30,
}


@dataclass(frozen=True)
class MessinessRates:
    """Probability that an agency's record of a person shows each kind of variation.

    Each rate applies independently to every agency record (the clean `register` record is
    never varied, except for its small missing-NHS-number rate). See docs/synthetic-data.md.
    """

    nickname: float = 0.10
    given_name_typo: float = 0.04
    family_name_typo: float = 0.04
    names_swapped: float = 0.015
    surname_hyphenated: float = 0.03
    surname_changed: float = 0.025
    dob_day_month_swapped: float = 0.03
    dob_digit_error: float = 0.015
    dob_missing: float = 0.02
    stale_address: float = 0.08
    diacritics_stripped: float = 0.6
    nhs_missing: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_NHS_MISSING))

    def scaled(self, factor: float) -> MessinessRates:
        """Every rate multiplied by `factor` (0 gives clean agency records), capped at 1."""
        if factor < 0:
            raise ValueError("the variant rate factor must not be negative")
        values = {
            f.name: min(1.0, getattr(self, f.name) * factor)
            for f in fields(self)
            if f.name != "nhs_missing"
        }
        missing = {k: min(1.0, v * factor) for k, v in self.nhs_missing.items()}
        return replace(self, nhs_missing=missing, **values)

    def with_overrides(self, overrides: dict[str, float]) -> MessinessRates:
        """Set named rates, e.g. {"nickname": 0.2, "nhs_missing.school": 0.1}."""
        plain: dict[str, float] = {}
        missing = dict(self.nhs_missing)
        names = {f.name for f in fields(self)} - {"nhs_missing"}
        for key, value in overrides.items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"rate {key}={value} must be between 0 and 1")
            if key.startswith("nhs_missing."):
                system = key.removeprefix("nhs_missing.")
                if system not in missing:
                    raise ValueError(f"unknown agency system {system!r}")
                missing[system] = value
            elif key in names:
                plain[key] = value
            else:
                raise ValueError(f"unknown messiness rate {key!r}")
        return replace(self, nhs_missing=missing, **plain)

    @staticmethod
    def rate_names() -> list[str]:
        names = [f.name for f in fields(MessinessRates) if f.name != "nhs_missing"]
        return names + [f"nhs_missing.{system}" for system in DEFAULT_NHS_MISSING]


@dataclass(frozen=True)
class GeneratorConfig:
    seed: int
    scale: str = "demo"
    children: int | None = None
    years: int = DEFAULT_YEARS
    start: date = DEFAULT_START
    messiness: MessinessRates = field(default_factory=MessinessRates)

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise ValueError(f"unknown scale {self.scale!r}; choose from {', '.join(SCALES)}")
        if self.years < 1 or self.years > 10:
            raise ValueError("years must be between 1 and 10")
        if self.children is not None and self.children < 1:
            raise ValueError("children must be at least 1")

    @property
    def child_target(self) -> int:
        return self.children if self.children is not None else SCALES[self.scale]

    @property
    def end(self) -> date:
        """The first day after the window (the window is [start, end))."""
        try:
            return self.start.replace(year=self.start.year + self.years)
        except ValueError:  # 29 February
            return date(self.start.year + self.years, 3, 1)

    @property
    def report_start(self) -> date:
        """Start of the final 12 months, the reporting year used by the realism report."""
        try:
            return self.end.replace(year=self.end.year - 1)
        except ValueError:
            return date(self.end.year - 1, 3, 1)


def parse_messiness(values: list[str]) -> dict[str, float]:
    """["nickname=0.2", "nhs_missing.school=0.1"] -> {"nickname": 0.2, ...}."""
    parsed: dict[str, float] = {}
    for value in values:
        name, sep, rate = value.partition("=")
        if not sep:
            raise ValueError(f"--messiness {value!r}: write it as NAME=RATE")
        try:
            parsed[name.strip()] = float(rate)
        except ValueError as error:
            raise ValueError(f"--messiness {value!r}: the rate must be a number") from error
    return parsed


def config_from_options(
    *,
    seed: int,
    scale: str,
    children: int | None = None,
    years: int = DEFAULT_YEARS,
    start: date = DEFAULT_START,
    variant_rate: float = 1.0,
    messiness: list[str] | None = None,
) -> GeneratorConfig:
    """The configuration for the command-line options (raises ValueError on bad input)."""
    rates = MessinessRates().scaled(variant_rate).with_overrides(parse_messiness(messiness or []))
    return GeneratorConfig(
        seed=seed, scale=scale, children=children, years=years, start=start, messiness=rates
    )
