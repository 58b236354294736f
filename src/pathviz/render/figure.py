"""The Plotly figure of one pathway or of two drugs side by side.

Rendering never moves nodes: positions come from :mod:`pathviz.layout`.
Every piece of pathway text is HTML-escaped before it reaches Plotly, whose
labels and hover boxes understand a subset of HTML.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import plotly.graph_objects as go

from pathviz.analysis.convergence import Convergence, converge, routes_through
from pathviz.analysis.graph import ALL, EdgeFilter, to_graph
from pathviz.layout.pair import Pos, layout_graph, wrap_label
from pathviz.model import Bundle, Edge, Node
from pathviz.render import style
from pathviz.render.style import Scale
from pathviz.vocab import Evidence, Relation, Status

EDGE_PREFIX = "edge:"


@dataclass(frozen=True)
class View:
    """How to draw: selection/highlight, sizes, step-through and canvas size."""

    selected: str | None = None
    highlight_nodes: frozenset[str] | None = None  # None: everything bright
    highlight_edges: frozenset[str] | None = None
    scale: Scale = style.NORMAL
    reveal_tier: int | None = None  # draw tiers 0..reveal_tier only (step-through)
    width: int = 1400
    height: int | None = None  # None: from the number of tiers
    title: str | None = None
    show_legend: bool = True
    show_tier_labels: bool = True
    show_headers: bool = True
    # labels as annotations with a white backing read best on slides, but cost the
    # browser ~5 ms each to draw; the interactive page uses haloed marker text instead
    label_backing: bool = False


@dataclass
class Scene:
    """Everything the figure needs, computed once and cacheable."""

    bundle: Bundle
    graph: nx.DiGraph
    pos: Pos
    sides: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)  # side -> display name
    convergence: Convergence | None = None


# ---------------------------------------------------------------- scene builders


def pair_scene(
    bundle: Bundle,
    a: str,
    b: str,
    edge_filter: EdgeFilter = ALL,
    scale: Scale = style.NORMAL,
    keep: set[str] | None = None,
    conv: Convergence | None = None,
    max_width: float | None = None,
) -> Scene:
    """Both drugs side by side; ``keep`` restricts the drawing to some nodes."""
    conv = conv or converge(bundle, a, b, edge_filter)
    g = conv.graph if keep is None else conv.graph.subgraph(keep).copy()
    sides = {n: conv.side(n) for n in g.nodes}
    pos = layout_graph(g, sides, label_chars=scale.label_chars, char_units=scale.char_units, max_width=max_width)
    names = {
        "a": bundle.nodes[conv.drug_a].label,
        "b": bundle.nodes[conv.drug_b].label,
    }
    return Scene(bundle, g, pos, sides, names, conv)


def pathway_scene(
    bundle: Bundle,
    pathway_id: str,
    edge_filter: EdgeFilter = ALL,
    scale: Scale = style.NORMAL,
    max_width: float | None = None,
) -> Scene:
    g = to_graph(bundle, [pathway_id], edge_filter)
    p = bundle.pathways[pathway_id]
    sides = {n: "a" for n in g.nodes}
    pos = layout_graph(g, None, label_chars=scale.label_chars, char_units=scale.char_units, max_width=max_width)
    return Scene(bundle, g, pos, sides, {"a": p.title})


def highlight_for(scene: Scene, node_id: str | None) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """Nodes and edges to keep bright when ``node_id`` is selected."""
    if not node_id or node_id not in scene.graph:
        return None, None
    if scene.convergence is not None:
        nodes, edges = routes_through(scene.convergence, node_id)
    else:
        up = nx.ancestors(scene.graph, node_id) | {node_id}
        down = nx.descendants(scene.graph, node_id) | {node_id}
        nodes = up | down
        edges = {
            k
            for u, v, d in scene.graph.edges(data=True)
            if (u in up and v in up) or (u in down and v in down)
            for k in d["keys"]
        }
    return frozenset(nodes), frozenset(edges)


# ---------------------------------------------------------------- text helpers


def esc(text: str) -> str:
    """Escape pathway text for Plotly's HTML-like labels."""
    # quotes are harmless once < and > are escaped, and Plotly would show &quot; literally
    return html.escape(text, quote=False)


def wrap_html(text: str, width: int = 60, max_lines: int = 8) -> str:
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(esc(line) for line in lines)


