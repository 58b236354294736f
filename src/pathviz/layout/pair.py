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

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from pathviz.layout.layered import layered_layout
from pathviz.layout.text import LINE_HEIGHT, box, longest_word, wrap

Pos = dict[str, tuple[float, float]]
PX = 100.0  # pixels per layout unit
# how far a marker reaches from its centre, in marker sizes (the figure draws every symbol, diamonds
# and stars too, within a square of its size)
MARKER_REACH = 0.5


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
    # the dots of each arrow (one per sentence, in the order of the arrow's keys), each at a free point
    # of the arrow: on no label, marker or other dot (layout units)
    dots: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    # the column each node is drawn in: "a" (left), "b" (right) or "middle" (two-drug layouts only)
    zones: dict[str, str] = field(default_factory=dict)

    def label_above(self, node: str) -> bool:
        x0, y0, x1, y1 = self.boxes[node]
        return y1 <= -self.pos[node][1] * PX

    def dot_px(self, marked: bool) -> float:
        """Diameter of a dot on an arrow (True: a status mark holding "h" or "?")."""
        return dot_px(self.font_px, marked)


def wrap_label(label: str, font_px: int = 13, max_px: float = 130) -> tuple[str, ...]:
    return wrap(label, max_px, font_px)


def _wrap_options(label: str, font: int, label_px: float) -> list[tuple[str, ...]]:
    """The ways to wrap a label, widest first: the preferred wrap (``label_px`` wide), then for each
    further line count the narrowest wrap with at most that many lines (only between words)."""
    preferred = wrap(label, label_px, font)
    out = [preferred]
    floor = longest_word(label, font)
    narrowest = wrap(label, floor, font)
    count = len(preferred)
    while count < len(narrowest):
        count += 1
        lo, hi = floor, box(out[-1], font)[0]
        while hi - lo > 0.5:  # fewer lines as the width grows: the narrowest width giving <= count lines
            mid = (lo + hi) / 2
            if len(wrap(label, mid, font)) <= count:
                hi = mid
            else:
                lo = mid
        option = wrap(label, hi, font)
        if box(option, font)[0] < box(out[-1], font)[0] - 0.5:
            out.append(option)
    return out


def _pack_row(
    members: list[str],
    options: Mapping[str, list[tuple[str, ...]]],
    size: Mapping[str, float],
    gap: float,
    vgap: float,
    width_px: float,
    font: int,
) -> tuple[dict[str, tuple[str, ...]], list[list[str]]]:
    """The wraps and sub-rows (every k-th node) of one tier that take the least height within the width.

    For each number of sub-rows and each line count, every label takes its narrowest wrap with at
    most that many lines; the least tall arrangement that fits wins (then the fewest sub-rows).
    Labels then get back the wider wraps with fewer lines, preferred wrap first, while the row has
    room, so a row that fits as it is keeps its preferred wraps.
    """
    line_h = font * LINE_HEIGHT
    fewest = max(len(options[n][0]) for n in members)  # no arrangement has fewer lines than this
    counts = sorted({len(o) for n in members for o in options[n] if len(o) >= fewest})

    def width(n: str, lines_: tuple[str, ...]) -> float:
        return max(box(lines_, font)[0], size[n]) + gap

    def pick(n: str, most: int) -> tuple[str, ...]:
        fitting = [o for o in options[n] if len(o) <= most]  # widest first; never empty (most >= fewest)
        return fitting[-1]

    best: tuple[float, int, int] | None = None
    for k in range(1, len(members) + 1):
        parts = [members[i::k] for i in range(k)]
        for most in counts:
            chosen = {n: pick(n, most) for n in members}
            if all(sum(width(n, chosen[n]) for n in part) - gap <= width_px + 1e-6 for part in parts):
                height = sum(
                    max(size[n] for n in part) + 3 + max(len(chosen[n]) for n in part) * line_h + vgap for part in parts
                )
                if best is None or height < best[0] - 0.5:
                    best = (height, k, most)
                break  # more lines only make this k taller
        if best is not None and k * (min(size[n] for n in members) + 3 + line_h + vgap) >= best[0]:
            break  # more sub-rows cannot be less tall
    if best is None:  # not even one label per sub-row fits: the narrowest wraps, one node per sub-row
        return {n: options[n][-1] for n in members}, [[n] for n in members]
    _, k, most = best
    parts = [members[i::k] for i in range(k)]
    chosen = {n: pick(n, most) for n in members}
    for part in parts:  # widen back (fewer lines) while the sub-row has room, cheapest first
        room = width_px - (sum(width(n, chosen[n]) for n in part) - gap)
        while True:
            steps = []
            for n in part:
                i = options[n].index(chosen[n])
                if i > 0:
                    cost = width(n, options[n][i - 1]) - width(n, chosen[n])
                    if cost <= room + 1e-6:
                        steps.append((cost, n))
            if not steps:
                break
            cost, n = min(steps)
            chosen[n] = options[n][options[n].index(chosen[n]) - 1]
            room -= cost
    return chosen, parts


