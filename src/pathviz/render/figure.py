"""The Plotly figure of a :class:`~pathviz.view.View`.

Rendering never moves nodes and never decides what is shown: positions,
sides, labels, highlights and the lecture step all come from the view. The
drawing is split the way networkx splits it: :func:`edge_traces` (lines,
arrowheads, the clickable midpoints), :func:`node_trace` (one point per node),
:func:`label_annotations` (labels with a white backing, for slides),
:func:`legend_traces` and :func:`header_annotations`; :func:`to_figure`
assembles them. All pathway text is escaped with
:func:`pathviz.render.text.esc_plotly`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import plotly.graph_objects as go

from pathviz.model import Edge, Node
from pathviz.render import style
from pathviz.render.style import Scale
from pathviz.render.text import esc_plotly as esc
from pathviz.render.text import wrap_plotly
from pathviz.view import Pos, Side, View, describe_filters
from pathviz.view.canvas import LEGEND_PITCH, legend_margin
from pathviz.vocab import Evidence, Status

EDGE_PREFIX = "edge:"
VALIDATE = False  # plotly's per-property validation: off at run time, on in the tests


@dataclass(frozen=True)
class Look:
    """How to draw a view's lines and labels; sizes of type, markers and furniture come from its canvas."""

    scale: Scale = style.NORMAL
    # labels as annotations with a white backing read best on slides, but cost the
    # browser ~5 ms each to draw; the interactive page uses haloed marker text instead
    label_backing: bool = False
    # one line trace (and one arrowhead trace) per evidence type *and status*, each tagged with
    # ``meta`` = {"evidence", "status"}: lets a page dim arrows by evidence and status in the browser
    split_by_status: bool = False
    # hover boxes on nodes and arrows; without them the points still report hover and click events
    # (a projector needs no box over the diagram: the details panel says it)
    hover: bool = True


SCREEN_LOOK = Look()
LECTURE_LOOK = Look(scale=style.LECTURE, hover=False)


SLIDE_LOOK = Look(scale=style.SLIDE, label_backing=True)


def slide_look() -> Look:
    """The look of a slide (its size is the view's canvas: :func:`pathviz.view.slide_canvas`)."""
    return SLIDE_LOOK


# ---------------------------------------------------------------- hover text


def cite_short(view: View, item: Edge | Node, limit: int = 3) -> str:
    refs = list(dict.fromkeys(view.bundle.short(s.ref) for s in item.sources if s.ref in view.bundle.references))
    if not refs:
        return ""
    more = f" +{len(refs) - limit}" if len(refs) > limit else ""
    return "; ".join(esc(r) for r in refs[:limit]) + more


def node_hover(view: View, node: Node) -> str:
    side = view.sides.get(node.id, Side.context)
    parts = [f"<b>{esc(node.label)}</b>", esc(f"{node.kind.label} · {view.side_name(side)}")]
    if node.region:
        parts[-1] += esc(f" · {node.region.label}")
    parts.append(wrap_plotly(node.description))
    if node.id in view.support:
        parts.append("<i>" + wrap_plotly("Support: " + view.support_text(node.id), 70, 6) + "</i>")
    cites: list[str] = []
    if node.sources:
        c = cite_short(view, node)
        if c:
            cites.append(c)
    for e in view.edges_into(node.id):
        c = cite_short(view, e, 2)
        if c and c not in cites:
            cites.append(c)
    if cites:
        parts.append("<i>Sources: " + "; ".join(cites[:3]) + "</i>")
    parts.append("<i>click for details</i>")
    return "<br>".join(parts)


def edge_hover(view: View, edge: Edge) -> str:
    src, tgt = view.bundle.nodes[edge.source], view.bundle.nodes[edge.target]
    lines = [
        f"<b>{esc(src.label)}</b> {esc(edge.relation.label)} <b>{esc(tgt.label)}</b>",
        esc(f"evidence: {edge.evidence.label} · status: {edge.status.value}"),
    ]
    if edge.note:
        lines.append("<i>" + wrap_plotly(edge.note, 60, 3) + "</i>")
    c = cite_short(view, edge)
    if c:
        lines.append("Sources: " + c)
    lines.append("<i>click for details</i>")
    return "<br>".join(lines)


# ---------------------------------------------------------------- geometry


def _extent(pos: Pos | Mapping[str, tuple[float, float]], widths: Mapping[str, float]) -> tuple[float, float, float, float]:
    xs0 = [x - widths.get(n, 0.5) / 2 for n, (x, _) in pos.items()]
    xs1 = [x + widths.get(n, 0.5) / 2 for n, (x, _) in pos.items()]
    ys = [y for _, y in pos.values()]
    if not pos:
        return -1.0, 1.0, -1.0, 0.0
    return min(xs0), max(xs1), min(ys), max(ys)