def cite_short(bundle: Bundle, edge_or_node: Edge | Node, limit: int = 3) -> str:
    refs = []
    for s in edge_or_node.sources:
        if s.ref in bundle.references:
            short = bundle.short(s.ref)
            if short not in refs:
                refs.append(short)
    if not refs:
        return ""
    more = f" +{len(refs) - limit}" if len(refs) > limit else ""
    return "; ".join(esc(r) for r in refs[:limit]) + more


def node_hover(bundle: Bundle, node: Node, side_label: str, g: nx.DiGraph) -> str:
    parts = [f"<b>{esc(node.label)}</b>", esc(f"{node.kind.label} · {side_label}")]
    if node.region:
        parts[-1] += esc(f" · {node.region.label}")
    parts.append(wrap_html(node.description))
    cites: list[str] = []
    for u in g.predecessors(node.id):
        for k in g[u][node.id]["keys"]:
            c = cite_short(bundle, bundle.edges[k], 2)
            if c and c not in cites:
                cites.append(c)
    if node.sources:
        c = cite_short(bundle, node)
        if c:
            cites.insert(0, c)
    if cites:
        parts.append("<i>Sources: " + "; ".join(cites[:3]) + "</i>")
    parts.append("<i>click for details</i>")
    return "<br>".join(parts)


def edge_hover(bundle: Bundle, edge: Edge) -> str:
    src, tgt = bundle.nodes[edge.source], bundle.nodes[edge.target]
    lines = [
        f"<b>{esc(src.label)}</b> {esc(edge.relation.label)} <b>{esc(tgt.label)}</b>",
        esc(f"evidence: {edge.evidence.label} · status: {edge.status.value}"),
    ]
    if edge.note:
        lines.append("<i>" + wrap_html(edge.note, 60, 3) + "</i>")
    c = cite_short(bundle, edge)
    if c:
        lines.append("Sources: " + c)
    return "<br>".join(lines)


# ---------------------------------------------------------------- geometry


def _extent(pos: Pos, widths: Mapping[str, float]) -> tuple[float, float, float, float]:
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


def _near_marker(
    x: float, y: float, pos: Pos, visible: set[str], px_x: float, px_y: float, radius_px: float
) -> bool:
    """Whether (x, y) lies within ``radius_px`` pixels of a visible node's marker."""
    for n in visible:
        nx_, ny_ = pos[n]
        if math.hypot((x - nx_) * px_x, (y - ny_) * px_y) < radius_px:
            return True
    return False


def _edge_points(
    ux: float, uy: float, vx: float, vy: float, px_x: float, px_y: float, gap_px: float
) -> list[tuple[float, float]]:
    """Points of an edge: straight between tiers, an arc above the row within a tier."""
    if abs(uy - vy) > 1e-6:
        sx, sy, ex, ey = _shorten(ux, uy, vx, vy, px_x, px_y, gap_px)
        return [(sx, sy), (ex, ey)]
    # same row: a quadratic curve bulging upwards, so it does not run through
    # the labels and markers in between
    span = abs(vx - ux)
    lift = min(0.42, 0.12 + 0.04 * span)
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


