"""Deterministic, mirrored, tiered layout for two drug cascades side by side.

The picture has three vertical zones::

    drug A ('a')  |  central column ('shared', 'context')  |  drug B ('b')

and one row per tier, tier 0 at the top.  The layout is a small Sugiyama-style
pipeline with the layering given by the caller:

1. **Rows** — every node sits at ``y = -tier * tier_gap``.
2. **Ordering** — inside each row and zone the nodes are ordered by the
   barycentre (mean x) of their neighbours in the rows above (down sweep) or
   below (up sweep), for ``sweeps`` down/up rounds.  Edges that skip tiers count
   like any other; edges inside one tier and self-loops are ignored.  The
   ordering with the fewest crossings (counted between edges that join the
   same two rows; the start order included) is kept, so the sweeps never make
   things worse than the start.
3. **Coordinates** — the central column is packed tightly around ``x = 0``;
   each drug zone is then placed as close as possible to its nodes'
   neighbours (least squares, solved exactly by pool-adjacent-violators) while
   keeping the order, the label spacing and the zone boundary: a few passes
   towards the mean of all neighbours, then one up pass towards the children
   and one down pass towards the parents, so chains come out vertical and
   children centred under their parent where space allows.

The drug zones are mirror images of each other: the 'a' zone is ordered from
the centre outwards exactly like the 'b' zone (same rule, same tie-break), so a
node of either drug that connects to the central column sits next to it, and
two structurally identical cascades are drawn as reflections of each other.

Pure functions: no drawing library, no randomness; the same graph always gives
the same positions, whatever order its nodes and edges were inserted in
(nodes are handled in ``str(node)`` order; nodes whose ``str`` coincide fall
back to insertion order).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

__all__ = ["SIDES", "layered_layout", "layout_extent"]

#: The accepted values of ``side``.
SIDES: tuple[str, ...] = ("a", "b", "shared", "context")

_DEFAULT_WIDTH = 1.0
_BALANCE_PASSES = 4  # down/up passes towards all neighbours in the coordinate step
_SHOW = 5  # how many offending nodes an error message names


@dataclass(slots=True)
class _Row:
    """The nodes of one tier, as indices, in drawing order per zone."""

    tier: int
    members: list[int]
    a: list[int] = field(default_factory=list)  # drug A, centre -> outwards
    b: list[int] = field(default_factory=list)  # drug B, centre -> outwards
    shared: list[int] = field(default_factory=list)  # left -> right, centred on 0
    ctx_left: list[int] = field(default_factory=list)  # context left of shared, L -> R
    ctx_right: list[int] = field(default_factory=list)  # context right of shared, L -> R
    single: list[int] = field(default_factory=list)  # side=None: everything, L -> R

    def copy_orders(self) -> tuple[list[int], ...]:
        return (
            self.a[:],
            self.b[:],
            self.shared[:],
            self.ctx_left[:],
            self.ctx_right[:],
            self.single[:],
        )

    def set_orders(self, orders: tuple[list[int], ...]) -> None:
        a, b, shared, ctx_left, ctx_right, single = orders
        self.a, self.b, self.shared = a[:], b[:], shared[:]
        self.ctx_left, self.ctx_right, self.single = ctx_left[:], ctx_right[:], single[:]

    def left_to_right(self) -> list[int]:
        if self.single:
            return self.single
        return self.a[::-1] + self.ctx_left + self.shared + self.ctx_right + self.b


def layered_layout(
    graph: nx.DiGraph,
    *,
    tier: Mapping[Hashable, int],
    side: Mapping[Hashable, str] | None = None,
    label_width: Mapping[Hashable, float] | None = None,
    node_gap: float = 0.4,
    tier_gap: float = 1.0,
    sweeps: int = 4,
) -> dict[Hashable, tuple[float, float]]:
    """Place every node of ``graph``; return ``{node: (x, y)}``.

    Parameters
    ----------
    graph:
        Any networkx graph; only its nodes and edges are read.  Cycles are fine
        (the tiers are given); direction does not matter for the layout.
    tier:
        Rank of each node, 0 = top; ``y = -tier * tier_gap``.  Tiers need not be
        contiguous (a gap in the numbers leaves a gap in the picture).  Every
        node of ``graph`` needs an integer tier, else ``ValueError``; extra keys
        are ignored.
    side:
        ``'a'`` (drug A, left zone), ``'b'`` (drug B, right zone), ``'shared'``
        (convergent node, central column) or ``'context'`` (belongs to neither
        drug, central column).  Every node needs one of these, else
        ``ValueError``.  ``None`` draws a single pathway: one zone whose
        overall extent is centred on ``x = 0``.
    label_width:
        Width of each node's label box in layout units (the box of a node at
        ``x`` spans ``[x - w/2, x + w/2]``); missing nodes get 1.0.
    node_gap:
        Minimum horizontal gap between neighbouring boxes in a row, and between
        the zones.
    tier_gap:
        Vertical distance between consecutive tiers (> 0).
    sweeps:
        Number of down+up barycentric ordering rounds (0 keeps the start
        order: ``str(node)`` order, left to right for a single pathway and
        from the centre outwards in both drug zones).

    Placement rules
    ---------------
    * 'shared' nodes of a tier sit side by side, as a block centred on x = 0.
    * 'context' nodes join the central column around that block: a context
      node whose neighbours lie on average left of centre (x < 0) goes to the
      block's left, otherwise to its right, each group ordered by barycentre.
      In a tier without shared nodes the context nodes form a block centred on
      x = 0.  (Before any sweep — or for context nodes with no neighbours — they
      alternate right, left, right, … in ``str`` order.)
    * The central column is as wide as its widest row; every 'a' box ends at
      least ``node_gap`` left of the column, every 'b' box starts at least
      ``node_gap`` right of it, in every tier.  With no central nodes at all the
      two zones are ``node_gap`` apart around x = 0.
    * 'a' and 'b' are mirror images: both are ordered from the centre outwards
      by the same rule with the same tie-break, so nodes connected to the
      column sit next to it on both sides.
    * Within a zone, ordering ties are broken by ``str(node)``, so the result
      is deterministic.

    Long edges are not routed: an edge that skips tiers is a straight segment
    and may pass through the boxes of intermediate tiers.
    """
    gap = _check_number("node_gap", node_gap, allow_zero=True)
    dy = _check_number("tier_gap", tier_gap, allow_zero=False)
    sweeps = _check_sweeps(sweeps)

    raw_nodes = list(graph.nodes)
    if not raw_nodes:
        return {}
    names = [str(n) for n in raw_nodes]
    perm = sorted(range(len(raw_nodes)), key=names.__getitem__)
    nodes = [raw_nodes[i] for i in perm]  # index == tie-break rank
    index = {n: i for i, n in enumerate(nodes)}
    n_nodes = len(nodes)

    tiers = _read_tiers(nodes, tier)
    sides = _read_sides(nodes, side)
    width = _read_widths(nodes, label_width)

    # Rows, top to bottom.
    levels = sorted(set(tiers))
    row_of_tier = {t: r for r, t in enumerate(levels)}
    row_of = [row_of_tier[t] for t in tiers]
    rows = [_Row(tier=t, members=[]) for t in levels]
    for i, r in enumerate(row_of):
        rows[r].members.append(i)

    # Neighbours in other rows (undirected, de-duplicated, sorted: the sums
    # below are then independent of insertion order).
    pairs: set[tuple[int, int]] = set()
    for u, v in graph.edges():
        i, j = index[u], index[v]
        if i == j or row_of[i] == row_of[j]:
            continue
        pairs.add((i, j) if i < j else (j, i))
    up: list[list[int]] = [[] for _ in range(n_nodes)]
    down: list[list[int]] = [[] for _ in range(n_nodes)]
    for i, j in sorted(pairs):
        if row_of[i] < row_of[j]:
            down[i].append(j)
            up[j].append(i)
        else:
            up[i].append(j)
            down[j].append(i)
    around = [up[i] + down[i] for i in range(n_nodes)]

    state = _State(rows=rows, width=width, gap=gap, x=[0.0] * n_nodes, single=side is None)

    # Start order: str order, centre outwards on both drug sides.
    for row in rows:
        if side is None:
            row.single = row.members[:]
            continue
        ctx = []
        for i in row.members:
            s = sides[i]
            if s == "a":
                row.a.append(i)
            elif s == "b":
                row.b.append(i)
            elif s == "shared":
                row.shared.append(i)
            else:
                ctx.append(i)
        if row.shared:
            row.ctx_right = ctx[0::2]
            row.ctx_left = ctx[1::2][::-1]
        else:
            row.ctx_right = ctx
    state.pack_all()

    # Crossing reduction.
    crossings = _CrossingCounter(rows, row_of, pairs, n_nodes)
    best = [row.copy_orders() for row in rows]
    best_count = crossings.count()
    for _ in range(sweeps):
        for r in range(1, len(rows)):
            state.reorder(r, up, around)
        for r in range(len(rows) - 2, -1, -1):
            state.reorder(r, down, around)
        state.pack_all()
        now = crossings.count()
        if now <= best_count:  # on a tie prefer the sweep: its order follows the neighbours
            best_count = now
            best = [row.copy_orders() for row in rows]
        if now == 0:
            break
    for row, orders in zip(rows, best):
        row.set_orders(orders)
    state.pack_all()

    # Coordinates: pull the drug zones towards their neighbours.
    order = list(range(len(rows)))
    for p in range(_BALANCE_PASSES):
        for r in order if p % 2 == 0 else order[::-1]:
            state.balance(r, around, around)
    for r in order[::-1]:
        state.balance(r, down, around)
    for r in order:
        state.balance(r, up, around)

    x = state.x
    if side is None:
        left = min(x[i] - width[i] / 2 for i in range(n_nodes))
        right = max(x[i] + width[i] / 2 for i in range(n_nodes))
        shift = (left + right) / 2
        x = [v - shift for v in x]

    return {n: (float(x[index[n]]) + 0.0, float(-tiers[index[n]] * dy) + 0.0) for n in raw_nodes}


def layout_extent(
    pos: Mapping[Hashable, tuple[float, float]],
    label_width: Mapping[Hashable, float] | None = None,
    *,
    label_height: float = 0.0,
) -> tuple[float, float, float, float]:
    """``(min_x, max_x, min_y, max_y)`` of the label boxes of ``pos``.

    Box ``i`` spans ``x ± w/2`` (``w`` from ``label_width``, default 1.0) and
    ``y ± label_height/2``.  An empty layout gives ``(0.0, 0.0, 0.0, 0.0)``.
    """
    if not pos:
        return (0.0, 0.0, 0.0, 0.0)
    half_h = _check_number("label_height", label_height, allow_zero=True) / 2
    widths = label_width or {}
    min_x = min_y = math.inf
    max_x = max_y = -math.inf
    for node, (x, y) in pos.items():
        half_w = float(widths.get(node, _DEFAULT_WIDTH)) / 2
        min_x = min(min_x, x - half_w)
        max_x = max(max_x, x + half_w)
        min_y = min(min_y, y - half_h)
        max_y = max(max_y, y + half_h)
    return (float(min_x), float(max_x), float(min_y), float(max_y))


# --------------------------------------------------------------------------- state


@dataclass(slots=True)
class _State:
    rows: list[_Row]
    width: list[float]
    gap: float
    x: list[float]
    single: bool
    a_limit: float = 0.0  # a boxes end at or left of -a_limit
    b_limit: float = 0.0  # b boxes start at or right of b_limit

    # -- packing -------------------------------------------------------------

    def _pack_central(self, row: _Row) -> tuple[float, float] | None:
        """Place the central column of ``row``; return its (left, right) edges."""
        x, w, gap = self.x, self.width, self.gap
        if row.shared:
            block = row.shared
            left_group, right_group = row.ctx_left, row.ctx_right
        elif row.ctx_right or row.ctx_left:
            block = row.ctx_left + row.ctx_right
            left_group, right_group = [], []
        else:
            return None
        total = sum(w[i] for i in block) + gap * (len(block) - 1)
        lo, hi = -total / 2, total / 2
        cur = lo
        for i in block:
            x[i] = cur + w[i] / 2
            cur += w[i] + gap
        cur = hi
        for i in right_group:
            x[i] = cur + gap + w[i] / 2
            cur = x[i] + w[i] / 2
        right = cur
        cur = lo
        for i in reversed(left_group):
            x[i] = cur - gap - w[i] / 2
            cur = x[i] - w[i] / 2
        return cur, right

    def _pack_out(self, order: list[int], limit: float, sign: float) -> None:
        """Pack ``order`` (centre outwards) from ``limit`` (outward coordinate)."""
        x, w, gap = self.x, self.width, self.gap
        cur = limit
        for i in order:
            u = cur + w[i] / 2
            x[i] = sign * u
            cur = u + w[i] / 2 + gap

    def _pack_single(self, row: _Row) -> None:
        x, w, gap = self.x, self.width, self.gap
        total = sum(w[i] for i in row.single) + gap * (len(row.single) - 1)
        cur = -total / 2
        for i in row.single:
            x[i] = cur + w[i] / 2
            cur += w[i] + gap

    def pack_all(self) -> None:
        """Compact placement of every row; recomputes the column boundaries."""
        if self.single:
            for row in self.rows:
                self._pack_single(row)
            return
        lo = hi = None
        for row in self.rows:
            ext = self._pack_central(row)
            if ext is not None:
                lo = ext[0] if lo is None else min(lo, ext[0])
                hi = ext[1] if hi is None else max(hi, ext[1])
        if lo is None:  # no central column: the zones are one gap apart around 0
            self.a_limit = self.b_limit = self.gap / 2
        else:
            self.a_limit = -lo + self.gap
            self.b_limit = hi + self.gap
        for row in self.rows:
            self._pack_out(row.a, self.a_limit, -1.0)
            self._pack_out(row.b, self.b_limit, 1.0)

    # -- ordering ------------------------------------------------------------

    def reorder(self, r: int, nbrs: list[list[int]], fallback: list[list[int]]) -> None:
        """Sort row ``r`` by the barycentres of ``nbrs`` (one direction)."""
        row, x = self.rows[r], self.x
        at = x.__getitem__
        bary: dict[int, float] = {}
        for i in row.members:
            nb = nbrs[i] or fallback[i]
            bary[i] = sum(map(at, nb)) / len(nb) if nb else x[i]

        def key(i: int) -> tuple[float, int]:
            return (bary[i], i)

        if self.single:
            row.single.sort(key=key)
            self._pack_single(row)
            return
        row.a.sort(key=lambda i: (-bary[i], i))  # mirror of b: centre outwards
        row.b.sort(key=key)
        row.shared.sort(key=key)
        ctx = sorted(row.ctx_left + row.ctx_right, key=key)
        if row.shared:
            row.ctx_left = [i for i in ctx if bary[i] < 0.0]
            row.ctx_right = [i for i in ctx if bary[i] >= 0.0]
        else:
            row.ctx_left, row.ctx_right = [], ctx
        ext = self._pack_central(row)
        a_limit, b_limit = self.a_limit, self.b_limit
        if ext is not None:  # keep this row consistent until the next pack_all
            a_limit = max(a_limit, -ext[0] + self.gap)
            b_limit = max(b_limit, ext[1] + self.gap)
        self._pack_out(row.a, a_limit, -1.0)
        self._pack_out(row.b, b_limit, 1.0)

    # -- coordinates ---------------------------------------------------------

    def balance(self, r: int, nbrs: list[list[int]], fallback: list[list[int]]) -> None:
        """Move the free zones of row ``r`` towards their neighbours' mean x."""
        row = self.rows[r]
        if self.single:
            self._fit(row.single, nbrs, fallback, sign=1.0, limit=None)
        else:
            self._fit(row.a, nbrs, fallback, sign=-1.0, limit=self.a_limit)
            self._fit(row.b, nbrs, fallback, sign=1.0, limit=self.b_limit)

    def _fit(
        self,
        order: list[int],
        nbrs: list[list[int]],
        fallback: list[list[int]],
        sign: float,
        limit: float | None,
    ) -> None:
        """Least-squares placement of ``order`` in the outward coordinate u = sign * x.

        Minimises sum (u_i - target_i)^2 subject to u_{k+1} - u_k >= (w_k + w_{k+1})/2 + gap
        and, when ``limit`` is given, u_0 - w_0/2 >= limit.
        """
        if not order:
            return
        x, w, gap = self.x, self.width, self.gap
        offsets = [0.0] * len(order)
        for k in range(1, len(order)):
            offsets[k] = offsets[k - 1] + (w[order[k - 1]] + w[order[k]]) / 2 + gap
        at = x.__getitem__
        shifted = []
        for k, i in enumerate(order):
            nb = nbrs[i] or fallback[i]
            target = sign * (sum(map(at, nb)) / len(nb)) if nb else sign * x[i]
            shifted.append(target - offsets[k])
        fitted = _isotonic(shifted)
        floor = -math.inf if limit is None else limit + w[order[0]] / 2
        for k, i in enumerate(order):
            x[i] = sign * (max(fitted[k], floor) + offsets[k])


