"""The lecture deck: opens with python-pptx, builds up tier by tier, native glued shapes, cited notes."""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation

from pathviz.exports import formats
from pathviz.exports.deck import deck_canvas, first_sentence, to_deck
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


def _named(slide, prefix):
    return {s.name[len(prefix):]: s for s in slide.shapes if s.name.startswith(prefix)}


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def _step_views(view):
    canvas = deck_canvas(view.canvas)
    base = replace(view.state, node=None, edge=None)
    steps = [build_view(view.bundle, replace(base, mode="lecture", step=t.rank), canvas) for t in view.tiers()]
    return steps + [build_view(view.bundle, base, canvas)]


def test_registered_as_a_slide_format():
    fmt = formats()["pptx"]
    assert fmt.kind == "slide" and fmt.extension == "pptx" and "PowerPoint" in fmt.label


def test_slide_count_and_order(core):
    view, prs = core
    slides = list(prs.slides)
    tiers = view.tiers()
    conv = view.convergent_nodes
    assert len(slides) == 1 + len(tiers) + 1 + len(conv) + 1
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    assert slides[-1].shapes.title is None and any("References" in s.text_frame.text for s in slides[-1].shapes if s.has_text_frame)
    for slide, n in zip(slides[len(tiers) + 2 : -1], conv):
        title = _named(slide, "title")[""].text_frame.text
        assert view.node(n).label in title
        if view.is_convergent(n):
            assert title.startswith("Why")
        else:  # an inferred meeting point is never titled as a convergence the sources state
            assert title.endswith("only by inference") and not title.startswith("Why")


@pytest.mark.parametrize("detail", ["core", "full"])
def test_diagram_slides_have_one_glued_shape_per_node_and_arrow(bundle, detail):
    view, prs = _deck(bundle, "ketamine", "psilocybin", detail)
    slides = list(prs.slides)[1 : len(view.tiers()) + 2]
    for slide, sv in zip(slides, _step_views(view), strict=True):
        nodes = _named(slide, "node:")
        edges = _named(slide, "edge:")
        visible = sv.visible()
        shown = [e for e in sv.edges() if e.source in set(visible) and e.target in set(visible)]
        assert set(nodes) == set(visible)
        assert sorted(edges) == sorted(e.key for e in shown)
        for e in shown:
            c = edges[e.key]._element
            st, en = c.find(f".//{A}stCxn"), c.find(f".//{A}endCxn")
            assert st is not None and en is not None
            assert int(st.get("id")) == nodes[e.source].shape_id
            assert int(en.get("id")) == nodes[e.target].shape_id
        # the node text is the label, editable text in the shape itself
        for n, shape in nodes.items():
            assert "".join(shape.text_frame.text.split()) == "".join("".join(sv.labels[n]).split())
        # no two node boxes overlap (the text is inside its box)
        boxes = [(s.left, s.top, s.left + s.width, s.top + s.height) for s in nodes.values()]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        # inside the slide
        assert all(0 <= x0 and x1 <= prs.slide_width and 0 <= y0 and y1 <= prs.slide_height for x0, y0, x1, y1 in boxes)


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


def test_notes_quote_and_cite_every_arrow_shown(core):
    view, prs = core
    slides = list(prs.slides)
    for slide in slides[1 : len(view.tiers()) + 2]:
        notes = _notes(slide)
        assert notes.strip()
        for key in _named(slide, "edge:"):
            e = view.bundle.edges[key]
            for c in view.citations(e):
                if c.quote:
                    assert c.quote in notes
                if c.doi:
                    assert f"doi:{c.doi}" in notes
                if c.pmid:
                    assert f"PMID:{c.pmid}" in notes
    # the first build-up slide says what it shows, from the node descriptions
    first = _notes(slides[1])
    assert "Step 1 of" in first and first_sentence(view.node(view.drugs["a"]).description) in first


def test_references_slide_lists_every_doi_cited(core):
    view, prs = core
    slides = list(prs.slides)
    cited = set()
    for slide in slides[:-1]:
        cited |= {d.rstrip(").,;:") for d in re.findall(r"doi:(\S+)", _notes(slide))}
    assert cited
    refs = " ".join(s.text_frame.text for s in slides[-1].shapes if s.has_text_frame)
    for doi in cited:
        assert f"doi:{doi}" in refs


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
        assert first_sentence(view.node(n).description) in notes
    # nothing became markup: no element carries a pathway string as a tag or attribute
    for s in prs.slides:
        xml = s.shapes._spTree.xml
        assert "<script" not in xml and "<img" not in xml and "javascript:" not in re.sub(r">[^<]*<", "><", xml)


def test_cli_writes_the_deck(tmp_path):
    from pathviz.cli import main

    out = tmp_path / "deck.pptx"
    assert main(["export", "--format", "pptx", "--detail", "core", "-o", str(out)]) == 0
    assert len(Presentation(str(out)).slides) > 5
