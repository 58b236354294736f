"""The exported files are accessible (WCAG 2.2 AA as PowerPoint's checker, screen readers and PDF readers see it).

- the lecture deck: every slide's title in its title placeholder, a description (alt text) on the
  diagram and its arrows and never a file name, title → diagram → legend reading order, a language on
  every text run;
- the SVG slide: ``<title>`` and ``<desc>`` first, ``role="img"`` and ``aria-labelledby`` on the root;
- the PDF handout: tagged (marked, a structure tree), with a language and bookmarks from its headings.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from pathviz.exports import formats
from pathviz.exports.deck import to_deck
from pathviz.io.pathways import read_pathways
from pathviz.render import style
from pathviz.view import Side, ViewState, build_view, slide_canvas

ROOT = Path(__file__).resolve().parents[1]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
SVG = "{http://www.w3.org/2000/svg}"
LANG = "en-GB"
FILE_NAME = re.compile(r"(?i)^[^\s/\\]*[\w-]\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|pdf)$")


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(ROOT / "pathways")


def _deck(bundle, detail, a="ketamine", b="psilocybin"):
    view = build_view(bundle, ViewState(a, b, detail=detail), slide_canvas())
    return view, Presentation(io.BytesIO(to_deck(view)))


@pytest.fixture(scope="module")
def decks(bundle):
    return {d: _deck(bundle, d) for d in ("core", "full")}


def _all_shapes(shapes):
    for s in shapes:
        yield s
        if s.shape_type is not None and s.shape_type == 6:  # a group: its members too
            yield from _all_shapes(s.shapes)


def _diagram_slides(prs):
    return [s for s in prs.slides if any(sh.name.startswith("node:") for sh in _all_shapes(s.shapes))]


# ---------------------------------------------------------------- the deck


@pytest.mark.parametrize("detail", ["core", "full"])
def test_every_slide_has_its_title_in_the_title_placeholder(decks, detail):
    view, prs = decks[detail]
    slides = list(prs.slides)
    titles = []
    for i, slide in enumerate(slides, 1):
        title = slide.shapes.title
        assert title is not None, f"slide {i} has no title placeholder"
        assert title.is_placeholder and title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        text = title.text_frame.text
        assert text.strip() and text == text.strip() and "\n" not in text, (i, text)
        # the title is said once: no text box repeats it
        assert [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == text] == [title], i
        titles.append(text)
    assert len(set(titles)) == len(titles), titles  # a reader finds each slide by its title
    # each title says what its slide is about
    a, b = view.names["a"], view.names["b"]
    assert titles[0] == view.title
    assert titles[-1] == "References"
    steps = [(i, t) for i, t in enumerate(titles) if re.search(r"step \d+ of \d+", t)]
    assert steps and all(t.startswith(f"{a} and {b}, step ") for _, t in steps)
    tiers = view.tiers()
    for i, t in steps:
        k, n = map(int, re.search(r"step (\d+) of (\d+)", t).groups())
        assert n == len(tiers) and t.split(": ", 1)[1].removesuffix(" (continued)") == style.TIER_TITLE[tiers[k - 1]]
        assert f"Step {k} of {n}" in slides[i].notes_slide.notes_text_frame.text
    meeting = [t for t in titles if t.startswith(f"Where {a} and {b} converge")]
    assert meeting and len(meeting) == sum(1 for s in _diagram_slides(prs) if "faded" in _legend(s))
    for n in view.convergent_nodes:
        label = view.node(n).label
        assert sum(t.endswith(f"converge at {label}") or t.endswith(f"meet at {label} only by inference") for t in titles) == 1


def _legend(slide):
    return next(s.text_frame.text for s in slide.shapes if s.name == "legend")


def _descr(el):
    c = el.find(f"./*/{P}cNvPr")
    return c.get("descr") if c is not None else None


@pytest.mark.parametrize("detail", ["core", "full"])
def test_the_diagram_and_its_arrows_say_what_they_show(decks, detail):
    view, prs = decks[detail]
    a, b = view.names["a"], view.names["b"]
    stated, inferred = set(view.stated_nodes), set(view.inferred_nodes)
    slides = _diagram_slides(prs)
    assert slides
    for slide in slides:
        tree = slide.shapes._spTree
        # pictures, graphic frames and groups all carry a description, and none is a file name
        for el in tree.iter(f"{P}pic", f"{P}graphicFrame", f"{P}grpSp"):
            assert (_descr(el) or "").strip(), etree.tostring(el)[:200]
        for c in tree.iter(f"{P}cNvPr"):
            assert not FILE_NAME.match(c.get("descr") or ""), c.get("descr")
        groups = [s for s in slide.shapes if s.shape_type == 6]
        assert len(groups) == 1 and groups[0].name == "diagram"
        group = groups[0]
        text = _descr(group._element)
        assert text.startswith("Diagram") and f"{a} (left, blue)" in text and f"{b} (right, orange)" in text
        nodes = {s.name[5:] for s in group.shapes if s.name.startswith("node:")}
        # the meeting points drawn on this slide, counted and named
        here_stated, here_inferred = nodes & stated, nodes & inferred
        if here_stated:
            assert f"{len(here_stated)} meeting point{'s' if len(here_stated) > 1 else ''} the sources state" in text
            assert all(view.node(n).label in text for n in here_stated)
        if here_inferred:
            assert f"{len(here_inferred)} only by inference" in text
            assert all(view.node(n).label in text for n in here_inferred)
        if not (here_stated | here_inferred):
            assert "no meeting point" in text
        assert f"{len(nodes)} node" in text
        # each arrow says what it claims (its line end and dash otherwise only show it)
        for s in group.shapes:
            if s.name.startswith("edge:"):
                e = view.bundle.edges[s.name[5:]]
                words = _descr(s._element)
                src, tgt = view.bundle.nodes[e.source].label, view.bundle.nodes[e.target].label
                assert words.startswith(f"Arrow: {src} {e.relation.label} {tgt}") and e.evidence.label in words
            elif s.name.startswith("node:"):
                assert _descr(s._element).startswith(view.node(s.name[5:]).label + ": ")


@pytest.mark.parametrize("detail", ["core", "full"])
def test_reading_order_is_title_then_diagram_then_legend(decks, detail):
    _, prs = decks[detail]
    diagrams = _diagram_slides(prs)
    for slide in prs.slides:
        order = list(slide.shapes)
        assert order[0] == slide.shapes.title  # read first
        if slide in diagrams:
            names = [s.name for s in order]
            assert names == ["title", "subtitle", "diagram", "legend"], names


@pytest.mark.parametrize("detail", ["core", "full"])
def test_every_text_run_has_a_language(decks, detail):
    _, prs = decks[detail]
    runs = 0
    for slide in prs.slides:
        trees = [slide.shapes._spTree]
        if slide.has_notes_slide:
            trees.append(slide.notes_slide.shapes._spTree)
        for tree in trees:
            for r in tree.iter(f"{A}r", f"{A}fld"):
                rpr = r.find(f"{A}rPr")
                assert rpr is not None and rpr.get("lang") == LANG, etree.tostring(r)[:200]
                runs += 1
            for end in tree.iter(f"{A}endParaRPr"):
                assert end.get("lang") == LANG
    assert runs > 100
    # the presentation's default and its document property say so too
    defaults = list(prs.part._element.iter(f"{A}defRPr"))
    assert defaults and all(d.get("lang") == LANG for d in defaults)
    assert prs.core_properties.language == LANG


# ---------------------------------------------------------------- the SVG slide


def _svg(view) -> etree._Element:
    data = formats()["svg"].bytes(view)
    return etree.fromstring(data)


def test_svg_slide_has_a_title_and_a_description_first(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin", detail="core"), slide_canvas())
    root = _svg(view)
    first, second = root[0], root[1]
    assert first.tag == f"{SVG}title" and second.tag == f"{SVG}desc"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby").split() == [first.get("id"), second.get("id")]
    assert first.text == view.title
    desc = second.text
    assert "\n" not in desc  # one paragraph
    a, b = view.names["a"], view.names["b"]
    n_stated, n_inferred = len(view.stated_nodes), len(view.inferred_nodes)
    assert f"{a} (left, blue) and {b} (right, orange)" in desc
    assert f"{n_stated} meeting points the sources state" in desc and f"{n_inferred} only by inference" in desc
    for n in view.convergent_nodes:
        assert view.node(n).label in desc
    # what the colours, lines and marks mean, in the legend's words
    assert style.side_key(Side.shared, dict(view.names)) in desc
    assert style.side_key(Side.inferred, dict(view.names)) in desc
    assert any(w in desc for w in style.EVIDENCE_WORDS.values())
    assert "core mechanism only" in desc  # the filters that made it
    # only one title and one desc: the figure's own text is not repeated as a label
    assert len(root.findall(f"{SVG}title")) == 1 and len(root.findall(f"{SVG}desc")) == 1


def test_svg_description_names_the_selection_and_keeps_hostile_text_as_text():
    bundle = read_pathways(ROOT / "tests" / "data" / "hostile")
    view = build_view(bundle, ViewState("evil_a", "evil_b", detail="full"), slide_canvas())
    root = _svg(view)  # parses: no label became markup
    assert root[0].text == view.title and root[1].tag == f"{SVG}desc"
    for n in view.convergent_nodes:
        assert view.node(n).label in root[1].text
    assert not root[0].getchildren() and not root[1].getchildren()


def test_svg_description_says_what_is_highlighted(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin", detail="core", node="bdnf"), slide_canvas())
    desc = _svg(view)[1].text
    assert "Selected: BDNF" in desc and "faded" in desc


# ---------------------------------------------------------------- the PDF handout


@pytest.fixture(scope="module")
def handout(bundle):
    import pypdf

    from pathviz.render.handout import handout_pdf

    return pypdf.PdfReader(io.BytesIO(handout_pdf(bundle, bundle.drugs)))


def test_pdf_handout_is_tagged_with_a_language(handout):
    root = handout.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    tree = root["/StructTreeRoot"].get_object()
    kinds = set()

    def walk(o):
        o = o.get_object()
        if isinstance(o, list):
            for x in o:
                walk(x)
        elif hasattr(o, "get") and "/S" in o:
            kinds.add(o["/S"])
            if o.get("/K") is not None:
                walk(o["/K"])

    walk(tree["/K"])
    assert {"/H1", "/H2", "/Table", "/TH", "/L", "/LI"} <= kinds  # headings, tables and lists are tagged as such
    assert str(root["/Lang"]).startswith("en")
    assert handout.metadata.title  # a reader shows the document's title, not its file name
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_pdf_handout_has_bookmarks_from_its_headings(handout):
    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    marks = list(titles(handout.outline))
    assert "References" in marks and "Side by side" in marks
