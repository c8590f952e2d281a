"""Charts drawn on the server as SVG geometry (no script, no inline style): horizontal bars, one
per bar of a figure, each labelled with the value the table beside it gives."""

from __future__ import annotations

from dataclasses import dataclass

from openmash.insights.journey import STAGES, Journey
from openmash.insights.selectors import Bar

LABEL_WIDTH = 260
BAR_AREA = 360
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class DrawnBar:
    label: str
    text: str
    y: int
    text_y: int
    width: int
    value_x: int
    warn: bool


@dataclass(frozen=True)
class BarChart:
    bars: list[DrawnBar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(bars: list[Bar]) -> BarChart:
    largest = max((bar.value for bar in bars), default=0) or 1
    drawn = []
    for i, bar in enumerate(bars):
        width = round(BAR_AREA * max(bar.value, 0) / largest)
        y = 4 + i * ROW_HEIGHT
        drawn.append(
            DrawnBar(
                label=bar.label if len(bar.label) <= 40 else bar.label[:39] + "…",
                text=bar.text,
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                width=width,
                value_x=LABEL_WIDTH + width + 6,
                warn=bar.warn,
            )
        )
    return BarChart(
        bars=drawn,
        width=LABEL_WIDTH + BAR_AREA + 70,
        height=8 + len(bars) * ROW_HEIGHT,
        label_width=LABEL_WIDTH - 8,
        bar_height=BAR_HEIGHT,
    )


@dataclass(frozen=True)
class DrawnNode:
    stage: str
    x: int
    y: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class DrawnArrow:
    path: str
    label: str
    label_x: int
    label_y: int
    bottleneck: bool
    title: str


@dataclass(frozen=True)
class JourneyChart:
    nodes: list[DrawnNode]
    arrows: list[DrawnArrow]
    width: int
    height: int
    node_width: int
    node_height: int


NODE_X = 330
NODE_WIDTH = 200
NODE_HEIGHT = 34
NODE_GAP = 64


def journey_chart(journey: Journey) -> JourneyChart:
    """The stages that occur, top to bottom in their usual order; arrows going down curve out to
    the right, arrows going back up (or to the same stage) to the left, each labelled with its
    count and median wait; the bottlenecks drawn thick and dark."""
    used = {a.source for a in journey.arrows} | {a.target for a in journey.arrows}
    used |= set(journey.starts)
    stages = [stage for stage in STAGES if stage in used]
    row = {stage: i for i, stage in enumerate(stages)}
    nodes = [
        DrawnNode(
            stage, NODE_X, 10 + i * NODE_GAP, NODE_X + NODE_WIDTH // 2, 10 + i * NODE_GAP + 22
        )
        for i, stage in enumerate(stages)
    ]
    arrows = []
    for arrow in journey.arrows:
        i, j = row[arrow.source], row[arrow.target]
        y1 = 10 + i * NODE_GAP + NODE_HEIGHT // 2
        y2 = 10 + j * NODE_GAP + NODE_HEIGHT // 2
        reach = 30 + 28 * abs(j - i)
        if j > i:
            x = NODE_X + NODE_WIDTH
            bend = x + reach
            label_x = x + int(reach * 0.75) + 4
        else:
            x = NODE_X
            bend = x - reach - 10
            label_x = x - int(reach * 0.75) - 60
        path = f"M {x} {y1 + 4} C {bend} {y1 + 4}, {bend} {y2 - 4}, {x} {y2 - 4}"
        words = f"{arrow.count} · {_hours(arrow.median_hours)}"
        arrows.append(
            DrawnArrow(
                path=path,
                label=words,
                label_x=label_x,
                label_y=(y1 + y2) // 2 + 4,
                bottleneck=arrow.bottleneck,
                title=f"{arrow.source} to {arrow.target}: {arrow.count}, median "
                f"{_hours(arrow.median_hours)}",
            )
        )
    return JourneyChart(
        nodes=nodes,
        arrows=arrows,
        width=NODE_X * 2 + NODE_WIDTH,
        height=20 + len(stages) * NODE_GAP,
        node_width=NODE_WIDTH,
        node_height=NODE_HEIGHT,
    )


def _hours(hours: float) -> str:
    if hours >= 48:
        return f"{hours / 24:.1f} days"
    return f"{hours:.1f} h"