def _shorten(x0: float, y0: float, x1: float, y1: float, px_x: float, px_y: float, gap_px: float) -> tuple[float, float, float, float]:
    """Pull the segment's end back by ``gap_px`` pixels (so heads meet marker edges)."""
    dx, dy = (x1 - x0) * px_x, (y1 - y0) * px_y
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return x0, y0, x1, y1
    f = max(0.0, (length - gap_px) / length)
    g0 = min(0.5, gap_px * 0.6 / length)
    return x0 + (x1 - x0) * g0, y0 + (y1 - y0) * g0, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f


def _along(pts: list[tuple[float, float]], t: float) -> tuple[float, float]:
    """The point a fraction ``t`` along a polyline's length."""
    lengths = [math.hypot(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in zip(pts, pts[1:])]
    total = sum(lengths)
    if total <= 0:
        return pts[0]
    goal = t * total
    for (x0, y0), (x1, y1), seg in zip(pts, pts[1:], lengths):
        if goal <= seg and seg > 0:
            f = goal / seg
            return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f
        goal -= seg
    return pts[-1]


def _mark_px(view: View, fr: _Frame, status: Status) -> float:
    """Diameter of an arrow's dot: a circle holding the status letter, or a small plain dot."""
    marked = status in style.STATUS_MARK_COLOUR
    if view.placement is not None:
        return view.placement.dot_px(marked)
    return max(12, fr.font + 2) if marked else 7


def _edge_points(
    ux: float,
    uy: float,
    vx: float,
    vy: float,
    px_x: float,
    px_y: float,
    gap_px: float,
    bends: list[tuple[float, float]] | None = None,
    bulge: float = 1.0,
) -> list[tuple[float, float]]:
    """Points of an edge: straight or through the layout's bends (between rows, and beside a row past
    the nodes between two of its nodes); between neighbours in a row, a low arc on the side away
    from the labels (``bulge`` 1: above the markers, -1: below them)."""
    if bends:
        # first and last segments pulled off the markers, as for a straight arrow
        start = _shorten(ux, uy, bends[0][0], bends[0][1], px_x, px_y, gap_px)
        last = _shorten(bends[-1][0], bends[-1][1], vx, vy, px_x, px_y, gap_px)
        return [(start[0], start[1]), *bends, (last[2], last[3])]
    if abs(uy - vy) > 1e-6:
        sx, sy, ex, ey = _shorten(ux, uy, vx, vy, px_x, px_y, gap_px)
        return [(sx, sy), (ex, ey)]
    # neighbours in a row: a quadratic curve whose top stays within a few pixels of the markers
    # (nothing lies between them; the labels of the row are on the other side)
    span = abs(vx - ux)
    lift = bulge * min(0.42, 0.12 + 0.04 * span, 2 * (gap_px + 2) / px_y)
    cx, cy = (ux + vx) / 2, uy + lift
    pts = []
    n = 14
    for i in range(n + 1):
        t = i / n
        x = (1 - t) ** 2 * ux + 2 * (1 - t) * t * cx + t**2 * vx
        y = (1 - t) ** 2 * uy + 2 * (1 - t) * t * cy + t**2 * vy
        pts.append((x, y))
    # trim both ends by the marker radius, measured in pixels along the curve
    def trim(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        acc = 0.0
        for i in range(1, len(points)):
            (x0, y0), (x1, y1) = points[i - 1], points[i]
            acc += math.hypot((x1 - x0) * px_x, (y1 - y0) * px_y)
            if acc >= gap_px:
                return points[i:]
        return points[-2:]

    pts = trim(pts)
    pts = list(reversed(trim(list(reversed(pts)))))
    return pts if len(pts) >= 2 else [(ux, uy), (vx, vy)]


# ---------------------------------------------------------------- the figure


@dataclass(frozen=True)
class _Frame:
    """Pixel geometry of one figure."""

    width: int
    height: int
    margin: dict
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    px_x: float
    px_y: float
    font: int
    marker: int
    conv_marker: int


def _frame(view: View, look: Look, legend_lines: int = 0, header_px: float = 0.0) -> _Frame:
    """The figure's pixel geometry: the canvas the view was laid out for, 1 layout unit = 100 px; below
    the plot, room for ``legend_lines`` lines of legend (a canvas of fixed height has its lines
    reserved; it grows only if the legend needs more)."""
    canvas = view.canvas
    placement = view.placement
    margin = dict(canvas.margin)
    if canvas.legend and legend_lines:
        need = int(math.ceil(legend_margin(canvas.legend_px, legend_lines)))
        margin["b"] = max(margin["b"], need) if canvas.height_px is not None else need
    if canvas.height_px is None and header_px:  # headers broken into lines get the height they need
        margin["t"] = max(margin["t"], int(math.ceil(header_px + (canvas.title_px * 2.0 if canvas.title else 0) + 4)))
    plot_w = canvas.plot_width
    drawn_h = placement.height_px if placement is not None else 400.0
    pad = canvas.pad_px
    plot_h = max(canvas.plot_height or 0.0, drawn_h) + 2 * pad
    height = int(round(plot_h + margin["t"] + margin["b"]))
    font = placement.font_px if placement is not None else canvas.font_px
    return _Frame(
        width=int(canvas.width_px),
        height=height,
        margin=margin,
        x_range=(0.0, plot_w / 100.0),
        y_range=(-(plot_h - pad) / 100.0, pad / 100.0),
        px_x=100.0,
        px_y=100.0,
        font=font,
        marker=round(canvas.marker_px * font / canvas.font_px),
        conv_marker=round(canvas.convergent_px * font / canvas.font_px),
    )


def edge_traces(view: View, look: Look, fr: _Frame, visible: set[str], paths: dict | None = None) -> list[dict]:
    """Lines (one trace per evidence type and brightness), arrowheads, and the clickable midpoints."""
    sc, pos, bundle = look.scale, view.pos, view.bundle
    hl_edges = view.highlight_edges
    lines: dict[tuple[Evidence, bool, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    heads: dict[tuple[str, bool, str, str], tuple[list, list, list, list]] = defaultdict(lambda: ([], [], [], []))
    mid_x, mid_y, mid_id, mid_text, mid_contested = [], [], [], [], []
    for u, v, data in sorted(view.graph.edges(data=True), key=lambda t: (t[0], t[1])):
        if u not in visible or v not in visible:
            continue
        for k in data["keys"]:
            e = bundle.edges[k]
            bright = hl_edges is None or k in hl_edges
            (ux, uy), (vx, vy) = pos[u], pos[v]
            gap = _marker(view, fr, v) / 2 + 3
            bends = view.placement.bends.get((u, v)) if view.placement is not None else None
            above = view.placement is not None and view.placement.label_above(u)
            pts = _edge_points(ux, uy, vx, vy, fr.px_x, fr.px_y, gap, bends, -1.0 if above else 1.0)
            st_key = e.status.value if look.split_by_status else ""
            xs, ys = lines[(e.evidence, bright, st_key, style.line_evidence(e))]
            xs += [p[0] for p in pts] + [None]
            ys += [p[1] for p in pts] + [None]
            (px0, py0), (ex, ey) = pts[-2], pts[-1]
            head = style.RELATION_HEAD[e.relation]
            if head:
                back = 0.02 / max(1e-9, math.hypot(ex - px0, ey - py0))
                hx, hy, hs, hid = heads[(head, bright, e.evidence.value if look.split_by_status else "", st_key)]
                hx += [ex - (ex - px0) * back, ex, None]
                hy += [ey - (ey - py0) * back, ey, None]
                hs += [0, sc.head_size, 0]
                hid += [EDGE_PREFIX + k] * 3
            if paths is not None:
                paths[k] = {
                    "x": [p[0] for p in pts],
                    "y": [p[1] for p in pts],
                    "head": head,
                    "hx": [ex - (ex - px0) * back, ex, None] if head else [],
                    "hy": [ey - (ey - py0) * back, ey, None] if head else [],
                }
            # the dot (or status mark) where the layout found the arrow free: on no label, marker or
            # other dot, so every node stays clickable and no label is covered
            i = data["keys"].index(k)
            at = view.placement.dots.get((u, v), []) if view.placement is not None else []
            if i < len(at):
                mx, my = at[i]
            else:
                mx, my = _along(pts, 0.5 if len(data["keys"]) == 1 else 0.35 + 0.3 * i / (len(data["keys"]) - 1))
            mid_x.append(mx)
            mid_y.append(my)
            mid_id.append(EDGE_PREFIX + k)
            mid_text.append(edge_hover(view, e) if look.hover else "")
            mid_contested.append(e.status)

    traces: list[dict] = []
    # one trace per (evidence, brightness, status, drawn look): the line is drawn as the study type behind it
    # (style.line_evidence), the explorer filters by the arrow's evidence (meta)
    for (ev, bright, st_key, drawn), (xs, ys) in sorted(
        lines.items(), key=lambda kv: (kv[0][1], kv[0][0].value, kv[0][2], kv[0][3].value)
    ):
        light = drawn in style.EVIDENCE_LIGHT
        if not bright:
            colour, lw = style.LIGHT, sc.edge_width * 0.8
        elif hl_edges is not None:
            colour, lw = style.BLACK, sc.highlight_width
        else:
            colour, lw = (style.REVIEW_GREY, sc.edge_width * 0.8) if light else (style.DARK, sc.edge_width * 1.2)
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=colour, width=lw, dash=style.EVIDENCE_DASH[drawn]),
                hoverinfo="skip",
                showlegend=False,
                name="edges",
            )
        )
        if look.split_by_status:
            traces[-1]["meta"] = {"evidence": ev.value, "status": st_key}
    for (symbol, bright, ev_key, st_key), (xs, ys, sizes, ids) in sorted(heads.items()):
        colour = style.DARK if bright else style.LIGHT
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="markers",
                marker=dict(
                    symbol=symbol,
                    size=sizes,
                    angleref="previous",
                    color=colour,
                    line=dict(color=colour, width=2.5 if symbol.startswith("line") else 0),
                ),
                # an arrowhead selects its arrow on click ("none": hover events, no hover box)
                customdata=ids,
                hoverinfo="none",
                showlegend=False,
                name="arrowheads",
            )
        )
        if look.split_by_status:
            traces[-1]["meta"] = {"evidence": ev_key, "status": st_key}
    if mid_x:
        font = fr.font
        traces.append(
            dict(
                type="scatter",
                x=mid_x,
                y=mid_y,
                mode="markers+text",
                text=[style.STATUS_MARK.get(c, "") for c in mid_contested],
                textposition="middle center",
                textfont=dict(
                    size=max(9, font),
                    color=[style.STATUS_MARK_COLOUR.get(c, style.DARK) for c in mid_contested],
                    family=style.FONT_FAMILY,
                ),
                marker=dict(
                    size=[_mark_px(view, fr, c) for c in mid_contested],
                    color=["white" if c in style.STATUS_MARK_COLOUR else style.MIDPOINT for c in mid_contested],
                    line=dict(
                        color=[style.STATUS_MARK_COLOUR.get(c, "rgba(0,0,0,0)") for c in mid_contested],
                        width=1.5,
                    ),
                ),
                customdata=mid_id,
                hovertext=mid_text if look.hover else None,
                hoverinfo="text" if look.hover else "none",
                showlegend=False,
                name="edge details",
            )
        )
    return traces


