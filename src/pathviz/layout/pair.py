"""Positions for a comparison (drug A left, drug B right) or a single pathway.

Works out each node's tier, side and label width and hands them to
:func:`pathviz.layout.layered.layered_layout`. Units: one layout unit is
100 px at full size; the figure scales fonts down when space is short.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import networkx as nx

from pathviz.layout.layered import layered_layout

Pos = dict[str, tuple[float, float]]

TIER_GAP = 1.0
NODE_GAP = 0.35


def wrap_label(label: str, chars: int) -> list[str]:
    return textwrap.wrap(label, width=chars, break_long_words=True, break_on_hyphens=True) or [label]


def label_width(label: str, chars: int, char_units: float, min_width: float = 0.4) -> float:
    lines = wrap_label(label, chars)
    return max(min_width, max(len(line) for line in lines) * char_units + 0.1)


def layout_graph(
    g: nx.DiGraph,
    sides: Mapping[str, str] | None,
    *,
    label_chars: int = 18,
    char_units: float = 0.08,
) -> Pos:
    """Lay out a pathview graph whose nodes carry ``node`` (a model Node)."""
    tiers = {n: d["node"].tier.rank for n, d in g.nodes(data=True)}
    widths = {
        n: label_width(d["node"].label, label_chars, char_units) for n, d in g.nodes(data=True)
    }
    return layered_layout(
        g,
        tier=tiers,
        side=dict(sides) if sides is not None else None,
        label_width=widths,
        node_gap=NODE_GAP,
        tier_gap=TIER_GAP,
    )