def _isotonic(values: list[float]) -> list[float]:
    """Non-decreasing least-squares fit (pool adjacent violators)."""
    sums: list[float] = []
    counts: list[int] = []
    for v in values:
        s, c = v, 1
        while sums and sums[-1] * c > s * counts[-1]:  # previous mean > this mean
            s += sums.pop()
            c += counts.pop()
        sums.append(s)
        counts.append(c)
    out: list[float] = []
    for s, c in zip(sums, counts):
        out.extend([s / c] * c)
    return out


# ------------------------------------------------------------------------ crossings


class _CrossingCounter:
    """Counts crossings between edges that join the same two rows, for the current orders.

    Two straight edges between the same pair of rows cross exactly when their ends are in
    opposite orders; crossings between edges of different spans are not counted.
    """

    def __init__(self, rows: list[_Row], row_of: list[int], pairs: set[tuple[int, int]], n: int):
        self.rows = rows
        self.n = n
        upper, lower, span = [], [], []
        n_rows = len(rows)
        for i, j in sorted(pairs):
            if row_of[i] > row_of[j]:
                i, j = j, i
            upper.append(i)
            lower.append(j)
            span.append(row_of[i] * n_rows + row_of[j])
        self.upper = np.asarray(upper, dtype=np.int64)
        self.lower = np.asarray(lower, dtype=np.int64)
        self.span = np.asarray(span, dtype=np.int64)

    def count(self) -> int:
        if len(self.upper) < 2:
            return 0
        rank = np.empty(self.n, dtype=np.int64)
        for row in self.rows:
            seq = row.left_to_right()
            rank[seq] = np.arange(len(seq))
        ru, rl = rank[self.upper], rank[self.lower]
        order = np.lexsort((rl, ru, self.span))
        seq = self.span[order] * (self.n + 1) + rl[order]
        return _inversions(seq)