#: how wide (or tall) Plotly draws a symbol, in marker sizes, where that is more than the size: a
#: marker is drawn this much smaller, so that every symbol fills the square the layout reserved for
#: it and arrows, dots and labels kept clear of that square are clear of the symbol
SYMBOL_REACH: dict[str, float] = {
    "cross": 1.2,
    "diamond": 1.3,
    "diamond-tall": 1.4,
    "diamond-wide": 1.4,
    "hexagram": 1.32,
    "star": 1.33,
    "star-diamond": 1.4,
    "star-square": 1.1,
    "triangle-up": 1.15,
    "triangle-down": 1.15,
    "x": 1.13,
}


def _marker(view: View, fr: _Frame, n: str) -> float:
    if view.placement is not None and n in view.placement.marker_px:
        return view.placement.marker_px[n]
    return fr.conv_marker if view.sides.get(n) in (Side.shared, Side.inferred) else fr.marker


def _label_html(view: View, n: str) -> str:
    label = "<br>".join(esc(line) for line in view.labels[n])
    return f"<b>{label}</b>" if n == view.selected_node else label


def node_trace(view: View, look: Look, fr: _Frame, order: list[str], backing: bool) -> dict:
    """One point per node (customdata = node id); marker text unless labels are drawn as annotations."""
    sc, pos, hl = look.scale, view.pos, view.highlight_nodes
    symbols, colours, sizes, lws, lcs, opac, tcol = ([] for _ in range(7))
    for n in order:
        node: Node = view.node(n)
        side = view.sides.get(n, Side.context)
        bright = hl is None or n in hl
        conv = side == Side.shared
        selected = n == view.selected_node
        symbols.append(style.KIND_SYMBOL[node.kind])
        colours.append(style.SIDE_COLOUR[side])
        sizes.append(_marker(view, fr, n) / SYMBOL_REACH.get(style.KIND_SYMBOL[node.kind], 1.0))
        if side == Side.inferred:
            lws.append(sc.outline * (1.6 if selected else 1.0))
            lcs.append(style.BLACK if selected else style.DEEP_PINK)
        elif conv or selected:
            lws.append(sc.outline * (1.6 if selected else 1.0))
            lcs.append(style.BLACK)
        elif side == Side.unreached:
            lws.append(1.5)
            lcs.append(style.GREY)
        else:
            lws.append(1.0)
            lcs.append("white")
        opac.append(1.0 if bright else style.DIM_OPACITY)
        tcol.append(style.BLACK if bright else "#BBBBBB")
    return dict(
        type="scatter",
        x=[pos[n][0] for n in order],
        y=[pos[n][1] for n in order],
        mode="markers" if backing else "markers+text",
        text=[_label_html(view, n) for n in order],
        textposition=[
            "top center" if (view.placement.label_above(n) if view.placement is not None else view.node(n).tier.rank == 0) else "bottom center"
            for n in order
        ],
        textfont=dict(
            size=fr.font,
            color=tcol,
            family=style.FONT_FAMILY,
            shadow="1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white",
        ),
        marker=dict(symbol=symbols, size=sizes, color=colours, opacity=opac, line=dict(width=lws, color=lcs)),
        customdata=list(order),
        hovertext=[node_hover(view, view.node(n)) for n in order] if look.hover else None,
        hoverinfo="text" if look.hover else "none",
        hoverlabel=dict(font=dict(size=max(12, fr.font), family=style.FONT_FAMILY), align="left"),
        showlegend=False,
        name="nodes",
    )


