"""How legible the diagram is, measured on what the browser renders.

    python benchmarks/legibility.py                  # a table, then one JSON object as the last line
    python benchmarks/legibility.py --quick          # one lecture step instead of seven
    python benchmarks/legibility.py --targets slide_svg,dashboard_1400
    python benchmarks/legibility.py --port 8790      # the port of the streamlit server it starts

Targets, each rendered in Debian's chromium (``$PATHVIZ_CHROMIUM`` or /usr/bin/chromium):

- ``dashboard_1400``, ``dashboard_800``: the Compare page at a 1400x900 and an 800x900 window;
- ``dashboard_800_core``: the same 800x900 window at ``/?detail=core``;
- ``lecture_1920``, ``lecture_1920_full``: ``/?mode=lecture&detail=core|full&step=K`` for every step
  K (1-7; the core view has six) at 1920x1080;
- ``slide_svg`` (and ``slide_svg_core`` with ``--detail core``): the file written by
  ``pathviz export --format svg``, opened in the browser at its own size.

The script starts its own ``streamlit run app.py`` on 127.0.0.1 (``--port``, or a free port)
and stops it at the end; a watchdog ends the whole run after ``--timeout`` seconds.

What is read from the page: node labels are the text of the node trace's markers (Plotly
``g.textpoint``) or annotations whose text is a node's label (matched against the labels of
``pathways/``); each rendered line of a label is one box (``getBoundingClientRect``). Arrows
are the rendered lines (``path.js-line``) of the traces named "edges" (on the SVG slide, where
traces carry no names, every line of the scatter layer), one polyline per unbroken run. An
arrow's ends are the node markers nearest to its first and last points.

Metrics (per target, per lecture step):

- ``label_overlaps``: pairs of nodes whose label boxes intersect by more than 1 px both ways;
- ``midword_breaks``: line breaks inside a word (a letter or digit on both sides of the break
  with no space, hyphen or slash there in the node's label);
- ``edge_label_crossings``: (arrow, label) pairs where the arrow passes through a label line
  of a node that is not one of its two ends;
- ``edge_marker_crossings``: (arrow, node) pairs where the arrow passes under the marker of a node
  that is not one of its two ends (it reads as passing through that node);
- ``mark_overlaps``: (status mark, node) pairs where an "h" or "?" mark on an arrow covers a line
  of a node's label or a node's marker;
- ``edge_edge_crossings``: proper intersections of the segments of two different arrows,
  not counting those next to a node both arrows touch;
- ``label_px_min``, ``legend_px_min``: smallest font size (CSS px) of node labels / legend;
- dashboards: ``fits_width``: the diagram is no wider than its box (nothing cut off at the box's
  edge, no sideways scrolling) and ends inside the window;
- lecture: ``fits`` per step: the page does not scroll, the diagram is no wider than its box, and
  the chart, the step header and the Previous/Next buttons end inside the 1920x1080 window. The counts of ``lecture_1920`` are
  totals over the steps measured, the font sizes minima, ``fits`` true when every step fits.

Goals: 0 overlaps, 0 mid-word breaks, 0 arrows under markers and 0 covering marks everywhere;
dashboards fit their width; lecture (both details) fits at every step with labels
>= 22 px and legend >= 18 px; edge-label crossings at most half of ``BASELINE_EDGE_LABEL``
(the counts of the code before the label/edge rework). Exit status 0 when everything was
measured (goals missed or not: see ``goals_met``), 1 when a target could not be measured.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from load import (  # noqa: E402
    APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE_JS,
    READY_JS,
    start_streamlit,
    stop_streamlit,
)

Box = tuple[float, float, float, float]  # left, top, right, bottom (px)
Point = tuple[float, float]

TARGETS = ("dashboard_1400", "dashboard_800", "dashboard_800_core", "lecture_1920", "lecture_1920_full", "slide_svg")
LECTURE_STEPS = range(1, 8)  # the steps a person sees, 1 .. the number of tiers (a step past the last opens the last)
LABEL_PX_LECTURE = 22
LEGEND_PX_LECTURE = 18
# edge-label crossings of the code before the label placement / edge routing rework
# (commit b500fe2; lecture per step); the goal is at most half of these
BASELINE_EDGE_LABEL: dict[str, int | dict[str, int]] = {
    "dashboard_1400": 188,
    "dashboard_800": 516,
    "lecture_1920": {"0": 0, "1": 4, "2": 8, "3": 32, "4": 46, "5": 74, "6": 135},
    "slide_svg": 153,
    "slide_svg_core": 11,
}

# ------------------------------------------------------------------ geometry


def boxes_overlap(a: Box, b: Box, tol: float = 1.0) -> bool:
    """True when the boxes intersect by more than ``tol`` px horizontally and vertically."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w > tol and h > tol


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segment_intersection(p1: Point, p2: Point, q1: Point, q2: Point, eps: float = 1e-9) -> Point | None:
    """The point where segments p1-p2 and q1-q2 cross properly (each passes from one side of
    the other to the other side, not at an end), else None. Touching, collinear and
    parallel segments do not cross."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    scale = max(1.0, math.dist(p1, p2) * math.dist(q1, q2))
    e = eps * scale
    if ((d1 > e and d2 < -e) or (d1 < -e and d2 > e)) and ((d3 > e and d4 < -e) or (d3 < -e and d4 > e)):
        t = d1 / (d1 - d2)
        return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))
    return None


def segment_crosses_box(p: Point, q: Point, box: Box, inset: float = 1.0) -> bool:
    """True when the segment p-q passes through the box shrunk by ``inset`` px on every side
    (Liang-Barsky clipping; a segment along an edge or just grazing a corner does not count)."""
    left, top, right, bottom = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    if left >= right or top >= bottom:
        return False
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, p[0] - left), (dx, right - p[0]), (-dy, p[1] - top), (dy, bottom - p[1])):
        if pk == 0:
            if qk < 0:
                return False
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-9


def polyline_crosses_box(points: Sequence[Point], box: Box, inset: float = 1.0) -> bool:
    return any(segment_crosses_box(points[i], points[i + 1], box, inset) for i in range(len(points) - 1))


def _word_char(c: str) -> bool:
    return c.isalnum()


def midword_breaks(label: str, lines: Sequence[str]) -> int:
    """Line breaks of ``lines`` (the label as rendered) that fall inside a word of ``label``:
    a letter or digit on both sides and no space, hyphen or slash at the break. Lines that
    cannot be found in the label in order (e.g. an ellipsis) are compared as far as they match."""
    lines = [ln.strip() for ln in lines]
    lines = [ln for ln in lines if ln]
    if len(lines) < 2:
        return 0
    text = " ".join(label.split())
    pos, count = 0, 0
    for i, line in enumerate(lines[:-1]):
        at = text.find(line, pos)
        if at < 0:  # the line is not in the label as such (shortened?): judge the characters
            a, b = line[-1], lines[i + 1][0]
            if _word_char(a) and _word_char(b):
                count += 1
            continue
        pos = at + len(line)
        nxt = text[pos] if pos < len(text) else " "
        if _word_char(line[-1]) and _word_char(nxt) and _word_char(lines[i + 1][0]):
            count += 1
    return count


def count_label_overlaps(labels: Sequence[dict]) -> tuple[int, list[tuple[str, str]]]:
    """Pairs of labels of different nodes with any line boxes overlapping (> 1 px both ways)."""
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["node"] == b["node"]:
                continue
            if any(boxes_overlap(x, y) for x in a["boxes"] for y in b["boxes"]):
                pairs.append((a["node"], b["node"]))
    return len(pairs), pairs


def count_edge_label_crossings(edges: Sequence[dict], labels: Sequence[dict]) -> tuple[int, list[tuple[str, str, str]]]:
    """(arrow, label) pairs where the arrow passes through a line box of a node's label and
    that node is not one of the arrow's ends. ``edges``: dicts of points, ends (node ids)."""
    out = []
    for e in edges:
        pts = e["points"]
        for lab in labels:
            if lab["node"] in e["ends"]:
                continue
            if any(polyline_crosses_box(pts, box) for box in lab["boxes"]):
                out.append((e["ends"][0], e["ends"][1], lab["node"]))
    return len(out), out