def to_figure(scene: Scene, view: View = View()) -> go.Figure:
    bundle, g, pos, sides = scene.bundle, scene.graph, scene.pos, scene.sides
    sc = view.scale
    visible = {
        n
        for n in g.nodes
        if n in pos and (view.reveal_tier is None or g.nodes[n]["node"].tier.rank <= view.reveal_tier)
    }
    widths = {
        n: max(len(line) for line in wrap_label(g.nodes[n]["node"].label, sc.label_chars)) * sc.char_units + 0.1
        for n in g.nodes
    }
    x0, x1, y0, y1 = _extent(pos, widths)
    pad_x = 0.3
    n_tiers = int(round((y1 - y0))) + 1 if pos else 1
    width = view.width
    height = view.height or int(max(520, 150 * n_tiers * sc.font / 13 + 120))
    margin = dict(
        l=int(130 * sc.font / 13) if view.show_tier_labels else 20,
        r=20,
        t=int(60 + (sc.title_font * 1.6 if view.title else 0) + (sc.font * 2 if view.show_headers else 0)),
        b=int(20 + (sc.font * 7 if view.show_legend else 0)),
    )
    plot_w = max(200, width - margin["l"] - margin["r"])
    plot_h = max(200, height - margin["t"] - margin["b"])
    x_range = (x0 - pad_x, x1 + pad_x)
    y_range = (y0 - 0.55, y1 + 0.45)
    px_x = plot_w / (x_range[1] - x_range[0])
    px_y = plot_h / (y_range[1] - y_range[0])
    # one unit is 100 px at full size: shrink type when the canvas is narrower
    shrink = min(1.0, px_x / 100.0, px_y / (100.0 * 0.9))
    font = max(8, round(sc.font * shrink))
    marker = max(7, round(sc.marker * max(shrink, 0.6)))
    conv_marker = max(9, round(sc.convergent_marker * max(shrink, 0.6)))

    hl_nodes, hl_edges = view.highlight_nodes, view.highlight_edges
    traces: list[dict] = []

    # edges, grouped by (dash, bright)
    lines: dict[tuple[Evidence, bool], tuple[list, list]] = defaultdict(lambda: ([], []))
    heads: dict[tuple[str, bool], tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    mid_x, mid_y, mid_id, mid_text, mid_contested = [], [], [], [], []
    for u, v, data in sorted(g.edges(data=True), key=lambda t: (t[0], t[1])):
        if u not in visible or v not in visible:
            continue
        for k in data["keys"]:
            e = bundle.edges[k]
            bright = hl_edges is None or k in hl_edges
            (ux, uy), (vx, vy) = pos[u], pos[v]
            gap = (conv_marker if sides.get(v) == "shared" else marker) / 2 + 3
            pts = _edge_points(ux, uy, vx, vy, px_x, px_y, gap)
            xs, ys = lines[(e.evidence, bright)]
            xs += [p[0] for p in pts] + [None]
            ys += [p[1] for p in pts] + [None]
            (px0, py0), (ex, ey) = pts[-2], pts[-1]
            head = style.RELATION_HEAD[e.relation]
            if head:
                back = 0.02 / max(1e-9, math.hypot(ex - px0, ey - py0))
                hx, hy, hs = heads[(head, bright)]
                hx += [ex - (ex - px0) * back, ex, None]
                hy += [ey - (ey - py0) * back, ey, None]
                hs += [0, sc.head_size, 0]
            sx, sy = pts[0]
            mx, my = pts[len(pts) // 2] if len(pts) > 2 else (None, None)
            t = 0.5 if len(data["keys"]) == 1 else 0.35 + 0.3 * data["keys"].index(k) / max(1, len(data["keys"]) - 1)
            if mx is None or len(data["keys"]) != 1:
                mx, my = sx + (ex - sx) * t, sy + (ey - sy) * t
                # a straight edge may pass right over another node: slide its dot along
                # the edge until it is clear of every marker, so that node stays clickable
                for t2 in (t, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85):
                    cx, cy = sx + (ex - sx) * t2, sy + (ey - sy) * t2
                    if not _near_marker(cx, cy, pos, visible, px_x, px_y, conv_marker / 2 + 8):
                        mx, my = cx, cy
                        break
            mid_x.append(mx)
            mid_y.append(my)
            mid_id.append(EDGE_PREFIX + k)
            mid_text.append(edge_hover(bundle, e))
            mid_contested.append(e.status == Status.contested)

    for (ev, bright), (xs, ys) in sorted(lines.items(), key=lambda kv: (kv[0][1], kv[0][0].value)):
        light = ev in style.EVIDENCE_LIGHT
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
                line=dict(color=colour, width=lw, dash=style.EVIDENCE_DASH[ev]),
                hoverinfo="skip",
                showlegend=False,
                name="edges",
            )
        )
    for (symbol, bright), (xs, ys, sizes) in sorted(heads.items()):
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
                hoverinfo="skip",
                showlegend=False,
                name="arrowheads",
            )
        )
    if mid_x:
        traces.append(
            dict(
                type="scatter",
                x=mid_x,
                y=mid_y,
                mode="markers+text",
                text=["?" if c else "" for c in mid_contested],
                textposition="middle center",
                textfont=dict(size=max(9, font), color=style.VERMILLION, family=style.FONT_FAMILY),
                marker=dict(
                    size=[max(12, font + 2) if c else 9 for c in mid_contested],
                    color=["white" if c else "rgba(0,0,0,0.02)" for c in mid_contested],
                    line=dict(
                        color=[style.VERMILLION if c else "rgba(0,0,0,0)" for c in mid_contested],
                        width=1.5,
                    ),
                ),
                customdata=mid_id,
                hovertext=mid_text,
                hoverinfo="text",
                showlegend=False,
                name="edge details",
            )
        )

    # nodes: one trace, one point per node, customdata = node id
    order = sorted(visible, key=lambda n: (pos[n][1], pos[n][0], n), reverse=False)
    xs, ys, ids, texts, hovers, symbols, colours, sizes, lws, lcs, opac, tcol = ([] for _ in range(12))
    for n in order:
        node: Node = g.nodes[n]["node"]
        side = sides.get(n, "context")
        bright = hl_nodes is None or n in hl_nodes
        conv = side == "shared"
        xs.append(pos[n][0])
        ys.append(pos[n][1])
        ids.append(n)
        label = "<br>".join(esc(line) for line in wrap_label(node.label, sc.label_chars))
        if n == view.selected:
            label = f"<b>{label}</b>"
        texts.append(label)
        side_label = _side_label(side, scene.names)
        hovers.append(node_hover(bundle, node, side_label, g))
        symbols.append(style.KIND_SYMBOL[node.kind])
        colours.append(style.SIDE_COLOUR[side])
        sizes.append(conv_marker if conv else marker)
        selected = n == view.selected
        lws.append(sc.outline * (1.6 if selected else 1.0) if (conv or selected) else 1.0)
        lcs.append(style.BLACK if (conv or selected) else "white")
        opac.append(1.0 if bright else style.DIM_OPACITY)
        tcol.append(style.BLACK if bright else "#BBBBBB")
    # labels as annotations: a white backing keeps them readable over edges,
    # and in SVG they stay real text
    label_annotations = []
    for x, y, n, text, colour, size in zip(xs, ys, ids, texts, tcol, sizes):
        top = g.nodes[n]["node"].tier.rank == 0
        label_annotations.append(
            dict(
                x=x,
                y=y,
                text=text,
                showarrow=False,
                yanchor="bottom" if top else "top",
                yshift=(size / 2 + 2) if top else -(size / 2 + 2),
                font=dict(size=font, color=colour, family=style.FONT_FAMILY),
                bgcolor="rgba(255,255,255,0.82)",
                borderpad=1,
                name=f"label:{n}",
                captureevents=False,
            )
        )
    traces.append(
        dict(
            type="scatter",
            x=xs,
            y=ys,
            mode="markers" if view.label_backing else "markers+text",
            text=texts,
            textposition=[
                "top center" if g.nodes[n]["node"].tier.rank == 0 else "bottom center" for n in ids
            ],
            textfont=dict(size=font, color=tcol, family=style.FONT_FAMILY, shadow="1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white"),
            marker=dict(
                symbol=symbols,
                size=sizes,
                color=colours,
                opacity=opac,
                line=dict(width=lws, color=lcs),
            ),
            customdata=ids,
            hovertext=hovers,
            hoverinfo="text",
            hoverlabel=dict(font=dict(size=max(12, font), family=style.FONT_FAMILY), align="left"),
            showlegend=False,
            name="nodes",
        )
    )

    if view.show_legend:
        _legend(traces, scene, visible, sc, font)
    annotations = list(label_annotations) if view.label_backing else []
    if view.show_tier_labels:
        tiers_present = sorted({g.nodes[n]["node"].tier for n in g.nodes if n in pos}, key=lambda t: t.rank)
        for t in tiers_present:
            if view.reveal_tier is not None and t.rank > view.reveal_tier:
                continue
            ys_t = [pos[n][1] for n in g.nodes if n in pos and g.nodes[n]["node"].tier == t]
            annotations.append(
                dict(
                    x=0,
                    xref="paper",
                    xanchor="right",
                    xshift=-10,
                    y=sum(ys_t) / len(ys_t),
                    yref="y",
                    text=f"<b>{esc(style.TIER_TITLE[t])}</b>",
                    showarrow=False,
                    font=dict(size=font, color=style.DARK, family=style.FONT_FAMILY),
                )
            )
    if view.show_headers:
        annotations += _headers(scene, font)
    layout = dict(
        title=dict(text=esc(view.title), font=dict(size=sc.title_font, family=style.FONT_FAMILY), x=0.01, xanchor="left") if view.title else None,
        width=width,
        height=height,
        margin=margin,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, size=font, color=style.BLACK),
        xaxis=dict(visible=False, range=list(x_range), fixedrange=False),
        yaxis=dict(visible=False, range=list(y_range), fixedrange=False),
        showlegend=view.show_legend,
        legend=dict(
            orientation="h",
            yanchor="top",
            y=-0.01,
            xanchor="left",
            x=0,
            font=dict(size=max(10, round(font * 0.9)), family=style.FONT_FAMILY),
            itemsizing="constant",
            itemclick=False,
            itemdoubleclick=False,
            tracegroupgap=4,
        ),
        annotations=annotations,
        hovermode="closest",
        dragmode="pan",
        clickmode="event+select",
    )
    if not view.title:
        del layout["title"]
    # the spec is built from plain dicts; plotly's per-property validation is
    # skipped at run time (it costs more than building the figure) and run in
    # the tests instead (VALIDATE = True there)
    return go.Figure(data=traces, layout=layout, _validate=VALIDATE)


