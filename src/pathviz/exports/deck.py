"""An editable lecture deck (PowerPoint / Impress, 16:9) that builds the comparison up tier by tier.

Slides, in order:

1. a title slide;
2. the build-up: the same diagram revealed tier by tier (drugs, targets, …,
   clinical effect), exactly as the dashboard's lecture mode steps; a picture
   too large for one slide at 14 pt (full detail) is drawn in parts of
   consecutive tiers, arrows to earlier parts ending on dashed stand-ins;
3. the convergence slide: the meeting points brought forward (stated ones pink
   with a thick outline, inferred ones hollow with a dark pink outline), each
   drug's route to them at full strength, the rest faded;
4. one slide per meeting point of the view: the best-supported route from each
   drug, stated or only by inference (the borrowed steps marked), step by step,
   evidence and status in words;
5. the references cited in the deck, numbered, with DOIs.

The diagram is made of native shapes: one autoshape per node (its outline from
the node kind, its fill from the one palette, its label editable text) and one
connector per arrow, glued to the two node shapes (``stCxn``/``endCxn``), so a
lecturer can move a node and its arrows follow. The line end says the relation,
the dash says the study type, the line colour says a contested or hypothetical
step; a legend strip on each diagram slide says so in words. Speaker notes are
read at a glance: what the step shows, then each arrow drawn for the first time
with its source in short form (numbered as on the references slide).

Positions are the layout's (the same view builder and layout as the dashboard),
computed once for the deck so nodes stay put from slide to slide; node labels
are 14 pt or larger.

For PowerPoint's accessibility checker and screen readers: every slide's title
is in its title placeholder (layout "Title Only"), each title different; the
diagram is one group whose description (alt text) says what it shows (the
drugs, the meeting points on the slide, stated and inferred), each arrow's and
node's description says what it claims or where it stands; a slide reads title,
subtitle, diagram, legend; every text run, and the presentation's default, is
British English (``LANG``).
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
from pathviz.exports.slides import drugs_words, meeting_words
from pathviz.layout.text import text_width, wrap
from pathviz.model import Edge, Reference
from pathviz.render import style
from pathviz.render.figure import header_texts
from pathviz.render.text import cite_numbers, cite_text
from pathviz.view import GENERATOR, Canvas, Side, View, build_view, describe_filters
from pathviz.vocab import Evidence, Status, Tier

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

EMU_PER_IN = 914400
PX = 100.0  # canvas pixels per unit of the view's positions
EMU_PER_PT = 12700
SLIDE_W = 12192000  # 13.333 in: 16:9
SLIDE_H = 6858000  # 7.5 in

# the diagram's frame on a slide, in points
_PT_W, _PT_H = SLIDE_W / EMU_PER_PT, SLIDE_H / EMU_PER_PT
AREA_LEFT = 1.45 * 72  # tier names to the left of it
AREA_RIGHT = _PT_W - 0.2 * 72
AREA_W = AREA_RIGHT - AREA_LEFT
AREA_TOP = 1.16 * 72  # title bar and column headers above it
HEADER_TOP = 0.73 * 72  # the column headers' box, above the frame
LEGEND_W = _PT_W - 0.6 * 72
NODE_PT = 14.0  # the smallest node label on a projected slide (about 28 px of a 1080-line projector)
TEXT_PT = 12.0  # legend, column headers and tier names
FONTS = (16.0, 15.0, NODE_PT)  # node type sizes tried, largest first: the largest whose picture fits one slide
INSET = 0.15  # text inset inside a node shape, in font sizes
LINE = 1.18  # line height, in font sizes
TIER_GAP = 0.65  # the least space between two tiers (room for the arrows), in font sizes
ROW_GAP = 0.35  # between the sub-rows of one tier, in font sizes
SPREAD = 3.0  # spare height given to a tier gap at most, in font sizes
NOTES_MAX = 1200  # characters of a slide's speaker notes: read at a glance
LANG = "en-GB"  # the language of every text run and of the presentation
TITLE_LAYOUT = "Title Only"  # a layout with a title placeholder and nothing else
TITLE_PT = 22.0  # a slide's title, shrunk to TITLE_MIN_PT to stay on one line
TITLE_MIN_PT = 16.0

LABEL_EMS = 9.0  # deck labels wrap at about this width, in ems (long words stay whole)
#: the layout measures labels this much larger than the deck draws them, so the box it reserves for a
#: label holds the node's shape (outline padding, insets, bold type) with room for an arrow beside it
LAYOUT_SCALE = 1.45
STAND_IN_EMS = 14.0  # a stand-in for a node of an earlier part wraps at about this width, in ems


def deck_canvas(font: float = NODE_PT) -> Canvas:
    """The canvas the deck's diagram is laid out on: one pixel per point of the slide's frame, labels
    measured at ``LAYOUT_SCALE`` × the deck's type size, so the layout wraps each row into sub-rows
    wherever the shapes would not fit side by side; as tall as the picture needs."""
    px = round(font * LAYOUT_SCALE)
    return Canvas(
        width_px=int(round(AREA_W)) + 32,  # the canvas's own side margins (16 px each) outside the frame
        height_px=None,
        font_px=px,
        label_px=px * LABEL_EMS,
        marker_px=6.0,
        convergent_px=6.0,
        title=False,
        legend=False,
        headers=False,
        tier_labels=False,
        pad_px=0,
    )


# ---------------------------------------------------------------- text metrics

def text_em(text: str, bold: bool = False) -> float:
    """Width of a line of Arial (Liberation Sans has the same metrics) in ems, from the font file."""
    return text_width(text, 100, bold) / 100.0


def text_lines(text: str, size: float, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes at ``size`` points in a box ``width`` points wide (breaking at spaces)."""
    lines, line = 1, ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_em(candidate, bold) * size > width:
            lines, line = lines + 1, word
        else:
            line = candidate
    return lines


HEADER_MAX_W = 4.6 * 72  # a column header's widest box
HEADER_GAP = 8.0  # points between two column headers