def label_annotations(view: View, fr: _Frame, order: list[str]) -> list[dict]:
    """Labels as annotations with a white backing (slides: readable over lines, real text in SVG)."""
    hl = view.highlight_nodes
    out = []
    for n in order:
        top = view.placement.label_above(n) if view.placement is not None else view.node(n).tier.rank == 0
        size = _marker(view, fr, n)
        bright = hl is None or n in hl
        out.append(
            dict(
                x=view.pos[n][0],
                y=view.pos[n][1],
                text=_label_html(view, n),
                showarrow=False,
                yanchor="bottom" if top else "top",
                yshift=(size / 2 + 2) if top else -(size / 2 + 2),
                font=dict(size=fr.font, color=style.BLACK if bright else "#BBBBBB", family=style.FONT_FAMILY),
                bgcolor="rgba(255,255,255,0.82)",
                borderpad=1,
                name=f"label:{n}",
                captureevents=False,
            )
        )
    return out


def tier_annotations(view: View, fr: _Frame) -> list[dict]:
    out = []
    for t in view.tiers():
        if view.reveal_tier is not None and t.rank > view.reveal_tier:
            continue
        ys_t = [view.pos[n][1] for n in view.graph.nodes if n in view.pos and view.node(n).tier == t]
        if not ys_t:
            continue
        out.append(
            dict(
                x=0,
                xref="paper",
                xanchor="right",
                xshift=-10,
                y=sum(ys_t) / len(ys_t),
                yref="y",
                text=f"<b>{esc(style.TIER_TITLE[t])}</b>",
                showarrow=False,
                font=dict(size=fr.font, color=style.DARK, family=style.FONT_FAMILY),
            )
        )
    return out


