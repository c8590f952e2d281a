"""The realism report: each calibrated figure, measured from the generated records, beside its
national target and tolerance. Source keys refer to shared/reference/national-figures.md.

A figure is "ok" when it lies within target ± tolerance. For small samples the tolerance is
widened to 3 standard errors of the measure (for a share: its household-clustered error at
the target), so a demo-sized run is judged fairly; at la-large scale the published tolerance
applies almost everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from openmash.synthetic.stats import RealismStats
from openmash.synthetic.targets import CHECKS, Check

SE_WIDENING = 3.0


@dataclass(frozen=True, slots=True)
class ReportLine:
    key: str
    label: str
    value: float | None
    target: float
    tolerance: float
    unit: str
    kind: str
    status: str  # "ok", "OUT" or "n/a"
    sources: str


def _status(check: Check, stats: RealismStats, value: float | None, tolerance: float) -> str:
    if value is None:
        return "n/a"
    if check.kind == "largest":
        return "ok" if stats.largest_nfa_source() == "police" else "OUT"
    if check.kind == "at_most":
        return "ok" if value <= check.target + tolerance else "OUT"
    return "ok" if abs(value - check.target) <= tolerance else "OUT"


def realism_report(stats: RealismStats) -> list[ReportLine]:
    """Every check, measured from the records the stats consumer has seen."""
    lines = []
    for check in CHECKS:
        measure = check.measure(stats)
        tolerance = max(check.tolerance, SE_WIDENING * measure.standard_error(check.target))
        status = _status(check, stats, measure.value, tolerance)
        lines.append(
            ReportLine(
                check.key,
                check.label,
                measure.value,
                check.target,
                tolerance,
                check.unit,
                check.kind,
                status,
                check.sources,
            )
        )
    return lines


def report_passes(lines: list[ReportLine]) -> bool:
    return all(line.status != "OUT" for line in lines)


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "WD":
        return f"{value:.0f} WD"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def format_line(line: ReportLine) -> str:
    value = "-" if line.value is None else _number(line.value, line.unit)
    if line.kind == "largest":
        target = "largest source"
    elif line.kind == "at_most":
        target = f"at most {_number(line.target, line.unit)}"
    else:
        tolerance = _number(line.tolerance, line.unit).removesuffix("%").removesuffix(" WD")
        target = f"{_number(line.target, line.unit)} ± {tolerance}"
    return f"{line.label:<46} {value:>9}   target {target:<18} {line.status:<4} {line.sources}"


def format_report(lines: list[ReportLine], stats: RealismStats) -> str:
    config = stats.config
    head = (
        f"Realism report: seed {config.seed}, scale {config.scale}, "
        f"{stats.n['children']:,} children and {stats.n['adults']:,} adults; reporting year "
        f"{stats.year_start} to {stats.end} (window from {config.start})"
    )
    counts = Counter(line.status for line in lines)
    tail = f"{counts['ok']} of {len(lines)} figures within tolerance, {counts['OUT']} outside" + (
        f", {counts['n/a']} not measurable" if counts["n/a"] else ""
    )
    return "\n".join([head, *(format_line(line) for line in lines), tail])
