"""The lecture deck: opens with python-pptx, builds up tier by tier, native glued shapes, cited notes."""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from pathviz.exports import formats
from pathviz.exports.deck import to_deck
from pathviz.io.pathways import read_pathways
from pathviz.view import ViewState, build_view, slide_canvas

ROOT = Path(__file__).resolve().parents[1]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(ROOT / "pathways")


def _deck(bundle, a, b, detail):
    view = build_view(bundle, ViewState(a, b, detail=detail), slide_canvas())
    return view, Presentation(io.BytesIO(to_deck(view)))


@pytest.fixture(scope="module")
def core(bundle):
    return _deck(bundle, "ketamine", "psilocybin", "core")


def _shapes(slide):
    """Every shape of a slide, the diagram group's members included."""
    out = []
    for s in slide.shapes:
        out.append(s)
        if s.shape_type == MSO_SHAPE_TYPE.GROUP:
            out.extend(s.shapes)
    return out


def _named(slide, prefix):
    return {s.name[len(prefix):]: s for s in _shapes(slide) if s.name.startswith(prefix)}


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def _diagram(prs):
    return [s for s in prs.slides if any(sh.name.startswith("node:") for sh in _shapes(s))]


def test_registered_as_a_slide_format():
    fmt = formats()["pptx"]
    assert fmt.kind == "slide" and fmt.extension == "pptx" and "PowerPoint" in fmt.label


def test_slide_count_and_order(core):
    view, prs = core
    slides = list(prs.slides)
    tiers = view.tiers()
    conv = view.convergent_nodes
    # core detail fits one slide per picture: title, build-up, convergence, one per meeting point, references
    assert len(slides) == 1 + len(tiers) + 1 + len(conv) + 1
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    assert slides[-1].shapes.title.text_frame.text == "References"
    for slide, n in zip(slides[len(tiers) + 2 : -1], conv):
        title = _named(slide, "title")[""].text_frame.text
        assert view.node(n).label in title
        if view.is_convergent(n):
            assert title.startswith("Why")
        else:  # an inferred meeting point is never titled as a convergence the sources state
            assert title.endswith("only by inference") and not title.startswith("Why")


@pytest.mark.parametrize("detail", ["core", "full"])
def test_diagram_slides_have_one_glued_shape_per_node_and_arrow(bundle, detail):
    from pathviz.exports.deck import deck_geometry

    view, prs = _deck(bundle, "ketamine", "psilocybin", detail)
    full, geo = deck_geometry(view)
    drawn_nodes: set[str] = set()
    drawn_edges: set[str] = set()
    for slide in _diagram(prs):
        nodes = _named(slide, "node:")
        stand_ins = _named(slide, "ghost:")
        edges = _named(slide, "edge:")
        assert not set(nodes) & set(stand_ins)
        page = geo.page_of(next(iter(nodes)))
        assert set(nodes) <= set(page.boxes)  # one part of the diagram per slide
        ends = {**nodes, **stand_ins}
        for key, c in edges.items():
            e = view.bundle.edges[key]
            st, en = c._element.find(f".//{A}stCxn"), c._element.find(f".//{A}endCxn")
            assert st is not None and en is not None
            assert int(st.get("id")) == ends[e.source].shape_id
            assert int(en.get("id")) == ends[e.target].shape_id
            assert e.source in nodes or e.target in nodes
        # the node text is the label, editable text in the shape itself
        for n, shape in ends.items():
            assert "".join(shape.text_frame.text.split()) == "".join(view.node(n).label.split())
        drawn_nodes |= set(nodes)
        drawn_edges |= set(edges)
    # every node and every arrow of the view is drawn somewhere
    assert drawn_nodes == set(full.pos)
    shown = {e.key for e in full.edges() if e.source in full.pos and e.target in full.pos}
    assert drawn_edges == shown
    if detail == "core":
        assert len(geo.pages) == 1


def test_titles_stay_on_their_line(bundle):
    """A title too long for one line at 22 pt is set smaller (down to 16 pt), not run into the subtitle."""
    from pathviz.exports.deck import text_lines

    _, prs = _deck(bundle, "psilocybin", "ssri", "core")  # the longest drug name
    sizes = []
    for slide in list(prs.slides)[1:]:  # the title slide's title has two lines' room
        title = _named(slide, "title")[""]
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        sizes.append(size)
        assert 16 <= size <= 22
        assert text_lines(title.text_frame.text, size, title.width / 12700, bold=True) == 1, (title.text_frame.text, size)
    assert min(sizes) < 22 and max(sizes) == 22  # only the long ones are set smaller


def test_line_ends_and_dashes_follow_the_style_tables(core):
    from pathviz.render import style

    view, prs = core
    slide = list(prs.slides)[len(view.tiers()) + 1]  # the convergence slide
    for key, c in _named(slide, "edge:").items():
        e = view.bundle.edges[key]
        ln = c._element.find(f".//{A}ln")
        assert ln.find(f"{A}tailEnd").get("type") == style.DECK_HEAD[e.relation]
        assert ln.find(f"{A}prstDash").get("val") == style.DECK_DASH[e.evidence]
    legend = _named(slide, "legend")[""].text_frame.text
    assert "diamond: inhibits" in legend and "no flat bar" in legend


def test_notes_quote_and_cite_arrows_in_the_one_wording(core):
    from pathviz.render.text import cite_text

    view, prs = core
    slides = list(prs.slides)
    notes = "\n".join(_notes(s) for s in slides)
    # each source in render/text.py's wording, numbered, short form (no ids: those are on the references slide)
    quoted = 0
    for e in view.edges():
        for c in view.citations(e):
            bare = re.sub(r"\[\d+\] ", "", cite_text(c, ids=False, quote=False))
            if c.secondhand:
                assert " writes, citing " in notes or ", citing " in notes
            assert c.short in notes or bare in notes or re.search(r"\[\d+( citing \d+)?[];]", notes)
            quoted += bool(c.quote and c.quote in notes)
    assert quoted  # quotes are kept whole where the notes have room
    # the first build-up slide says what it shows
    assert "Step 1 of" in _notes(slides[1])


def test_references_slide_lists_every_number_cited(core):
    view, prs = core
    slides = list(prs.slides)
    numbers = {int(n) for s in slides[:-1] for n in re.findall(r"\[(\d+)\]", _notes(s))}
    numbers |= {int(n) for s in slides[:-1] for sh in s.shapes if sh.has_text_frame
                for n in re.findall(r"\[(\d+)\]", sh.text_frame.text)}
    assert numbers
    refs = "\n".join(s.text_frame.text for s in slides[-1].shapes if s.has_text_frame)
    listed = {int(n) for n in re.findall(r"(?m)^(\d+)\. ", refs)}
    assert numbers <= listed and listed == set(range(1, len(listed) + 1))
    assert "doi:" in refs


def test_fonts_exist_everywhere(core):
    _, prs = core
    faces = set()
    for slide in prs.slides:
        for el in slide.shapes._spTree.iter(f"{A}latin"):
            faces.add(el.get("typeface"))
    assert faces == {"Arial"}


def test_deck_is_fast(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), slide_canvas())
    t = time.perf_counter()
    to_deck(view)
    assert time.perf_counter() - t < 5


def test_hostile_text_stays_text_in_the_deck():
    bundle = read_pathways(ROOT / "tests" / "data" / "hostile")
    view, prs = _deck(bundle, "evil_a", "evil_b", "full")
    slide = list(prs.slides)[len(view.tiers()) + 1]
    nodes = _named(slide, "node:")
    assert nodes
    for n, shape in nodes.items():
        assert "".join(shape.text_frame.text.split()) == "".join(view.node(n).label.split())
    notes = "\n".join(_notes(s) for s in prs.slides)
    for e in view.edges():
        for c in view.citations(e):
            if c.quote:
                assert c.quote in notes
    for n in view.graph.nodes:
        assert view.node(n).label in notes
    # nothing became markup: no element carries a pathway string as a tag or attribute
    for s in prs.slides:
        xml = s.shapes._spTree.xml
        assert "<script" not in xml and "<img" not in xml and "javascript:" not in re.sub(r">[^<]*<", "><", xml)


def test_cli_writes_the_deck(tmp_path):
    from pathviz.cli import main

    out = tmp_path / "deck.pptx"
    assert main(["export", "--format", "pptx", "--detail", "core", "-o", str(out)]) == 0
    assert len(Presentation(str(out)).slides) > 5


# ---------------------------------------------------------------- a lecturer at a projector

NODE_PT = 14.0  # node labels on a projected 16:9 slide
TEXT_PT = 12.0  # legend, column headers, tier names
NOTES_MAX = 1200  # a lecturer reads a slide's notes at a glance


@pytest.fixture(scope="module")
def decks(bundle):
    return {d: _deck(bundle, "ketamine", "psilocybin", d) for d in ("core", "full")}


def _diagram_slides(prs):
    return _diagram(prs)


def _runs(shape):
    return [r for p in shape.text_frame.paragraphs for r in p.runs if r.text.strip()]


@pytest.mark.parametrize("detail", ["core", "full"])
def test_diagram_text_is_large_enough_for_a_projector(decks, detail):
    from pathviz.exports.deck import text_em

    _, prs = decks[detail]
    slides = _diagram_slides(prs)
    assert slides
    for slide in slides:
        shapes = [s for s in _shapes(slide) if s.has_text_frame and s.text_frame.text.strip()]
        nodes = [s for s in shapes if s.name.startswith(("node:", "ghost:"))]
        assert nodes
        for s in shapes:
            floor = NODE_PT if s in nodes else TEXT_PT
            sizes = [r.font.size.pt for r in _runs(s)]
            assert sizes and min(sizes) >= floor, (s.name, min(sizes), floor)
        # every label inside its shape (Arial widths, the shape's own insets), no two shapes overlapping
        boxes = []
        for s in nodes:
            tf = s.text_frame
            size = _runs(s)[0].font.size.pt
            lines = tf.text.replace("\x0b", "\n").split("\n")
            bold = bool(_runs(s)[0].font.bold)
            w = max(text_em(line, bold) for line in lines) * size
            inner_w = (s.width - tf.margin_left - tf.margin_right) / 12700
            inner_h = (s.height - tf.margin_top - tf.margin_bottom) / 12700
            assert w <= inner_w + 0.5, (s.name, w, inner_w)
            assert len(lines) * size * 1.15 <= inner_h + 0.5, (s.name, len(lines), inner_h)
            boxes.append((s.left, s.top, s.left + s.width, s.top + s.height, s.name))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a[4], b[4])
        assert all(0 <= x0 and x1 <= prs.slide_width and 0 <= y0 and y1 <= prs.slide_height for x0, y0, x1, y1, _ in boxes)
        # the diagram stays between the title and the legend
        legend = _named(slide, "legend")[""]
        title = _named(slide, "title")[""]
        assert all(y1 <= legend.top and y0 >= title.top + title.height for _, y0, _, y1, _ in boxes)


def _picture(slide):
    """What a slide draws: each node, arrow and off-slide end with its fill, outline and text colour."""
    out = set()
    for s in _shapes(slide):
        if s.name.startswith(("node:", "ghost:", "edge:")):
            sp = s._element.find(f"{P}spPr")
            look = "".join(etree.tostring(el).decode() for el in sp if el.tag != f"{A}xfrm") if sp is not None else ""
            text = [etree.tostring(el).decode() for el in s._element.iter(f"{A}rPr")]
            out.add((s.name, look, tuple(text)))
    return frozenset(out)


@pytest.mark.parametrize("detail", ["core", "full"])
def test_no_two_consecutive_slides_show_the_same_picture(decks, detail):
    _, prs = decks[detail]
    pictures = [_picture(s) for s in prs.slides]
    for i in range(1, len(pictures)):
        if pictures[i]:
            assert pictures[i] != pictures[i - 1], f"slides {i} and {i + 1} draw the same picture"


def test_the_convergence_slide_brings_the_meeting_points_forward(decks):
    from pathviz.render import style

    view, prs = decks["core"]
    slides = list(prs.slides)
    conv = next(s for s in slides if _named(s, "title")[""].text_frame.text.startswith("Where"))
    nodes = _named(conv, "node:")
    assert set(view.stated_nodes) and set(view.inferred_nodes)

    def fill(shape):
        el = shape._element.find(f"{P}spPr/{A}solidFill/{A}srgbClr")
        return el.get("val"), el.find(f"{A}alpha") is not None

    def outline(shape):
        el = shape._element.find(f"{P}spPr/{A}ln/{A}solidFill/{A}srgbClr")
        return el.get("val")

    for n in view.stated_nodes:  # stated: pink, black outline, at full strength
        assert fill(nodes[n]) == (style.PINK.lstrip("#"), False) and outline(nodes[n]) == style.BLACK.lstrip("#")
    for n in view.inferred_nodes:  # inferred: hollow with a dark pink outline, at full strength
        assert fill(nodes[n]) == (style.WHITE.lstrip("#"), False) and outline(nodes[n]) == style.DEEP_PINK.lstrip("#")
    faded = [n for n, s in nodes.items() if fill(s)[1]]
    assert faded and not set(faded) & set(view.convergent_nodes)
    assert "faded" in _named(conv, "legend")[""].text_frame.text


@pytest.mark.parametrize("detail", ["core", "full"])
def test_speaker_notes_are_read_at_a_glance(decks, detail):
    view, prs = decks[detail]
    slides = list(prs.slides)
    lengths = [len(_notes(s)) for s in slides]
    # core: every slide at a glance; full detail: a slide that draws ~30 new arrows cites them by number
    # (grouped by the node they leave and their relation, after a shorter lead) and may run a little over
    assert max(lengths) <= (NOTES_MAX if detail == "core" else 1400), lengths
    assert sum(n > NOTES_MAX for n in lengths) <= (0 if detail == "core" else 2), lengths
    # every arrow drawn is cited, in short form, in the notes of the slide where it first appears
    cited_before = ""
    for s in slides:
        notes = _notes(s)
        here = cited_before + notes
        for key in _named(s, "edge:"):
            e = view.bundle.edges[key]
            src, tgt = view.bundle.nodes[e.source].label, view.bundle.nodes[e.target].label
            lines = [x for x in here.splitlines()
                     if src in x and (f"{e.relation.label} {tgt}" in x or re.search(rf"{re.escape(e.relation.label)} (?:[^\[;]+\[[^\]]*\], )*{re.escape(tgt)} \[", x))]
            assert lines, (key, src, tgt)
            assert any(c.short in x or re.search(r"\[\d+", x) for x in lines for c in view.citations(e))
        cited_before = here
    # the full references are on the last slide, numbered; the notes only number them
    refs = "\n".join(sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame)
    numbers = {int(n) for s in slides[:-1] for n in re.findall(r"\[(\d+)\]", _notes(s))}
    assert numbers and all(re.search(rf"(^|\n){n}\. ", refs) for n in numbers)
    assert "doi:" not in "".join(_notes(s) for s in slides[:-1])


@pytest.mark.parametrize("detail", ["core", "full"])
def test_column_headers_keep_to_their_row(decks, detail):
    """The column headers ('◀ reached by Ketamine only', 'Reached by both …', '… only ▶') stand side by side
    above the diagram: none overlaps another, leaves the slide or takes more than the two lines its box
    holds (a header squeezed between two others used to wrap up into the subtitle)."""
    from pathviz.exports.deck import TEXT_PT, text_lines

    view, prs = decks[detail]
    seen = 0
    for slide in prs.slides:
        heads = sorted((s for s in _shapes(slide) if s.name == "header"), key=lambda s: s.left)
        seen += len(heads)
        for a, b in zip(heads, heads[1:]):
            assert a.left + a.width <= b.left, (a.text_frame.text, b.text_frame.text)
        for h in heads:
            assert 0 <= h.left and h.left + h.width <= prs.slide_width, h.text_frame.text
            assert text_lines(h.text_frame.text, TEXT_PT, h.width / 12700 - 4, True) <= 2, h.text_frame.text
    assert seen