VALIDATE = False


def _side_label(side: str, names: Mapping[str, str]) -> str:
    if side in ("a", "b") and side in names and len(names) == 1:
        return names[side]
    return style.SIDE_NAME[side].format(a=names.get("a", "drug A"), b=names.get("b", "drug B"))


def _headers(scene: Scene, font: int) -> list[dict]:
    if scene.convergence is None:
        return []
    out = []
    for side, arrow in (("a", "◀ "), ("shared", ""), ("b", " ▶")):
        xs = [scene.pos[n][0] for n, s in scene.sides.items() if s == side and n in scene.pos]
        if not xs:
            continue
        if side == "shared":
            text = "Reached by both"
        else:
            name = esc(scene.names.get(side, side))
            text = f"{arrow}{name} only" if side == "a" else f"{name} only{arrow}"
        out.append(
            dict(
                x=(min(xs) + max(xs)) / 2,
                y=1,
                yref="paper",
                yanchor="bottom",
                yshift=4,
                text=f"<b>{text}</b>",
                showarrow=False,
                font=dict(size=round(font * 1.25), color=style.SIDE_COLOUR[side], family=style.FONT_FAMILY),
            )
        )
    return out


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


def _legend(traces: list[dict], scene: Scene, visible: set[str], sc: Scale, font: int) -> None:
    g = scene.graph
    edges = [scene.bundle.edges[k] for _, _, d in g.edges(data=True) for k in d["keys"]]
    for s in ("a", "shared", "b", "context"):
        if not any(scene.sides.get(n) == s for n in visible):
            continue
        shared = s == "shared"
        marker = dict(
            symbol="circle",
            size=14,
            color=style.SIDE_COLOUR[s],
            line=dict(width=sc.outline if shared else 1, color=style.BLACK if shared else "white"),
        )
        name = esc(_side_label(s, scene.names)) + (" — thick outline" if shared else "")
        traces.append(_legend_item(name, "side", "Colour:", marker=marker))
    for ev in sorted({e.evidence for e in edges}, key=lambda e: list(Evidence).index(e)):
        light = ev in style.EVIDENCE_LIGHT
        line = dict(color=style.REVIEW_GREY if light else style.DARK, width=1.6 if light else 2.4, dash=style.EVIDENCE_DASH[ev])
        traces.append(_legend_item(esc(style.EVIDENCE_WORDS[ev]), "evidence", "Line: evidence", line=line))
    present = {e.relation for e in edges}
    groups = {
        Relation.activates: {Relation.activates, Relation.increases, Relation.leads_to},
        Relation.inhibits: {Relation.inhibits, Relation.decreases},
    }
    for rel in (Relation.activates, Relation.inhibits, Relation.binds, Relation.converts_to, Relation.associated_with):
        if groups.get(rel, {rel}) & present:
            traces.append(_legend_item(esc(style.RELATION_WORDS[rel]), "relation", "Arrowhead:", line=dict(color=style.DARK, width=2)))
    if any(e.status == Status.contested for e in edges):
        marker = dict(symbol="circle", size=13, color="white", line=dict(color=style.VERMILLION, width=1.5))
        traces.append(_legend_item("? on a line = contested finding", "relation", None, marker=marker))


def node_trace(fig: go.Figure) -> go.Scatter:
    """The trace holding one point per node."""
    for t in fig.data:
        if t.name == "nodes":
            return t
    raise LookupError("figure has no node trace")