def header_texts(view: View, visible: set[str]) -> list[tuple[str, float, str]]:
    """(text, x, colour) of the column headers: left, middle, right.

    A column header says what every node drawn below it is: the left and right
    columns hold only nodes reached by one drug; the middle column is named
    "reached by both" only when it holds nothing else.
    """
    if view.convergence is None:
        return []
    # the columns the layout drew (a filter keeps every node where the unfiltered view has it, so a
    # column may hold nodes the filter greys out), else the sides
    zones = view.placement.zones if view.placement is not None else {}
    columns: dict[str, list[str]] = {"a": [], "middle": [], "b": []}
    for n in visible:
        s = view.sides.get(n, Side.context)
        columns[zones.get(n) or (s.value if s in (Side.a, Side.b) else "middle")].append(n)
    out = []
    for col, members in columns.items():
        if not members:
            continue
        xs = [view.pos[n][0] for n in members]
        x = (min(xs) + max(xs)) / 2
        kinds = {view.sides.get(n, Side.context) for n in members}
        if col in ("a", "b"):
            side = Side(col)
            words = view.side_name(side)
            if kinds - {side}:  # only nodes a filter greys out join a drug's column
                words += " · grey: " + view.side_name(Side.unreached)
            out.append((f"◀ {words}" if col == "a" else f"{words} ▶", x, style.side_text_colour(side)))
        else:
            names = {s: view.side_name(s) for s in (Side.a, Side.b)}
            colour = style.side_text_colour(Side.shared) if kinds == {Side.shared} else style.DARK
            out.append((middle_header(kinds, names), x, colour))
    return out


def middle_header(kinds: set[Side], names: Mapping[Side, str] | None = None) -> str:
    """The middle column's header: only the kinds of node it holds, each named with its look (under a
    filter the middle column may hold nodes only one drug reaches: ``names`` words those sides)."""
    if kinds == {Side.shared}:
        return "Reached by both"
    parts = []
    if Side.shared in kinds:
        parts.append("by both (pink)")
    if Side.inferred in kinds:
        parts.append("by both only by inference (hollow)")
    for one in (Side.a, Side.b):
        if one in kinds:
            parts.append((names or {}).get(one, f"by drug {one.value} only").removeprefix("reached "))
    if kinds & {Side.context, Side.unreached}:
        parts.append("by neither (grey)")
    if not parts:
        return ""
    words = " · ".join(parts)
    return "Reached " + words if len(parts) > 1 or Side.shared not in kinds else "Reached " + words