def _bring_row_neighbours_together(
    g: nx.DiGraph,
    rows: dict[int, list[str]],
    order_pos: Mapping[str, tuple[float, float]],
    side: Mapping[str, str] | None,
) -> dict[str, tuple[float, float]]:
    """Each row's order (``rows``, changed in place) with the ends of arrows inside the row moved
    next to each other where that does not add crossings with the arrows to other rows.

    An arrow between two nodes of one row with nodes between them needs a lane beside the row;
    adjacent swaps of two nodes of the same column are kept when they lower (crossings with the
    arrows to other rows) + 2 × (nodes passed by the arrows inside the row); the middle column's
    meeting points and context nodes may change places. Returns the positions
    with each row's x values handed out in the new order.
    """
    row_of: dict[str, int] = {n: t for t, members in rows.items() for n in members}
    nbrs: dict[str, set[str]] = {n: set() for n in row_of}
    for u, v in g.edges():
        if u != v and u in nbrs and v in nbrs:
            nbrs[u].add(v)
            nbrs[v].add(u)
    x = {n: order_pos[n][0] for n in row_of}

    def zone(n: str) -> str:  # the left, middle or right column
        s = side.get(n, "context") if side is not None else ""
        return s if s in ("a", "b") else "middle"

    for t, members in sorted(rows.items()):
        if not any(row_of[m] == t for n in members for m in nbrs[n]):
            continue
        for _ in range(len(members)):
            improved = False
            rank = {n: i for i, n in enumerate(members)}
            for i in range(len(members) - 1):
                a, b = members[i], members[i + 1]
                if side is not None and zone(a) != zone(b):
                    continue
                delta = 0
                for p in nbrs[a]:  # crossings with arrows to other rows: a's and b's ends there swap order
                    for q in nbrs[b]:
                        if row_of[p] == row_of[q] != t and p != q:
                            delta += (x[p] < x[q]) - (x[p] > x[q])
                for p in nbrs[a]:  # nodes passed inside the row: b stops (or starts) lying between
                    if row_of[p] == t and p != b:
                        delta += 2 * (-1 if rank[p] > i + 1 else 1)
                for q in nbrs[b]:
                    if row_of[q] == t and q != a:
                        delta += 2 * (-1 if rank[q] < i else 1)
                if delta < 0:
                    members[i], members[i + 1] = b, a
                    rank[a], rank[b] = i + 1, i
                    improved = True
            if not improved:
                break
        xs = sorted(x[n] for n in members)
        for n, xv in zip(members, xs):
            x[n] = xv
    return {n: (x[n], order_pos[n][1]) for n in order_pos}


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
    row_gap_px: float | None = None,
    dots: Mapping[tuple[str, str], Sequence[bool]] | None = None,
) -> Placement:
    """Lay out a pathview graph whose nodes carry ``node`` (a model Node) on a canvas of ``width_px``.

    With ``height_px`` the tiers are spread over that height; if the picture
    needs more, the type is made smaller (down to ``min_font_px``) until it
    fits, and if it still does not fit the height grows (a reader scrolls;
    labels never overlap). ``gap_px`` is the least space between two labels
    of a row, ``row_gap_px`` the space between a row's labels and the markers
    of the next. ``dots``: the dots drawn on each arrow, one per sentence
    (True: a status mark, see :func:`dot_px`); rows are moved apart where an
    arrow has no free point for its dots.
    """
    font = font_px
    floor = min_font_px or font_px
    while True:
        placed = _place(
            g, sides, font, label_px * font / font_px, width_px, height_px, marker_px, convergent_px, gap_px, row_gap_px,
            dots or {},
        )
        if height_px is None or placed.height_px <= height_px + 0.5 or font <= floor:
            break
        font -= 1
    if height_px is None or placed.height_px <= height_px + 0.5:
        return placed
    # at the smallest type allowed and still too tall: less space between labels and between rows
    # (down to half a type size and 0.4 of one), before the picture grows
    gap = gap_px if gap_px is not None else max(10.0, font * 0.9)
    row_gap = row_gap_px if row_gap_px is not None else max(8.0, font * 0.7)
    for squeeze in (0.85, 0.7, 0.55):
        tighter = _place(
            g, sides, font, label_px * font / font_px, width_px, height_px, marker_px, convergent_px,
            max(font * 0.5, gap * squeeze), max(font * 0.4, row_gap * squeeze), dots or {},
        )
        if tighter.height_px < placed.height_px:
            placed = tighter
        if placed.height_px <= height_px + 0.5:
            break
    return placed


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
    row_gap_px: float | None = None,
    dots: Mapping[tuple[str, str], Sequence[bool]] | None = None,
) -> Placement:
    nodes = list(g.nodes)
    if not nodes:
        return Placement({}, {}, {}, width_px, 0.0, font)
    gap = gap_px if gap_px is not None else max(10.0, font * 0.9)
    vgap = row_gap_px if row_gap_px is not None else max(8.0, font * 0.7)
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
    order_pos = _bring_row_neighbours_together(g, rows, order_pos, side)

    # each row: the wraps and sub-rows that make it least tall within the width (preferred wraps where room is left)
    options = {n: _wrap_options(kind[n].label, font, label_px) for n in nodes}
    sub_rows: dict[int, list[list[str]]] = {}
    for t, members in sorted(rows.items()):
        chosen, parts = _pack_row(members, options, size, gap, vgap, width_px, font)
        sub_rows[t] = parts
        for n, ln in chosen.items():
            lines[n] = ln
            wh[n] = box(ln, font)

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

    # y: bands per tier (sub-rows stacked, each with room for the lanes of its arrows that pass
    # other nodes of the row), spare height shared between tiers
    top_tier = min(tier.values())
    lane = _lane_px(font)
    lanes: dict[tuple[int, int], float] = {}  # (tier, sub-row) -> height of its lanes
    bands: list[tuple[int, list[float]]] = []  # tier, height of each sub-row
    for t, parts in sorted(sub_rows.items()):
        heights = []
        for i, members in enumerate(parts):
            label_h = max(wh[n][1] for n in members)
            mark = max(size[n] for n in members)
            used_lanes = _row_lanes(g, members, x_px, _close(mark, font))
            count = max(used_lanes.values()) + 1 if used_lanes else 0
            # the lanes share the row gap with the space added for them, evenly spaced
            lanes[(t, i)] = max(0.0, (count + 1) * lane / 2 + (MARKER_REACH - 0.5) * mark - vgap) if count else 0.0
            # below the top row, whose labels are above its markers, the arrows to the next row get
            # twice the row gap (a drawing of its own height; a fixed one shares its spare height)
            gap_below = vgap * 2 if t == top_tier and i == len(parts) - 1 and height_px is None else vgap
            heights.append(mark + 3 + label_h + gap_below + lanes[(t, i)])
        bands.append((t, heights))
    sub_of = {n: (t, i) for t, parts in sub_rows.items() for i, members in enumerate(parts) for n in members}
    room: dict[tuple[int, int], float] = {}  # more space above a sub-row, for the dots of arrows ending there
    for _ in range(12):
        needed = sum(sum(h) for _, h in bands) + sum(room.values())
        extra = 0.0
        if height_px is not None and needed < height_px and len(bands) > 1:
            extra = min((height_px - needed) / (len(bands) - 1), font * 8.0)
        y_px: dict[str, float] = {}
        boxes: dict[str, tuple[float, float, float, float]] = {}
        cursor = 0.0
        for t, heights in bands:
            for i, (members, h) in enumerate(zip(sub_rows[t], heights)):
                cursor += room.get((t, i), 0.0)
                label_h = max(wh[n][1] for n in members)
                mark = max(size[n] for n in members)
                for n in members:
                    w, lh = wh[n]
                    if t == top_tier:  # label above the marker, lanes below it
                        cy = cursor + label_h + 3 + mark / 2
                        boxes[n] = (x_px[n] - w / 2, cy - size[n] / 2 - 3 - lh, x_px[n] + w / 2, cy - size[n] / 2 - 3)
                    else:  # lanes above the marker, label below it
                        cy = cursor + lanes[(t, i)] + mark / 2
                        boxes[n] = (x_px[n] - w / 2, cy + size[n] / 2 + 3, x_px[n] + w / 2, cy + size[n] / 2 + 3 + lh)
                    y_px[n] = cy
                cursor += h
            cursor += extra
        height = cursor - extra
        bends = _route(g, x_px, y_px, boxes, size, width_px, font)
        at, short = _place_dots(g, x_px, y_px, boxes, size, bends, dots or {}, font)
        grow = {}
        for (u, v), lack in short.items():  # room in the band the arrow enters its lower end's row through
            key = sub_of[v] if y_px[v] > y_px[u] + 1 else sub_of[u] if y_px[u] > y_px[v] + 1 else sub_of[u]
            if key[0] == top_tier and key[1] == 0:
                continue
            grow[key] = max(grow.get(key, 0.0), lack)
        if not grow:
            break
        for key, lack in grow.items():  # a little more than lacking: the line moves as the rows part
            room[key] = room.get(key, 0.0) + lack + 2.0
    pos = {n: (x_px[n] / PX, -y_px[n] / PX) for n in nodes}
    zones = {n: (side[n] if side[n] in ("a", "b") else "middle") for n in nodes} if side is not None else {}
    return Placement(pos, lines, boxes, width_px, height, font, size, _units(bends), _units(at), zones)