def header_boxes(heads: Sequence[tuple[float, str]], width: float = _PT_W) -> list[tuple[float, float]]:
    """(left, width) in points of each column header, given (centre, text) sorted by centre: each as near
    its column's centre as it can be, on one line if the row has room for every header so, else on two
    (the headers' box holds two lines), never overlapping one another or leaving the slide."""

    def two_line_width(text: str) -> float:
        lo, hi = max(text_em(w, True) for w in text.split(" ")) * TEXT_PT + 4, text_em(text, True) * TEXT_PT + 4
        while hi - lo > 1:
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if text_lines(text, TEXT_PT, mid - 4, True) <= 2 else (mid, hi)
        return hi

    one = [min(HEADER_MAX_W, text_em(t, True) * TEXT_PT + 6) for _, t in heads]
    widths = one if sum(one) + HEADER_GAP * (len(heads) + 1) <= width else [min(HEADER_MAX_W, two_line_width(t)) for _, t in heads]
    lefts = [cx - w / 2 for (cx, _), w in zip(heads, widths)]
    for i in range(len(lefts)):  # push right past the one before
        floor = lefts[i - 1] + widths[i - 1] + HEADER_GAP if i else HEADER_GAP / 2
        lefts[i] = max(lefts[i], floor)
    for i in reversed(range(len(lefts))):  # and back left inside the slide
        ceiling = lefts[i + 1] - HEADER_GAP - widths[i] if i + 1 < len(lefts) else width - HEADER_GAP / 2 - widths[i]
        lefts[i] = min(lefts[i], ceiling)
    return list(zip(lefts, widths))


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
class Strip:
    """A band above a part's tiers with stand-ins for the nodes of earlier parts (of the tiers ``ranks``)
    that its arrows come from or go to."""

    top: float
    height: float
    ranks: frozenset[int]

    def words(self) -> str:
        """'arrows from Drug to Transmission'."""
        names = [style.TIER_TITLE[t] for t in Tier if t.rank in self.ranks]
        return "arrows from " + (names[0] if len(names) == 1 else f"{names[0]} to {names[-1]}")


@dataclass(frozen=True)
class Page:
    """One part of the diagram: consecutive tiers and their boxes. Its arrows to earlier parts are drawn
    to stand-ins in a strip above it; when they are too many for one slide, each slide of the part
    takes the stand-ins of some of the earlier tiers (``strips``)."""

    index: int  # 1-based
    count: int
    tiers: tuple[Tier, ...]
    boxes: dict[str, Box]
    strips: tuple[Strip, ...] = ()

    @property
    def split(self) -> bool:
        return self.count > 1

    @property
    def slides(self) -> tuple[Strip | None, ...]:
        return self.strips or (None,)

    def words(self, strip: Strip | None = None) -> str:
        """'part 2 of 3: Signalling to Plasticity' (with ', arrows from Drug to Targets' when the part's
        stand-ins take more than one slide)."""
        first, last = style.TIER_TITLE[self.tiers[0]], style.TIER_TITLE[self.tiers[-1]]
        span = first if first == last else f"{first} to {last}"
        more = f", {strip.words()}" if strip is not None and len(self.strips) > 1 else ""
        return f"part {self.index} of {self.count}: {span}{more}"


@dataclass(frozen=True)
class Geometry:
    font: float  # points
    sizes: dict[str, tuple[float, float]]
    pages: tuple[Page, ...]
    stand_ins: dict[str, tuple[tuple[str, ...], float, float]]  # node -> its stand-in's lines, width, height
    bottom: float  # the frame's lower edge (the legend is below it)

    @property
    def boxes(self) -> dict[str, Box]:
        return {n: b for p in self.pages for n, b in p.boxes.items()}

    def page_of(self, node: str) -> Page:
        return next(p for p in self.pages if node in p.boxes)

    def x(self, layout_x: float) -> float:
        return AREA_LEFT + layout_x * PX


def _size(view: View, n: str, lines: Sequence[str], font: float, bold: bool) -> tuple[float, float]:
    pad = style.DECK_SHAPE[view.node(n).kind][1]
    tw = max(text_em(line, bold) for line in lines or ("",)) * font * 1.04
    return tw * (1 + pad) + (2 * INSET + 0.3) * font, (max(1, len(lines)) * LINE + 2 * INSET + 0.15) * font


def _sizes(view: View, font: float) -> dict[str, tuple[float, float]]:
    # convergent labels are bold
    return {n: _size(view, n, view.labels[n], font, view.sides.get(n) == Side.shared) for n in view.pos}


def stand_in_lines(view: View, n: str) -> tuple[str, ...]:
    """A stand-in's label: wrapped wider than a node's, so a strip of them takes fewer lines."""
    label = view.node(n).label
    return wrap(label, STAND_IN_EMS * 100, 100)


def _rows(view: View) -> dict[Tier, list[list[str]]]:
    """Each tier's sub-rows (the layout's), top to bottom, each left to right."""
    rows: dict[Tier, dict[float, list[str]]] = {}
    for n in view.pos:
        if n in view.graph:
            rows.setdefault(view.node(n).tier, {}).setdefault(round(view.pos[n][1], 3), []).append(n)
    return {
        t: [sorted(members, key=lambda n: view.pos[n][0]) for _, members in sorted(by_y.items(), reverse=True)]
        for t, by_y in sorted(rows.items(), key=lambda kv: kv[0].rank)
    }


def _neighbours(view: View, nodes: set[str]) -> set[str]:
    """Nodes outside ``nodes`` that share an arrow with one of them."""
    out = set()
    for e in view.edges():
        if e.source in nodes and e.target not in nodes:
            out.add(e.target)
        elif e.target in nodes and e.source not in nodes:
            out.add(e.source)
    return {n for n in out if n in view.pos}


def _pack(items: Sequence[tuple[str, float, float]], gap: float) -> dict[str, float]:
    """x centres for (id, wanted x, width) kept in order, at least ``gap`` apart, inside the frame,
    each as near its wanted x as a sweep each way allows."""
    xs: dict[str, float] = {}
    prev = None
    for n, want, w in items:
        lo = AREA_LEFT + w / 2 if prev is None else xs[prev[0]] + (prev[1] + w) / 2 + gap
        xs[n] = max(want, lo)
        prev = (n, w)
    nxt = None
    for n, _, w in reversed(items):
        hi = AREA_RIGHT - w / 2 if nxt is None else xs[nxt[0]] - (nxt[1] + w) / 2 - gap
        xs[n] = min(xs[n], hi)
        nxt = (n, w)
    return xs


def _strip_rows(widths: Sequence[float], gap: float) -> int:
    """Fewest rows (every k-th item in each) in which boxes of these widths fit the frame's width."""
    k = 1
    while k < len(widths) and max(sum(widths[i::k]) + gap * (len(widths[i::k]) - 1) for i in range(k)) > AREA_W:
        k += 1
    return k


