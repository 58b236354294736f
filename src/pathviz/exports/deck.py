"""An editable lecture deck (PowerPoint / Impress, 16:9) that builds the comparison up tier by tier.

Slides, in order:

1. a title slide;
2. the build-up: the same diagram revealed tier by tier (drugs, targets, …,
   clinical effect), exactly as the dashboard's lecture mode steps;
3. the convergence slide: both cascades, the nodes both drugs reach in pink
   with a thick outline;
4. one "why they converge here" slide per convergent node of the view: the
   best-supported route from each drug, step by step, evidence and status in
   words;
5. the references cited in the deck, numbered, with DOIs.

The diagram is made of native shapes: one autoshape per node (its outline from
the node kind, its fill from the one palette, its label editable text) and one
connector per arrow, glued to the two node shapes (``stCxn``/``endCxn``), so a
lecturer can move a node and its arrows follow. The line end says the relation,
the dash says the evidence, the line colour says a contested or hypothetical
step; a legend strip on each diagram slide says so in words. Every diagram slide
has speaker notes: what the step shows, then every arrow drawn with its quoted
sentence and citation.

Positions are the layout's (the same view builder and layout as the dashboard),
computed once for the deck so nodes stay put from slide to slide; the type size
is the largest at which no two node boxes touch.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from pathviz.exports import Format, write_bytes
from pathviz.layout.text import text_width
from pathviz.model import Edge, Reference
from pathviz.render import style
from pathviz.render.figure import header_texts
from pathviz.render.text import cite_text
from pathviz.view import GENERATOR, Canvas, Side, View, build_view, describe_filters
from pathviz.vocab import Evidence, Status

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

EMU_PER_IN = 914400
EMU_PER_PT = 12700
SLIDE_W = 12192000  # 13.333 in: 16:9
SLIDE_H = 6858000  # 7.5 in

# the diagram's frame on a slide, in points
_PT_W, _PT_H = SLIDE_W / EMU_PER_PT, SLIDE_H / EMU_PER_PT
AREA_LEFT = 1.35 * 72  # tier names to the left of it
AREA_RIGHT = _PT_W - 0.2 * 72
AREA_TOP = 1.2 * 72  # title bar and column headers above it
AREA_BOTTOM = _PT_H - 0.95 * 72  # legend strip below it
MAX_FONT = 16.0
MIN_FONT = 2.0
INSET = 0.15  # text inset inside a node shape, in font sizes
LINE = 1.18  # line height, in font sizes

LABEL_EMS = 8.0  # deck labels wrap at about this width, in ems (long words stay whole)


def deck_canvas(canvas: Canvas) -> Canvas:
    """The canvas of the deck's diagram: shorter label lines, since the label sits inside its shape."""
    return replace(canvas, label_px=canvas.font_px * LABEL_EMS)


# ---------------------------------------------------------------- text metrics

def text_em(text: str, bold: bool = False) -> float:
    """Width of a line of Arial (Liberation Sans has the same metrics) in ems, from the font file."""
    return text_width(text, 100, bold) / 100.0