def _inversions(seq: np.ndarray) -> int:
    """Number of pairs k < l with seq[k] > seq[l] (bottom-up merge counting)."""
    n = len(seq)
    seq = seq - seq.min()
    span = int(seq.max()) + 1
    pos = np.arange(n, dtype=np.int64)
    total = 0
    size = 1
    while size < n:
        block = pos // (2 * size)
        is_left = (pos % (2 * size)) < size
        keys = block * span + seq
        left = np.sort(keys[is_left])
        right_keys = keys[~is_left]
        right_block = block[~is_left]
        end = np.searchsorted(left, (right_block + 1) * span, side="left")
        start = np.searchsorted(left, right_keys, side="right")
        total += int((end - start).sum())
        size *= 2
    return total


# ------------------------------------------------------------------------- checking


def _check_number(name: str, value: float, *, allow_zero: bool) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        need = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {need}, got {value!r}")
    return v


def _check_sweeps(sweeps: int) -> int:
    try:
        s = operator.index(sweeps)
    except TypeError:
        raise ValueError(f"sweeps must be an integer >= 0, got {sweeps!r}") from None
    if s < 0:
        raise ValueError(f"sweeps must be an integer >= 0, got {sweeps!r}")
    return s


def _names(nodes: list[Hashable]) -> str:
    shown = ", ".join(repr(n) for n in nodes[:_SHOW])
    return shown + (f", … ({len(nodes) - _SHOW} more)" if len(nodes) > _SHOW else "")


