"""Where two drugs meet, computed from the bundled graph."""

from __future__ import annotations

import pytest

from pathviz.analysis.convergence import converge, neighbourhood, routes_through
from pathviz.analysis.routes import all_routes, best_routes
from pathviz.analysis.graph import EdgeFilter, to_graph
from pathviz.io.pathways import parse_pathways, read_pathways

from .conftest import PATHWAYS


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(PATHWAYS)


@pytest.fixture(scope="module")
def kp(bundle):
    return converge(bundle, "ketamine", "psilocybin")


def _labels(bundle, ids):
    return {bundle.nodes[i].label.lower() for i in ids}


def test_core_convergent_nodes(bundle, kp):
    conv = set(kp.convergent)
    assert {"ampa_receptor", "bdnf"} <= conv
    assert any("glutamate" in bundle.nodes[n].label.lower() for n in conv)


def test_drug_only_nodes_are_not_convergent(bundle, kp):
    for n in kp.unique_a:
        assert n not in kp.convergent
    ketamine_only = [n for n in kp.unique_a if "nmda" in n]
    assert ketamine_only, "NMDA receptor nodes are ketamine's alone"
    psilocybin_only = [n for n in kp.unique_b if "5-ht2a" in bundle.nodes[n].label.lower()]
    assert psilocybin_only, "the 5-HT2A receptor is psilocybin's alone"
    assert "ketamine" not in kp.convergent and "psilocybin" not in kp.convergent


def test_every_convergent_node_has_a_cited_route_from_each_drug(bundle, kp):
    ra_all = best_routes(bundle, kp.causal, "ketamine", kp.convergent)
    rb_all = best_routes(bundle, kp.causal, "psilocybin", kp.convergent)
    for n in kp.convergent:
        ra, rb = ra_all.get(n), rb_all.get(n)
        for route, drug in ((ra, "ketamine"), (rb, "psilocybin")):
            assert route is not None and route.nodes[0] == drug and route.nodes[-1] == n
            for step in route.steps:
                assert step.sources, f"uncited step {step.edge.key}"
                for s in step.sources:
                    assert s.ref in bundle.references


def test_first_meeting_points_are_convergent_and_not_downstream_of_each_other(kp):
    assert kp.first_meeting
    assert set(kp.first_meeting) <= set(kp.convergent)
    assert set(kp.direct) | set(kp.downstream) == set(kp.convergent)
    assert not set(kp.direct) & set(kp.downstream)


def test_any_pair_works(bundle):
    for a in ("ketamine", "psilocybin"):
        c = converge(bundle, a, "ssri")
        assert "bdnf" in c.convergent


def test_unknown_drug_names_the_choices(bundle):
    with pytest.raises(KeyError, match="choose one of"):
        converge(bundle, "ketamine", "aspirin")


def test_human_only_filter_shrinks_convergence(bundle, kp):
    human = converge(bundle, "ketamine", "psilocybin", EdgeFilter.of(evidence=["human"]))
    assert set(human.convergent) < set(kp.convergent)
    established = converge(bundle, "ketamine", "psilocybin", EdgeFilter.of(status=["established"]))
    assert set(established.convergent) <= set(kp.convergent)


def test_all_routes_bounded_and_sorted(bundle, kp):
    routes = all_routes(bundle, kp.causal, "ketamine", "bdnf", max_steps=8, limit=10)
    assert routes and len(routes) <= 10
    assert [len(r) for r in routes] == sorted(len(r) for r in routes)
    assert all(len(r) <= 8 for r in routes)
    assert len({tuple(r.nodes) for r in routes}) == len(routes)


def test_neighbourhoods_and_routes_through(kp):
    up = neighbourhood(kp.graph, "bdnf", 1, "up")
    assert "bdnf" in up and len(up) > 1
    nodes, edges = routes_through(kp, "bdnf")
    assert {"ketamine", "psilocybin", "bdnf"} <= nodes
    assert edges


ASSOC = """
schema: pathviz/1
id: p
title: P
nodes:
  - {id: da, label: A, kind: drug, tier: agent, description: d}
  - {id: db, label: B, kind: drug, tier: agent, description: d}
  - {id: x, label: X, kind: receptor, tier: target, description: d}
  - {id: y, label: Y, kind: outcome, tier: clinical, description: d}
  - {id: z, label: Z, kind: cytokine, tier: signalling, description: d}
edges:
  - {source: da, target: x, relation: activates, evidence: human, status: established, sources: [{ref: r}]}
  - {source: db, target: y, relation: decreases, evidence: human, status: established, sources: [{ref: r}]}
  - {source: y, target: z, relation: associated_with, evidence: human, status: established, sources: [{ref: r}]}
  - {source: x, target: z, relation: increases, evidence: animal, status: established, sources: [{ref: r}]}
references:
  - {id: r, title: R, doi: 10.1000/r1}
"""


def test_associations_do_not_carry_a_drug_effect():
    text_a = ASSOC
    drugs = (
        "schema: pathviz/1\nid: a\ntitle: A\ndrug: da\nnodes: []\nedges: []\n",
        "schema: pathviz/1\nid: b\ntitle: B\ndrug: db\nnodes: []\nedges: []\n",
    )
    result = parse_pathways([("p.yaml", text_a), ("a.yaml", drugs[0]), ("b.yaml", drugs[1])])
    assert result.errors == [], [p.format() for p in result.errors]
    c = converge(result.bundle, "a", "b")
    assert c.convergent == []  # db reaches z only through an association
    g = to_graph(result.bundle)
    assert g.has_edge("y", "z")  # ...which is still drawn


from hypothesis import given, settings
from hypothesis import strategies as st


@st.composite
def random_bundle(draw):
    n = draw(st.integers(4, 14))
    edges = draw(
        st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] < e[1]), max_size=30)
    )
    rels = draw(st.lists(st.sampled_from(["activates", "inhibits", "associated_with", "leads_to"]), min_size=len(edges), max_size=len(edges)))
    nodes = [f"  - {{id: n{i}, label: N{i}, kind: {'drug' if i < 2 else 'signalling'}, tier: {'agent' if i < 2 else 'signalling'}, description: d}}" for i in range(n)]
    lines = [f"  - {{source: n{a}, target: n{b}, relation: {r}, evidence: human, status: established, sources: [{{ref: r}}]}}" for (a, b), r in zip(sorted(edges), rels)]
    text = "schema: pathviz/1\nid: ctx\ntitle: C\nnodes:\n" + "\n".join(nodes) + "\n"
    if lines:
        text += "edges:\n" + "\n".join(lines) + "\n"
    text += "references:\n  - {id: r, title: R, doi: 10.1000/r1}\n"
    da = "schema: pathviz/1\nid: da\ntitle: A\ndrug: n0\n"
    db = "schema: pathviz/1\nid: db\ntitle: B\ndrug: n1\n"
    return text, da, db, sorted(edges), rels


@settings(max_examples=80, deadline=None)
@given(random_bundle())
def test_convergence_is_the_intersection_of_causal_reach(data):
    text, da, db, edges, rels = data
    result = parse_pathways([("c.yaml", text), ("a.yaml", da), ("b.yaml", db)])
    assert result.errors == [], [p.format() for p in result.errors]
    c = converge(result.bundle, "da", "db")
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(result.bundle.nodes)
    g.add_edges_from((f"n{a}", f"n{b}") for (a, b), r in zip(edges, rels) if r != "associated_with")
    expected = (nx.descendants(g, "n0") & nx.descendants(g, "n1")) - {"n0", "n1"}
    assert set(c.convergent) == expected
    assert set(c.first_meeting) <= expected
    ra_all = best_routes(result.bundle, c.causal, "n0", expected)
    rb_all = best_routes(result.bundle, c.causal, "n1", expected)
    for n in expected:
        ra, rb = ra_all[n], rb_all[n]
        assert ra.nodes[0] == "n0" and rb.nodes[0] == "n1" and ra.nodes[-1] == rb.nodes[-1] == n