def count_edge_marker_crossings(edges: Sequence[dict], markers: dict[str, Box]) -> tuple[int, list[tuple[str, str, str]]]:
    """(arrow, node) pairs where the arrow passes under the marker of a node that is not one of its
    ends (through the marker's box, 1 px in from its edge): it reads as passing through that node."""
    out = []
    for e in edges:
        for node, box in markers.items():
            if node in e["ends"]:
                continue
            if polyline_crosses_box(e["points"], box):
                out.append((e["ends"][0], e["ends"][1], node))
    return len(out), out


def status_marks(traces: Sequence[dict]) -> list[tuple[str, Box]]:
    """The status marks drawn on arrows ("h": hypothesis, "?": contested): each one's letter and box
    (the circle round the letter when the point is drawn, else the letter)."""
    out = []
    for t in traces:
        boxes = {pb["i"]: tuple(pb["box"]) for pb in t.get("boxes", []) if pb["i"] is not None}
        for tx in t["texts"]:
            letter = "".join(tx["lines"]).strip()
            if letter in ("h", "?"):
                out.append((letter, boxes.get(tx["index"], tuple(tx["boxes"][0]))))
    return out


def count_mark_overlaps(marks: Sequence[tuple[str, Box]], labels: Sequence[dict], markers: dict[str, Box]) -> tuple[int, list[tuple[str, str]]]:
    """(mark, node) pairs where a status mark covers a line of a node's label or a node's marker
    (more than 1 px both ways)."""
    out = []
    for letter, box in marks:
        for lab in labels:
            if any(boxes_overlap(box, b) for b in lab["boxes"]):
                out.append((letter, lab["node"]))
        for node, mb in markers.items():
            if boxes_overlap(box, mb):
                out.append((letter, node))
    return len(out), out


