"""The drawing surface a view is laid out for (:class:`Canvas`) and its presets."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

# ---------------------------------------------------------------- canvas

LEGEND_PITCH = 1.47  # distance between two lines of the legend, in legend type sizes


def legend_margin(legend_px: int, lines: int) -> float:
    """The space below the plot for ``lines`` lines of legend: LEGEND_PITCH apart, the last one's
    box (an entry and Plotly's padding round it) below them."""
    return float(math.ceil(8 + legend_px * (LEGEND_PITCH * (max(1, lines) - 1) + 2.05)))


@dataclass(frozen=True)
class Canvas:
    """The drawing surface a view is laid out for: size, type, markers and the furniture around it.

    One layout unit is 100 px on the canvas; a figure drawn for this canvas
    shows every label in the box the layout reserved for it.
    """

    width_px: int = 940  # fits the main column of a 1400 px window beside the sidebar; scrolls sideways below
    height_px: int | None = None  # None: as tall as the diagram needs
    font_px: int = 14  # node labels
    min_font_px: int | None = None  # a fixed-height canvas may shrink labels down to this
    label_px: float = 130.0  # preferred label width before wrapping
    marker_px: float = 18.0
    convergent_px: float = 25.0
    legend_px: int = 13
    title_px: int = 22
    title: bool = False
    legend: bool = True
    headers: bool = True
    tier_labels: bool = True
    pad_px: int = 6  # space above the top label and below the bottom one
    label_gap_px: float | None = None  # least space between two labels of a row (None: 0.9 x font)
    row_gap_px: float | None = None  # space between a row's labels and the next row's markers (None: 0.7 x font)
    legend_rows: int = 5  # lines of legend reserved below the plot (a canvas of no fixed height gets what it needs)

    @property
    def margin(self) -> dict[str, int]:
        from pathviz.layout.text import text_width

        tier_w = text_width("Clinical effect", self.font_px, bold=True) + 24 if self.tier_labels else 16
        # the column headers: one line of 1.25 x the label type (the figure breaks long ones where it has room)
        top = 8 + (self.title_px * 2.0 if self.title else 0) + (self.font_px * 1.25 * 1.3 if self.headers else 4)
        bottom = legend_margin(self.legend_px, self.legend_rows) if self.legend else 12.0
        return {"l": int(tier_w), "r": 16, "t": int(top), "b": int(bottom)}

    @property
    def plot_width(self) -> float:
        m = self.margin
        return float(self.width_px - m["l"] - m["r"])

    @property
    def plot_height(self) -> float | None:
        if self.height_px is None:
            return None
        m = self.margin
        return float(self.height_px - m["t"] - m["b"] - 2 * self.pad_px)


SCREEN = Canvas()
LECTURE = Canvas(
    width_px=1830,
    height_px=938,
    font_px=22,
    min_font_px=22,
    label_px=320,
    marker_px=26,
    convergent_px=30,
    legend_px=18,
    row_gap_px=11,
    legend_rows=4,
    pad_px=1,
)


MIN_SCREEN_PX = 480  # narrower than this, a diagram is laid out 480 px wide and its box scrolls


def screen_canvas(width_px: int | None) -> Canvas:
    """The screen canvas laid out for a main column ``width_px`` wide: :data:`SCREEN` when the column
    is at least as wide (or its width is not known), else that narrower, down to ``MIN_SCREEN_PX``."""
    if width_px is None or width_px >= SCREEN.width_px:
        return SCREEN
    return replace(SCREEN, width_px=max(MIN_SCREEN_PX, int(width_px)))


def slide_canvas(width_px: int = 1920, height_px: int = 1080) -> Canvas:
    """A slide of ``width_px`` × ``height_px`` pixels with its title and legend."""
    scale = min(width_px / 1920, height_px / 1080)
    return Canvas(
        width_px=width_px,
        height_px=height_px,
        font_px=max(10, round(20 * scale)),
        min_font_px=max(9, round(14 * scale)),
        label_px=190 * scale,
        marker_px=24 * scale,
        convergent_px=32 * scale,
        legend_px=max(9, round(16 * scale)),
        title_px=max(12, round(28 * scale)),
        title=True,
        legend_rows=4,
    )


SLIDE = slide_canvas()
