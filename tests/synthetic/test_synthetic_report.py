"""The realism report: measured from generated records, within tolerance at la-small scale."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.dates import LONDON
from openmash.synthetic.records import Contact, Household, HouseholdBatch, Person
from openmash.synthetic.report import (
    ReportLine,
    format_line,
    format_report,
    realism_report,
    report_passes,
)
from openmash.synthetic.stats import RealismStats
from openmash.synthetic.stream import run
from openmash.synthetic.targets import CHECKS

MAIN_FIGURES = (
    "referral_rate",
    "contact_conversion",
    "rereferral",
    "referral_nfa",
    "not_in_need",
    "assessments_per_referral",
    "assessment_median",
    "assessment_45",
    "source_police",
    "source_schools",
    "source_health",
    "source_la",
    "source_individuals",
    "police_nfa",
    "factor_4B",
    "factor_3B",
    "factors_per_episode",
    "s47_per_referral",
    "icpc_per_s47",
    "cpp_per_icpc",
    "icpc_median",
    "cpp_neglect",
    "adult_concern_rate",
    "s42_conversion",
    "s42_per_individual",
    "adult_neglect",
    "adult_own_home",
    "kappa",
)


@pytest.fixture(scope="module")
def la_small() -> tuple[RealismStats, list[ReportLine]]:
    result = run(GeneratorConfig(seed=2024, scale="la-small"), with_stats=True)
    assert result.stats is not None
    return result.stats, realism_report(result.stats)


def test_la_small_has_a_knowsley_sized_child_population(
    la_small: tuple[RealismStats, list[ReportLine]],
) -> None:
    stats, _ = la_small
    assert 34_000 < stats.n["children"] < 38_500


def test_the_main_figures_are_within_tolerance_at_la_small_scale(
    la_small: tuple[RealismStats, list[ReportLine]],
) -> None:
    _, lines = la_small
    by_key = {line.key: line for line in lines}
    failures = [format_line(by_key[key]) for key in MAIN_FIGURES if by_key[key].status != "ok"]
    assert not failures, "\n".join(failures)


def test_every_figure_is_within_tolerance_at_la_small_scale(
    la_small: tuple[RealismStats, list[ReportLine]],
) -> None:
    stats, lines = la_small
    assert report_passes(lines), format_report(lines, stats)
    assert all(line.status == "ok" for line in lines)


def test_the_tolerance_is_the_published_one_for_the_headline_rates(
    la_small: tuple[RealismStats, list[ReportLine]],
) -> None:
    _, lines = la_small
    by_key = {line.key: line for line in lines}
    for key in ("contact_conversion", "assessment_median", "assessment_45", "kappa"):
        check = next(c for c in CHECKS if c.key == key)
        assert by_key[key].tolerance == pytest.approx(check.tolerance, abs=0.6), key


def test_the_report_prints_value_target_tolerance_and_status(
    la_small: tuple[RealismStats, list[ReportLine]],
) -> None:
    stats, lines = la_small
    text = format_report(lines, stats)
    line = next(t for t in text.splitlines() if t.startswith("re-referral within 12 months"))
    assert re.search(r"\d+\.\d% +target 22\.4% ± \d+\.\d +ok +\[C1\]$", line), line
    assert text.splitlines()[-1].startswith(f"{len(CHECKS)} of {len(CHECKS)} figures")


# -- the report measures records, not parameters ----------------------------------------------


def _contact(n: int, person: str, day: date, *, referral: bool) -> Contact:
    received = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    return Contact(
        f"C{n}",
        f"I{n}",
        received,
        None,
        "2A",
        "portal",
        f"R{n}",
        person,
        "H1",
        "",
        "neglect",
        "",
        "amber",
        "progress_to_referral" if referral else "nfa",
        referral,
        False,
        "W1",
        "W2",
        received,
    )


def _household(contacts: list[Contact]) -> HouseholdBatch:
    child = Person(
        "P1",
        "H1",
        "child",
        "Ada",
        "Smith",
        "F",
        date(2015, 5, 1),
        "WBRI",
        "british",
        "9990000018",
        "",
        "",
        "",
    )
    household = Household(
        "H1", "L1", "lone_parent", "1 Oak Road", "Ashbury", "L1 1AA", "", "", None, 2
    )
    return HouseholdBatch(household, [child], contacts=contacts)


def test_re_referrals_are_counted_from_the_referral_dates_in_the_data() -> None:
    stats = RealismStats(GeneratorConfig(seed=1, start=date(2023, 4, 1), years=2))
    year = stats.year_start
    stats.consume(
        _household(
            [
                _contact(1, "P1", year - timedelta(days=200), referral=True),  # before the year
                _contact(2, "P1", year + timedelta(days=100), referral=True),  # 300 days later: re
                _contact(3, "P1", year + timedelta(days=140), referral=False),
                _contact(4, "P1", year + timedelta(days=300), referral=True),  # 200 days: re
            ]
        )
    )
    assert stats.n["referrals"] == 2
    assert stats.n["rereferrals"] == 2
    assert stats.n["contacts"] == 3
    rereferral = next(line for line in realism_report(stats) if line.key == "rereferral")
    assert rereferral.value == pytest.approx(100.0)


def test_a_referral_more_than_a_year_after_the_last_is_not_a_re_referral() -> None:
    stats = RealismStats(GeneratorConfig(seed=1, start=date(2023, 4, 1), years=2))
    year = stats.year_start
    stats.consume(
        _household(
            [
                _contact(1, "P1", year - timedelta(days=300), referral=True),
                _contact(2, "P1", year + timedelta(days=100), referral=True),
            ]
        )
    )
    assert (stats.n["referrals"], stats.n["rereferrals"]) == (1, 0)


def test_re_referral_is_not_measurable_without_a_full_year_of_history() -> None:
    stats = RealismStats(GeneratorConfig(seed=1, years=1))
    line = next(line for line in realism_report(stats) if line.key == "rereferral")
    assert line.status == "n/a"


def test_a_figure_far_from_its_target_fails_the_report() -> None:
    stats = RealismStats(GeneratorConfig(seed=1))
    stats.n.update({"referrals": 10_000, "contacts": 20_000, "referral_incidents": 10_000})
    line = next(line for line in realism_report(stats) if line.key == "contact_conversion")
    assert line.value == pytest.approx(50.0)
    assert line.status == "OUT"
    assert not report_passes([line])