def _strip(view: View, ends: Iterable[str], stand_ins: dict[str, tuple[tuple[str, ...], float, float]],
           gap: float) -> list[list[str]]:
    """Stand-ins in rows: every k-th (left to right) in each of the fewest rows that fit the frame's width."""
    group = sorted(ends, key=lambda n: view.pos[n][0])
    k = _strip_rows([stand_ins[n][1] for n in group], gap)
    return [group[r::k] for r in range(k)] if group else []


def _page(view: View, rows: dict[Tier, list[list[str]]], tiers: Sequence[Tier], sizes: dict[str, tuple[float, float]],
          stand_ins: dict[str, tuple[tuple[str, ...], float, float]], font: float, top: float, bottom: float,
          alone: bool = False, split: bool = False) -> tuple[float, Page]:
    """The boxes of the part holding ``tiers`` and the height it needs (more than the frame: it does not
    fit). ``split``: stand-ins that do not fit one strip go to several slides, by the tier they stand for."""
    gap = max(8.0, 0.6 * font)
    nodes = {n for t in tiers for row in rows[t] for n in row}
    first = min(t.rank for t in tiers)
    off = set() if alone else {n for n in _neighbours(view, nodes) if view.node(n).tier.rank < first}

    def height(hs: Sequence[float]) -> float:
        return sum(hs) + ROW_GAP * font * (len(hs) - 1)

    def strip_height(ends: Iterable[str]) -> float:
        return height([max(stand_ins[n][2] for n in row) for row in _strip(view, ends, stand_ins, gap)])

    own = [[max(sizes[n][1] for n in row) for row in rows[t]] for t in tiers]
    own_need = sum(height(hs) for hs in own) + TIER_GAP * font * (len(own) - 1)
    by_rank: dict[int, list[str]] = {}
    for n in off:
        by_rank.setdefault(view.node(n).tier.rank, []).append(n)
    groups: list[list[int]] = []
    room = (bottom - top) - own_need - TIER_GAP * font
    for r in sorted(by_rank):
        if groups and (not split or strip_height([n for q in groups[-1] + [r] for n in by_rank[q]]) <= room):
            groups[-1].append(r)
        else:
            groups.append([r])
    strip_h = max((strip_height([n for q in g for n in by_rank[q]]) for g in groups), default=0.0)
    blocks = ([strip_h] if groups else []) + [height(hs) for hs in own]
    need = sum(blocks) + TIER_GAP * font * (len(blocks) - 1)
    spare = max(0.0, (bottom - top) - need)
    extra = min(spare / (len(blocks) - 1), (SPREAD - TIER_GAP) * font) if len(blocks) > 1 else 0.0
    y = top + (spare - extra * (len(blocks) - 1)) / 2
    strips: tuple[Strip, ...] = ()
    if groups:
        strips = tuple(Strip(y, strip_h, frozenset(g)) for g in groups)
        y += strip_h + TIER_GAP * font + extra
    boxes: dict[str, Box] = {}
    for t, hs in zip(tiers, own):
        for row, h in zip(rows[t], hs):
            for n in row:
                boxes[n] = Box(AREA_LEFT + view.pos[n][0] * PX, y + h / 2, *sizes[n])
            y += h + ROW_GAP * font
        y += (TIER_GAP - ROW_GAP) * font + extra
    return need, Page(0, 0, tuple(tiers), boxes, strips)


def geometry(view: View, font: float, bottom: float) -> Geometry | None:
    """Node boxes on the slide at ``font`` points: the layout's rows and order, each row's height the
    tallest shape in it; the tiers on one slide if they fit between AREA_TOP and ``bottom`` (None if
    not and ``font`` is above the floor), else split into parts of consecutive tiers, each part drawing
    its arrows to earlier parts with their upper ends standing in, in a strip above it (so every arrow
    is drawn in the part of its lower end)."""
    sizes = _sizes(view, font)
    stand_ins = {}
    for n in view.pos:
        lines = stand_in_lines(view, n)
        stand_ins[n] = (lines, *_size(view, n, lines, font, False))
    rows = _rows(view)
    tiers = list(rows)
    if not tiers:
        return Geometry(font, sizes, (Page(1, 1, (), {}),), stand_ins, bottom)
    avail = bottom - AREA_TOP

    def page(group: Sequence[Tier], alone: bool = False, split: bool = False) -> tuple[float, Page]:
        return _page(view, rows, group, sizes, stand_ins, font, AREA_TOP, bottom, alone, split)

    need, whole = page(tiers, alone=True)
    if need <= avail:
        return Geometry(font, sizes, (replace(whole, index=1, count=1),), stand_ins, bottom)
    if font > NODE_PT:
        return None
    groups: list[list[Tier]] = []
    i = 0
    while i < len(tiers):
        j = i + 1
        while j < len(tiers) and page(tiers[i : j + 1])[0] <= avail:
            j += 1
        groups.append(tiers[i:j])
        i = j
    pages = tuple(replace(page(g, split=True)[1], index=k, count=len(groups)) for k, g in enumerate(groups, 1))
    return Geometry(font, sizes, pages, stand_ins, bottom)


def off_slide_boxes(view: View, geo: Geometry, strip: Strip | None, ends: Sequence[str]) -> dict[str, Box]:
    """Boxes, in a part's strip, for the stand-ins of the upper ends of its arrows to earlier parts."""
    gap = max(8.0, 0.6 * geo.font)
    out: dict[str, Box] = {}
    if strip is None or not ends:
        return out
    rows = _strip(view, ends, geo.stand_ins, gap)
    heights = [max(geo.stand_ins[n][2] for n in row) for row in rows]
    y = strip.top + max(0.0, strip.height - sum(heights) - ROW_GAP * geo.font * (len(rows) - 1)) / 2
    for members, h in zip(rows, heights):
        sizes = {n: geo.stand_ins[n][1:] for n in members}
        xs = _pack([(n, geo.x(view.pos[n][0]), sizes[n][0]) for n in members], gap)
        for n in members:
            out[n] = Box(xs[n], y + h / 2, *sizes[n])
        y += h + ROW_GAP * geo.font
    return out


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
             wrap: bool = True, anchor=MSO_ANCHOR.TOP, box=None):
    """A text box on ``slide`` (a slide or a group), or the text of ``box`` (a placeholder) placed there."""
    if box is None:
        box = slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))
    else:
        box.left, box.top, box.width, box.height = _emu(x), _emu(y), _emu(w), _emu(h)
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


def _new_slide(prs):  # type: ignore[no-untyped-def]
    """A slide of the layout with a title placeholder (and no other)."""
    layout = next(lo for lo in prs.slide_layouts if lo.name == TITLE_LAYOUT)
    return prs.slides.add_slide(layout)