def count_edge_edge_crossings(
    edges: Sequence[dict], node_xy: dict[str, Point] | None = None, near: float = 12.0
) -> int:
    """Proper crossings between segments of two different arrows; a crossing within ``near``
    px of a node both arrows touch is where they meet, not a crossing."""
    node_xy = node_xy or {}
    segs = []
    for k, e in enumerate(edges):
        pts = e["points"]
        for i in range(len(pts) - 1):
            p, q = pts[i], pts[i + 1]
            segs.append((k, p, q, min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])))
    count = 0
    for i, (ka, p1, p2, ax0, ax1, ay0, ay1) in enumerate(segs):
        for kb, q1, q2, bx0, bx1, by0, by1 in segs[i + 1:]:
            if ka == kb or bx0 > ax1 or bx1 < ax0 or by0 > ay1 or by1 < ay0:
                continue
            x = segment_intersection(p1, p2, q1, q2)
            if x is None:
                continue
            shared = set(edges[ka]["ends"]) & set(edges[kb]["ends"])
            if any(n in node_xy and math.dist(x, node_xy[n]) <= near for n in shared):
                continue
            count += 1
    return count


def nearest(point: Point, candidates: dict[str, Point]) -> str | None:
    return min(candidates, key=lambda n: math.dist(point, candidates[n]), default=None)


# ------------------------------------------------------------------ labels of the data


def norm_label(text: str) -> str:
    """Comparable form of a label: no spaces, hyphens at line ends or case."""
    return re.sub(r"\s+", "", text).casefold()


def node_labels(pathways: Path) -> dict[str, str]:
    from pathviz.io.pathways import read_pathways

    bundle = read_pathways(str(pathways), xref_check=False)
    return {nid: node.label for nid, node in bundle.nodes.items()}


def match_node(text_lines: Sequence[str], by_norm: dict[str, list[str]], labels: dict[str, str]) -> str | None:
    """The node whose label the rendered lines spell (exactly, or as a prefix when shortened)."""
    joined = norm_label("".join(text_lines))
    joined_sp = norm_label(" ".join(text_lines))
    for key in (joined, joined_sp):
        if key in by_norm:
            return by_norm[key][0]
    stem = joined.rstrip("…").rstrip(".")
    if len(stem) >= 4 and stem != joined:
        hits = [ids[0] for k, ids in by_norm.items() if k.startswith(stem)]
        if len(hits) == 1:
            return hits[0]
    return None


# ------------------------------------------------------------------ page scripts