# ---------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Box:
    """A node's shape on the slide, in points: centre and size."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            abs(self.x - other.x) * 2 < self.w + other.w and abs(self.y - other.y) * 2 < self.h + other.h
        )


@dataclass(frozen=True)
class Geometry:
    font: float  # points
    boxes: dict[str, Box]
    sx: float
    sy: float
    x_off: float
    y_off: float

    def x(self, layout_x: float) -> float:
        return self.x_off + layout_x * self.sx

    def y(self, layout_y: float) -> float:
        return self.y_off - layout_y * self.sy


def _sizes(view: View, font: float) -> dict[str, tuple[float, float]]:
    out = {}
    for n in view.pos:
        lines = view.labels[n] or ("",)
        pad = style.DECK_SHAPE[view.node(n).kind][1]
        bold = view.sides.get(n) == Side.shared  # convergent labels are bold
        tw = max(text_em(line, bold) for line in lines) * font * 1.04
        out[n] = (tw * (1 + pad) + (2 * INSET + 0.3) * font, (len(lines) * LINE + 2 * INSET + 0.15) * font)
    return out


def _fit(coords: dict[str, float], half: dict[str, float], span: float) -> tuple[float, float]:
    """(scale, offset) so that every coord*scale ± half lies within [0, span], as spread as possible."""
    lo_c, hi_c = min(coords.values()), max(coords.values())
    if hi_c - lo_c < 1e-9:
        return 1.0, span / 2 - lo_c

    def extent(s: float) -> tuple[float, float]:
        return min(c * s - half[n] for n, c in coords.items()), max(c * s + half[n] for n, c in coords.items())

    lo, hi = 0.0, span / (hi_c - lo_c)
    for _ in range(40):
        mid = (lo + hi) / 2
        a, b = extent(mid)
        if b - a <= span:
            lo = mid
        else:
            hi = mid
    a, b = extent(lo)
    return lo, (span - (b - a)) / 2 - a


def geometry(view: View) -> Geometry:
    """Node boxes on the slide: the layout's positions, x and y each scaled to fill the frame,
    and the largest type size (≤ MAX_FONT) at which no two boxes overlap."""
    nodes = [n for n in view.pos if n in view.graph]

    def place(font: float) -> Geometry:
        sizes = _sizes(view, font)
        sx, ox = _fit({n: view.pos[n][0] for n in nodes}, {n: sizes[n][0] / 2 for n in nodes}, AREA_RIGHT - AREA_LEFT)
        sy, oy = _fit({n: -view.pos[n][1] for n in nodes}, {n: sizes[n][1] / 2 for n in nodes}, AREA_BOTTOM - AREA_TOP)
        g = Geometry(font, {}, sx, sy, AREA_LEFT + ox, AREA_TOP + oy)
        boxes = {n: Box(g.x(view.pos[n][0]), g.y(view.pos[n][1]), *sizes[n]) for n in nodes}
        return replace(g, boxes=boxes)

    def clear(g: Geometry) -> bool:
        items = sorted(g.boxes.values(), key=lambda b: b.x - b.w / 2)
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b.x - b.w / 2 >= a.x + a.w / 2:
                    break
                if a.overlaps(b):
                    return False
        return True

    best = place(MIN_FONT)
    if clear(place(MAX_FONT)):
        return place(MAX_FONT)
    lo, hi = MIN_FONT, MAX_FONT
    for _ in range(14):
        mid = (lo + hi) / 2
        g = place(mid)
        if clear(g):
            lo, best = mid, g
        else:
            hi = mid
    return best


# ---------------------------------------------------------------- drawing helpers


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _emu(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_PT)))


def _runs_font(tf, size: float | None = None) -> None:  # type: ignore[no-untyped-def]
    for p in tf.paragraphs:
        for r in p.runs:
            r.font.name = style.DECK_FONT
            if size is not None:
                r.font.size = Pt(size)


def _textbox(slide, x: float, y: float, w: float, h: float, paragraphs: Sequence[str], size: float, *,  # type: ignore[no-untyped-def]
             bold: bool = False, colour: str = style.BLACK, align=PP_ALIGN.LEFT, name: str | None = None,
             wrap: bool = True, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = wrap
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, m, Emu(0))
    for i, text in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        r = p.add_run()
        r.text = text
        r.font.size = Pt(size)
        r.font.bold = bold
        r.font.name = style.DECK_FONT
        r.font.color.rgb = _rgb(colour)
    return box


def _title(slide, text: str, sub: str | None = None) -> None:  # type: ignore[no-untyped-def]
    _textbox(slide, 0.3 * 72, 0.12 * 72, _PT_W - 0.6 * 72, 0.5 * 72, [text], 22, bold=True, name="title",
             anchor=MSO_ANCHOR.MIDDLE)
    if sub:
        _textbox(slide, 0.3 * 72, 0.6 * 72, _PT_W - 0.6 * 72, 0.3 * 72, [sub], 12, colour=style.DARK, name="subtitle")


def _notes(slide, lines: Iterable[str]) -> None:  # type: ignore[no-untyped-def]
    tf = slide.notes_slide.notes_text_frame
    tf.text = "\n".join(lines)
    _runs_font(tf)


def _set_line(ln, colour: str, width_pt: float, dash: str | None = None, end: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Solid colour, width, preset dash and target line end of an ``a:ln`` (schema order kept)."""
    for child in list(ln):
        ln.remove(child)
    ln.set("w", str(int(width_pt * EMU_PER_PT)))
    fill = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", colour.lstrip("#").upper())
    if dash:
        etree.SubElement(ln, qn("a:prstDash")).set("val", dash)
    if end:
        etree.SubElement(ln, qn("a:tailEnd"), type=end, w="med", len="med")


# ---------------------------------------------------------------- the diagram


def _drop_style(shape) -> None:  # type: ignore[no-untyped-def]
    """No theme style: fill, outline and text colour are all set explicitly (and no theme shadow)."""
    el = shape._element.find(qn("p:style"))
    if el is not None:
        el.getparent().remove(el)


def _shown_edges(view: View, visible: set[str]) -> list[Edge]:
    return [e for e in view.edges() if e.source in visible and e.target in visible]


def _sites(a: Box, b: Box) -> tuple[int, int]:
    """Connection sites (0 top, 1 left, 2 bottom, 3 right) for an arrow from box a to box b."""
    dy = b.y - a.y
    if abs(dy) * 2 > a.h + b.h:
        return (2, 0) if dy > 0 else (0, 2)
    return (3, 1) if b.x >= a.x else (1, 3)


def _edge_colour(e: Edge) -> tuple[str, float]:
    if e.status in style.STATUS_MARK_COLOUR:
        return style.STATUS_MARK_COLOUR[e.status], 1.75
    if style.line_evidence(e) in style.EVIDENCE_LIGHT:
        return style.REVIEW_GREY, 1.0
    return style.DARK, 1.5


def draw_diagram(slide, view: View, geo: Geometry) -> tuple[list[str], list[Edge]]:  # type: ignore[no-untyped-def]
    """Node shapes, glued connectors, tier names and column headers of the view's visible part."""
    order = view.visible()
    visible = set(order)
    shapes = {}
    for n in order:
        node = view.node(n)
        side = view.sides.get(n, Side.context)
        b = geo.boxes[n]
        shape = slide.shapes.add_shape(
            getattr(MSO_SHAPE, style.DECK_SHAPE[node.kind][0]),
            _emu(b.x - b.w / 2), _emu(b.y - b.h / 2), _emu(b.w), _emu(b.h),
        )
        shape.name = f"node:{n}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(style.SIDE_COLOUR[side])
        ln = shape.line._get_or_add_ln()
        if side == Side.shared:
            _set_line(ln, style.BLACK, min(2.5, 0.3 * geo.font))
        elif side == Side.inferred:
            _set_line(ln, style.DEEP_PINK, min(3.0, 0.36 * geo.font))
        elif side == Side.unreached:
            _set_line(ln, style.GREY, 1.0)
        else:
            _set_line(ln, "#FFFFFF", 0.75)
        _drop_style(shape)
        tf = shape.text_frame
        tf.word_wrap = False
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(tf, m, _emu(INSET * geo.font))
        p = tf.paragraphs[0]
        p.alignment = PP_ALIGN.CENTER
        for i, line in enumerate(view.labels[n]):
            if i:
                p.add_line_break()
            r = p.add_run()
            r.text = line
            r.font.size = Pt(round(geo.font, 1))
            r.font.name = style.DECK_FONT
            r.font.bold = side == Side.shared
            r.font.color.rgb = _rgb(style.DECK_TEXT_COLOUR[side])
        shapes[n] = shape
    edges = _shown_edges(view, visible)
    connectors = []
    for e in edges:
        a, b = geo.boxes[e.source], geo.boxes[e.target]
        s0, s1 = _sites(a, b)
        c = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
        c.begin_connect(shapes[e.source], s0)
        c.end_connect(shapes[e.target], s1)
        c.name = f"edge:{e.key}"
        colour, width = _edge_colour(e)
        _set_line(c.line._get_or_add_ln(), colour, width, style.DECK_DASH[style.line_evidence(e)], style.DECK_HEAD[e.relation])
        _drop_style(c)
        connectors.append(c)
    # arrows under the nodes: move the connectors to the bottom of the drawing order
    tree = slide.shapes._spTree
    for c in reversed(connectors):
        tree.remove(c._element)
        tree.insert(2, c._element)
    for t in view.tiers():
        if view.reveal_tier is not None and t.rank > view.reveal_tier:
            continue
        ys = [geo.boxes[n].y for n in order if view.node(n).tier == t]
        if ys:
            y = sum(ys) / len(ys)
            _textbox(slide, 0.05 * 72, y - 10, AREA_LEFT - 0.15 * 72, 20, [style.TIER_TITLE[t]], 11, bold=True,
                     colour=style.DARK, align=PP_ALIGN.RIGHT, name=f"tier:{t.value}", anchor=MSO_ANCHOR.MIDDLE)
    heads = sorted(((geo.x(x), text, colour) for text, x, colour in header_texts(view, visible)), key=lambda h: h[0])
    for i, (cx, text, colour) in enumerate(heads):
        left = (heads[i - 1][0] + cx) / 2 if i else 0.0
        right = (heads[i + 1][0] + cx) / 2 if i + 1 < len(heads) else _PT_W
        cx = min(max(cx, left + 0.6 * 72), right - 0.6 * 72)
        w = min(4.4 * 72, 2 * min(cx - left, right - cx) - 6)
        _textbox(slide, cx - w / 2, 0.8 * 72, w, 0.4 * 72, [text], 11, bold=True, colour=colour,
                 align=PP_ALIGN.CENTER, name="header", anchor=MSO_ANCHOR.BOTTOM)
    return order, edges


