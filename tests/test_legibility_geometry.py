"""The geometry of benchmarks/legibility.py on small hand-made cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from legibility import (  # noqa: E402
    boxes_overlap,
    count_edge_edge_crossings,
    count_edge_label_crossings,
    count_label_overlaps,
    match_node,
    midword_breaks,
    norm_label,
    segment_crosses_box,
    segment_intersection,
)


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ((0, 0, 10, 10), (5, 5, 15, 15), True),
        ((0, 0, 10, 10), (10, 0, 20, 10), False),  # side by side, touching
        ((0, 0, 10, 10), (9.5, 0, 20, 10), False),  # 0.5 px: within the tolerance
        ((0, 0, 10, 10), (8, 9.5, 20, 20), False),  # 2 px wide but 0.5 px high
        ((0, 0, 10, 10), (8, 8, 20, 20), True),  # 2 px both ways
        ((0, 0, 10, 10), (2, 2, 4, 4), True),  # inside
        ((0, 0, 10, 10), (20, 20, 30, 30), False),
    ],
)
def test_boxes_overlap(a, b, overlap):
    assert boxes_overlap(a, b) is overlap
    assert boxes_overlap(b, a) is overlap


def test_segment_intersection():
    x = segment_intersection((0, 0), (10, 10), (0, 10), (10, 0))
    assert x == pytest.approx((5, 5))
    assert segment_intersection((0, 0), (10, 0), (0, 5), (10, 5)) is None  # parallel
    assert segment_intersection((0, 0), (10, 0), (5, 0), (15, 0)) is None  # collinear overlap
    assert segment_intersection((0, 0), (10, 0), (10, 0), (10, 10)) is None  # shared end
    assert segment_intersection((0, 0), (10, 0), (5, 0), (5, 10)) is None  # T: touches, does not cross
    assert segment_intersection((0, 0), (10, 0), (5, 1), (5, 10)) is None  # stops short
    assert segment_intersection((0, 0), (10, 0), (5, -1), (5, 10)) == pytest.approx((5, 0))


@pytest.mark.parametrize(
    "p, q, crosses",
    [
        ((-5, 5), (15, 5), True),  # straight through
        ((5, -5), (5, 15), True),
        ((-5, -5), (15, 15), True),  # diagonal
        ((-5, 5), (3, 5), True),  # ends inside
        ((2, 2), (8, 8), True),  # wholly inside
        ((-5, 0), (15, 0), False),  # along the top side
        ((-5, 0.5), (15, 0.5), False),  # within the 1 px inset
        ((-5, -5), (15, -5), False),  # above
        ((-5, 5), (-1, 5), False),  # stops before the box
        ((-2, 8), (8, 22), False),  # passes the corner outside
    ],
)
def test_segment_crosses_box(p, q, crosses):
    box = (0, 0, 10, 10)
    assert segment_crosses_box(p, q, box) is crosses
    assert segment_crosses_box(q, p, box) is crosses


@pytest.mark.parametrize(
    "label, lines, breaks",
    [
        ("NMDA receptor", ["NMDA", "receptor"], 0),
        ("(Neuro)inflammation", ["(Neuro)inflammatio", "n"], 1),
        ("Brain-derived neurotrophic factor", ["Brain-", "derived neurotrophic", "factor"], 0),
        ("5-HT2A receptor", ["5-HT", "2A receptor"], 1),  # digits count as word characters
        ("AMPA / NMDA ratio", ["AMPA /", "NMDA ratio"], 0),
        ("GABA/glutamate", ["GABA/", "glutamate"], 0),
        ("mTORC1 signalling", ["mTOR", "C1 signalling"], 1),
        ("Short", ["Short"], 0),
        ("A very long label text", ["A very", "lo", "ng label te", "xt"], 2),
        ("Cortisol (HPA axis)", ["Cortisol", "(HPA axis)"], 0),
        ("Label", ["Lxb", "el"], 1),  # not found in the label: judged by the characters
        ("Label", ["Lab…", "el"], 0),
    ],
)
def test_midword_breaks(label, lines, breaks):
    assert midword_breaks(label, lines) == breaks


def test_label_matching():
    labels = {"bdnf": "BDNF", "nmda": "NMDA receptors on GABA interneurons", "inf": "(Neuro)inflammation"}
    by_norm = {norm_label(v): [k] for k, v in labels.items()}
    assert match_node(["NMDA receptors on", "GABA interneurons"], by_norm, labels) == "nmda"
    assert match_node(["(Neuro)inflammatio", "n"], by_norm, labels) == "inf"
    assert match_node(["NMDA receptors…"], by_norm, labels) == "nmda"
    assert match_node(["Targets"], by_norm, labels) is None


def _label(node, *boxes):
    return {"node": node, "boxes": list(boxes)}


def test_label_overlaps_count_pairs_of_nodes():
    labels = [
        _label("a", (0, 0, 50, 10), (0, 10, 50, 20)),
        _label("b", (40, 15, 90, 25)),  # overlaps a's second line
        _label("c", (100, 0, 150, 10)),
        _label("c", (120, 5, 160, 15)),  # same node twice: not an overlap
    ]
    n, pairs = count_label_overlaps(labels)
    assert n == 1 and pairs == [("a", "b")]


def test_edge_label_crossings_skip_the_arrow_ends():
    labels = [_label("a", (0, 0, 20, 10)), _label("b", (0, 100, 20, 110)), _label("c", (0, 50, 20, 60))]
    edge = {"points": [(10, 5), (10, 105)], "ends": ("a", "b")}
    n, which = count_edge_label_crossings([edge], labels)
    assert n == 1 and which == [("a", "b", "c")]
    bent = {"points": [(10, 5), (40, 55), (10, 105)], "ends": ("a", "b")}  # goes round c
    assert count_edge_label_crossings([bent], labels)[0] == 0


def test_edge_edge_crossings():
    x1 = {"points": [(0, 0), (10, 10)], "ends": ("a", "b")}
    x2 = {"points": [(0, 10), (10, 0)], "ends": ("c", "d")}
    assert count_edge_edge_crossings([x1, x2]) == 1
    # two arrows leaving the same node, fanning out: they meet at the node, no crossing
    f1 = {"points": [(0, 0), (-10, 10)], "ends": ("a", "b")}
    f2 = {"points": [(0, 0), (10, 10)], "ends": ("a", "c")}
    assert count_edge_edge_crossings([f1, f2], {"a": (0, 0)}) == 0
    # arrows that share a node but cross far from it do cross (here twice)
    z1 = {"points": [(0, 0), (100, 100), (100, 0)], "ends": ("a", "b")}
    z2 = {"points": [(0, 0), (0, 100), (120, 40)], "ends": ("a", "c")}
    assert count_edge_edge_crossings([z1, z2], {"a": (0, 0)}) == 2
    # one polyline crossing itself is not counted
    loop = {"points": [(0, 0), (10, 10), (10, 0), (0, 10)], "ends": ("a", "b")}
    assert count_edge_edge_crossings([loop]) == 0


def test_edge_marker_crossings_skip_the_arrow_ends():
    from legibility import count_edge_marker_crossings

    markers = {"a": (0, 0, 10, 10), "b": (0, 100, 10, 110), "c": (0, 50, 10, 60)}
    straight = {"points": [(5, 5), (5, 105)], "ends": ("a", "b")}
    n, which = count_edge_marker_crossings([straight], markers)
    assert n == 1 and which == [("a", "b", "c")]  # runs behind c's marker
    around = {"points": [(5, 5), (30, 40), (30, 70), (5, 105)], "ends": ("a", "b")}
    assert count_edge_marker_crossings([around], markers)[0] == 0
    grazing = {"points": [(10.5, 5), (10.5, 105)], "ends": ("a", "b")}  # along c's edge, not through it
    assert count_edge_marker_crossings([grazing], markers)[0] == 0


def test_status_marks_and_what_they_cover():
    from legibility import count_mark_overlaps, status_marks

    traces = [
        {"name": "edge details", "boxes": [{"i": 0, "box": [100, 100, 116, 116]}, {"i": 1, "box": [0, 0, 7, 7]}],
         "texts": [{"index": 0, "lines": ["h"], "boxes": [[104, 102, 112, 114]]}]},
        {"name": "nodes", "boxes": [], "texts": [{"index": 0, "lines": ["BDNF"], "boxes": [[0, 0, 40, 14]]}]},
    ]
    marks = status_marks(traces)
    assert marks == [("h", (100, 100, 116, 116))]  # the circle round the letter; plain dots and labels are not marks
    labels = [_label("bdnf", (90, 110, 130, 124)), _label("trkb", (200, 0, 240, 14))]
    n, which = count_mark_overlaps(marks, labels, {"trkb": (95, 95, 105, 105)})
    assert n == 2 and which == [("h", "bdnf"), ("h", "trkb")]  # on bdnf's label and trkb's marker
    assert count_mark_overlaps(marks, [_label("x", (116.5, 100, 150, 116))], {})[0] == 0  # touching is not covering