def title_size(text: str, width: float, size: float = TITLE_PT, least: float = TITLE_MIN_PT) -> float:
    """The largest type, from ``size`` down to ``least`` points, at which a bold title fits one line."""
    while size > least and text_lines(text, size, width, bold=True) > 1:
        size -= 1
    return size


def _title(slide, text: str, sub: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """The slide's title in its title placeholder (what the slide is about), the subtitle below it."""
    width = _PT_W - 0.6 * 72
    _textbox(slide, 0.3 * 72, 0.08 * 72, width, 0.42 * 72, [text], title_size(text, width), bold=True,
             name="title", anchor=MSO_ANCHOR.MIDDLE, box=slide.shapes.title)
    if sub:
        _textbox(slide, 0.3 * 72, 0.5 * 72, _PT_W - 0.6 * 72, 0.24 * 72, [sub], TEXT_PT, colour=style.DARK,
                 name="subtitle")


def _notes(slide, lines: Iterable[str]) -> None:  # type: ignore[no-untyped-def]
    tf = slide.notes_slide.notes_text_frame
    tf.text = "\n".join(lines)
    _runs_font(tf)


def _set_line(ln, colour: str, width_pt: float, dash: str | None = None, end: str | None = None,  # type: ignore[no-untyped-def]
              alpha: float | None = None) -> None:
    """Solid colour (with ``alpha``, faded), width, preset dash and target line end of an ``a:ln`` (schema order kept)."""
    for child in list(ln):
        ln.remove(child)
    ln.set("w", str(int(width_pt * EMU_PER_PT)))
    fill = etree.SubElement(ln, qn("a:solidFill"))
    clr = etree.SubElement(fill, qn("a:srgbClr"))
    clr.set("val", colour.lstrip("#").upper())
    _alpha(clr, alpha)
    if dash:
        etree.SubElement(ln, qn("a:prstDash")).set("val", dash)
    if end:
        etree.SubElement(ln, qn("a:tailEnd"), type=end, w="med", len="med")


# ---------------------------------------------------------------- the diagram


def _describe(shape, text: str) -> None:  # type: ignore[no-untyped-def]
    """The shape's description (alt text): what a screen reader says of it."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", " ", text)  # characters XML has no room for
    shape._element[0].find(qn("p:cNvPr")).set("descr", " ".join(text.split()))


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


@dataclass(frozen=True)
class Focus:
    """What a slide draws at full strength; every other node and arrow is faded (``style.DIM_OPACITY``)."""

    nodes: frozenset[str]
    edges: frozenset[str]


def meeting_focus(view: View) -> Focus:
    """The meeting points, the drugs, and each drug's best-supported route to each meeting point."""
    nodes = set(view.convergent_nodes) | set(view.drugs.values())
    edges: set[str] = set()
    for n in view.convergent_nodes:
        support = view.support.get(n)
        for choice in support.routes if support is not None else ():
            if choice.best is not None:
                nodes.update(choice.best.nodes)
                edges.update(choice.best.edge_keys)
    return Focus(frozenset(nodes), frozenset(edges))


def _alpha(colour_el, alpha: float | None) -> None:  # type: ignore[no-untyped-def]
    if alpha is not None and colour_el is not None:
        etree.SubElement(colour_el, qn("a:alpha")).set("val", str(int(alpha * 100000)))


def _node_shape(slide, view: View, n: str, b: Box, font: float, lines: Sequence[str], *,  # type: ignore[no-untyped-def]
                off_slide: bool = False, dim: bool = False):
    """A node's autoshape with its label inside; ``off_slide``: a dashed stand-in for a node drawn on another slide."""
    node = view.node(n)
    side = view.sides.get(n, Side.context)
    alpha = style.DIM_OPACITY if dim else None
    shape = slide.shapes.add_shape(  # a stand-in is a plain box: what kind of node it is shows in its own part
        getattr(MSO_SHAPE, "ROUNDED_RECTANGLE" if off_slide else style.DECK_SHAPE[node.kind][0]),
        _emu(b.x - b.w / 2), _emu(b.y - b.h / 2), _emu(b.w), _emu(b.h),
    )
    shape.name = f"{'ghost' if off_slide else 'node'}:{n}"
    where = ("drawn in another part of this diagram (a dashed stand-in for it)" if off_slide
             else f"{view.side_name(side)}, {node.kind.label}")
    _describe(shape, f"{node.label}: {where}" + ("; faded" if dim else ""))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(style.WHITE if off_slide else style.SIDE_COLOUR[side])
    _alpha(shape._element.find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}"), alpha)
    ln = shape.line._get_or_add_ln()
    if off_slide:
        _set_line(ln, style.GREY, 1.25, "dash", alpha=alpha)
    elif side == Side.shared:
        _set_line(ln, style.BLACK, min(2.5, 0.3 * font), alpha=alpha)
    elif side == Side.inferred:
        _set_line(ln, style.DEEP_PINK, min(3.0, 0.36 * font), alpha=alpha)
    elif side == Side.unreached:
        _set_line(ln, style.GREY, 1.0, alpha=alpha)
    else:
        _set_line(ln, "#FFFFFF", 0.75, alpha=alpha)
    _drop_style(shape)
    tf = shape.text_frame
    tf.word_wrap = False
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, m, _emu(INSET * font))
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    colour = style.DARK if off_slide else style.GREY if dim else style.DECK_TEXT_COLOUR[side]
    for i, line in enumerate(lines):
        if i:
            p.add_line_break()
        r = p.add_run()
        r.text = line
        r.font.size = Pt(round(font, 1))
        r.font.name = style.DECK_FONT
        r.font.bold = side == Side.shared and not off_slide
        r.font.italic = off_slide
        r.font.color.rgb = _rgb(colour)
    return shape