def _units(points: Mapping[tuple[str, str], list[tuple[float, float]]]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """px (y down) -> layout units (y up)."""
    return {k: [(x / PX, -y / PX) for x, y in pts] for k, pts in points.items()}


def place_on(placement: Placement, g: nx.DiGraph, dots: Mapping[tuple[str, str], Sequence[bool]] | None = None) -> Placement:
    """``g`` drawn on the places of ``placement`` (a filtered view on its unfiltered one): every node
    of ``g`` keeps its position, label lines and box; the arrows of ``g`` are routed and their dots
    placed again among the nodes that stay. Every node of ``g`` needs a place."""
    keep = [n for n in g.nodes]
    missing = [n for n in keep if n not in placement.pos]
    if missing:
        raise ValueError(f"{len(missing)} node(s) have no place: {', '.join(map(str, missing[:5]))}")
    x_px = {n: placement.pos[n][0] * PX for n in keep}
    y_px = {n: -placement.pos[n][1] * PX for n in keep}
    boxes = {n: placement.boxes[n] for n in keep}
    size = {n: placement.marker_px[n] for n in keep}
    bends = _route(g, x_px, y_px, boxes, size, placement.width_px, placement.font_px)
    at, _ = _place_dots(g, x_px, y_px, boxes, size, bends, dots or {}, placement.font_px)
    return Placement(
        {n: placement.pos[n] for n in keep},
        {n: placement.labels[n] for n in keep},
        boxes,
        placement.width_px,
        placement.height_px,
        placement.font_px,
        size,
        _units(bends),
        _units(at),
        {n: placement.zones[n] for n in keep if n in placement.zones},
    )


def dot_px(font: int, marked: bool) -> float:
    """Diameter of the dot on an arrow: a circle holding a status letter ("h", "?"), or a small plain dot."""
    return max(12.0, font + 2.0) if marked else 7.0


def dot_want(index: int, count: int) -> float:
    """Where along its arrow (fraction of the length) the ``index``-th of ``count`` dots would best sit."""
    return 0.5 if count == 1 else 0.35 + 0.3 * index / max(1, count - 1)


def free_point(
    points: Sequence[tuple[float, float]],
    want: float,
    radius: float,
    obstacles: Sequence[tuple[float, float, float, float]],
    placed: Sequence[tuple[float, float, float]],
) -> tuple[tuple[float, float], float]:
    """The point of a polyline (px) nearest to the fraction ``want`` of its length where a dot of
    ``radius`` (its square) touches no obstacle box and no dot ``placed`` before (x, y, radius),
    and the room it has there; when no point is free, the point with the most room (negative:
    by how much it overlaps)."""
    lengths = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:])]
    total = sum(lengths)
    if total <= 0:
        return points[0], -radius
    x_lo, x_hi = min(p[0] for p in points) - radius, max(p[0] for p in points) + radius
    y_lo, y_hi = min(p[1] for p in points) - radius, max(p[1] for p in points) + radius
    near = [b for b in obstacles if b[0] < x_hi and b[2] > x_lo and b[1] < y_hi and b[3] > y_lo]
    dots = [d for d in placed if x_lo - d[2] < d[0] < x_hi + d[2] and y_lo - d[2] < d[1] < y_hi + d[2]]

    def at(t: float) -> tuple[float, float, float, float]:
        """The point a fraction ``t`` along the line, and the unit normal of its segment there."""
        goal = t * total
        for (x0, y0), (x1, y1), seg in zip(points, points[1:], lengths):
            if goal <= seg and seg > 0:
                f = goal / seg
                return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, (y0 - y1) / seg, (x1 - x0) / seg
            goal -= seg
        return points[-1][0], points[-1][1], 0.0, 0.0

    steps = max(8, int(total / 3))
    best, best_room = at(want)[:2], -math.inf

    def candidates() -> Iterator[tuple[int, float]]:
        """Points along the line, nearest to ``want`` first (in runs of four, about 12 px); at each,
        centred on the line, then moved off it sideways by at most 0.6 of the radius (the line
        still runs through the dot)."""
        centre = min(max(round(want * steps), 1), steps - 1)
        run: list[int] = []
        for k in range(steps):
            for i in ((centre,) if k == 0 else (centre - k, centre + k)):
                if 1 <= i < steps:
                    run.append(i)
            if len(run) >= 4 or k == steps - 1:
                for side in (0.0, 0.3, -0.3, 0.6, -0.6):
                    for i in run:
                        yield i, side
                run = []

    for i, side in candidates():
        x, y, nx_, ny_ = at(i / steps)
        x, y = x + nx_ * side * radius, y + ny_ * side * radius
        left, right, top, bottom = x - radius, x + radius, y - radius, y + radius
        free = math.inf
        for b0, b1, b2, b3 in near:  # distance of the dot's square to the box (negative: overlap)
            d = b0 - right
            if left - b2 > d:
                d = left - b2
            if b1 - bottom > d:
                d = b1 - bottom
            if top - b3 > d:
                d = top - b3
            if d < free:
                free = d
                if free <= 0 and free <= best_room:
                    break  # neither free nor better than the best so far
        if free > 0 or free > best_room:
            for dx, dy, dr in dots:
                free = min(free, math.hypot(x - dx, y - dy) - radius - dr)
        if free > 0:
            return (x, y), free
        if free > best_room:
            best, best_room = (x, y), free
    return best, best_room


