"""Positions and label boxes for a comparison (drug A left, drug B right) or a single pathway.

The layout reserves every label's box, measured with the real font
(:mod:`pathviz.layout.text`), so nodes and labels are placed together:

1. **Order** — :func:`pathviz.layout.layered.layered_layout` orders each tier's
   nodes (zones, mirrored drug sides, crossing reduction).
2. **Rows** — a tier whose labels do not fit the width side by side is first
   wrapped narrower, then split into sub-rows (every k-th node), each sub-row
   a full label height lower, so labels never sit on top of each other.
3. **x** — the layered positions are spread over the whole width and each row
   is made overlap-free with the least movement (isotonic regression with
   minimum gaps, pool-adjacent-violators), keeping the order.
4. **y** — each tier gets the height its markers and labels need; spare height
   of a fixed canvas is shared between the tiers, so the picture fills it.

Units: positions are returned in layout units of 100 px (y up, the top tier at
0), so a figure drawn at 1 unit = 100 px shows every label exactly in its
reserved box. Labels of the top tier sit above their marker, all others below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from pathviz.layout.layered import layered_layout
from pathviz.layout.text import LINE_HEIGHT, box, longest_word, wrap

Pos = dict[str, tuple[float, float]]
PX = 100.0  # pixels per layout unit


@dataclass(frozen=True)
class Placement:
    """Where everything goes: marker centres (layout units) and label lines and boxes (px)."""

    pos: Pos
    labels: dict[str, tuple[str, ...]]
    boxes: dict[str, tuple[float, float, float, float]]  # label box x0, y0, x1, y1 in px, y down
    width_px: float
    height_px: float
    font_px: int
    marker_px: dict[str, float] = field(default_factory=dict)
    # bends of the arrows that cross other rows: (u, v) -> points between the two markers (layout units)
    bends: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)

    def label_above(self, node: str) -> bool:
        x0, y0, x1, y1 = self.boxes[node]
        return y1 <= -self.pos[node][1] * PX


def wrap_label(label: str, font_px: int = 13, max_px: float = 130) -> tuple[str, ...]:
    return wrap(label, max_px, font_px)


def _isotonic(desired: list[float], sep: list[float], lo: float | None = None, hi: float | None = None) -> list[float]:
    """Positions closest (least squares) to ``desired`` with x[i+1] - x[i] >= sep[i], x[0] >= lo, x[-1] <= hi.

    In the shifted space t[i] = x[i] - (sep[0] + … + sep[i-1]) the gaps become
    "non-decreasing" and the bounds one interval for all, so clamping the
    targets and pooling adjacent violators gives the exact answer (if the
    bounds leave room for the gaps at all).
    """
    n = len(desired)
    if n == 0:
        return []
    offset = [0.0] * n
    for i in range(1, n):
        offset[i] = offset[i - 1] + sep[i - 1]
    target = [d - o for d, o in zip(desired, offset)]
    if lo is not None and hi is not None and hi - offset[-1] >= lo:
        top = hi - offset[-1]
        target = [min(max(t, lo), top) for t in target]
    # pool adjacent violators for a non-decreasing fit
    blocks: list[list[float]] = []  # [mean, weight, count]
    for t in target:
        blocks.append([t, 1.0, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            w = w1 + w2
            blocks.append([(m1 * w1 + m2 * w2) / w, w, c1 + c2])
    fit: list[float] = []
    for mean, _, count in blocks:
        fit.extend([mean] * count)
    return [f + o for f, o in zip(fit, offset)]


def layout_graph(
    g: nx.DiGraph,
    sides: Mapping[str, str] | None,
    *,
    font_px: int = 13,
    label_px: float = 130.0,
    width_px: float = 1000.0,
    height_px: float | None = None,
    marker_px: float = 18.0,
    convergent_px: float = 24.0,
    gap_px: float | None = None,
    min_font_px: int | None = None,
) -> Placement:
    """Lay out a pathview graph whose nodes carry ``node`` (a model Node) on a canvas of ``width_px``.

    With ``height_px`` the tiers are spread over that height; if the picture
    needs more, the type is made smaller (down to ``min_font_px``) until it
    fits, and if it still does not fit the height grows (a reader scrolls;
    labels never overlap).
    """
    font = font_px
    floor = min_font_px or font_px
    while True:
        placed = _place(g, sides, font, label_px * font / font_px, width_px, height_px, marker_px, convergent_px, gap_px)
        if height_px is None or placed.height_px <= height_px + 0.5 or font <= floor:
            return placed
        font -= 1


def _place(
    g: nx.DiGraph,
    sides: Mapping[str, str] | None,
    font: int,
    label_px: float,
    width_px: float,
    height_px: float | None,
    marker_px: float,
    convergent_px: float,
    gap_px: float | None,
) -> Placement:
    nodes = list(g.nodes)
    if not nodes:
        return Placement({}, {}, {}, width_px, 0.0, font)
    gap = gap_px if gap_px is not None else max(10.0, font * 0.9)
    vgap = max(8.0, font * 0.7)
    kind = {n: g.nodes[n]["node"] for n in nodes}
    tier = {n: kind[n].tier.rank for n in nodes}
    size = {n: (convergent_px if sides is not None and sides.get(n) == "shared" else marker_px) for n in nodes}
    lines = {n: wrap(kind[n].label, label_px, font) for n in nodes}
    wh = {n: box(lines[n], font) for n in nodes}

    def slot(n: str) -> float:
        return max(wh[n][0], size[n]) + gap

    side = dict(sides) if sides is not None else None
    order_pos = layered_layout(
        g, tier=tier, side=side, label_width={n: slot(n) / PX for n in nodes}, node_gap=gap / PX, tier_gap=1.0
    )
    xs = [x for x, _ in order_pos.values()]
    lo, hi = min(xs), max(xs)
    rows: dict[int, list[str]] = {}
    for n in nodes:
        rows.setdefault(tier[n], []).append(n)
    for members in rows.values():
        members.sort(key=lambda n: (order_pos[n][0], str(n)))

    # rows too wide: wrap narrower, then split into sub-rows
    sub_rows: dict[int, list[list[str]]] = {}
    for t, members in sorted(rows.items()):
        need = sum(slot(n) for n in members) - gap
        if need > width_px:
            for n in members:
                narrow = max(longest_word(kind[n].label, font), label_px * 0.7)
                lines[n] = wrap(kind[n].label, narrow, font)
                wh[n] = box(lines[n], font)
            need = sum(slot(n) for n in members) - gap
        k = 1
        while k < len(members) and max(
            sum(slot(n) for n in members[i::k]) - gap for i in range(k)
        ) > width_px:
            k += 1
        sub_rows[t] = [members[i::k] for i in range(k)]

    # x: spread the layered order over the width, then remove overlaps row by row
    margin = max(slot(n) for n in nodes) / 2
    span = max(hi - lo, 1e-9)

    def desired(n: str) -> float:
        if hi - lo < 1e-9:
            return width_px / 2
        return margin + (order_pos[n][0] - lo) / span * max(0.0, width_px - 2 * margin)

    x_px: dict[str, float] = {}
    for parts in sub_rows.values():
        for members in parts:
            ws = [slot(n) for n in members]
            sep = [(ws[i] + ws[i + 1]) / 2 for i in range(len(members) - 1)]
            xs_row = _isotonic(
                [desired(n) for n in members], sep, lo=ws[0] / 2 - gap / 2, hi=width_px - ws[-1] / 2 + gap / 2
            )
            for n, x in zip(members, xs_row):
                x_px[n] = x

    # y: bands per tier (sub-rows stacked), spare height shared between tiers
    top_tier = min(tier.values())
    bands: list[tuple[int, list[float]]] = []  # tier, height of each sub-row
    for t, parts in sorted(sub_rows.items()):
        heights = []
        for members in parts:
            label_h = max(wh[n][1] for n in members)
            mark = max(size[n] for n in members)
            heights.append(mark + 3 + label_h + vgap)
        bands.append((t, heights))
    needed = sum(sum(h) for _, h in bands)
    extra = 0.0
    if height_px is not None and needed < height_px and len(bands) > 1:
        extra = min((height_px - needed) / (len(bands) - 1), font * 8.0)
    y_px: dict[str, float] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    cursor = 0.0
    for t, heights in bands:
        for members, h in zip(sub_rows[t], heights):
            label_h = max(wh[n][1] for n in members)
            mark = max(size[n] for n in members)
            for n in members:
                w, lh = wh[n]
                if t == top_tier:  # label above the marker
                    cy = cursor + label_h + 3 + mark / 2
                    boxes[n] = (x_px[n] - w / 2, cy - size[n] / 2 - 3 - lh, x_px[n] + w / 2, cy - size[n] / 2 - 3)
                else:
                    cy = cursor + mark / 2
                    boxes[n] = (x_px[n] - w / 2, cy + size[n] / 2 + 3, x_px[n] + w / 2, cy + size[n] / 2 + 3 + lh)
                y_px[n] = cy
            cursor += h
        cursor += extra
    height = cursor - extra
    pos = {n: (x_px[n] / PX, -y_px[n] / PX) for n in nodes}
    bends = _route(g, x_px, y_px, boxes, size, width_px)
    return Placement(pos, lines, boxes, width_px, height, font, size, bends)


def _seg_hits_box(x0: float, y0: float, x1: float, y1: float, b: tuple[float, float, float, float], pad: float = 2.0) -> bool:
    """Whether the segment crosses the box (grown by ``pad``): Liang–Barsky clipping."""
    bx0, by0, bx1, by1 = b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        if abs(p) < 1e-12:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


def _route(
    g: nx.DiGraph,
    x_px: Mapping[str, float],
    y_px: Mapping[str, float],
    boxes: Mapping[str, tuple[float, float, float, float]],
    size: Mapping[str, float],
    width_px: float,
) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Bends that take an arrow around the labels and markers of the rows it passes.

    Layered drawings route a long edge through dummy nodes in the rows it
    skips; here each row between the two ends that the straight line would
    cross at a label or marker gets a bend through the nearest gap of that row
    (two points, at the top and bottom of the row's band, so the line passes
    the row vertically). Arrows that hit nothing stay straight.
    """
    # the obstacles of each row (markers and labels), keyed by the marker y
    rows: dict[float, list[tuple[float, float, float, float, str]]] = {}
    for n in x_px:
        y = round(y_px[n], 1)
        r = size[n] / 2 + 2
        mark = (x_px[n] - r, y_px[n] - r, x_px[n] + r, y_px[n] + r)
        lb = boxes[n]
        rows.setdefault(y, []).append((min(mark[0], lb[0]), min(mark[1], lb[1]), max(mark[2], lb[2]), max(mark[3], lb[3]), n))
    row_ys = sorted(rows)
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for u, v in g.edges():
        if u == v or u not in x_px or v not in x_px:
            continue
        (ux, uy), (vx, vy) = (x_px[u], y_px[u]), (x_px[v], y_px[v])
        if abs(uy - vy) < 1.0:
            continue
        lo, hi = min(uy, vy), max(uy, vy)
        between = [y for y in row_ys if lo + 1.0 < y < hi - 1.0] if uy < vy else [y for y in reversed(row_ys) if lo + 1.0 < y < hi - 1.0]
        points: list[tuple[float, float]] = []
        cx, cy = ux, uy
        for i, ry in enumerate(between):
            obstacles = [b for b in rows[ry] if b[4] not in (u, v)]
            if not obstacles:
                continue
            top = min(b[1] for b in obstacles)
            bottom = max(b[3] for b in obstacles)
            # where the line from the current point to the target crosses this band
            def x_at(y: float) -> float:
                return cx + (vx - cx) * (y - cy) / (vy - cy) if abs(vy - cy) > 1e-9 else cx

            ya, yb = (top, bottom) if vy > cy else (bottom, top)
            xa, xb = x_at(ya), x_at(yb)
            if not any(_seg_hits_box(xa, ya, xb, yb, b[:4]) for b in obstacles):
                continue
            # gaps of this row (left of the first box, between boxes, right of the last)
            spans = sorted((b[0], b[2]) for b in obstacles)
            gaps: list[tuple[float, float]] = []
            prev = -40.0
            for a, b in spans:
                if a - prev > 10:
                    gaps.append((prev, a))
                prev = max(prev, b)
            gaps.append((prev, width_px + 40.0))
            want = (xa + xb) / 2
            best = min(gaps, key=lambda gp: abs(min(max(want, gp[0] + 5), gp[1] - 5) - want))
            gx = min(max(want, best[0] + 5), best[1] - 5)
            points += [(gx, ya), (gx, yb)]
            cx, cy = gx, yb
        if points:
            out[(u, v)] = [(x / PX, -y / PX) for x, y in points]
    return out


def label_height_px(lines: tuple[str, ...], font_px: int) -> float:
    return len(lines) * font_px * LINE_HEIGHT
