"""The one view: sides that tell the truth under filters, best-supported routes, explain."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from pathviz.analysis.graph import CAUSAL
from pathviz.analysis.routes import best_routes, shortest_routes, strength_words
from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.render.figure import header_texts, nodes_of, to_figure
from pathviz.render import style
from pathviz.view import SCREEN, Side, ViewState, build_view, side_words
from pathviz.vocab import Evidence, Region, Status, Tier

from .conftest import PATHWAYS


BUNDLE = read_pathways(PATHWAYS)


@pytest.fixture(scope="module")
def bundle():
    return BUNDLE


def _drawn_causal(view) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(view.graph.nodes)
    for e in view.edges():
        if e.relation in CAUSAL:
            g.add_edge(e.source, e.target)
    return g


def _check_sides(view) -> None:
    """Every side is what the arrows shown say: the property the whole UI rests on."""
    g = _drawn_causal(view)
    da, db = view.drugs["a"], view.drugs["b"]
    ra = nx.descendants(g, da) | {da} if da in g else set()
    rb = nx.descendants(g, db) | {db} if db in g else set()
    for n, side in view.sides.items():
        if n == da:
            assert side == Side.a
            continue
        if n == db:
            assert side == Side.b
            continue
        if side == Side.a:
            assert n in ra and n not in rb, n
        elif side == Side.b:
            assert n in rb and n not in ra, n
        elif side in (Side.shared, Side.inferred):
            assert n in ra and n in rb, n
        else:
            assert n not in ra and n not in rb, (n, side)
    assert set(view.stated_nodes) == {n for n, s in view.sides.items() if s == Side.shared}
    assert set(view.inferred_nodes) == {n for n, s in view.sides.items() if s == Side.inferred}
    assert set(view.convergent_nodes) == set(view.stated_nodes) | set(view.inferred_nodes)


EVIDENCE = [e.value for e in Evidence]
STATUS = [s.value for s in Status]


@settings(max_examples=60, deadline=None)
@given(
    a=hs.sampled_from(["ketamine", "psilocybin", "ssri"]),
    b=hs.sampled_from(["ketamine", "psilocybin", "ssri"]),
    evidence=hs.lists(hs.sampled_from(EVIDENCE), unique=True, max_size=3),
    status=hs.lists(hs.sampled_from(STATUS), unique=True, max_size=2),
    region=hs.lists(hs.sampled_from([r.value for r in Region]), unique=True, max_size=2),
    tier=hs.lists(hs.sampled_from([t.value for t in Tier]), unique=True, max_size=3),
    conv=hs.booleans(),
    detail=hs.sampled_from(["full", "core"]),
)
def test_sides_follow_the_arrows_shown_on_the_bundle(a, b, evidence, status, region, tier, conv, detail):
    state = ViewState(a, b, evidence=tuple(evidence), status=tuple(status), region=tuple(region), tier=tuple(tier), conv_only=conv, detail=detail)
    view = build_view(BUNDLE, state, SCREEN)
    _check_sides(view)


@hs.composite
def random_bundle(draw):
    n = draw(hs.integers(4, 12))
    pairs = draw(hs.lists(hs.tuples(hs.integers(0, n - 1), hs.integers(0, n - 1)).filter(lambda p: p[0] != p[1]), unique=True, max_size=30))
    nodes = "".join(f"  - {{id: n{i}, label: N{i}, kind: {'drug' if i < 2 else 'signalling'}, tier: {'agent' if i < 2 else 'signalling'}, description: d}}\n" for i in range(n))
    edges = []
    for s, t in pairs:
        rel = draw(hs.sampled_from(["activates", "inhibits", "associated_with", "leads_to"]))
        ev = draw(hs.sampled_from(["human", "animal", "secondary", "in_vitro"]))
        stt = draw(hs.sampled_from(STATUS))
        edges.append(f"  - {{source: n{s}, target: n{t}, relation: {rel}, evidence: {ev}, status: {stt}, sources: [{{ref: r}}]}}\n")
    text = "schema: pathviz/1\nid: ctx\ntitle: C\nnodes:\n" + nodes
    if edges:
        text += "edges:\n" + "".join(edges)
    text += "references:\n  - {id: r, title: R, doi: 10.1000/r1}\n"
    files = [("c.yaml", text), ("a.yaml", "schema: pathviz/1\nid: da\ntitle: A\ndrug: n0\n"), ("b.yaml", "schema: pathviz/1\nid: db\ntitle: B\ndrug: n1\n")]
    ev_filter = draw(hs.lists(hs.sampled_from(["human", "animal", "secondary", "in_vitro"]), unique=True, max_size=3))
    st_filter = draw(hs.lists(hs.sampled_from(STATUS), unique=True, max_size=2))
    return files, ev_filter, st_filter


@settings(max_examples=80, deadline=None)
@given(random_bundle())
def test_sides_follow_the_arrows_shown_on_random_graphs(data):
    files, ev, stt = data
    result = parse_pathways(files)
    assert result.errors == [], [p.format() for p in result.errors]
    view = build_view(result.bundle, ViewState("da", "db", evidence=tuple(ev), status=tuple(stt)), SCREEN)
    _check_sides(view)
    # every meeting point has a route from each drug whose steps are all drawn; every other
    # reached node a route from the drug that reaches it, and none from the other
    for n, support in view.support.items():
        for choice in support.routes:
            reaches = n in (view.convergence.reach_a if choice.drug == "n0" else view.convergence.reach_b)
            assert (choice.best is not None) == reaches, (n, choice.drug)
            if choice.best is not None:
                assert choice.best.nodes[-1] == n
                assert all(view.has_edge(k) for k in choice.best.edge_keys)


# ---------------------------------------------------------------- filters on the bundled data


@pytest.mark.parametrize(
    "kw",
    [
        {"evidence": ("human",)},
        {"evidence": ("human", "animal")},
        {"status": ("established",)},
    ],
)
def test_colours_headers_and_labels_match_what_is_drawn(bundle, kw):
    view = build_view(bundle, ViewState("ketamine", "psilocybin", **kw), SCREEN)
    _check_sides(view)
    fig = to_figure(view)
    t = nodes_of(fig)
    for n, colour in zip(t.customdata, t.marker.color):
        assert colour == style.SIDE_COLOUR[view.sides[n]], n
    for n, hover in zip(t.customdata, t.hovertext):
        assert view.side_name(view.sides[n]) in hover.replace("&amp;", "&"), n
    visible = set(view.visible())
    for text, x, _ in header_texts(view, visible):
        if text == "Reached by both":
            middle = [n for n in visible if abs(view.pos[n][0] - x) < 1e-9 or view.sides[n] not in (Side.a, Side.b)]
            assert all(view.sides[n] == Side.shared for n in middle if view.sides[n] not in (Side.a, Side.b))


def test_human_evidence_leaves_no_false_colours(bundle):
    full = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    human = build_view(bundle, ViewState("ketamine", "psilocybin", evidence=("human",)), SCREEN)
    assert full.sides["bdnf"] == Side.shared
    assert human.convergent_nodes == []
    assert human.sides["bdnf"] != Side.b and human.sides["bdnf"] != Side.shared
    assert human.sides["ampa_receptor"] in (Side.unreached, Side.a)
    # nodes nobody reaches even with every arrow are context, not "not reached under these filters"
    assert all(full.sides[n] == Side.context for n, s in human.sides.items() if s == Side.context)


def test_context_nodes_never_stand_under_reached_by_both(bundle):
    for kw in ({}, {"evidence": ("human", "animal")}, {"status": ("established",)}):
        view = build_view(bundle, ViewState("ketamine", "psilocybin", **kw), SCREEN)
        headers = [h for h, _, _ in header_texts(view, set(view.visible()))]
        middle = {view.sides[n] for n in view.visible() if view.sides[n] not in (Side.a, Side.b)}
        if "Reached by both" in headers:
            assert middle == {Side.shared}
        else:
            assert not any(h == "Reached by both" for h in headers)


def test_one_wording_per_side_everywhere(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin", evidence=("human", "animal")), SCREEN)
    names = dict(view.names)
    for s in Side:
        assert view.side_name(s) == side_words(s, names)
    fig = to_figure(view)
    legend = {t.name for t in fig.data if t.showlegend is not False and t.name and t.legendgroup == "side"}
    for s in {view.sides[n] for n in view.visible()}:
        assert any(name.startswith(view.side_name(s).replace("&", "&amp;")) for name in legend), s


def test_cyjs_sides_follow_the_filters(bundle, tmp_path):
    out = tmp_path / "h.cyjs"
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "export", "-f", "cyjs", "--evidence", "human", "--data", str(PATHWAYS), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text("utf-8"))
    view = build_view(bundle, ViewState("ketamine", "psilocybin", evidence=("human",)), SCREEN)
    g = _drawn_causal(view)
    for el in doc["elements"]["nodes"]:
        d = el["data"]
        assert d["side"] in {"a", "b", "shared", "context", "unreached"}
        if d["side"] == "a":
            assert d["id"] in nx.descendants(g, "ketamine") | {"ketamine"}


# ---------------------------------------------------------------- routes


ROUTES = """
schema: pathviz/1
id: ctx
title: C
nodes:
  - {id: da, label: Drug A, kind: drug, tier: agent, description: d}
  - {id: db, label: Drug B, kind: drug, tier: agent, description: d}
  - {id: x, label: X, kind: receptor, tier: target, description: d}
  - {id: y, label: Y, kind: transmitter, tier: transmission, description: d}
  - {id: h, label: Guess, kind: signalling, tier: signalling, description: d}
  - {id: goal, label: Goal, kind: growth_factor, tier: signalling, description: d}