def dot_obstacles(
    pos_px: Mapping[str, tuple[float, float]], size: Mapping[str, float], boxes: Mapping[str, tuple[float, float, float, float]]
) -> list[tuple[float, float, float, float]]:
    """What no dot may touch (px, y down): every marker (as far as its symbol reaches, 1 px to spare)
    and every label (with 4 px to spare above and below)."""
    out = []
    for n, (x, y) in pos_px.items():
        r = size[n] * MARKER_REACH + 1
        out.append((x - r, y - r, x + r, y + r))
        if n in boxes:  # the browser sets a line of text up to 4 px off the box measured for it
            b = boxes[n]
            out.append((b[0] - 1, b[1] - 4, b[2] + 1, b[3] + 4))
    return out


def _place_dots(
    g: nx.DiGraph,
    x_px: Mapping[str, float],
    y_px: Mapping[str, float],
    boxes: Mapping[str, tuple[float, float, float, float]],
    size: Mapping[str, float],
    bends: Mapping[tuple[str, str], list[tuple[float, float]]],
    dots: Mapping[tuple[str, str], Sequence[bool]],
    font: int,
) -> tuple[dict[tuple[str, str], list[tuple[float, float]]], dict[tuple[str, str], float]]:
    """Each arrow's dots at free points (px), arrow by arrow; and the arrows with a dot that found
    no free point, with how much room it lacks."""
    obstacles = dot_obstacles({n: (x_px[n], y_px[n]) for n in x_px}, size, boxes)
    placed: list[tuple[float, float, float]] = []
    found: dict[tuple[str, str, int], tuple[float, float]] = {}
    short: dict[tuple[str, str], float] = {}
    edges = sorted((e for e in g.edges() if e[0] != e[1] and dots.get(e)), key=lambda e: (str(e[0]), str(e[1])))
    for status_pass in (True, False):  # the status marks first: they are larger and need more room
        for u, v in edges:
            marks = dots[(u, v)]
            pts = [(x_px[u], y_px[u]), *bends.get((u, v), []), (x_px[v], y_px[v])]
            for i, marked in enumerate(marks):
                if bool(marked) != status_pass:
                    continue
                d = dot_px(font, marked)
                (x, y), free = free_point(pts, dot_want(i, len(marks)), d / 2 + 1, obstacles, placed)
                placed.append((x, y, d / 2))
                found[(u, v, i)] = (x, y)
                if free <= 0:
                    short[(u, v)] = max(short.get((u, v), 0.0), 1.0 - free)
    at = {(u, v): [found[(u, v, i)] for i in range(len(dots[(u, v)]))] for u, v in edges}
    return at, short


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