def draw_legend(slide, view: View, order: Sequence[str], edges: Sequence[Edge]) -> None:  # type: ignore[no-untyped-def]
    """The legend strip: only what this slide draws, in the words of the style tables."""
    box = slide.shapes.add_textbox(_emu(0.3 * 72), _emu(AREA_BOTTOM + 0.12 * 72), _emu(_PT_W - 0.6 * 72), _emu(0.8 * 72))
    box.name = "legend"
    tf = box.text_frame
    tf.word_wrap = True
    for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, m, Emu(0))
    size = Pt(9)

    def run(p, text: str, colour: str = style.DARK, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
        r = p.add_run()
        r.text = text
        r.font.size = size
        r.font.name = style.DECK_FONT
        r.font.bold = bold
        r.font.color.rgb = _rgb(colour)

    present = {view.sides.get(n, Side.context) for n in order}
    p = tf.paragraphs[0]
    run(p, "Colour: ", bold=True)
    first = True
    for s in (Side.a, Side.shared, Side.inferred, Side.b, Side.unreached, Side.context):
        if s not in present:
            continue
        mark = "□ " if s == Side.inferred else "■ "
        run(p, ("" if first else "   ") + mark, style.SIDE_OUTLINE[s] if s in (Side.inferred, Side.unreached) else style.SIDE_COLOUR[s])
        run(p, style.side_key(s, dict(view.names), view.is_pair))
        first = False
    run(p, "   ·   node outline = kind of node")
    p = tf.add_paragraph()
    run(p, "Line: ", bold=True)
    evs = [ev for ev in Evidence if any(style.line_evidence(e) == ev for e in edges)]
    run(p, " · ".join(style.EVIDENCE_WORDS[ev] for ev in evs) or "no arrows yet")
    statuses = [s for s in (Status.contested, Status.hypothesis) if any(e.status == s for e in edges)]
    if statuses:
        run(p, "   ·   ")
        for i, s in enumerate(statuses):
            run(p, ("; " if i else "") + style.DECK_STATUS_WORDS[s], style.STATUS_MARK_COLOUR[s])
    p = tf.add_paragraph()
    run(p, "Line end: ", bold=True)
    rels = {e.relation for e in edges}
    words = [style.DECK_HEAD_WORDS[r] for r in style.LEGEND_RELATIONS if style.RELATION_GROUP.get(r, {r}) & rels]
    run(p, " · ".join(words) or "no arrows yet")
    run(p, "   ·   sources for every arrow in the speaker notes")


# ---------------------------------------------------------------- words


def first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return (m.group(1) if m else text).strip()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Refs:
    """Numbers references in the order the deck first cites them."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.order: list[str] = []

    def number(self, ref: str) -> int:
        if ref not in self.order:
            self.order.append(ref)
        return self.order.index(ref) + 1

    def cited(self) -> list[Reference]:
        refs = self.view.bundle.references
        return [refs[r] for r in self.order if r in refs]


def arrow_line(view: View, e: Edge, refs: _Refs) -> str:
    """'A inhibits B — human studies, established — [1] Krystal et al. 2019 (doi:…): “quote”'.

    A quote in another text's words says so, that text numbered too (render/text.py's wording):
    '[2] Gallenstein's article writes, citing [1] Vollenweider & Kometer 2010 (doi:…): “…”'.
    """
    b = view.bundle
    cites = "; ".join(cite_text(c, number=refs.number) for c in view.citations(e))
    head = f"{b.nodes[e.source].label} {e.relation.label} {b.nodes[e.target].label}"
    note = f" Note: {e.note}" if e.note else ""
    return f"• {head} — {e.evidence.label}, {e.status.value} — {cites}{note}"


def _step_notes(view: View, new: Sequence[str], edges: Sequence[Edge], k: int, total: int, refs: _Refs) -> list[str]:
    tier = style.TIER_TITLE[view.node(new[0]).tier] if new else ""
    shared = sum(1 for n in new if view.sides.get(n) == Side.shared)
    inferred = sum(1 for n in new if view.sides.get(n) == Side.inferred)
    both = []
    if shared:
        both.append(f"{shared} of them reached by both drugs by their own sentences (pink, thick outline)")
    if inferred:
        both.append(f"{inferred} reached by both only by inference (hollow, dark pink outline)")
    lines = [
        f"Step {k} of {total}: the {tier.lower()} tier appears — {_plural(len(new), 'new node')}"
        + ("; " + "; ".join(both) + "." if both else ".")
    ]
    if k == 1:
        lines.append(
            f"{view.names.get('a', '')} starts on the left (blue), {view.names.get('b', '')} on the right (orange); "
            "each next slide adds the tier below."
            if view.is_pair
            else "Each next slide adds the tier below."
        )
    lines.append(f"{_plural(len(edges), 'arrow')} drawn so far; the sources of each are listed below.")
    lines.append("")
    lines.append("New on this slide:")
    for n in new:
        node = view.node(n)
        lines.append(f"• {node.label} — {view.side_name(view.sides.get(n, Side.context))}: {first_sentence(node.description)}")
    lines.append("")
    lines.append("Arrows shown, with their sources:")
    lines.extend(arrow_line(view, e, refs) for e in edges)
    return lines


def _convergence_notes(view: View, edges: Sequence[Edge], refs: _Refs) -> list[str]:
    conv = view.convergent_nodes
    stated = [n for n in conv if view.sides.get(n) == Side.shared]
    inferred = [n for n in conv if view.sides.get(n) == Side.inferred]
    a, b = view.names.get("a", ""), view.names.get("b", "")
    lines = []
    if view.is_pair and conv:
        if stated:
            lines.append(
                f"Both cascades together: the sources state that {a} and {b} meet at {_plural(len(stated), 'node')} — "
                + ", ".join(view.node(n).label for n in stated) + "."
            )
        if inferred:
            lines.append(
                f"Reached by both only by inference through another drug's sentences or another brain region "
                f"({_plural(len(inferred), 'node')}, hollow with a dark pink outline): "
                + ", ".join(view.node(n).label for n in inferred) + "."
            )
        lines.append("A node is pink when each drug reaches it by sentences about that drug or general biology; the next slides say why, route by route.")
    elif view.is_pair:
        lines.append(f"Both cascades together: {a} and {b} reach no common node in this view.")
    else:
        lines.append(f"The whole cascade of {a}.")
    lines.append("")
    lines.append("Arrows shown, with their sources:")
    lines.extend(arrow_line(view, e, refs) for e in edges)
    return lines


# ---------------------------------------------------------------- slides


def _diagram_slide(prs, view: View, geo: Geometry, title: str, sub: str | None):  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, title, sub)
    order, edges = draw_diagram(slide, view, geo)
    draw_legend(slide, view, order, edges)
    return slide, order, edges


def _title_slide(prs, view: View) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(slide, 0.8 * 72, 1.9 * 72, _PT_W - 1.6 * 72, 1.4 * 72, [view.title], 36, bold=True, name="title",
             anchor=MSO_ANCHOR.BOTTOM)
    lines = []
    if view.is_pair:
        lines.append(
            f"{view.names['a']} on the left (blue), {view.names['b']} on the right (orange), "
            "what both reach in the middle (pink, thick outline)."
        )
    lines.append("The cascades are built up tier by tier, from the drug to the clinical effect; every arrow's "
                 "sources are in the speaker notes.")
    filters = describe_filters(view.state)
    lines.append(f"View: {filters}." if filters else "View: every node and arrow (full detail).")
    _textbox(slide, 0.8 * 72, 3.5 * 72, _PT_W - 1.6 * 72, 2.0 * 72, lines, 16, colour=style.DARK, name="subtitle")
    _textbox(slide, 0.8 * 72, _PT_H - 0.8 * 72, _PT_W - 1.6 * 72, 0.4 * 72, [f"Made with {GENERATOR}"], 11,
             colour=style.GREY, name="generator")
    small = geometry(view).font < 8
    _notes(slide, [
        f"{view.title}.",
        *(["This view has many nodes, so the diagram's type is small; the core mechanism only "
           "(pathviz export --detail core, or that filter on the dashboard) makes a readable slide."] if small else []),
        "The deck builds the diagram up one tier at a time, then shows both cascades, then explains each "
        "meeting point route by route; the last slide lists the references.",
    ])


def _why_slide(prs, view: View, node_id: str, refs: _Refs) -> None:  # type: ignore[no-untyped-def]
    b = view.bundle
    node = view.node(node_id)
    support = view.support[node_id]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    a_name, b_name = view.names.get("a", ""), view.names.get("b", "")
    inferred = view.sides.get(node_id) == Side.inferred
    title = (
        f"{a_name} and {b_name} meet at {node.label} only by inference"
        if inferred
        else f"Why {a_name} and {b_name} converge at {node.label}"
    )
    _title(slide, title, first_sentence(node.description))
    notes = [
        (
            f"{node.label} is reached by both drugs, but not by each drug's own sentences: "
            if inferred
            else f"{node.label} is reached by both drugs, each by sentences about it or general biology. "
        )
        + "For each drug, the slide shows the cited route the texts give as the mechanism (core steps first), "
        "then the one whose weakest step is strongest (established before hypothesis before contested, then by "
        "kind of evidence), then the shortest.",
        support.summary() + ".",
        "",
    ]
    col_w = (_PT_W - 0.9 * 72) / 2
    for i, choice in enumerate(support.routes):
        colour = style.SIDE_COLOUR[Side.a if i == 0 else Side.b]
        paras: list[tuple[str, float, bool, str]] = []
        if choice.best is None:
            paras.append((f"From {choice.name}: no route under these filters", 15, True, colour))
        else:
            steps = choice.best.steps
            how = "stated" if choice.stated else "only by inference"
            paras.append((f"From {choice.name}, {how} ({_plural(len(steps), 'step')})", 16, True, colour))
            paras.append((f"Support: {choice.strength}.", 12, False, style.DARK))
            borrowed = dict(choice.borrowed)
            for k, step in enumerate(steps, 1):
                e = step.edge
                paras.append((f"{k}. {b.nodes[e.source].label} {e.relation.label} {b.nodes[e.target].label}", 13, True, style.BLACK))
                if e.key in borrowed:
                    paras.append((f"inference: {borrowed[e.key]}, not about {choice.name}", 11, True, style.DEEP_PINK))
                cites = "; ".join(dict.fromkeys(f"[{refs.number(c.ref)}] {c.short}" for c in view.citations(e)))
                paras.append((f"evidence: {e.evidence.label} · status: {e.status.value} · {cites}", 11, False, style.DARK))
            n = choice.independent
            paras.append((f"{_plural(n, 'independent route')} (sharing no intermediate node).", 11, False, style.DARK))
            if choice.shortest_differs and choice.shortest is not None:
                paras.append(("Shortest route (fewer steps, less well supported): "
                              + " → ".join(b.nodes[x].label for x in choice.shortest.nodes), 11, False, style.DARK))
            notes.append(f"From {choice.name}: {choice.strength}.")
            notes.extend(arrow_line(view, s.edge, refs) for s in steps)
            notes.append("")
        lines_used = sum(1 + len(t) // 60 for t, *_ in paras)
        shrink = min(1.0, 26 / max(1, lines_used))
        box = slide.shapes.add_textbox(_emu(0.3 * 72 + i * (col_w + 0.3 * 72)), _emu(1.1 * 72), _emu(col_w), _emu(_PT_H - 1.5 * 72))
        box.name = f"route:{choice.pathway}"
        tf = box.text_frame
        tf.word_wrap = True
        for j, (text, size, bold, col) in enumerate(paras):
            p = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
            p.space_after = Pt(3)
            r = p.add_run()
            r.text = text
            r.font.size = Pt(max(8, round(size * shrink, 1)))
            r.font.bold = bold
            r.font.name = style.DECK_FONT
            r.font.color.rgb = _rgb(col)
    _notes(slide, notes)


def reference_line(n: int, ref: Reference, short: str) -> str:
    parts = [f"{n}. {short}. {ref.title.rstrip('.')}."]
    if ref.journal:
        parts.append(f"{ref.journal}.")
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    if ref.pmid:
        parts.append(f"PMID {ref.pmid}")
    if not ref.doi and not ref.pmid and ref.url:
        parts.append(ref.url)
    return " ".join(parts)


def _references_slide(prs, view: View, refs: _Refs) -> None:  # type: ignore[no-untyped-def]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    cited = refs.cited()
    _title(slide, "References", f"{_plural(len(cited), 'source')} cited in this deck; numbers as in the speaker notes")
    lines = [reference_line(i, r, view.bundle.short(r.id)) for i, r in enumerate(cited, 1)]
    cols = 1 if len(lines) <= 8 else 2
    per_col = math.ceil(len(lines) / cols) if lines else 1
    col_w = (_PT_W - 0.6 * 72 - (cols - 1) * 0.3 * 72) / cols
    height = _PT_H - 1.4 * 72
    # an entry takes two or three lines at this width
    size = max(7.0, min(16.0, height / (per_col * 2.4 * 1.25)))
    for c in range(cols):
        chunk = lines[c * per_col : (c + 1) * per_col]
        if chunk:
            _textbox(slide, 0.3 * 72 + c * (col_w + 0.3 * 72), 1.05 * 72, col_w, height, chunk, size,
                     colour=style.BLACK, name=f"references:{c + 1}")
    _notes(slide, ["The references cited in the speaker notes and route slides, numbered in order of first citation."] + lines)


def to_deck(view: View) -> bytes:
    """The lecture deck of a view, as PPTX bytes."""
    state = replace(view.state, node=None, edge=None, mode="explore", step=None)
    canvas = deck_canvas(view.canvas)
    full = build_view(view.bundle, state, canvas, title=view.title)
    geo = geometry(full)
    refs = _Refs(full)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    prs.core_properties.title = full.title[:250]
    prs.core_properties.author = GENERATOR
    _title_slide(prs, full)
    tiers = full.tiers()
    seen: set[str] = set()
    for k, tier in enumerate(tiers, 1):
        step = build_view(view.bundle, replace(state, mode="lecture", step=tier.rank), canvas, title=view.title)
        slide, order, edges = _diagram_slide(
            prs, step, geo, f"{full.title}", f"Step {k} of {len(tiers)}: {style.TIER_TITLE[tier]}"
        )
        new = [n for n in order if n not in seen]
        seen.update(order)
        _notes(slide, _step_notes(step, new, edges, k, len(tiers), refs))
    conv = full.convergent_nodes
    n_stated, n_inferred = len(full.stated_nodes), len(full.inferred_nodes)
    sub = (
        f"Both cascades: {_plural(n_stated, 'meeting point')} the sources state (pink)"
        + (f", {n_inferred} only by inference (hollow)" if n_inferred else "")
        if full.is_pair
        else "The whole cascade"
    )
    slide, order, edges = _diagram_slide(prs, full, geo, f"Where {full.names.get('a', '')} and {full.names.get('b', '')} converge"
                                         if full.is_pair else full.title, sub)
    _notes(slide, _convergence_notes(full, edges, refs))
    for n in conv:
        if n in full.support:
            _why_slide(prs, full, n, refs)
    _references_slide(prs, full, refs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def write_deck(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_bytes(path, to_deck(view))]


FORMATS = (
    Format("pptx", "pptx", MIME, "Lecture deck (PowerPoint, editable)", write_deck, kind="slide", order=4, to_bytes=to_deck),
)
