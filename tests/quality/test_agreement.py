"""The agreement statistics against published worked examples and reference implementations."""

from __future__ import annotations

import random

import pytest

from openmash.quality.agreement import (
    distance_from_mode,
    fleiss_kappa,
    fleiss_kappa_estimate,
    fleiss_kappa_from_table,
    krippendorff_alpha,
    krippendorff_alpha_estimate,
    modal_answers,
    unit_agreement,
)

# Fleiss (1971), as reproduced on Wikipedia's "Fleiss' kappa" page: 14 psychiatrists sort 10
# patients into 5 diagnoses. Published: P-bar 0.378, P_e 0.213, kappa 0.210.
FLEISS_1971 = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section E: 4 observers,
# 12 units, values 1-5, missing answers. Published: nominal 0.743, ordinal 0.815.
_: None = None
KRIPPENDORFF_2011_BY_OBSERVER: list[list[int | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],  # observer B
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],  # observer D
]
KRIPPENDORFF_2011 = [list(unit) for unit in zip(*KRIPPENDORFF_2011_BY_OBSERVER, strict=True)]


def _ratings_from_table(table: list[list[int]]) -> list[list[int | None]]:
    return [[c for c, n in enumerate(row) for _ in range(n)] for row in table]


def test_fleiss_kappa_reproduces_fleiss_1971_psychiatric_diagnoses() -> None:
    assert fleiss_kappa_from_table(FLEISS_1971) == pytest.approx(0.210, abs=0.0005)
    assert fleiss_kappa(_ratings_from_table(FLEISS_1971)) == pytest.approx(0.210, abs=0.0005)


def test_per_subject_agreement_matches_the_published_p_i() -> None:
    rows = _ratings_from_table(FLEISS_1971)
    assert unit_agreement(rows[0]) == pytest.approx(1.000, abs=0.0005)
    assert unit_agreement(rows[1]) == pytest.approx(0.253, abs=0.0005)
    assert unit_agreement(rows[8]) == pytest.approx(0.286, abs=0.0005)


def test_krippendorff_alpha_nominal_reproduces_the_2011_worked_example_with_missing_data() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011, level="nominal") == pytest.approx(
        0.743, abs=0.0005
    )


def test_krippendorff_alpha_ordinal_reproduces_the_2011_worked_example_with_missing_data() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011, level="ordinal") == pytest.approx(
        0.815, abs=0.0005
    )


def test_a_unit_with_one_answer_adds_nothing() -> None:
    without_unit_12 = KRIPPENDORFF_2011[:11]
    assert krippendorff_alpha(without_unit_12) == krippendorff_alpha(KRIPPENDORFF_2011)
    assert unit_agreement(KRIPPENDORFF_2011[11]) is None


def test_perfect_agreement_is_one_and_no_variation_is_undefined() -> None:
    assert krippendorff_alpha([[1, 1, 1], [2, 2, None], [3, 3, 3]], level="ordinal") == 1.0
    assert fleiss_kappa([[1, 1, 1], [2, 2, 2]]) == 1.0
    assert krippendorff_alpha([[1, 1], [1, 1]]) is None
    assert fleiss_kappa([[1, 1], [1, 1]]) is None


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown level"):
        krippendorff_alpha(KRIPPENDORFF_2011, level="interval")


def _random_ratings(
    rng: random.Random, *, units: int, raters: int, categories: int, missing: float
) -> list[list[int | None]]:
    # Raters lean towards a true level per unit, so agreement is neither nil nor perfect.
    rows: list[list[int | None]] = []
    for _unit in range(units):
        truth = rng.randint(1, categories)
        row: list[int | None] = []
        for _rater in range(raters):
            if rng.random() < missing:
                row.append(None)
            elif rng.random() < 0.6:
                row.append(truth)
            else:
                row.append(rng.randint(1, categories))
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(12))
def test_krippendorff_alpha_matches_the_krippendorff_package_on_random_data(seed: int) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    rng = random.Random(seed)
    rows = _random_ratings(
        rng, units=rng.randint(5, 30), raters=rng.randint(2, 9), categories=4, missing=0.2
    )
    reliability = np.array(
        [[np.nan if v is None else v for v in rater] for rater in zip(*rows, strict=True)],
        dtype=float,
    )
    for level in ("nominal", "ordinal"):
        expected = krippendorff.alpha(
            reliability_data=reliability, level_of_measurement=level, value_domain=[1, 2, 3, 4]
        )
        assert krippendorff_alpha(rows, level=level) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(12))
def test_fleiss_kappa_matches_statsmodels_on_random_data(seed: int) -> None:
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    rng = random.Random(seed)
    rows = _random_ratings(
        rng, units=rng.randint(5, 30), raters=rng.randint(2, 15), categories=4, missing=0.0
    )
    table, _categories = inter_rater.aggregate_raters(rows)
    expected = inter_rater.fleiss_kappa(table, method="fleiss")
    assert fleiss_kappa(rows) == pytest.approx(expected, abs=1e-9)


def test_fleiss_kappa_with_missing_answers_averages_each_subjects_own_pairs() -> None:
    # Subject 1: three raters agree; subject 2: two raters disagree, the third did not answer.
    rows: list[list[int | None]] = [[1, 1, 1], [1, 2, None], [2, 2, 2]]
    p_bar = (1.0 + 0.0 + 1.0) / 3
    p_e = (4 / 8) ** 2 + (4 / 8) ** 2
    assert fleiss_kappa(rows) == pytest.approx((p_bar - p_e) / (1 - p_e))


def test_bootstrap_interval_is_reproducible_from_its_seed_and_brackets_the_estimate() -> None:
    first = krippendorff_alpha_estimate(KRIPPENDORFF_2011, level="ordinal", resamples=500, seed=7)
    again = krippendorff_alpha_estimate(KRIPPENDORFF_2011, level="ordinal", resamples=500, seed=7)
    other = krippendorff_alpha_estimate(KRIPPENDORFF_2011, level="ordinal", resamples=500, seed=8)
    assert first == again
    assert first != other
    assert first.low is not None
    assert first.high is not None
    assert first.value is not None
    assert first.low <= first.value <= first.high
    assert first.high <= 1.0


def test_fleiss_bootstrap_interval_brackets_the_1971_estimate() -> None:
    estimate = fleiss_kappa_estimate(_ratings_from_table(FLEISS_1971), resamples=400, seed=1)
    assert estimate.value == pytest.approx(0.210, abs=0.0005)
    assert estimate.low is not None
    assert estimate.high is not None
    assert estimate.low < 0.210 < estimate.high
    assert estimate.resamples == 400


def test_bootstrap_of_an_undefined_statistic_has_no_interval() -> None:
    estimate = fleiss_kappa_estimate([[1, 1], [1, 1]])
    assert estimate.value is None
    assert estimate.low is None
    assert estimate.high is None


def test_modal_answer_and_distance_from_it() -> None:
    assert modal_answers([2, 2, 3, None]) == {2}
    assert modal_answers([2, 3]) == {2, 3}
    assert modal_answers([None, None]) == set()
    assert distance_from_mode(4, {2}, ordinal=True) == 2.0
    assert distance_from_mode(3, {2, 4}, ordinal=True) == 1.0
    assert distance_from_mode("nfa", {"nfa"}, ordinal=False) == 0.0
    assert distance_from_mode("s47", {"nfa"}, ordinal=False) == 1.0
    assert distance_from_mode(None, {2}, ordinal=True) is None