# Everything drawn, in viewport px. ``root``: a CSS selector of the element holding the
# chart (the dashboard's Plotly div), or null for a plain SVG document (the slide).
COLLECT_JS = r"""(rootSel) => {
    const root = rootSel ? document.querySelector(rootSel) : document.documentElement;
    if (!root) return null;
    const gd = rootSel ? root : null;
    const visible = (el) => {
        const r = el.getBoundingClientRect();
        if (r.width <= 0 || r.height <= 0) return false;
        for (let e = el; e && e !== root.parentNode && e.nodeType === 1; e = e.parentNode) {
            const s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
        }
        return true;
    };
    const rect = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const px = (el) => parseFloat(getComputedStyle(el).fontSize);
    const textOf = (t) => {
        const lines = [...t.querySelectorAll('tspan.line')];
        if (!lines.length) return {lines: [t.textContent], boxes: [rect(t)]};
        return {lines: lines.map(l => l.textContent),
                boxes: lines.map(l => { const b = rect(l); return b[2] > b[0] ? b : rect(t); })};
    };
    const traceName = (g) => {
        const d = g.__data__;
        return d && d[0] && d[0].trace ? d[0].trace.name : null;
    };
    const traces = [...root.querySelectorAll('.scatterlayer .trace')];
    // polylines of the rendered lines of a trace: vertices of M/L paths, else sampled
    const polylines = (g) => {
        const out = [];
        for (const path of g.querySelectorAll('path.js-line')) {
            if (!visible(path)) continue;
            const m = path.getScreenCTM();
            const tr = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
            const d = path.getAttribute('d') || '';
            let runs = [];
            if (/^[\sML0-9.,eE+-]*$/.test(d)) {
                for (const part of d.split('M').filter(s => s.trim())) {
                    const nums = part.split('L').map(s => s.trim().split(/[\s,]+/).map(Number));
                    runs.push(nums.filter(n => n.length === 2 && n.every(isFinite)).map(([x, y]) => tr(x, y)));
                }
            } else {
                const L = path.getTotalLength(), n = Math.max(2, Math.ceil(L / 4));
                const run = [];
                for (let i = 0; i <= n; i++) { const p = path.getPointAtLength(L * i / n); run.push(tr(p.x, p.y)); }
                runs.push(run);
            }
            for (const r of runs) if (r.length >= 2) out.push(r);
        }
        return out;
    };
    const res = {labels: [], annotations: [], traces: [], edges: [], legend_px: [], markers: null, viewport: [innerWidth, innerHeight]};
    traces.forEach((g, ti) => {
        const name = traceName(g);
        const pts = [...g.querySelectorAll('path.point')].filter(visible).map(p => {
            const b = rect(p); return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
        });
        const texts = [];
        g.querySelectorAll('g.textpoint').forEach((tp, i) => {
            const t = tp.querySelector('text');
            if (!t || !visible(t) || !t.textContent.trim()) return;
            const d = tp.__data__;
            texts.push(Object.assign({index: d && typeof d.i === 'number' ? d.i : i, px: px(t)}, textOf(t)));
        });
        const boxes = [...g.querySelectorAll('path.point')].filter(visible).map(p => {
            const d = p.__data__; return {i: d && typeof d.i === 'number' ? d.i : null, box: rect(p)};
        });
        res.traces.push({name, points: pts, boxes, texts, lines: (gd ? name === 'edges' : true) ? polylines(g) : []});
    });
    root.querySelectorAll('g.annotation').forEach(a => {
        const t = a.querySelector('text');
        if (!t || !visible(t) || !t.textContent.trim()) return;
        res.annotations.push(Object.assign({px: px(t)}, textOf(t)));
    });
    // every legend (a legend in lines is one Plotly legend per line part: legend, legend2, ...)
    root.querySelectorAll('g.infolayer > g').forEach(g => {
        if (!/^legend\d*$/.test(g.getAttribute('class') || '')) return;
        g.querySelectorAll('text').forEach(t => { if (visible(t) && t.textContent.trim()) res.legend_px.push(px(t)); });
    });
    if (gd && gd.data && gd._fullLayout) {
        const t = gd.data.find(tr => tr.name === 'nodes');
        const fl = gd._fullLayout, r = gd.getBoundingClientRect();
        const xa = fl.xaxis, ya = fl.yaxis;
        const conv = (x, y) => [r.left + (xa._offset ?? fl._size.l) + xa.l2p(x), r.top + (ya._offset ?? fl._size.t) + ya.l2p(y)];
        if (t) res.markers = t.customdata.map((id, i) => [String(id), ...conv(t.x[i], t.y[i])]);
        // arrows from the data too, when none are drawn as lines (e.g. hidden by a filter)
        if (!res.traces.some(tr => tr.name === 'edges' && tr.lines.length)) {
            for (const e of gd.data.filter(tr => tr.name === 'edges')) {
                let run = [];
                for (let i = 0; i <= e.x.length; i++) {
                    if (i === e.x.length || e.x[i] === null || e.y[i] === null) { if (run.length >= 2) res.edges.push(run); run = []; }
                    else run.push(conv(e.x[i], e.y[i]));
                }
            }
        }
        res.node_ids = t ? t.customdata.map(String) : [];
    }
    return res;
}"""

# lecture mode: does everything fit the window without scrolling?
FIT_JS = r"""() => {
    const H = innerHeight, W = innerWidth;
    const se = document.scrollingElement;
    const out = {page_scroll_height: se.scrollHeight, inner_height: H, scrollers: []};
    for (const el of document.querySelectorAll('[data-testid="stApp"] *')) {
        const s = getComputedStyle(el);
        if (!/(auto|scroll)/.test(s.overflowY)) continue;
        if (el.scrollHeight > el.clientHeight + 2 && el.clientHeight > 100)
            out.scrollers.push([el.getAttribute('data-testid') || el.tagName.toLowerCase(), el.scrollHeight, el.clientHeight]);
    }
    const gd = document.querySelector('[data-testid="stApp"] .js-plotly-plot');
    const bottom = (el) => el ? el.getBoundingClientRect().bottom : null;
    out.chart_bottom = bottom(gd);
    out.chart_right = gd ? gd.getBoundingClientRect().right : null;
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    let header = null;
    for (const el of main.querySelectorAll('div, p, h1, h2, h3, span')) {
        if (/^\s*Step \d+ of \d+/.test(el.innerText || '') && (!header || header.contains(el))) header = el;
    }
    out.step_header = header ? header.innerText.trim() : null;
    out.header_bottom = bottom(header);
    const buttons = [...main.querySelectorAll('button')];
    const prev = buttons.find(b => /Previous/.test(b.innerText));
    const next = buttons.find(b => /Next/.test(b.innerText));
    out.prev_bottom = bottom(prev);
    out.next_bottom = bottom(next);
    const ends = [out.chart_bottom, out.header_bottom, out.prev_bottom, out.next_bottom];
    // the diagram's own box: a diagram wider than it is cut off at the box's edge (it scrolls sideways)
    const box = document.querySelector('[data-testid="stApp"] .pv-chart');
    out.box_overflows = box ? box.scrollWidth > box.clientWidth + 1 : false;
    out.fits = se.scrollHeight <= H + 2 && out.scrollers.length === 0 && !out.box_overflows
        && ends.every(v => v !== null && v <= H + 0.5) && out.chart_right !== null && out.chart_right <= W + 0.5;
    return out;
}"""