def _header_fit(
    view: View, visible: set[str], span: float, room_px: float, base: int
) -> tuple[list[tuple[str, float, str]], int, list[list[str]]]:
    """The column headers sorted left to right, the largest type size (from ``base`` down to 10) at
    which they fit side by side in ``span`` layout units, and each header's lines: a long header
    breaks at its " · " into as many lines as ``room_px`` of height above the plot holds."""
    from pathviz.layout.text import text_width

    items = sorted(header_texts(view, visible), key=lambda h: h[1])

    def split(text: str, parts: int) -> list[str]:
        """``text`` in at most ``parts`` lines broken at " · ", the longest line as short as can be."""
        bits = text.split(" · ")
        parts = min(parts, len(bits))
        best: list[str] = [text]
        for cuts in itertools.combinations(range(1, len(bits)), parts - 1):
            ends = (0, *cuts, len(bits))
            lines = [" · ".join(bits[a:b]) for a, b in zip(ends, ends[1:])]
            if max(text_width(x, 10, bold=True) for x in lines) < max(text_width(x, 10, bold=True) for x in best):
                best = lines
        return best

    def width(lines: list[str], size: int) -> float:
        return max(text_width(line, size, bold=True) for line in lines) / 100.0 + 0.3

    def fits(size: int, parts: int) -> list[list[str]] | None:
        if parts > 1 and parts * size * 1.25 > room_px:
            return None
        lines = [split(t, parts) for t, _, _ in items]
        return lines if sum(width(ls, size) for ls in lines) <= span else None

    # on as few lines as keep the type at least 3/4 of its size (and 12 px); else the largest type
    floor = max(12, round(base * 0.75))
    for parts in (1, 2, 3):
        for size in range(base, floor - 1, -1):
            if (lines := fits(size, parts)) is not None:
                return items, size, lines
    for size in range(floor - 1, 9, -1):
        for parts in (1, 2, 3):
            if (lines := fits(size, parts)) is not None:
                return items, size, lines
    return items, 10, [split(t, 3) for t, _, _ in items]


def _header_height(size: int, lines: list[list[str]]) -> float:
    """Height the headers take above the plot (their lines, the gap to the plot, a little air)."""
    return max((len(ls) for ls in lines), default=1) * size * 1.25 + 8


def header_annotations(view: View, fr: _Frame, visible: set[str]) -> list[dict]:
    """Column headers, moved apart where they would touch and kept inside the plot."""
    from pathviz.layout.text import text_width

    lo, hi = fr.x_range
    room = fr.margin["t"] - 8 - (view.canvas.title_px * 2.0 if view.canvas.title else 0)  # height above the plot
    items, size, texts = _header_fit(view, visible, hi - lo, room, round(fr.font * 1.25))

    def width(lines: list[str]) -> float:
        return max(text_width(line, size, bold=True) for line in lines) / 100.0 + 0.3

    widths = [width(ls) for ls in texts]
    xs = [min(max(x, lo + w / 2), hi - w / 2) for (_, x, _), w in zip(items, widths)]
    for i in range(1, len(xs)):
        xs[i] = max(xs[i], xs[i - 1] + (widths[i - 1] + widths[i]) / 2)
    over = (xs[-1] + widths[-1] / 2 - hi) if xs else 0.0
    if over > 0:
        xs = [x - over for x in xs]
        for i in range(len(xs) - 2, -1, -1):
            xs[i] = min(xs[i], xs[i + 1] - (widths[i] + widths[i + 1]) / 2)
    return [
        dict(
            x=x,
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=4,
            text="<br>".join(f"<b>{esc(line)}</b>" for line in lines),
            showarrow=False,
            font=dict(size=size, color=colour, family=style.FONT_FAMILY),
        )
        for (_, _, colour), lines, x in zip(items, texts, xs)
    ]


def figure_with_paths(view: View, look: Look = SCREEN_LOOK) -> tuple[go.Figure, dict]:
    """The figure and, per drawn arrow, its points and arrowhead (for highlighting in the browser)."""
    paths: dict = {}
    return to_figure(view, look, paths), paths


