"""Synthetic data generator: throughput and peak memory by scale.

    python benchmarks/bench_synthetic.py [--repeat 3] [--scales la-small la-large] [--no-csv]

Each run is a fresh subprocess (so peak RSS belongs to that run alone) that generates the
scale with seed 1 and writes the CSV files into a temporary folder. Prints the median of the
repeats: wall-clock and CPU seconds (CPU time is steadier on a shared machine). Memory should
stay flat as the scale grows: the ratio of peak RSS la-large / la-small should be near 1.
No Django needed: the generator is called directly.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(scale: str, write_csv: bool) -> None:
    """Runs inside the subprocess: generate once, print one JSON line."""
    sys.path.insert(0, str(ROOT))
    from openmash.synthetic.config import GeneratorConfig
    from openmash.synthetic.names import NameBook
    from openmash.synthetic.stream import build_context, run

    config = GeneratorConfig(seed=1, scale=scale)
    build_context(config, NameBook())  # warm imports and tables before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF)
    baseline_kb = before.ru_maxrss
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = run(config, out_dir=Path(folder) if write_csv else None)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak_kb = after.ru_maxrss
    print(
        json.dumps(
            {
                "records": result.total_rows,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "baseline_mb": baseline_kb / 1024,
                "peak_mb": peak_kb / 1024,
                "persons": result.rows.get("persons", 0),
                "contacts": result.rows.get("contacts", 0),
            }
        )
    )


def measure(scale: str, write_csv: bool) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", scale]
    if not write_csv:
        command.append("--no-csv")
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    measured: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scales", nargs="+", default=["la-small", "la-large"])
    parser.add_argument("--no-csv", action="store_true", help="generate without writing files")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, write_csv=not args.no_csv)
        return
    print(
        f"synthetic generator, seed 1, {'no CSV' if args.no_csv else 'writing CSV'}, "
        f"median of {args.repeat} run(s) per scale, each in a fresh process"
    )
    print(
        f"{'scale':<10} {'records':>11} {'seconds':>9} {'records/s':>11} {'CPU s':>7} "
        f"{'records/CPU-s':>14} {'baseline MB':>12} {'peak MB':>9}"
    )
    peaks: dict[str, float] = {}
    for scale in args.scales:
        runs = [measure(scale, not args.no_csv) for _ in range(args.repeat)]
        med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        peaks[scale] = med["peak_mb"]
        print(
            f"{scale:<10} {med['records']:>11,.0f} {med['seconds']:>9.1f} "
            f"{med['records'] / med['seconds']:>11,.0f} {med['cpu_seconds']:>7.1f} "
            f"{med['records'] / med['cpu_seconds']:>14,.0f} {med['baseline_mb']:>12.1f} "
            f"{med['peak_mb']:>9.1f}"
        )
    if "la-small" in peaks and "la-large" in peaks:
        ratio = peaks["la-large"] / peaks["la-small"]
        print(f"peak memory ratio la-large / la-small: {ratio:.2f} (flat memory: near 1)")


if __name__ == "__main__":
    main()