edges:
  - {source: da, target: h, relation: activates, evidence: secondary, status: hypothesis, sources: [{ref: r}]}
  - {source: h, target: goal, relation: activates, evidence: secondary, status: hypothesis, sources: [{ref: r}]}
  - {source: da, target: x, relation: inhibits, evidence: human, status: established, sources: [{ref: r}]}
  - {source: x, target: y, relation: activates, evidence: animal, status: established, sources: [{ref: r}]}
  - {source: y, target: goal, relation: increases, evidence: human, status: established, sources: [{ref: r}]}
  - {source: db, target: goal, relation: increases, evidence: human, status: contested, sources: [{ref: r}]}
references:
  - {id: r, title: R, doi: 10.1000/r1}
"""


@pytest.fixture(scope="module")
def routes_view():
    files = [
        ("c.yaml", ROUTES),
        ("a.yaml", "schema: pathviz/1\nid: pa\ntitle: A\ndrug: da\n"),
        ("b.yaml", "schema: pathviz/1\nid: pb\ntitle: B\ndrug: db\n"),
    ]
    result = parse_pathways(files)
    assert result.errors == []
    return build_view(result.bundle, ViewState("pa", "pb"), SCREEN)


def test_a_longer_established_route_beats_a_shorter_hypothesis(routes_view):
    v = routes_view
    choice = v.support["goal"].routes[0]
    assert choice.best.nodes == ["da", "x", "y", "goal"]
    assert choice.shortest.nodes == ["da", "h", "goal"] and choice.shortest_differs
    assert choice.strength.startswith("every step established")
    assert "animal" in choice.strength  # the weakest evidence is named
    assert choice.independent == 2


def test_strength_words_name_the_weak_step(routes_view):
    v = routes_view
    b = v.support["goal"].routes[1]
    assert b.best.nodes == ["db", "goal"]
    assert b.strength == "rests on one contested step: Drug B → Goal"
    hyp = shortest_routes(v.bundle, v.causal, "da", ["goal"])["goal"]
    assert strength_words(v.bundle, hyp).startswith("rests on 2 steps that are not established")


def test_filters_change_the_chosen_route(routes_view):
    bundle = routes_view.bundle
    v = build_view(bundle, ViewState("pa", "pb", status=("hypothesis", "contested")), SCREEN)
    assert v.support["goal"].routes[0].best.nodes == ["da", "h", "goal"]
    assert v.support["goal"].routes[0].strength.startswith("rests on 2 steps that are not established")


def test_bdnf_psilocybin_route_is_established_at_every_step(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    psi = view.support["bdnf"].routes[1]
    assert all(s.edge.status == Status.established for s in psi.best.steps)
    assert psi.best.nodes[0] == "psilocybin" and psi.best.nodes[-1] == "bdnf"
    assert "neuroplasticity_genes" not in psi.best.nodes
    best = best_routes(bundle, view.causal, "psilocybin", ["bdnf"])["bdnf"]
    assert best.nodes == psi.best.nodes


def test_support_is_in_hover_and_exports(bundle):
    from pathviz.exports.cytoscape import to_cytoscape_data

    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    fig = to_figure(view)
    t = nodes_of(fig)
    hover = dict(zip(t.customdata, t.hovertext))["bdnf"]
    assert "Support:" in hover and "independent route" in hover
    data = to_cytoscape_data(view)
    bdnf = next(el["data"] for el in data["elements"]["nodes"] if el["data"]["id"] == "bdnf")
    assert bdnf["support"] == view.support_text("bdnf") and "Psilocybin" in bdnf["support"]


# ---------------------------------------------------------------- explain


def _explain(*args):
    return subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "explain", *args, "--data", str(PATHWAYS)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_explain_prints_the_established_psilocybin_route_to_bdnf():
    proc = _explain("bdnf", "--pathways", "ketamine,psilocybin")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "From Psilocybin" in out and "every step established" in out
    assert "Psilocybin converts to Psilocin" in out
    assert "doi:10." in out
    assert "Traceback" not in proc.stderr


def test_explain_json_shape():
    proc = _explain("bdnf", "--pathways", "ketamine,psilocybin", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["node"] == "bdnf" and set(data["routes"]) == {"ketamine", "psilocybin"}
    steps = data["routes"]["psilocybin"]["steps"]
    assert steps[0]["source"] == "psilocybin" and steps[-1]["target"] == "bdnf"
    for s in steps:
        assert {"source", "target", "relation", "evidence", "status", "refs"} <= set(s)
        assert all("short" in r for r in s["refs"])
    assert data["routes"]["psilocybin"]["summary"].startswith("every step established")


def test_explain_follows_filters_and_says_no_route():
    proc = _explain("bdnf", "--pathways", "ketamine,psilocybin", "--evidence", "human", "--json")
    assert proc.returncode in (0, 1), proc.stderr
    if proc.returncode == 0:
        data = json.loads(proc.stdout)
        assert any(r["summary"] == "no route under these filters" for r in data["routes"].values())


@pytest.mark.parametrize(
    "args, words",
    [
        (("bdfn", "--pathways", "ketamine,psilocybin"), "did you mean 'bdnf'"),
        (("bdnf", "--pathways", "ketamine,psilocybn"), "did you mean 'psilocybin'"),
        (("bdnf", "--pathways", "ketamine,psilocybin", "--status", "rumour"), "status"),
    ],
)
def test_explain_usage_errors(args, words):
    proc = _explain(*args)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr
