"""The Plotly figure: selectable nodes, honest styling, escaped text, exports."""

from __future__ import annotations

import re
import subprocess
import sys
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX, SCREEN_LOOK, Look, nodes_of, slide_look, to_figure
from pathviz.view import SCREEN, Side, ViewState, build_view


def pair_scene(bundle, a, b, state_kw=None, **_):
    return build_view(bundle, ViewState(a, b, **(state_kw or {})), SCREEN)


def pathway_scene(bundle, pid):
    return build_view(bundle, ViewState(pid), SCREEN)


node_trace = nodes_of

from .conftest import PATHWAYS


@pytest.fixture(autouse=True)
def validate_plotly(monkeypatch):
    """Run plotly's full property validation on every figure built in these tests."""
    from pathviz.render import figure

    monkeypatch.setattr(figure, "VALIDATE", True)


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(PATHWAYS)


@pytest.fixture(scope="module")
def scene(bundle):
    return pair_scene(bundle, "ketamine", "psilocybin")


def test_one_selectable_point_per_node(scene):
    fig = to_figure(scene)
    nodes = node_trace(fig)
    assert sorted(nodes.customdata) == sorted(scene.graph.nodes)
    assert len(nodes.x) == scene.graph.number_of_nodes()


def test_edges_have_clickable_midpoints_with_citations(scene):
    fig = to_figure(scene)
    mids = [t for t in fig.data if t.name == "edge details"][0]
    keys = {c.removeprefix(EDGE_PREFIX) for c in mids.customdata}
    assert keys == {k for _, _, d in scene.graph.edges(data=True) for k in d["keys"]}
    assert all("Sources:" in h for h in mids.hovertext)


def test_colour_by_side_and_outline_for_convergent(scene):
    fig = to_figure(scene)
    t = node_trace(fig)
    by_id = dict(zip(t.customdata, range(len(t.customdata))))
    i_bdnf, i_ket, i_psi = by_id["bdnf"], by_id["ketamine"], by_id["psilocybin"]
    assert t.marker.color[i_bdnf] == style.SIDE_COLOUR[Side.shared]
    assert t.marker.color[i_ket] == style.SIDE_COLOUR[Side.a]
    assert t.marker.color[i_psi] == style.SIDE_COLOUR[Side.b]
    # colour is not the only cue: convergent nodes are larger and outlined
    assert t.marker.size[i_bdnf] > t.marker.size[i_ket]
    assert t.marker.line.width[i_bdnf] > t.marker.line.width[i_ket]


def test_evidence_styles_are_drawn(scene):
    fig = to_figure(scene)
    dashes = {t.line.dash for t in fig.data if t.name == "edges"}
    # each line is drawn as the study type behind it (an animal-only caveat of a secondary source is dashed)
    evidences = {style.line_evidence(scene.bundle.edges[k]) for _, _, d in scene.graph.edges(data=True) for k in d["keys"]}
    assert {style.EVIDENCE_DASH[e] for e in evidences} == dashes
    heads = {t.marker.symbol for t in fig.data if t.name == "arrowheads"}
    assert "triangle-up" in heads and "line-ew" in heads  # activation vs inhibition


def test_highlight_dims_everything_off_the_routes(bundle):
    sel = build_view(bundle, ViewState("ketamine", "psilocybin", node="bdnf"), SCREEN)
    hn = sel.highlight_nodes
    assert hn is not None and "bdnf" in hn
    fig = to_figure(sel)
    t = node_trace(fig)
    opacity = dict(zip(t.customdata, t.marker.opacity))
    assert opacity["bdnf"] == 1.0 and opacity["ketamine"] == 1.0 and opacity["psilocybin"] == 1.0
    dimmed = [n for n, o in opacity.items() if o < 1]
    assert dimmed and all(n not in hn for n in dimmed)


def test_reveal_tier_steps_through(bundle, scene):
    step0 = build_view(bundle, ViewState("ketamine", "psilocybin", mode="lecture", step=1), SCREEN)
    fig = to_figure(step0)
    t = node_trace(fig)
    assert set(t.customdata) == {n for n in scene.graph if scene.graph.nodes[n]["node"].tier.rank == 0}


def test_legend_names_both_drugs(scene):
    fig = to_figure(scene)
    names = " ".join(t.name for t in fig.data if t.showlegend is not False and t.name)
    assert "reached by Ketamine only" in names and "reached by Psilocybin only" in names and "reached by both" in names


def test_single_pathway_figure(bundle):
    s = pathway_scene(bundle, "ketamine")
    fig = to_figure(s)
    assert set(node_trace(fig).customdata) == set(s.graph.nodes)


HOSTILE = """
schema: pathviz/1
id: evil
title: "<script>alert(1)</script>"
drug: d
nodes:
  - {id: d, label: "<img src=x onerror=alert(1)>", kind: drug, tier: agent, description: "<b>bold</b> <a href='javascript:alert(2)'>x</a>"}
  - {id: t, label: "T", kind: receptor, tier: target, description: ok}
edges:
  - {source: d, target: t, relation: activates, evidence: human, status: contested, note: "<script>x</script>", sources: [{ref: r}]}
references:
  - {id: r, title: "<svg onload=alert(3)>", authors: ["<i>Evil</i> A"], year: 2020, doi: 10.1000/evil}
"""


def test_pathway_text_is_escaped_everywhere():
    bundle = parse_pathways([("evil.yaml", HOSTILE)]).bundle
    from pathviz.view import slide_canvas

    fig = to_figure(build_view(bundle, ViewState("evil"), slide_canvas()), Look())
    blob = fig.to_json()
    for raw in ("<img", "<script", "<svg", "<a ", "<i>Evil"):
        assert raw not in blob, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in blob


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _export(tmp_path, fmt, *extra):
    out = tmp_path / f"fig.{fmt}"
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "export", "--format", fmt, "-o", str(out), "--data", str(PATHWAYS), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_export_png_is_slide_sized(tmp_path):
    out = _export(tmp_path, "png")
    assert _png_size(out.read_bytes()) == (1920, 1080)


def test_export_svg_has_real_text_labels(tmp_path, bundle):
    out = _export(tmp_path, "svg", "--pathways", "ketamine,psilocybin")
    svg = out.read_text("utf-8")
    texts = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))
    for nid in ("bdnf", "ketamine", "psilocybin"):
        label_start = bundle.nodes[nid].label.split()[0]
        assert label_start in texts
    assert "<script" not in svg


def test_export_html_is_offline(tmp_path):
    out = _export(tmp_path, "html", "--pathways", "psilocybin,ssri")
    html = out.read_text("utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?:", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)
    assert "Plotly.newPlot" in html or "plotly" in html.lower()


def test_export_usage_errors(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "export", "--format", "png", "--pathways", "ketamine,aspirin", "--data", str(PATHWAYS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "--pathways takes" in proc.stderr


def test_edge_dots_never_sit_on_a_node_marker(bundle):
    """Otherwise a click on that node would select the arrow instead."""

    for kw in ({}, {"evidence": ("human", "animal", "review", "database")}):
        scene = pair_scene(bundle, "ketamine", "psilocybin", kw)
        fig = to_figure(scene)
        nodes = node_trace(fig)
        mids = [t for t in fig.data if t.name == "edge details"][0]
        xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
        plot_w = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r
        plot_h = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        px_x, px_y = plot_w / (xr[1] - xr[0]), plot_h / (yr[1] - yr[0])
        for mx, my, key in zip(mids.x, mids.y, mids.customdata):
            for nx_, ny_, nid in zip(nodes.x, nodes.y, nodes.customdata):
                gap = ((mx - nx_) * px_x) ** 2 + ((my - ny_) * px_y) ** 2
                assert gap > 8**2, f"{key} dot on {nid}"


def test_slide_honours_the_selected_node(bundle):
    """The slide download and `export --node` highlight the selected node's routes."""
    from pathviz.view import slide_canvas

    view = build_view(bundle, ViewState("ketamine", "psilocybin", node="bdnf"), slide_canvas())
    fig = to_figure(view, slide_look())
    t = nodes_of(fig)
    opacity = dict(zip(t.customdata, t.marker.opacity))
    assert opacity["bdnf"] == 1.0 and min(opacity.values()) < 1.0
    labels = [a.text for a in fig.layout.annotations if (a.name or "") == "label:bdnf"]
    assert labels and labels[0].startswith("<b>")


def test_export_node_highlights_on_the_png(tmp_path):
    plain = _export(tmp_path, "svg").read_text("utf-8")
    out = tmp_path / "sel.svg"
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "export", "-f", "svg", "--node", "bdnf", "-o", str(out), "--data", str(PATHWAYS)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text("utf-8") != plain
    assert "opacity: 0.18" in out.read_text("utf-8") or "opacity:0.18" in out.read_text("utf-8").replace(" ", "")


def test_a_slide_names_the_filters_that_made_it():
    from pathviz.view import slide_canvas

    bundle = read_pathways(PATHWAYS)
    filtered = build_view(bundle, ViewState("ketamine", "psilocybin", evidence=("human",), detail="core"), slide_canvas())
    title = to_figure(filtered, slide_look()).layout.title.text
    assert title.startswith("Ketamine and Psilocybin") and "Filters: evidence: human studies; core mechanism only" in title
    plain = build_view(bundle, ViewState("ketamine", "psilocybin", detail="full"), slide_canvas())
    assert "Filters" not in to_figure(plain, slide_look()).layout.title.text
    # filters too long for the title's line get a line of their own, below the title, not past the slide's edge
    many = ViewState("ketamine", "psilocybin", evidence=("human", "animal", "in_vitro", "review", "database"),
                     status=("established", "contested"), detail="core")
    title = to_figure(build_view(bundle, many, slide_canvas()), slide_look()).layout.title
    assert "<br><span" in title.text and title.y < to_figure(filtered, slide_look()).layout.title.y


# ---------------------------------------------------------------- geometry of what is drawn (px, y down)


def _seg_crosses_box(p, q, box) -> bool:
    """Whether the segment p-q passes through the box (Liang-Barsky clipping)."""
    left, top, right, bottom = box
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


# a marker's symbol is drawn within a square of the size the layout reserved (see test_markers_fit_their_box)
MARKER_REACH = 0.5


def _drawn(view, look):
    """What the figure draws, in canvas px: each arrow's polyline with its two ends, each visible
    node's marker box (as far as its symbol may reach) and label box, and each status mark (centre,
    radius, text)."""
    from pathviz.render.figure import figure_with_paths

    fig, paths = figure_with_paths(view, look)
    p = view.placement
    markers, labels = {}, {}
    for n in view.visible():
        x, y = p.pos[n][0] * 100, -p.pos[n][1] * 100
        r = p.marker_px[n] * MARKER_REACH + 1
        markers[n] = (x - r, y - r, x + r, y + r)
        labels[n] = p.boxes[n]
    arrows = []
    for key, d in paths.items():
        e = view.bundle.edges[key]
        arrows.append((key, {e.source, e.target}, [(x * 100, -y * 100) for x, y in zip(d["x"], d["y"])]))
    mids = next((t for t in fig.data if t.name == "edge details"), None)
    marks = [
        (key.removeprefix(EDGE_PREFIX), (x * 100, -y * 100), size / 2, text)
        for x, y, key, text, size in zip(mids.x, mids.y, mids.customdata, mids.text, mids.marker.size)
    ] if mids is not None else []
    return fig, arrows, markers, labels, marks


def _under(arrows, boxes):
    """(arrow, node) pairs where an arrow passes through the box of a node it does not connect."""
    return [
        (key, n)
        for key, ends, pts in arrows
        for n, box in boxes.items()
        if n not in ends and any(_seg_crosses_box(a, b, box) for a, b in zip(pts, pts[1:]))
    ]


def _canvases():
    from pathviz.view import LECTURE

    from pathviz.render.figure import LECTURE_LOOK, SCREEN_LOOK

    return {"screen": (SCREEN, SCREEN_LOOK), "lecture": (LECTURE, LECTURE_LOOK)}


PAIRS = [("ketamine", "psilocybin"), ("psilocybin", "ssri"), ("ketamine", "ssri")]


@pytest.mark.parametrize("canvas", ["screen", "lecture"])
@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(p) for p in PAIRS])
@pytest.mark.parametrize("detail", ["core", "full"])
def test_no_arrow_passes_under_a_marker_it_does_not_connect(bundle, canvas, pair, detail):
    """An arrow drawn behind a marker reads as passing through that node (the disinhibition arrow
    ran behind the GABA, 5-HT and AMPA markers): every arrow goes round the markers it does not join."""
    c, look = _canvases()[canvas]
    view = build_view(bundle, ViewState(*pair, detail=detail), c)
    _, arrows, markers, _, _ = _drawn(view, look)
    assert _under(arrows, markers) == []


@pytest.mark.parametrize("canvas", ["screen", "lecture"])
@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(p) for p in PAIRS])
@pytest.mark.parametrize("detail", ["core", "full"])
def test_status_marks_cover_no_label_and_no_marker(bundle, canvas, pair, detail):
    """The "h" (hypothesis) and "?" (contested) marks sit at a free point of their arrow: on no
    label, no marker and no other mark."""
    c, look = _canvases()[canvas]
    view = build_view(bundle, ViewState(*pair, detail=detail), c)
    _, _, markers, labels, marks = _drawn(view, look)
    status = [m for m in marks if m[3]]
    assert status, "the view has hypothesis or contested arrows"
    bad = []
    for key, (x, y), r, text in status:
        for n, (x0, y0, x1, y1) in {**labels, **markers}.items():
            if x + r > x0 and x - r < x1 and y + r > y0 and y - r < y1:
                bad.append((text, key, n))
    for i, (k1, (x1, y1), r1, _) in enumerate(status):
        for k2, (x2, y2), r2, _ in status[i + 1:]:
            if (x1 - x2) ** 2 + (y1 - y2) ** 2 < (r1 + r2) ** 2:
                bad.append(("marks", k1, k2))
    assert bad == []


def test_lecture_has_no_hover_boxes(bundle):
    """On a projector the hover box covers the diagram; the details panel says it instead. The
    points stay clickable (hover events without a box)."""
    from pathviz.render.figure import LECTURE_LOOK

    c, _ = _canvases()["lecture"]
    view = build_view(bundle, ViewState("ketamine", "psilocybin", mode="lecture", step=6, detail="core"), c)
    fig = to_figure(view, LECTURE_LOOK)
    for t in fig.data:
        assert t.hoverinfo in ("none", "skip"), (t.name, t.hoverinfo)
    assert nodes_of(fig).hoverinfo == "none" and nodes_of(fig).customdata
    screen = to_figure(build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN))
    assert nodes_of(screen).hoverinfo == "text"  # the Compare page keeps its hover text


def test_every_marker_symbol_fits_the_square_the_layout_reserved(bundle, tmp_path, browser):
    """Plotly draws diamonds and stars up to 1.4 times their size; the figure draws them smaller so
    that each symbol, as the browser draws it, fits the box arrows and labels keep clear of."""
    from pathviz.render import plotlyjs
    from pathviz.render.figure import SCREEN_LOOK

    view = build_view(bundle, ViewState("ketamine", "psilocybin", detail="full"), SCREEN)
    fig = to_figure(view, SCREEN_LOOK)
    kinds = {style.KIND_SYMBOL[view.node(n).kind] for n in view.graph}
    assert {"star", "star-diamond", "diamond", "hexagram", "cross"} <= kinds  # the wide ones are drawn
    page_html = tmp_path / "fig.html"
    page_html.write_text(
        "<html><body style='margin:0'><div id=g></div><script src='" + plotlyjs.source().as_uri() + "'></script>"
        f"<script>var f={fig.to_json()}; Plotly.newPlot('g', f.data, f.layout).then(() => {{ window.done = 1; }});</script></body></html>",
        "utf-8",
    )
    page = browser.new_page(viewport={"width": 1200, "height": 1200})
    try:
        page.goto(page_html.as_uri())
        page.wait_for_function("() => window.done === 1", timeout=30_000)
        drawn = page.evaluate(
            """() => { const gd = document.getElementById('g');
                const i = gd.data.findIndex(t => t.name === 'nodes'); const t = gd.data[i];
                const layer = document.querySelectorAll('.scatterlayer .trace')[i];
                return [...layer.querySelectorAll('path.point')].map(p => {
                    const b = p.getBBox(); return [t.customdata[p.__data__.i], b.width, b.height]; }); }"""
        )
    finally:
        page.close()
    assert len(drawn) == view.graph.number_of_nodes()
    too_big = {n: (round(w, 1), round(h, 1), view.placement.marker_px[n]) for n, w, h in drawn if max(w, h) > view.placement.marker_px[n] + 0.5}
    assert too_big == {}


@hs.composite
def _random_pair(draw):
    """Two drugs and a context pathway of random nodes, rows and arrows, some hypotheses or contested."""
    n = draw(hs.integers(3, 30))
    words = hs.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=14)
    tiers = ["target", "transmission", "signalling", "plasticity", "circuit", "clinical"]
    nodes = "".join(
        f"  - {{id: n{i}, label: '{' '.join(draw(hs.lists(words, min_size=1, max_size=4)))}', "
        f"kind: {'drug' if i < 2 else draw(hs.sampled_from(['signalling', 'receptor', 'structure', 'outcome']))}, "
        f"tier: {'agent' if i < 2 else draw(hs.sampled_from(tiers))}, description: d}}\n"
        for i in range(n)
    )
    pairs = draw(hs.lists(hs.tuples(hs.integers(0, n - 1), hs.integers(0, n - 1)).filter(lambda p: p[0] != p[1]), unique=True, max_size=45))
    edges = "".join(
        f"  - {{source: n{s}, target: n{t}, relation: activates, evidence: human, "
        f"status: {draw(hs.sampled_from(['established', 'hypothesis', 'contested']))}, sources: [{{ref: r}}]}}\n"
        for s, t in pairs
    )
    text = "schema: pathviz/1\nid: ctx\ntitle: C\nnodes:\n" + nodes + ("edges:\n" + edges if edges else "")
    text += "references:\n  - {id: r, title: R, doi: 10.1000/r1}\n"
    return [("c.yaml", text), ("a.yaml", "schema: pathviz/1\nid: da\ntitle: A\ndrug: n0\n"), ("b.yaml", "schema: pathviz/1\nid: db\ntitle: B\ndrug: n1\n")]


@settings(max_examples=40, deadline=None)
@given(_random_pair(), hs.sampled_from(["screen", "slide"]))
def test_on_random_graphs_no_arrow_passes_under_a_marker_and_no_mark_covers_a_label(files, canvas):
    from pathviz.render.figure import SLIDE_LOOK
    from pathviz.view import slide_canvas

    bundle = parse_pathways(files).bundle
    c, look = (SCREEN, SCREEN_LOOK) if canvas == "screen" else (slide_canvas(), SLIDE_LOOK)
    _, arrows, markers, labels, marks = _drawn(build_view(bundle, ViewState("da", "db"), c), look)
    assert _under(arrows, markers) == []
    covered = [
        (key, n)
        for key, (x, y), r, text in marks
        if text
        for n, (x0, y0, x1, y1) in {**labels, **markers}.items()
        if x + r > x0 and x - r < x1 and y + r > y0 and y - r < y1
    ]
    assert covered == []