def to_figure(view: View, look: Look = SCREEN_LOOK, paths: dict | None = None) -> go.Figure:
    """The figure of a view: edges, nodes, labels, legend, tier labels and column headers."""
    order = view.visible()
    visible = set(order)
    canvas = view.canvas
    legend = legend_traces(view, visible, look.scale) if canvas.legend else []
    lines = legend_lines(legend, canvas.plot_width, canvas.legend_px)
    header_px = 0.0
    if canvas.headers and canvas.height_px is None:
        base = round((view.placement.font_px if view.placement is not None else canvas.font_px) * 1.25)
        _, size, texts = _header_fit(view, visible, canvas.plot_width / 100.0, 3 * base * 1.25, base)
        header_px = _header_height(size, texts)
    fr = _frame(view, look, len(lines), header_px)
    traces = edge_traces(view, look, fr, visible, paths)
    traces.append(node_trace(view, look, fr, order, look.label_backing))
    annotations = label_annotations(view, fr, order) if look.label_backing else []
    if canvas.tier_labels:
        annotations += tier_annotations(view, fr)
    if canvas.headers:
        annotations += header_annotations(view, fr, visible)
    layout = dict(
        width=fr.width,
        height=fr.height,
        # the margins hold everything round the plot (legend lines counted in): Plotly must not widen
        # them, or the plot would shrink and 1 layout unit would no longer be 100 px
        margin=dict(fr.margin, autoexpand=False),
        paper_bgcolor="white",
        plot_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, size=fr.font, color=style.BLACK),
        xaxis=dict(visible=False, range=list(fr.x_range), fixedrange=False),
        yaxis=dict(visible=False, range=list(fr.y_range), fixedrange=False),
        showlegend=canvas.legend,
        legend=dict(
            orientation="h",
            yanchor="top",
            y=-0.01,
            xanchor="left",
            x=0,
            font=dict(size=canvas.legend_px, family=style.FONT_FAMILY),
            itemsizing="constant",
            itemclick=False,
            itemdoubleclick=False,
            tracegroupgap=4,
        ),
        annotations=annotations,
        hovermode="closest",
        dragmode="pan",
        clickmode="event",
    )
    if lines:
        plot_h = fr.height - fr.margin["t"] - fr.margin["b"]
        flowing, legends = _flowing_legends(lines, canvas.plot_width, canvas.legend_px, plot_h, layout["legend"])
        traces += flowing
        layout.update(legends)
    if canvas.title:
        text, top = esc(view.title), 10.0
        filters = describe_filters(view.state)
        if filters:  # a slide says which filters made it, as the page's caption does
            from pathviz.layout.text import text_width

            small = round(canvas.title_px * 0.62)
            words = "Filters: " + filters
            room = canvas.width_px * 0.97 - text_width(view.title, canvas.title_px) - text_width("  ", small)
            own_line = text_width(words, small) > room  # too long for the title's line: a line of its own
            text += f"{'<br>' if own_line else '  '}<span style='font-size:{small}px;color:{style.DARK}'>{esc(words)}</span>"
            # Plotly hangs a title of several lines from its last line: move it down by that line
            top += 1.3 * small if own_line else 0
        layout["title"] = dict(
            text=text, font=dict(size=canvas.title_px, family=style.FONT_FAMILY), x=0.01, xanchor="left", y=1 - top / fr.height, yanchor="top"
        )
    # the spec is built from plain dicts; plotly's per-property validation is
    # skipped at run time (it costs more than building the figure) and run in
    # the tests instead (VALIDATE = True there)
    return go.Figure(data=traces, layout=layout, _validate=VALIDATE)


# ---------------------------------------------------------------- legend


def _legend_item(name: str, group: str, title: str | None, *, marker: dict | None = None, line: dict | None = None) -> dict:
    """An invisible trace that only draws a legend entry."""
    item: dict = dict(
        type="scatter",
        x=[None],
        y=[None],
        mode="markers" if marker is not None else "lines",
        name=name,
        legendgroup=group,
        hoverinfo="skip",
    )
    if marker is not None:
        item["marker"] = marker
    if line is not None:
        item["line"] = line
    if title:
        item["legendgrouptitle_text"] = title
    return item


def legend_traces(view: View, visible: set[str], sc: Scale) -> list[dict]:
    """Legend entries for what is drawn: sides present, evidence types, arrowheads, contested marks."""
    out: list[dict] = []
    present_sides = {view.sides.get(n, Side.context) for n in visible}
    for s in (Side.a, Side.shared, Side.inferred, Side.b, Side.unreached, Side.context):
        if s not in present_sides:
            continue
        thick = s in (Side.shared, Side.inferred)
        marker = dict(
            symbol="circle",
            size=14,
            color=style.SIDE_COLOUR[s],
            line=dict(
                width=sc.outline if thick else (1.5 if s == Side.unreached else 1),
                color=style.SIDE_OUTLINE[s] or "white",
            ),
        )
        name = esc(view.side_name(s)) + (" — thick outline" if s == Side.shared else " — hollow, dark pink outline" if s == Side.inferred else "")
        out.append(_legend_item(name, "side", "Colour:", marker=marker))
    edges = [
        view.bundle.edges[k]
        for u, v, d in view.graph.edges(data=True)
        if u in visible and v in visible
        for k in d["keys"]
    ]
    for ev in sorted({style.line_evidence(e) for e in edges}, key=lambda e: list(Evidence).index(e)):
        light = ev in style.EVIDENCE_LIGHT
        line = dict(color=style.REVIEW_GREY if light else style.DARK, width=1.6 if light else 2.4, dash=style.EVIDENCE_DASH[ev])
        out.append(_legend_item(esc(style.EVIDENCE_WORDS[ev]), "evidence", "Line: evidence", line=line))
    present = {e.relation for e in edges}
    for rel in style.LEGEND_RELATIONS:
        if style.RELATION_GROUP.get(rel, {rel}) & present:
            head = style.RELATION_HEAD[rel]
            marker = (
                dict(symbol=head, size=12, color=style.DARK, line=dict(color=style.DARK, width=2.5 if head.startswith("line") else 0))
                if head
                else dict(symbol="line-ew", size=12, color="rgba(0,0,0,0)", line=dict(color="rgba(0,0,0,0)", width=0))
            )
            out.append(_legend_item(esc(style.RELATION_WORDS[rel]), "relation", "Arrowhead:", marker=marker))
    for status, words in ((Status.contested, "contested finding"), (Status.hypothesis, "hypothesis: proposed, not shown")):
        if any(e.status == status for e in edges):
            colour = style.STATUS_MARK_COLOUR[status]
            marker = dict(symbol="circle", size=13, color="white", line=dict(color=colour, width=1.5))
            out.append(_legend_item(f"{style.STATUS_MARK[status]} on a line = {words}", "status", "Mark:", marker=marker))
    return out


LEGEND_ITEM_PX = 45.0  # what Plotly adds to an entry's text: the symbol (30 px) and gaps (5 px each side, 5 after)
LEGEND_GAP_PX = 24.0  # between two groups on one line


def legend_lines(items: list[dict], width_px: float, font_px: int) -> list[list[tuple[str | None, list[dict], float]]]:
    """The legend entries in lines across ``width_px``: each group (its title, then its entries) on
    the line it fits, split between lines when it is wider than one; per line, (title, entries,
    width in px) of each part."""
    from pathviz.layout.text import text_width

    groups: list[tuple[str | None, list[dict]]] = []
    for item in items:
        title = item.get("legendgrouptitle_text")
        if groups and item.get("legendgroup") == groups[-1][1][-1].get("legendgroup"):
            groups[-1][1].append(item)
        else:
            groups.append((title, [item]))

    def entry(item: dict) -> float:
        return text_width(re.sub(r"<[^>]+>", "", item["name"]), font_px) + LEGEND_ITEM_PX

    lines: list[list[tuple[str | None, list[dict], float]]] = [[]]
    used = 0.0
    for title, entries in groups:
        head = text_width(title, font_px, bold=True) + 12 if title else 0.0
        widths = [entry(item) for item in entries]
        if lines[-1] and used + head + widths[0] > width_px:  # the group starts on the next line
            lines.append([])
            used = 0.0
        part: list[dict] = []
        part_w, part_title = head, title
        for item, w in zip(entries, widths):
            if part and used + part_w + w > width_px:  # the rest of the group goes on the next line
                lines[-1].append((part_title, part, part_w))
                lines.append([])
                used, part, part_w, part_title = 0.0, [], 0.0, None
            part.append(item)
            part_w += w
        lines[-1].append((part_title, part, part_w))
        used += part_w + LEGEND_GAP_PX
    return [line for line in lines if line]


def _flowing_legends(
    lines: list[list[tuple[str | None, list[dict], float]]], width_px: float, legend_px: int, plot_h: float, base: dict
) -> tuple[list[dict], dict]:
    """The legend in lines across the width (see :func:`legend_lines`), one Plotly legend per part of
    a group (each one line: its entries as wide as their text; Plotly lays a legend of several lines
    out as a grid of its widest entry); returns the entries, each naming its legend, and the
    legends for the figure's layout."""
    out: list[dict] = []
    legends: dict = {}
    pitch = legend_px * LEGEND_PITCH
    k = 0
    for row, line in enumerate(lines):
        x = 0.0
        for title, entries, w in line:
            name = "legend" if k == 0 else f"legend{k + 1}"
            k += 1
            spec = dict(base, orientation="h", x=x / width_px, xanchor="left", y=-(4 + row * pitch) / plot_h, yanchor="top")
            spec["bgcolor"] = "rgba(0,0,0,0)"
            spec["traceorder"] = "normal"  # one line, not the entries of a group stacked
            if title:
                spec["title"] = dict(text=f"<b>{esc(title)}</b>", side="left", font=dict(size=legend_px, family=style.FONT_FAMILY))
            legends[name] = spec
            for item in entries:
                item = {key: v for key, v in item.items() if key != "legendgrouptitle_text"}
                item["legend"] = name
                out.append(item)
            x += w + LEGEND_GAP_PX
    return out, legends


def nodes_of(fig: go.Figure) -> go.Scatter:
    """The trace holding one point per node."""
    for t in fig.data:
        if t.name == "nodes":
            return t
    raise LookupError("figure has no node trace")
