"""The geometry of the Index charts, drawn as SVG by the server (as the statistics page's).

One kind of chart: a horizontal pair of bars per row (an area, or an edition), the first
for a city or the network, the second for the sample, on a fixed 0-100 scale so that
charts of different cities read alike. Each row's label stands above its bars: the areas'
names are long, in Italian longer still.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SCALE = 100
LABEL_HEIGHT = 18
BAR_HEIGHT = 11
PAIR_GAP = 2
ROW_GAP = 8
CHART_WIDTH = 640
# Room on the right for the value written after a full bar.
PLOT_WIDTH = CHART_WIDTH - 50
AXIS_HEIGHT = 24


@dataclass
class PairRow:
    """A row of the chart and of its table: the label, the two values, their bars."""

    label: str
    first: Decimal | None
    second: Decimal | None
    key: str = ""
    change: Decimal | None = None
    y: int = 0
    first_width: float = 0.0
    second_width: float = 0.0


@dataclass
class PairChart:
    key: str
    title: str
    description: str
    first_label: str
    second_label: str
    rows: list[PairRow]
    width: int = CHART_WIDTH
    bar_height: int = BAR_HEIGHT
    first_y: int = LABEL_HEIGHT
    second_y: int = LABEL_HEIGHT + BAR_HEIGHT + PAIR_GAP
    height: int = 0
    axis_y: int = 0
    ticks: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self):
        step = LABEL_HEIGHT + 2 * BAR_HEIGHT + PAIR_GAP + ROW_GAP
        for index, row in enumerate(self.rows):
            row.y = index * step
            row.first_width = _width(row.first)
            row.second_width = _width(row.second)
        self.axis_y = max(1, len(self.rows)) * step
        self.height = self.axis_y + AXIS_HEIGHT
        # Ticks stay inside the drawing: the first's label starts at 0, the last ends at 100.
        self.ticks = [
            (round(PLOT_WIDTH * value / SCALE, 1), value) for value in (0, 25, 50, 75, 100)
        ]

    @property
    def has_change(self) -> bool:
        return any(row.change is not None for row in self.rows)


def _width(value: Decimal | None) -> float:
    if value is None:
        return 0.0
    return round(PLOT_WIDTH * float(value) / SCALE, 1)