CHART = "[data-testid='stApp'] .js-plotly-plot"

# ------------------------------------------------------------------ measuring one rendering


def analyse(raw: dict, labels: dict[str, str]) -> dict:
    """Metrics of one rendering from what COLLECT_JS read."""
    by_norm: dict[str, list[str]] = {}
    for nid, lab in labels.items():
        by_norm.setdefault(norm_label(lab), []).append(nid)
    found: list[dict] = []
    unmatched: list[str] = []
    markers: dict[str, Point] = {}
    if raw.get("markers"):
        markers = {nid: (x, y) for nid, x, y in raw["markers"]}
    node_trace = next((t for t in raw["traces"] if t["name"] == "nodes"), None)
    ids = raw.get("node_ids") or []
    candidates = [(t, t["texts"]) for t in raw["traces"]]
    for trace, texts in candidates:
        for tx in texts:
            nid = None
            if trace is node_trace and tx["index"] < len(ids):
                nid = ids[tx["index"]]
                if nid in labels and match_node(tx["lines"], by_norm, labels) not in (nid, None):
                    nid = match_node(tx["lines"], by_norm, labels)
            else:
                nid = match_node(tx["lines"], by_norm, labels)
            if nid is None:
                if trace is node_trace:
                    unmatched.append(" / ".join(tx["lines"]))
                continue
            found.append({"node": nid, **tx})
    for an in raw["annotations"]:
        nid = match_node(an["lines"], by_norm, labels)
        if nid is not None:
            found.append({"node": nid, **an})
    marker_boxes: dict[str, Box] = {}
    if node_trace is not None:
        for pb in node_trace.get("boxes", []):
            if pb["i"] is not None and pb["i"] < len(ids):
                marker_boxes[ids[pb["i"]]] = tuple(pb["box"])
    if not markers:  # a plain SVG: the point trace whose points sit right above/below the labels
        markers, marker_boxes = _markers_from_points(raw["traces"], found)
    edges_raw = [ln for t in raw["traces"] for ln in t["lines"] if t["name"] in ("edges", None)] + raw.get("edges", [])
    edges = []
    for pts in edges_raw:
        pts = [tuple(p) for p in pts]
        a, b = nearest(pts[0], markers), nearest(pts[-1], markers)
        edges.append({"points": pts, "ends": (a, b)})
    overlaps, overlap_pairs = count_label_overlaps(found)
    crossings, crossing_list = count_edge_label_crossings(edges, found)
    under, under_list = count_edge_marker_crossings(edges, marker_boxes)
    marks = status_marks(raw["traces"])
    covering, covering_list = count_mark_overlaps(marks, found, marker_boxes)
    breaks = [(lab["node"], lab["lines"]) for lab in found if midword_breaks(labels[lab["node"]], lab["lines"])]
    return {
        "labels": len(found),
        "edges": len(edges),
        "label_overlaps": overlaps,
        "midword_breaks": sum(midword_breaks(labels[lab["node"]], lab["lines"]) for lab in found),
        "edge_label_crossings": crossings,
        "edge_marker_crossings": under,
        "mark_overlaps": covering,
        "edge_edge_crossings": count_edge_edge_crossings(edges, markers),
        "label_px_min": min((lab["px"] for lab in found), default=None),
        "legend_px_min": min(raw["legend_px"], default=None),
        "_detail": {
            "overlapping_pairs": overlap_pairs,
            "midword": [f"{n}: {' | '.join(lines)}" for n, lines in breaks],
            "edge_through_label": [f"{a}->{b} through {n}" for a, b, n in crossing_list],
            "edge_under_marker": [f"{a}->{b} under {n}" for a, b, n in under_list],
            "mark_covering": [f"{m} on {n}" for m, n in covering_list],
            "unmatched_labels": unmatched,
        },
    }