def draw_diagram(slide, view: View, geo: Geometry, page: Page, strip: Strip | None = None,  # type: ignore[no-untyped-def]
                 focus: Focus | None = None) -> tuple[list[str], list[Edge], list[str]]:
    """Node shapes, glued connectors, tier names and column headers of the view's visible part in ``page``:
    its own nodes, the arrows between them, and its arrows to the earlier tiers of ``strip`` with their
    upper ends as dashed stand-ins in the strip. ``focus``: what stays at full strength. Everything is
    drawn in one group, "diagram", described for a screen reader (:func:`diagram_words`). Returns the
    part's nodes, the arrows drawn and the stand-ins."""
    shown = view.visible()
    order = [n for n in shown if n in page.boxes]
    mine = set(order)
    # an arrow between two parts is drawn in the part of its lower end, the upper end standing in above
    edges = [
        e for e in _shown_edges(view, set(shown))
        if {e.source, e.target} <= mine
        or (strip is not None and e.source in mine and view.node(e.target).tier.rank in strip.ranks)
        or (strip is not None and e.target in mine and view.node(e.source).tier.rank in strip.ranks)
    ]
    ends = sorted({n for e in edges for n in (e.source, e.target)} - mine, key=lambda n: view.pos[n][0])
    boxes = dict(page.boxes)
    boxes.update(off_slide_boxes(view, geo, strip, ends))
    shapes = {}
    for n in order:
        shapes[n] = _node_shape(slide, view, n, boxes[n], geo.font, view.labels[n],
                                dim=focus is not None and n not in focus.nodes)
    for n in ends:
        shapes[n] = _node_shape(slide, view, n, boxes[n], geo.font, geo.stand_ins[n][0], off_slide=True,
                                dim=focus is not None and n not in focus.nodes)
    connectors = []
    for e in edges:
        a, b = boxes[e.source], boxes[e.target]
        s0, s1 = _sites(a, b)
        c = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
        c.begin_connect(shapes[e.source], s0)
        c.end_connect(shapes[e.target], s1)
        c.name = f"edge:{e.key}"
        colour, width = _edge_colour(e)
        alpha = style.DIM_OPACITY if focus is not None and e.key not in focus.edges else None
        _set_line(c.line._get_or_add_ln(), colour, width, style.DECK_DASH[style.line_evidence(e)],
                  style.DECK_HEAD[e.relation], alpha=alpha)
        _drop_style(c)
        _describe(c, arrow_words(view, e) + ("; faded" if alpha is not None else ""))
        connectors.append(c)
    names: list[tuple[float, str, str, str]] = []
    for t in page.tiers:
        ys = [boxes[n].y for n in order if view.node(n).tier == t]
        if ys:
            names.append(((min(ys) + max(ys)) / 2, style.TIER_TITLE[t], style.DARK, f"tier:{t.value}"))
    if ends:
        ys = [boxes[n].y for n in ends]
        names.append(((min(ys) + max(ys)) / 2, "From earlier parts", style.GREY, "tier:earlier"))
    texts = []
    for y, text, colour, name in names:
        texts.append(_textbox(slide, 0.05 * 72, y - TEXT_PT * 1.25, AREA_LEFT - 0.15 * 72, TEXT_PT * 2.5, [text], TEXT_PT,
                 bold=True, colour=colour, align=PP_ALIGN.RIGHT, name=name, anchor=MSO_ANCHOR.MIDDLE))
    heads = sorted(((geo.x(x), text, colour) for text, x, colour in header_texts(view, mine)), key=lambda h: h[0])
    for i, ((left, w), (_, text, colour)) in enumerate(zip(header_boxes([(cx, text) for cx, text, _ in heads]), heads)):
        texts.insert(i, _textbox(slide, left, HEADER_TOP, w, AREA_TOP - HEADER_TOP - 2, [text], TEXT_PT, bold=True,
                                 colour=colour, align=PP_ALIGN.CENTER, name="header", anchor=MSO_ANCHOR.BOTTOM))
    # one group, read (and drawn) in this order: column headers, tier names, the arrows (under the
    # nodes), the nodes
    group = slide.shapes.add_group_shape([*texts, *connectors, *shapes.values()])
    group.name = "diagram"
    _describe(group, diagram_words(view, page, strip, order, edges, ends, focus))
    return order, edges, ends


def arrow_words(view: View, e: Edge) -> str:
    """An arrow's description: 'Arrow: Ketamine inhibits NMDA receptor (human studies; established)'."""
    evidence = e.evidence.label + (", animal studies only" if e.animal_only and e.evidence != Evidence.animal else "")
    return f"Arrow: {arrow_claim(view, e)} ({evidence}; {e.status.value})"


def diagram_words(view: View, page: Page, strip: Strip | None, order: Sequence[str], edges: Sequence[Edge],
                  ends: Sequence[str], focus: Focus | None) -> str:
    """The diagram's description (alt text): what the slide draws, the meeting points on it (stated and
    inferred, named), what is dashed and faded, and where the rest is said (legend, notes)."""
    tiers = [t for t in page.tiers if any(view.node(n).tier == t for n in order)]
    span = style.TIER_TITLE[tiers[0]] + (f" to {style.TIER_TITLE[tiers[-1]]}" if len(tiers) > 1 else "") if tiers else ""
    out = [
        f"Diagram: {drugs_words(view)}, tiers {span}" if len(tiers) > 1 else f"Diagram: {drugs_words(view)}, tier {span}",
        f"; {_plural(len(order), 'node')} and {_plural(len(edges), 'arrow')} on this slide"
        + (f" ({page.words(strip)} of the diagram)" if page.split else "") + ".",
    ]
    if view.is_pair:
        out.append(f" Where they meet: {meeting_words(view, set(order))}.")
    if ends:
        out.append(f" Dashed white boxes: {_plural(len(ends), 'node')} of earlier parts with arrows to this part.")
    if focus is not None:
        out.append(" Faded: neither a meeting point nor on a drug's best-supported route to one.")
    out.append(" The legend below says what the colours, lines and line ends mean; the speaker notes give each "
               "arrow's sources.")
    return "".join(out)


Run = tuple[str, str, bool]  # text, colour, bold


def legend_paragraphs(view: View, order: Sequence[str], edges: Sequence[Edge], *, off_slide: bool = False,
                      faded: bool = False) -> list[list[Run]]:
    """The legend: only what the slide draws, in the words of the style tables."""
    present = {view.sides.get(n, Side.context) for n in order}
    colour: list[Run] = [("Colour: ", style.DARK, True)]
    for s in (Side.a, Side.shared, Side.inferred, Side.b, Side.unreached, Side.context):
        if s not in present:
            continue
        mark = "□ " if s == Side.inferred else "■ "
        colour.append((("" if len(colour) == 1 else "   ") + mark,
                       style.SIDE_OUTLINE[s] or style.SIDE_COLOUR[s] if s in (Side.inferred, Side.unreached) else style.SIDE_COLOUR[s], False))
        colour.append((style.side_key(s, dict(view.names), view.is_pair), style.DARK, False))
    colour.append(("   ·   node outline = kind of node", style.DARK, False))
    line: list[Run] = [("Line: ", style.DARK, True)]
    evs = [ev for ev in Evidence if any(style.line_evidence(e) == ev for e in edges)]
    line.append((" · ".join(style.EVIDENCE_WORDS[ev] for ev in evs) or "no arrows yet", style.DARK, False))
    statuses = [s for s in (Status.contested, Status.hypothesis) if any(e.status == s for e in edges)]
    if statuses:
        line.append(("   ·   ", style.DARK, False))
        for i, s in enumerate(statuses):
            line.append((("; " if i else "") + style.DECK_STATUS_WORDS[s], style.STATUS_MARK_COLOUR[s], False))
    ends: list[Run] = [("Line end: ", style.DARK, True)]
    rels = {e.relation for e in edges}
    words = [style.DECK_HEAD_WORDS[r] for r in style.LEGEND_RELATIONS if style.RELATION_GROUP.get(r, {r}) & rels]
    ends.append((" · ".join(words) or "no arrows yet", style.DARK, False))
    ends.append(("   ·   sources of each arrow: speaker notes", style.DARK, False))
    paras = [colour, line, ends]
    more: list[Run] = []
    if off_slide:
        more.append(("dashed white box: a node from an earlier part of this diagram, with its arrows to this part",
                     style.DARK, False))
    if faded:
        more.append((("   ·   " if more else "") + "faded: neither a meeting point nor on a drug's best-supported route "
                     "to one", style.DARK, False))
    if more:
        paras.append([("Also: ", style.DARK, True), *more])
    return paras


def legend_height(paras: Sequence[Sequence[Run]]) -> float:
    """Points the legend needs at TEXT_PT across the slide."""
    lines = sum(text_lines("".join(t for t, _, _ in p), TEXT_PT, LEGEND_W * 0.9) for p in paras)  # slack: renderers wrap sooner
    return lines * TEXT_PT * 1.2 + 4


def draw_legend(slide, paras: Sequence[Sequence[Run]], bottom: float) -> None:  # type: ignore[no-untyped-def]
    """The legend strip below the diagram's frame."""
    top = bottom + 0.08 * 72
    box = slide.shapes.add_textbox(_emu(0.3 * 72), _emu(top), _emu(LEGEND_W), _emu(_PT_H - top - 0.05 * 72))
    box.name = "legend"
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, m, Emu(0))
    for i, runs in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        for text, colour, bold in runs:
            r = p.add_run()
            r.text = text
            r.font.size = Pt(TEXT_PT)
            r.font.name = style.DECK_FONT
            r.font.bold = bold
            r.font.color.rgb = _rgb(colour)


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


def arrow_claim(view: View, e: Edge) -> str:
    """'Ketamine inhibits NMDA receptor'."""
    b = view.bundle
    return f"{b.nodes[e.source].label} {e.relation.label} {b.nodes[e.target].label}"


def _clip(quote: str, limit: int) -> str:
    """The quote's first words, at most ``limit`` characters, marked as cut with '…'."""
    if len(quote) <= limit:
        return quote
    cut = quote[: max(0, limit - 1)]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:.") + "…"


