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


STAGGER = 0.34  # vertical offset (in tiers) of every other node of a crowded row


def layout_graph(
    g: nx.DiGraph,
    sides: Mapping[str, str] | None,
    *,
    label_chars: int = 18,
    char_units: float = 0.08,
    max_width: float | None = None,
) -> Pos:
    """Lay out a pathview graph whose nodes carry ``node`` (a model Node).

    With ``max_width`` (layout units), a layout wider than that is redone with
    half-width label slots and every other node of each crowded row raised by
    ``STAGGER`` tiers, so that neighbouring labels sit at different heights
    instead of overlapping; the order of nodes in a row is kept.
    """
    tiers = {n: d["node"].tier.rank for n, d in g.nodes(data=True)}
    widths = {
        n: label_width(d["node"].label, label_chars, char_units) for n, d in g.nodes(data=True)
    }
    side = dict(sides) if sides is not None else None
    pos = layered_layout(g, tier=tiers, side=side, label_width=widths, node_gap=NODE_GAP, tier_gap=TIER_GAP)
    if max_width is None or not pos or _width(pos, widths) <= max_width:
        return pos
    half = {n: w * 0.5 for n, w in widths.items()}
    pos = layered_layout(g, tier=tiers, side=side, label_width=half, node_gap=NODE_GAP * 0.5, tier_gap=TIER_GAP)
    rows: dict[float, list[str]] = {}
    for n, (x, y) in pos.items():
        rows.setdefault(y, []).append(n)
    out: Pos = {}
    for y, members in rows.items():
        members.sort(key=lambda n: pos[n][0])
        crowded = any(
            pos[b][0] - pos[a][0] < (widths[a] + widths[b]) / 2 + NODE_GAP * 0.5
            for a, b in zip(members, members[1:])
        )
        for i, n in enumerate(members):
            lift = STAGGER * TIER_GAP if (crowded and i % 2 == 1) else 0.0
            out[n] = (pos[n][0], y + lift)
    return out


def _width(pos: Pos, widths: Mapping[str, float]) -> float:
    lo = min(x - widths[n] / 2 for n, (x, _) in pos.items())
    hi = max(x + widths[n] / 2 for n, (x, _) in pos.items())
    return hi - lo