def _markers_from_points(traces: Sequence[dict], found: Sequence[dict]) -> tuple[dict[str, Point], dict[str, Box]]:
    """Node positions (and marker boxes) on a rendering without data: the trace whose points best
    sit centred above or below the labels; each labelled node takes the nearest such point."""
    def centre(lab: dict) -> Point:
        b = lab["boxes"]
        return ((min(x[0] for x in b) + max(x[2] for x in b)) / 2, (min(x[1] for x in b) + max(x[3] for x in b)) / 2)

    best, best_score = None, 0
    for t in traces:
        if not t["points"]:
            continue
        score = 0
        for lab in found:
            cx, cy = centre(lab)
            if any(abs(px - cx) <= 4 and abs(py - cy) <= 80 for px, py in t["points"]):
                score += 1
        if score > best_score:
            best, best_score = t, score
    if best is None:
        return {lab["node"]: centre(lab) for lab in found}, {}
    out: dict[str, Point] = {}
    boxes: dict[str, Box] = {}
    point_box = {tuple(p): tuple(pb["box"]) for p, pb in zip(best["points"], best.get("boxes", []))}
    for lab in found:
        cx, cy = centre(lab)
        out[lab["node"]] = min(best["points"], key=lambda p: (abs(p[0] - cx) * 4 + abs(p[1] - cy)))
        out[lab["node"]] = tuple(out[lab["node"]])
        if out[lab["node"]] in point_box:
            boxes[lab["node"]] = point_box[out[lab["node"]]]
    return out, boxes


# ------------------------------------------------------------------ targets


def _wait_chart(page, timeout_ms: float) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(READY_JS, timeout=timeout_ms, polling=100)
    deadline = time.monotonic() + timeout_ms / 1000
    stable = 0
    last = None
    while time.monotonic() < deadline:  # idle, and the drawing unchanged over two looks
        if page.evaluate(IDLE_JS):
            now = page.evaluate(
                "() => { const g = document.querySelector(\"" + CHART + "\"); "
                "return g ? [g.querySelectorAll('text').length, g.getBoundingClientRect().height, "
                "g.getBoundingClientRect().width, location.search] : null; }"
            )
            stable = stable + 1 if now == last else 0
            last = now
            if stable >= 2:
                break
        time.sleep(0.3)
    page.evaluate("() => document.fonts.ready.then(() => true)")


def measure_dashboard(browser, url: str, width: int, height: int, labels: dict[str, str], timeout_ms: float) -> dict:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(url, wait_until="domcontentloaded")
        _wait_chart(page, timeout_ms)
        raw = page.evaluate(COLLECT_JS, CHART)
        if raw is None:
            raise RuntimeError("no chart on the page")
        m = analyse(raw, labels)
        # the width the diagram has: it fits its box (nothing cut off at the box's edge, no sideways scrolling)
        m["fits_width"] = page.evaluate(
            "() => { const box = document.querySelector('[data-testid=\"stApp\"] .pv-chart');"
            " return !!box && box.scrollWidth <= box.clientWidth + 1 && box.getBoundingClientRect().right <= innerWidth + 0.5; }"
        )
        return m
    finally:
        ctx.close()


def measure_lecture(browser, base: str, steps: Iterable[int], labels: dict[str, str], timeout_ms: float, detail: str = "core") -> dict:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    out: dict = {"steps": {}}
    try:
        page = ctx.new_page()
        page.set_default_timeout(timeout_ms)
        for k in steps:
            page.goto(f"{base}/?mode=lecture&detail={detail}&step={k}", wait_until="domcontentloaded")
            _wait_chart(page, timeout_ms)
            raw = page.evaluate(COLLECT_JS, CHART)
            if raw is None:
                raise RuntimeError(f"no chart in lecture mode at step {k}")
            m = analyse(raw, labels)
            fit = page.evaluate(FIT_JS)
            m["fits"] = bool(fit["fits"])
            m["step_header"] = fit["step_header"]
            m["chart_bottom_px"] = None if fit["chart_bottom"] is None else round(fit["chart_bottom"])
            m["_fit"] = {k2: v for k2, v in fit.items() if k2 not in ("fits", "step_header")}
            out["steps"][str(k)] = m
    finally:
        ctx.close()
    steps_m = list(out["steps"].values())
    for key in ("label_overlaps", "midword_breaks", "edge_label_crossings", "edge_marker_crossings", "mark_overlaps",
                "edge_edge_crossings"):
        out[key] = sum(s[key] for s in steps_m)  # over the steps measured
    for key in ("label_px_min", "legend_px_min"):
        vals = [s[key] for s in steps_m if s[key] is not None]
        out[key] = min(vals) if vals else None
    out["fits"] = all(s["fits"] for s in steps_m)
    return out