def _row_lanes(
    g: nx.DiGraph, members: list[str], x_px: Mapping[str, float], close: float = 0.0
) -> dict[tuple[str, str], int]:
    """Lanes of the arrows joining two nodes of one row with other nodes of the row between them
    (or neighbours less than ``close`` apart, between whose markers no dot would fit).

    Such an arrow cannot run along the row (it would pass under the markers between) and runs in
    a lane beside the row instead; arrows whose spans overlap get different lanes, the shortest
    span the lane nearest the row. Other arrows between neighbours need no lane.
    """
    inside = set(members)
    xs = sorted(x_px[n] for n in members)
    spans = []
    for u, v in g.edges():
        if u == v or u not in inside or v not in inside:
            continue
        a, b = sorted((x_px[u], x_px[v]))
        if b - a < close or any(a + 1e-6 < x < b - 1e-6 for x in xs):
            spans.append((b - a, a, b, str(u), str(v), (u, v)))
    lanes: dict[tuple[str, str], int] = {}
    taken: list[list[tuple[float, float]]] = []
    for _, a, b, _, _, key in sorted(spans, key=lambda s: s[:5]):
        j = 0
        while j < len(taken) and any(a <= hb + 2 and ha <= b + 2 for ha, hb in taken[j]):
            j += 1
        if j == len(taken):
            taken.append([])
        taken[j].append((a, b))
        lanes[key] = j
    return lanes


def _close(mark: float, font: int) -> float:
    """How far apart two neighbours in a row must be for a dot to sit between their markers."""
    return mark + dot_px(font, True) + 4


def _lane_px(font: int) -> float:
    """Twice the least distance between a lane and what lies beside it (markers, labels, another lane)."""
    return max(8.0, font * 0.5)


def _route(
    g: nx.DiGraph,
    x_px: Mapping[str, float],
    y_px: Mapping[str, float],
    boxes: Mapping[str, tuple[float, float, float, float]],
    size: Mapping[str, float],
    width_px: float,
    font: int = 14,
) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Bends (px, y down) that take every arrow around the labels and markers of the nodes it does not join.

    Layered drawings route a long edge through dummy nodes in the rows it
    skips; here each row between the two ends that the line would cross at a
    label or marker gets a bend through the nearest gap of that row (two
    points, at the top and bottom of the row's band, so the line passes the
    row vertically; lines through one gap are spread apart). An arrow that
    would cross a neighbour in its own row or in its target's row leaves (or
    enters) that row vertically first. An arrow between two nodes of one row
    with other nodes between them runs in a lane beside the row
    (:func:`_row_lanes`). Arrows that hit nothing stay straight.
    """
    lane_px = _lane_px(font)
    rows: dict[float, list[tuple[float, float, float, float, str]]] = {}  # row y -> marker ∪ label boxes
    members: dict[float, list[str]] = {}
    row_of: dict[str, float] = {}
    for n in x_px:
        y = round(y_px[n], 1)
        r = size[n] * MARKER_REACH + 2
        mark = (x_px[n] - r, y_px[n] - r, x_px[n] + r, y_px[n] + r)
        lb = boxes[n]
        rows.setdefault(y, []).append((min(mark[0], lb[0]), min(mark[1], lb[1]), max(mark[2], lb[2]), max(mark[3], lb[3]), n))
        members.setdefault(y, []).append(n)
        row_of[n] = y
    row_ys = sorted(rows)
    band = {y: (min(b[1] for b in bs), max(b[3] for b in bs)) for y, bs in rows.items()}
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}

    # arrows within a row: between neighbours a low arc, past other nodes a lane; both on the side of
    # the markers away from the labels (above, or below where the labels are above)
    for y, ns in members.items():
        mark = max(size[n] for n in ns)
        lanes = _row_lanes(g, ns, x_px, _close(mark, font))
        labels_above = all(boxes[n][3] <= y_px[n] for n in ns)
        inside = set(ns)
        for u, v in g.edges():
            if u == v or u not in inside or v not in inside or (u, v) in lanes:
                continue
            ux, vx = x_px[u], x_px[v]
            if g.has_edge(v, u) and (v, u) not in lanes and str(u) > str(v):
                out[(u, v)] = [((ux + vx) / 2, y)]  # the way back: straight, so the two do not lie on one arc
                continue
            lift = min(mark / 2 + lane_px / 2, abs(vx - ux) / 3) * (1 if labels_above else -1)
            arc = []
            for i in range(1, 16):
                t = i / 16
                ax = (1 - t) ** 2 * ux + 2 * (1 - t) * t * (ux + vx) / 2 + t**2 * vx
                ay = y + 2 * (1 - t) * t * 2 * lift  # quadratic curve whose top is ``lift`` off the row
                if math.hypot(ax - ux, ay - y) > size[u] / 2 + 4 and math.hypot(ax - vx, ay - y) > size[v] / 2 + 4:
                    arc.append((ax, ay))
            if arc:
                out[(u, v)] = arc
        # the channel beside the row: from its markers to the next row's labels or markers
        edge = y + mark * MARKER_REACH if labels_above else y - mark * MARKER_REACH
        others = [band[r][0] for r in row_ys if r > y] if labels_above else [band[r][1] for r in row_ys if r < y]
        far = (min(others) if labels_above else max(others)) if others else edge + (lane_px if labels_above else -lane_px) * 2
        count = max(lanes.values(), default=-1) + 1
        for (u, v), j in lanes.items():
            ux, vx = x_px[u], x_px[v]
            lane_y = edge + (far - edge) * (j + 1) / (count + 1)
            rise = abs(lane_y - y)
            d = 1.0 if vx > ux else -1.0
            run = min(rise, abs(vx - ux) / 3)
            out[(u, v)] = [(ux + d * run, lane_y), (vx - d * run, lane_y)]

    used: dict[tuple[float, float], list[float]] = {}  # (row, gap start) -> x of the lines through it

    def through(
        u: str, v: str, start: tuple[float, float], end: tuple[float, float], claims: list[tuple[tuple[float, float], float]]
    ) -> list[tuple[float, float]]:
        """Bends through the rows strictly between ``start`` and ``end`` that the line would cross
        (``claims`` gets the gaps passed, for keeping later lines apart): the first row the straight
        line crosses gets its bend, then the lines to and from that bend are bent the same way."""
        (cx, cy), (ex, ey) = start, end
        lo, hi = min(cy, ey), max(cy, ey)
        between = [y for y in row_ys if lo + 1.0 < y < hi - 1.0 and row_of[u] != y and row_of[v] != y]
        if ey < cy:
            between.reverse()

        def x_at(yy: float) -> float:
            return cx + (ex - cx) * (yy - cy) / (ey - cy) if abs(ey - cy) > 1e-9 else cx

        for ry in between:
            obstacles = [b for b in rows[ry] if b[4] not in (u, v)]
            if not obstacles:
                continue
            top = min(b[1] for b in obstacles)
            bottom = max(b[3] for b in obstacles)
            ya, yb = (top, bottom) if ey > cy else (bottom, top)
            if (ya - cy) * (ey - cy) < 0 or (yb - cy) * (ey - yb) < 0:
                continue  # the band reaches past an end of the line: the ends' own rows see to it
            xa, xb = x_at(ya), x_at(yb)
            if not any(_seg_hits_box(xa, ya, xb, yb, b[:4]) for b in obstacles):
                continue
            # gaps of this row (left of the first box, between boxes, right of the last), inside the plot
            spans = sorted((b[0], b[2]) for b in obstacles)
            gaps: list[tuple[float, float]] = []
            prev = 0.0
            for a, b in spans:
                if a - prev > 10:
                    gaps.append((prev, a))
                prev = max(prev, b)
            if width_px - prev > 10:
                gaps.append((prev, width_px))
            if not gaps:
                continue
            want = (xa + xb) / 2
            best = min(gaps, key=lambda gp: abs(min(max(want, gp[0] + 5), gp[1] - 5) - want))
            gx = min(max(want, best[0] + 5), best[1] - 5)
            taken = used.get((ry, best[0]), [])
            for k in range(12):  # lines through one gap kept apart where it is wide enough
                step = (k + 1) // 2 * (1 if k % 2 else -1) * 6.0
                cand = min(max(gx + step, best[0] + 5), best[1] - 5)
                if all(abs(cand - t) >= 5.5 for t in taken):
                    gx = cand
                    break
            claims.append(((ry, best[0]), gx))
            return through(u, v, start, (gx, ya), claims) + [(gx, ya), (gx, yb)] + through(u, v, (gx, yb), end, claims)
        return []

    def crosses_row(u: str, v: str, p: tuple[float, float], q: tuple[float, float], ry: float) -> bool:
        return any(_seg_hits_box(p[0], p[1], q[0], q[1], b[:4]) for b in rows[ry] if b[4] not in (u, v))

    for u, v in sorted(g.edges(), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v or u not in x_px or v not in x_px:
            continue
        (ux, uy), (vx, vy) = (x_px[u], y_px[u]), (x_px[v], y_px[v])
        if row_of[u] == row_of[v]:
            continue
        down = vy > uy
        start, end = (ux, uy), (vx, vy)
        stub_u = stub_v = None
        claims: list[tuple[tuple[float, float], float]] = []
        pts = through(u, v, start, end, claims)
        for _ in range(2):  # a stub at one end changes the line at the other
            first = (pts or [stub_v or end])[0]
            if stub_u is None and crosses_row(u, v, start, first, row_of[u]):
                # leave the own row vertically (past its labels), then go on
                stub_u = (ux, band[row_of[u]][1] + 1.0) if down else (ux, band[row_of[u]][0] - 1.0)
            last = (pts or [stub_u or start])[-1]
            if stub_v is None and crosses_row(u, v, last, end, row_of[v]):
                stub_v = (vx, band[row_of[v]][0] - 1.0) if down else (vx, band[row_of[v]][1] + 1.0)
            if stub_u or stub_v:
                claims = []
                pts = through(u, v, stub_u or start, stub_v or end, claims)
        for key, gx in claims:
            used.setdefault(key, []).append(gx)
        points = ([stub_u] if stub_u else []) + pts + ([stub_v] if stub_v else [])
        if points:
            out[(u, v)] = points
    return out


def label_height_px(lines: tuple[str, ...], font_px: int) -> float:
    return len(lines) * font_px * LINE_HEIGHT