def _read_tiers(nodes: list[Hashable], tier: Mapping[Hashable, int]) -> list[int]:
    missing = [n for n in nodes if n not in tier]
    if missing:
        raise ValueError(f"{len(missing)} node(s) have no tier: {_names(missing)}")
    out, bad = [], []
    for n in nodes:
        t = tier[n]
        try:
            if isinstance(t, bool):
                raise TypeError
            out.append(operator.index(t))
        except TypeError:
            bad.append(n)
    if bad:
        raise ValueError(
            f"tiers must be integers; {len(bad)} node(s) have another value: "
            + ", ".join(f"{n!r}: {tier[n]!r}" for n in bad[:_SHOW])
        )
    return out


def _read_sides(nodes: list[Hashable], side: Mapping[Hashable, str] | None) -> list[str]:
    if side is None:
        return []
    missing = [n for n in nodes if n not in side]
    if missing:
        raise ValueError(
            f"{len(missing)} node(s) have no side (expected one of {', '.join(SIDES)}): {_names(missing)}"
        )
    bad = [n for n in nodes if side[n] not in SIDES]
    if bad:
        raise ValueError(
            f"side must be one of {', '.join(SIDES)}; got "
            + ", ".join(f"{n!r}: {side[n]!r}" for n in bad[:_SHOW])
        )
    return [side[n] for n in nodes]


def _read_widths(nodes: list[Hashable], label_width: Mapping[Hashable, float] | None) -> list[float]:
    if label_width is None:
        return [_DEFAULT_WIDTH] * len(nodes)
    out, bad = [], []
    for n in nodes:
        raw = label_width.get(n, _DEFAULT_WIDTH)
        try:
            w = float(raw)
        except (TypeError, ValueError):
            w = math.nan
        if not math.isfinite(w) or w < 0:
            bad.append(n)
        out.append(w)
    if bad:
        raise ValueError(
            "label widths must be finite numbers >= 0; got "
            + ", ".join(f"{n!r}: {label_width[n]!r}" for n in bad[:_SHOW])
        )
    return out