def export_svg(path: Path, extra: Sequence[str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "export", "--format", "svg", "-o", str(path), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )


def measure_svg(browser, path: Path, labels: dict[str, str], timeout_ms: float) -> dict:  # type: ignore[no-untyped-def]
    head = path.read_text("utf-8", errors="replace")[:2000]
    w = re.search(r'<svg[^>]*\bwidth="(\d+(?:\.\d+)?)', head)
    h = re.search(r'<svg[^>]*\bheight="(\d+(?:\.\d+)?)', head)
    width, height = (int(float(w.group(1))) if w else 1920), (int(float(h.group(1))) if h else 1080)
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        raw = page.evaluate(COLLECT_JS, None)
        m = analyse(raw, labels)
        m["size"] = [width, height]
        return m
    finally:
        ctx.close()


# ------------------------------------------------------------------ goals


def goals(results: dict) -> list[str]:
    """The goals missed, in words (empty: all met)."""
    missed = []
    for name, r in results.items():
        if "error" in r:
            missed.append(f"{name}: not measured")
            continue
        if r["label_overlaps"]:
            missed.append(f"{name}: {r['label_overlaps']} label overlaps (goal 0)")
        if r["midword_breaks"]:
            missed.append(f"{name}: {r['midword_breaks']} mid-word breaks (goal 0)")
        if r.get("edge_marker_crossings"):
            missed.append(f"{name}: {r['edge_marker_crossings']} arrows under a marker they do not join (goal 0)")
        if r.get("mark_overlaps"):
            missed.append(f"{name}: {r['mark_overlaps']} status marks on a label or marker (goal 0)")
        if r.get("fits_width") is False:
            missed.append(f"{name}: the diagram is wider than its box (goal: laid out for the width it has)")
        base = BASELINE_EDGE_LABEL.get(name)
        if isinstance(base, dict):  # lecture: per step; compare the total over the steps measured
            base = sum(base[k] for k in r["steps"]) if all(k in base for k in r["steps"]) else None
        if base is not None and r["edge_label_crossings"] > base / 2:
            missed.append(f"{name}: {r['edge_label_crossings']} edge-label crossings (goal <= {base / 2:g}, half of {base})")
        if name.startswith("lecture_1920"):
            bad = [k for k, s in r["steps"].items() if not s["fits"]]
            if bad:
                missed.append(f"{name}: does not fit at steps {','.join(bad)}")
            if r["label_px_min"] is None or r["label_px_min"] < LABEL_PX_LECTURE:
                missed.append(f"{name}: labels {r['label_px_min']} px (goal >= {LABEL_PX_LECTURE})")
            if r["legend_px_min"] is None or r["legend_px_min"] < LEGEND_PX_LECTURE:
                missed.append(f"{name}: legend {r['legend_px_min']} px (goal >= {LEGEND_PX_LECTURE})")
    return missed


def public(results: dict) -> dict:
    """Results without the ``_`` details (those go to --details)."""
    def strip(d: dict) -> dict:
        return {k: (strip(v) if isinstance(v, dict) else v) for k, v in d.items() if not k.startswith("_")}
    return strip(results)


def table(results: dict) -> str:
    cols = ("labels", "edges", "label_overlaps", "midword_breaks", "edge_label_crossings", "edge_marker_crossings",
            "mark_overlaps", "edge_edge_crossings", "label_px_min", "legend_px_min", "fits", "fits_width")
    heads = ("target", "labels", "edges", "overlaps", "mid-word", "edge×label", "edge×marker", "mark×label",
             "edge×edge", "label px", "legend px", "fits", "fits width")
    rows = [heads]
    for name, r in results.items():
        if "error" in r:
            rows.append((name, f"error: {r['error']}"[:80]) + ("",) * (len(heads) - 2))
            continue
        sub = [(name, r)]
        if "steps" in r:
            sub = [(f"  step {k}", s) for k, s in r["steps"].items()]
            rows.append((name, "", "", *(str(r.get(c, "")) for c in cols[2:])))
        for label, s in sub:
            rows.append((label, *("-" if s.get(c) is None else str(s.get(c)) if c in s else "" for c in cols)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads))]
    return "\n".join("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)) for r in rows)


# ------------------------------------------------------------------ run


def run(targets: Sequence[str], port: int | None, quick: bool, pathways: Path, timeout_s: float, server_box: list) -> dict:
    from playwright.sync_api import sync_playwright

    labels = node_labels(pathways)
    op_ms = min(90_000, timeout_s * 1000)
    results: dict = {}
    web = [t for t in targets if t.startswith(("dashboard", "lecture"))]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        svgs: dict[str, Path] = {}
        if "slide_svg" in targets:  # the exports first: they also need the CPU
            # the full view explicitly (slides default to the core mechanism), then the core view
            for name, extra in (("slide_svg", ["--detail", "full"]), ("slide_svg_core", ["--detail", "core"])):
                f = Path(tmp) / f"{name}.svg"
                try:
                    r = export_svg(f, extra, timeout=min(180, timeout_s))
                except subprocess.TimeoutExpired:
                    results[name] = {"error": "export timed out"}
                    continue
                if r.returncode == 0 and f.exists():
                    svgs[name] = f
                elif extra and r.returncode == 2 and name == "slide_svg":  # a CLI without --detail: the default slide
                    r = export_svg(f, [], timeout=min(180, timeout_s))
                    if r.returncode == 0 and f.exists():
                        svgs[name] = f
                elif extra and r.returncode == 2:  # this CLI has no --detail core: skip
                    print(f"{name}: skipped ({r.stderr.strip().splitlines()[-1:] or ['usage error']})", file=sys.stderr)
                else:
                    results[name] = {"error": f"export failed ({r.returncode}): {r.stderr.strip()[-200:]}"}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            for name, f in svgs.items():
                try:
                    results[name] = measure_svg(browser, f, labels, op_ms)
                except Exception as e:  # noqa: BLE001 - reported, the other targets still count
                    results[name] = {"error": f"{type(e).__name__}: {e}"[:300]}
            proc = None
            if web:
                try:
                    proc, url = start_streamlit(APP, timeout=min(120, timeout_s), port=port)
                except Exception as e:  # noqa: BLE001 - reported for each target it would serve
                    for name in web:
                        results[name] = {"error": f"streamlit did not start: {type(e).__name__}: {e}"[:300]}
            if proc is not None:
                server_box.append(proc)
                try:
                    for name in web:
                        try:
                            if name == "dashboard_1400":
                                results[name] = measure_dashboard(browser, url + "/", 1400, 900, labels, op_ms)
                            elif name == "dashboard_800":
                                results[name] = measure_dashboard(browser, url + "/", 800, 900, labels, op_ms)
                            elif name == "dashboard_800_core":
                                results[name] = measure_dashboard(browser, url + "/?detail=core", 800, 900, labels, op_ms)
                            elif name.startswith("lecture_1920"):
                                steps = [1] if quick else list(LECTURE_STEPS)
                                detail = "full" if name.endswith("_full") else "core"
                                results[name] = measure_lecture(browser, url, steps, labels, op_ms, detail)
                        except Exception as e:  # noqa: BLE001
                            results[name] = {"error": f"{type(e).__name__}: {e}"[:300]}
                finally:
                    stop_streamlit(proc)
        finally:
            browser.close()
    order = [t for t in (*TARGETS, "slide_svg_core") if t in results]
    return {k: results[k] for k in order}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pathviz diagram legibility, measured in chromium")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, of {','.join(TARGETS)}")
    parser.add_argument("--port", type=int, default=None, help="port of the streamlit server started (default: a free one)")
    parser.add_argument("--quick", action="store_true", help="one lecture step (the first) instead of every step")
    parser.add_argument("--pathways", default=str(ROOT / "pathways"))
    parser.add_argument("--timeout", type=float, default=420, help="seconds before the whole run is stopped")
    parser.add_argument("--details", action="store_true", help="also list which labels overlap, break or are crossed")
    parser.add_argument("--json", action="store_true", help="accepted for symmetry with run.py: the JSON line is always printed")
    args = parser.parse_args(argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown or not targets:
        parser.error(f"--targets: unknown {unknown}; choose from {','.join(TARGETS)}")

    server_box: list[subprocess.Popen] = []

    def watchdog() -> None:
        for proc in server_box:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        print(f"legibility: stopped after {args.timeout:.0f} s (--timeout)", file=sys.stderr)
        print(json.dumps({"error": "timeout", "timeout_s": args.timeout}), flush=True)
        os._exit(1)

    timer = threading.Timer(args.timeout, watchdog)
    timer.daemon = True
    timer.start()
    t0 = time.monotonic()
    try:
        results = run(targets, args.port, args.quick, Path(args.pathways), args.timeout, server_box)
    finally:
        timer.cancel()
    missed = goals(results)
    if args.details:
        print(json.dumps({k: v.get("_detail") or {s: st.get("_detail") for s, st in v.get("steps", {}).items()}
                          for k, v in results.items()}, indent=1, ensure_ascii=False))
    print(table(results))
    print(f"goals_met: {str(not missed).lower()}")
    for m in missed:
        print(f"  missed: {m}")
    out = public(results)
    out["goals_met"] = not missed
    out["goals_missed"] = missed
    out["duration_s"] = round(time.monotonic() - t0, 1)
    print(json.dumps(out, ensure_ascii=False))
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