def cited_arrows(view: View, edges: Sequence[Edge], refs: _Refs, budget: int) -> list[str]:
    """One line per arrow: its claim, evidence and status, and each source in render/text.py's wording
    with the reference numbered for the references slide — '• A inhibits B — human studies, established —
    [2] Gallenstein's article writes, citing [1] Vollenweider & Kometer 2010: “…”'.

    The lines fit ``budget`` characters: quotes are shortened (cut at a word, marked '…') as much as
    needed, then left out ('[2] Gallenstein's article, citing [1] …'), then the sources are given by
    number only ('[2 citing 1]') and the arrows grouped by the node they leave and their relation
    ('• Ketamine: inhibits NF-κB pathway [1]; decreases IL-6 [1 citing 8], TNF-α [1]'). References are numbered only for what is written.
    """
    if not edges:
        return []

    def render(limit: int | None, form: str) -> tuple[list[str], list[str]]:
        order = list(refs.order)

        def num(ref: str) -> int:
            if ref not in order:
                order.append(ref)
            return order.index(ref) + 1

        lines = []
        for e in edges:
            parts = []
            for c in view.citations(e):
                if form == "numbers":
                    parts.append(cite_numbers(c, num))
                elif limit is None or not c.quote or len(c.quote) <= limit:
                    parts.append(cite_text(c, ids=False, number=num))
                elif limit < 20:
                    parts.append(cite_text(c, ids=False, quote=False, number=num))
                else:
                    parts.append(cite_text(replace(c, quote=_clip(c.quote, limit)), ids=False, number=num))
            if form == "numbers":  # grouped by the arrow's source node and relation below
                lines.append(f"{view.bundle.nodes[e.target].label} [{'; '.join(dict.fromkeys(parts))}]")
            else:
                lines.append(f"• {arrow_claim(view, e)} — {e.evidence.label}, {e.status.value} — " + "; ".join(parts))
        return lines, order

    def size(lines: list[str]) -> int:
        return sum(len(line) + 1 for line in lines)

    lines, order = render(None, "words")
    if size(lines) > budget:
        longest = max((len(c.quote or "") for e in edges for c in view.citations(e)), default=0)
        lo, hi = 0, longest
        while lo < hi:  # the longest quote length at which every line fits
            mid = (lo + hi + 1) // 2
            if size(render(mid, "words")[0]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        lines, order = render(lo, "words")
        if size(lines) > budget:
            lines, order = render(None, "numbers")
            by_source: dict[str, dict[str, list[str]]] = {}
            for e, line in zip(edges, lines):
                by_source.setdefault(e.source, {}).setdefault(e.relation.label, []).append(line)
            lines = [f"• {view.bundle.nodes[n].label}: " + "; ".join(f"{verb} " + ", ".join(targets) for verb, targets in verbs.items())
                     for n, verbs in by_source.items()]
    refs.order = order
    return lines


def _what_is_new(view: View, new: Sequence[str], short: bool = False) -> str:
    shared = sum(1 for n in new if view.sides.get(n) == Side.shared)
    inferred = sum(1 for n in new if view.sides.get(n) == Side.inferred)
    both = []
    if shared:
        both.append(f"{shared} reached by both, stated (pink)" if short
                    else f"{shared} of them reached by both drugs by their own sentences (pink, thick outline)")
    if inferred:
        both.append(f"{inferred} by both only by inference (hollow)" if short
                    else f"{inferred} reached by both only by inference (hollow, dark pink outline)")
    return _plural(len(new), "new node") + ("; " + "; ".join(both) if both else "")


ARROWS_HEAD = "New arrows and their sources (numbered as on the references slide):"
ARROWS_HEAD_SHORT = "New arrows, sources numbered as on the references slide:"


def _with_nodes(lead: list[str], view: View, new: Sequence[str], arrows: list[str], head_words: str = ARROWS_HEAD) -> list[str]:
    """The lead, then the new nodes (with their first sentence when there is room), then the cited arrows."""
    head = [head_words] if arrows else []
    room = NOTES_MAX - sum(len(x) + 1 for x in lead + head + arrows) - 1
    described = [f"• {view.node(n).label}: {first_sentence(view.node(n).description)}" for n in new]
    listed = ["New: " + ", ".join(view.node(n).label for n in new) + "."] if new else []
    if new and sum(len(x) + 1 for x in described) + 6 <= room:
        nodes = ["New on this slide:", *described]
    elif listed and len(listed[0]) + 1 <= room:
        nodes = listed
    else:
        nodes = []
    return lead + nodes + head + arrows


def _step_notes(view: View, new: Sequence[str], edges: Sequence[Edge], k: int, total: int, page: Page,
                strip: Strip | None, refs: _Refs) -> list[str]:
    """The step's notes. When its new arrows do not fit beside the full lead, the lead is said shortly
    (the part of the diagram is on the slide's subtitle already), so that the notes stay near NOTES_MAX."""
    tier = style.TIER_TITLE[view.node(new[0]).tier] if new else ""

    def lead(short: bool) -> list[str]:
        out = [f"Step {k} of {total}: the {tier.lower()} tier appears — {_what_is_new(view, new, short)}."
               if new else f"Step {k} of {total}, continued: more of the arrows from earlier parts."]
        if page.split and not short:
            out.append(f"This slide shows {page.words(strip)} of the diagram (dashed: nodes of earlier parts).")
        if k == 1:
            out.append(
                f"{view.names.get('a', '')} starts on the left (blue), {view.names.get('b', '')} on the right (orange); "
                "each next slide adds the tier below."
                if view.is_pair
                else "Each next slide adds the tier below."
            )
        return out

    order = list(refs.order)
    full = lead(False)
    arrows = cited_arrows(view, edges, refs, NOTES_MAX - sum(len(x) + 1 for x in full) - 90)
    if sum(len(x) + 1 for x in full + arrows) + len(ARROWS_HEAD) + 1 <= NOTES_MAX:
        return _with_nodes(full, view, new, arrows)
    refs.order = order  # numbered again for the shorter lead
    short = lead(True)
    arrows = cited_arrows(view, edges, refs, NOTES_MAX - sum(len(x) + 1 for x in short) - len(ARROWS_HEAD_SHORT) - 1)
    return _with_nodes(short, view, new, arrows, ARROWS_HEAD_SHORT)


def _convergence_notes(view: View, page: Page, strip: Strip | None, edges: Sequence[Edge], refs: _Refs) -> list[str]:
    conv = view.convergent_nodes
    stated = [n for n in conv if view.sides.get(n) == Side.shared]
    inferred = [n for n in conv if view.sides.get(n) == Side.inferred]
    a, b = view.names.get("a", ""), view.names.get("b", "")
    on_page = set(page.boxes)
    lines = ["Both cascades again, now with the meeting points brought forward: each drug's best-supported route "
             "to each meeting point stays at full strength, everything else is faded."]
    if page.split:
        lines.append(f"This slide shows {page.words(strip)} of the diagram.")
    if stated:
        here = [view.node(n).label for n in stated if n in on_page]
        lines.append(
            f"The sources state that {a} and {b} meet at {_plural(len(stated), 'node')} (pink, thick outline)"
            + (": " + ", ".join(here) + (" on this slide." if page.split else ".") if here else "; none on this slide.")
        )
    if inferred:
        here = [view.node(n).label for n in inferred if n in on_page]
        lines.append(
            f"Reached by both only by inference, through another drug's sentences or another brain region "
            f"({_plural(len(inferred), 'node')}, hollow with a dark pink outline)"
            + (": " + ", ".join(here) + "." if here else "; none on this slide.")
        )
    lines.append("The next slides take the meeting points one by one, route by route.")
    arrows = cited_arrows(view, edges, refs, NOTES_MAX - sum(len(x) + 1 for x in lines) - 60)
    return lines + (["Arrows not cited before:", *arrows] if arrows else [])


# ---------------------------------------------------------------- slides


def _diagram_slide(prs, view: View, geo: Geometry, page: Page, strip: Strip | None, title: str,  # type: ignore[no-untyped-def]
                   sub: str | None, focus: Focus | None = None):
    slide = _new_slide(prs)
    _title(slide, title, sub)
    order, edges, ends = draw_diagram(slide, view, geo, page, strip, focus)
    draw_legend(slide, legend_paragraphs(view, order, edges, off_slide=bool(ends), faded=focus is not None), geo.bottom)
    return slide, order, edges


def _title_slide(prs, view: View, geo: Geometry) -> None:  # type: ignore[no-untyped-def]
    slide = _new_slide(prs)
    _textbox(slide, 0.8 * 72, 1.9 * 72, _PT_W - 1.6 * 72, 1.4 * 72, [view.title], 36, bold=True, name="title",
             anchor=MSO_ANCHOR.BOTTOM, box=slide.shapes.title)
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
    parts = len(geo.pages)
    if parts > 1:
        lines.append(f"So that every label can be read from the back of the room, each picture is drawn in {parts} "
                     "parts, tiers top to bottom; a dashed box stands for a node drawn in another part.")
    _textbox(slide, 0.8 * 72, 3.5 * 72, _PT_W - 1.6 * 72, 2.0 * 72, lines, 16, colour=style.DARK, name="subtitle")
    _textbox(slide, 0.8 * 72, _PT_H - 0.8 * 72, _PT_W - 1.6 * 72, 0.4 * 72, [f"Made with {GENERATOR}"], 12,
             colour=style.GREY, name="generator")
    _notes(slide, [
        f"{view.title}.",
        *([f"This view has {_plural(len(geo.boxes), 'node')}: too many for one slide with labels of {NODE_PT:g} pt, "
           f"so each picture comes in {parts} parts; the core mechanism only (pathviz export --detail core, or "
           "that filter on the dashboard) fits one slide."] if parts > 1 else []),
        "The deck builds the diagram up one tier at a time, then brings the meeting points forward, then "
        "explains each meeting point route by route; the last slide lists the references.",
    ])


def _why_slide(prs, view: View, node_id: str, refs: _Refs) -> None:  # type: ignore[no-untyped-def]
    b = view.bundle
    node = view.node(node_id)
    support = view.support[node_id]
    slide = _new_slide(prs)
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
            f"{node.label} is reached by both drugs, but not each by its own sentences. "
            if inferred
            else f"{node.label} is reached by both drugs, each by sentences about it or general biology. "
        )
        + "Per drug: the best-supported cited route (core steps first); steps both routes share are cited once.",
    ]
    drawn = [c for c in support.routes if c.best is not None]
    listed: set[str] = set()
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
            head = f"From {choice.name} ({_plural(choice.independent, 'independent route')}): {choice.strength}."
            left = drawn[drawn.index(choice):]
            budget = (NOTES_MAX - sum(len(x) + 1 for x in notes) - len(head) - 1) // len(left) - (len(left) - 1) * 60
            notes.append(head)
            notes.extend(cited_arrows(view, [s.edge for s in steps if s.edge.key not in listed], refs, budget))
            listed.update(s.edge.key for s in steps)
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
    if sum(len(x) + 1 for x in notes) > NOTES_MAX:  # the steps' sources are on the slide itself
        notes = [x for x in notes if not x.startswith("• ")]
        notes.append("Each step's sources are on the slide, numbered as on the references slide.")
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
    slide = _new_slide(prs)
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
    _notes(slide, ["The references cited in the speaker notes and route slides, numbered in order of first citation: "
                   "the notes give each source by its number and short name; the full reference is on this slide."])


def deck_geometry(view: View) -> tuple[View, Geometry]:
    """The view laid out for the deck and its geometry: the largest node type (FONTS) at which the whole
    picture fits one slide, else NODE_PT with the picture split into parts of consecutive tiers."""
    state = replace(view.state, node=None, edge=None, mode="explore", step=None)
    meeting = view.is_pair and bool(view.convergent_nodes)
    for font in FONTS:
        full = build_view(view.bundle, state, deck_canvas(font), title=view.title)
        everything = list(full.pos)
        paras = legend_paragraphs(full, everything, full.edges(), faded=meeting)
        geo = geometry(full, font, _PT_H - 0.13 * 72 - legend_height(paras))
        if geo is None:
            continue
        if len(geo.pages) > 1:  # the legend has a line for the off-slide ends: the frame is that much shorter
            paras = legend_paragraphs(full, everything, full.edges(), off_slide=True, faded=meeting)
            geo = geometry(full, font, _PT_H - 0.13 * 72 - legend_height(paras))
        assert geo is not None
        return full, geo
    raise AssertionError("the smallest type size always gives a geometry")


def to_deck(view: View) -> bytes:
    """The lecture deck of a view, as PPTX bytes."""
    full, geo = deck_geometry(view)
    state, canvas = full.state, full.canvas
    refs = _Refs(full)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    prs.core_properties.title = full.title[:250]
    prs.core_properties.author = GENERATOR
    _title_slide(prs, full, geo)
    tiers = [t for t in full.tiers() if any(t in p.tiers for p in geo.pages)]
    seen: set[str] = set()
    cited: set[str] = set()
    subject = " and ".join(full.names[s] for s in ("a", "b") if s in full.names)
    for k, tier in enumerate(tiers, 1):
        step = build_view(view.bundle, replace(state, mode="lecture", step=full.tiers().index(tier) + 1), canvas, title=view.title)
        page = next(p for p in geo.pages if tier in p.tiers)
        for j, strip in enumerate(page.slides):
            title = f"{subject}, step {k} of {len(tiers)}: {style.TIER_TITLE[tier]}" + (" (continued)" if j else "")
            sub = full.title + (f" · {page.words(strip)}" if page.split else "")
            slide, order, edges = _diagram_slide(prs, step, geo, page, strip, title, sub)
            new = [n for n in order if n not in seen]
            seen.update(order)
            fresh = [e for e in edges if e.key not in cited]
            cited.update(e.key for e in fresh)
            _notes(slide, _step_notes(step, new, fresh, k, len(tiers), page, strip, refs))
    conv = full.convergent_nodes
    if full.is_pair and conv:
        # the last step already showed both cascades whole: this slide brings the meeting points forward
        focus = meeting_focus(full)
        n_stated, n_inferred = len(full.stated_nodes), len(full.inferred_nodes)
        sub = (
            f"{_plural(n_stated, 'meeting point')} the sources state (pink)"
            + (f", {n_inferred} only by inference (hollow)" if n_inferred else "")
            + "; faded: off each drug's best-supported route to them"
        )
        for page in geo.pages:
            for j, strip in enumerate(page.slides):
                title = (f"Where {full.names.get('a', '')} and {full.names.get('b', '')} converge"
                         + (f", part {page.index} of {page.count}" if page.split else "") + (" (continued)" if j else ""))
                slide, order, edges = _diagram_slide(
                    prs, full, geo, page, strip, title, sub + (f" · {page.words(strip)}" if page.split else ""), focus,
                )
                fresh = [e for e in edges if e.key not in cited]
                cited.update(e.key for e in fresh)
                _notes(slide, _convergence_notes(full, page, strip, fresh, refs))
    for n in conv:
        if n in full.support:
            _why_slide(prs, full, n, refs)
    _references_slide(prs, full, refs)
    set_language(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def set_language(prs, lang: str = LANG) -> None:  # type: ignore[no-untyped-def]
    """``lang`` on every text run, field and paragraph end of the slides and their notes, on the
    presentation's default text style, and as the document's language."""
    trees = []
    for slide in prs.slides:
        trees.append(slide.shapes._spTree)
        if slide.has_notes_slide:
            trees.append(slide.notes_slide.shapes._spTree)
    for tree in trees:
        for run in tree.iter(qn("a:r"), qn("a:fld")):
            rpr = run.find(qn("a:rPr"))
            if rpr is None:
                rpr = etree.Element(qn("a:rPr"))
                run.insert(0, rpr)  # a run's (and a field's) first child
            rpr.set("lang", lang)
        for end in tree.iter(qn("a:endParaRPr")):
            end.set("lang", lang)
    for default in prs.part._element.iter(qn("a:defRPr")):
        default.set("lang", lang)
    prs.core_properties.language = lang


def write_deck(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_bytes(path, to_deck(view))]


FORMATS = (
    Format("pptx", "pptx", MIME, "Lecture deck (PowerPoint, editable)", write_deck, kind="slide", order=4, to_bytes=to_deck),
)
