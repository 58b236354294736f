"""Label placement: measured with the real font, wrapped between words, never overlapping."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.layout.pair import _isotonic, _seg_hits_box
from pathviz.layout.text import text_width, wrap
from pathviz.view import LECTURE, SCREEN, ViewState, build_view, slide_canvas

from .conftest import PATHWAYS

BUNDLE = read_pathways(PATHWAYS)


def _overlap(a, b, tol=0.5) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def _boxes(view):
    """Label boxes and marker boxes (px, y down) of the visible nodes."""
    p = view.placement
    out = {}
    for n in view.visible():
        x, y = p.pos[n][0] * 100, -p.pos[n][1] * 100
        r = p.marker_px[n] / 2
        out[n] = (p.boxes[n], (x - r, y - r, x + r, y + r))
    return out


@pytest.mark.parametrize(
    "label, width, expected",
    [
        ("Neuroplasticity", 40, ("Neuroplasticity",)),  # a long word gets a line of its own, never cut
        ("(Neuro)inflammation", 40, ("(Neuro)inflammation",)),
        ("Glutamatergic neuron firing (disinhibition)", 120, ("Glutamatergic", "neuron firing", "(disinhibition)")),
        ("Cortisol / glucocorticoids", 90, ("Cortisol /", "glucocorticoids")),
        ("5-HT2A receptor (layer V pyramidal, PFC)", 60, ("5-HT2A", "receptor", "(layer V", "pyramidal,", "PFC)")),
    ],
)
def test_wrapping_breaks_only_between_words(label, width, expected):
    assert wrap(label, width, 14) == expected


@settings(max_examples=200, deadline=None)
@given(
    words=hs.lists(hs.text(alphabet="abcdefghijklmnopqrstuvwxyzABC()-/,0123456789", min_size=1, max_size=14), min_size=1, max_size=8),
    width=hs.floats(20, 300),
)
def test_wrapping_never_changes_or_splits_a_word(words, width):
    label = re.sub(r"\s+", " ", " ".join(words).strip())
    lines = wrap(label, width, 13)
    # the lines are the label's own characters, in order; every break is at a space or after - or /
    i = 0
    for k, line in enumerate(lines):
        if k:
            if label[i] == " ":
                i += 1
            else:
                assert label[i - 1] in "-/", (label, lines)
                assert not line.startswith((")", "]", ",")), (label, lines)
        assert label[i : i + len(line)] == line, (label, lines)
        i += len(line)
    assert i == len(label)


def test_text_is_measured_with_the_font_not_by_counting_characters():
    assert text_width("WWWW", 14) > 1.5 * text_width("iiii", 14)
    assert text_width("BDNF", 28) == pytest.approx(2 * text_width("BDNF", 14), rel=0.05)


def test_isotonic_keeps_order_and_gaps_with_least_movement():
    xs = _isotonic([10, 11, 12, 50], [20, 20, 20])
    assert all(b - a >= 20 - 1e-9 for a, b in zip(xs, xs[1:]))
    assert xs[3] == pytest.approx(50) or xs[3] >= 50
    assert _isotonic([0, 100], [10]) == [0, 100]  # already apart: untouched
    bounded = _isotonic([-50, -40, 500], [30, 30], lo=0, hi=100)
    assert bounded[0] >= 0 and bounded[-1] <= 100


def test_segment_box_crossing():
    box = (10, 10, 20, 20)
    assert _seg_hits_box(0, 15, 30, 15, box)
    assert not _seg_hits_box(0, 0, 30, 0, box, pad=0)
    assert not _seg_hits_box(0, 30, 5, 40, box)


CANVASES = {"screen": SCREEN, "lecture": LECTURE, "slide": slide_canvas(), "small slide": slide_canvas(1280, 720)}


@pytest.mark.parametrize("canvas", list(CANVASES), ids=list(CANVASES))
@pytest.mark.parametrize("pair", [("ketamine", "psilocybin"), ("psilocybin", "ssri"), ("ketamine", "ssri")])
@pytest.mark.parametrize("detail", ["core", "full"])
def test_no_label_overlaps_another_label_or_marker(canvas, pair, detail):
    view = build_view(BUNDLE, ViewState(*pair, detail=detail), CANVASES[canvas])
    boxes = _boxes(view)
    for (a, (la, ma)), (b, (lb, mb)) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(la, lb), f"labels of {a} and {b} overlap"
        assert not _overlap(la, mb), f"label of {a} covers the marker of {b}"
        assert not _overlap(lb, ma), f"label of {b} covers the marker of {a}"
    # every label inside the drawing width
    for n, (lab, _) in boxes.items():
        assert lab[0] >= -0.5 and lab[2] <= view.canvas.plot_width + 0.5, n


@pytest.mark.parametrize("pair", [("ketamine", "psilocybin"), ("psilocybin", "ssri"), ("ketamine", "ssri")])
@pytest.mark.parametrize("detail", ["core", "full"])
@pytest.mark.parametrize("step", range(7))
def test_lecture_fits_the_projector_at_every_step(step, detail, pair):
    """Full detail too: 63 nodes in the 1860x940 lecture canvas with labels of 22 px."""
    view = build_view(BUNDLE, ViewState(*pair, mode="lecture", step=step, detail=detail), LECTURE)
    assert view.placement.height_px <= LECTURE.plot_height + 0.5
    assert view.placement.font_px >= 22 and LECTURE.legend_px >= 18


def test_slide_fills_the_canvas_height():
    view = build_view(BUNDLE, ViewState("ketamine", "psilocybin", detail="core"), slide_canvas())
    # the tiers are spread over the slide, not packed at the top
    assert view.placement.height_px >= 0.85 * slide_canvas().plot_height


@hs.composite
def _random_bundle(draw):
    n = draw(hs.integers(3, 30))
    words = hs.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=16)
    labels = [" ".join(draw(hs.lists(words, min_size=1, max_size=5))) for _ in range(n)]
    tiers = ["agent", "target", "transmission", "signalling", "plasticity", "circuit", "clinical"]
    nodes = "".join(
        f"  - {{id: n{i}, label: '{labels[i]}', kind: {'drug' if i < 2 else 'signalling'}, "
        f"tier: {'agent' if i < 2 else draw(hs.sampled_from(tiers[1:]))}, description: d}}\n"
        for i in range(n)
    )
    pairs = draw(hs.lists(hs.tuples(hs.integers(0, n - 1), hs.integers(0, n - 1)).filter(lambda p: p[0] != p[1]), unique=True, max_size=40))
    edges = "".join(
        f"  - {{source: n{s}, target: n{t}, relation: activates, evidence: human, status: established, sources: [{{ref: r}}]}}\n"
        for s, t in pairs
    )
    text = "schema: pathviz/1\nid: ctx\ntitle: C\nnodes:\n" + nodes + ("edges:\n" + edges if edges else "")
    text += "references:\n  - {id: r, title: R, doi: 10.1000/r1}\n"
    return [("c.yaml", text), ("a.yaml", "schema: pathviz/1\nid: da\ntitle: A\ndrug: n0\n"), ("b.yaml", "schema: pathviz/1\nid: db\ntitle: B\ndrug: n1\n")]


@settings(max_examples=40, deadline=None)
@given(_random_bundle(), hs.sampled_from(["screen", "slide", "small slide"]))
def test_no_overlaps_on_random_graphs(files, canvas):
    result = parse_pathways(files)
    assert result.errors == [], [p.format() for p in result.errors]
    view = build_view(result.bundle, ViewState("da", "db"), CANVASES[canvas])
    boxes = _boxes(view)
    for (a, (la, ma)), (b, (lb, mb)) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(la, lb), f"labels of {a} and {b} overlap"
        assert not _overlap(la, mb) and not _overlap(lb, ma)


def test_bends_take_arrows_around_labels():
    """Arrows that would cross a label of a row they pass are bent through a gap; count before and after."""
    view = build_view(BUNDLE, ViewState("ketamine", "psilocybin"), slide_canvas())
    p = view.placement
    straight = bent = 0
    for u, v in view.graph.edges():
        (ux, uy), (vx, vy) = p.pos[u], p.pos[v]
        pts = [(ux * 100, -uy * 100)] + [(x * 100, -y * 100) for x, y in p.bends.get((u, v), [])] + [(vx * 100, -vy * 100)]
        for n, box in p.boxes.items():
            if n in (u, v):
                continue
            straight += _seg_hits_box(ux * 100, -uy * 100, vx * 100, -vy * 100, box, pad=0)
            bent += any(_seg_hits_box(*a, *b, box, pad=0) for a, b in zip(pts, pts[1:]))
    assert bent <= straight / 2, (straight, bent)


FILTERS = {
    "human evidence": dict(evidence=("human",)),
    "established": dict(status=("established",)),
    "animal and review": dict(evidence=("animal", "review")),
    "prefrontal cortex": dict(region=("pfc",)),
    "two tiers": dict(tier=("target", "signalling")),
    "paths to meeting points": dict(conv_only=True),
}


@pytest.mark.parametrize("canvas", ["screen", "lecture"])
@pytest.mark.parametrize("detail", ["core", "full"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_a_filter_keeps_every_node_in_its_place(name, detail, canvas):
    """A student filtering by evidence sees what disappeared: the nodes that stay keep the places
    of the unfiltered view (same drugs, detail and canvas), their labels keep their boxes, and
    what the filter leaves unreached is drawn grey where it was."""
    plain = build_view(BUNDLE, ViewState("ketamine", "psilocybin", detail=detail), CANVASES[canvas])
    filtered = build_view(BUNDLE, ViewState("ketamine", "psilocybin", detail=detail, **FILTERS[name]), CANVASES[canvas])
    assert set(filtered.graph) <= set(plain.graph)
    for n in filtered.graph:
        assert filtered.pos[n] == plain.pos[n], n
        assert filtered.placement.boxes[n] == plain.placement.boxes[n], n
        assert filtered.labels[n] == plain.labels[n], n
    assert filtered.placement.font_px == plain.placement.font_px
