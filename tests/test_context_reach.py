"""Reach honours the context of every arrow: stated and inferred meeting points.

The oracle here is independent of :mod:`pathviz.analysis.reach`: a drug reaches a
node *by its own sentences* when, for some chain of nested brain regions (leaf to
root of the region tree, e.g. pfc ⊂ cortex ⊂ brain), there is a path whose every
arrow holds for the drug (its context names the drug or no drug) and whose every
region-scoped arrow lies on that chain.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathviz.analysis.graph import CAUSAL
from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.view import Side, ViewState, build_view
from pathviz.vocab import REGION_WITHIN, Region

# ---------------------------------------------------------------- oracle


def _chains() -> list[frozenset[str]]:
    out = []
    for r in Region:
        chain, x = set(), r.value
        while x is not None:
            chain.add(x)
            x = REGION_WITHIN.get(x)
        out.append(frozenset(chain))
    return out


CHAINS = _chains()


def oracle_stated(view, drug: str) -> set[str]:
    """Nodes ``drug`` reaches in the view's graph by its own or general sentences, region-consistent."""
    g = view.graph
    out: set[str] = set()
    for chain in CHAINS:
        h = nx.DiGraph()
        h.add_nodes_from(g.nodes)
        for u, v, data in g.edges(data=True):
            for k in data["keys"]:
                e = view.bundle.edges[k]
                if e.relation not in CAUSAL:
                    continue
                if e.drugs and drug not in e.drugs:
                    continue
                if e.regions and not (e.regions & chain):
                    continue
                h.add_edge(u, v)
        if drug in h:
            out |= nx.descendants(h, drug) | {drug}
    return out


def oracle_loose(view, drug: str) -> set[str]:
    g = nx.DiGraph()
    g.add_nodes_from(view.graph.nodes)
    for u, v, data in view.graph.edges(data=True):
        if any(view.bundle.edges[k].relation in CAUSAL for k in data["keys"]):
            g.add_edge(u, v)
    return nx.descendants(g, drug) | {drug} if drug in g else set()


def route_is_stated(view, drug: str, keys: list[str]) -> bool:
    edges = [view.bundle.edges[k] for k in keys]
    if any(e.drugs and drug not in e.drugs for e in edges):
        return False
    scoped = [e.regions for e in edges if e.regions]
    return any(all(r & chain for r in scoped) for chain in CHAINS)


def check_view(view) -> None:
    """The property of the issue: stated = both drugs reach by their own sentences; inferred = not."""
    da, db = view.drugs["a"], view.drugs["b"]
    sa, sb = oracle_stated(view, da), oracle_stated(view, db)
    la, lb = oracle_loose(view, da), oracle_loose(view, db)
    stated = (sa & sb) - {da, db}
    inferred = (la & lb) - stated - {da, db}
    assert {n for n, s in view.sides.items() if s == Side.shared} == stated
    assert {n for n, s in view.sides.items() if s == Side.inferred} == inferred
    assert view.convergence_kind(next(iter(stated))) == "stated" if stated else True
    for n in stated:
        for choice in view.support[n].routes:
            assert choice.stated and choice.best is not None
            assert choice.best.nodes[0] == choice.drug and choice.best.nodes[-1] == n
            assert route_is_stated(view, choice.drug, choice.best.edge_keys), (n, choice.drug)
            assert all(view.has_edge(k) for k in choice.best.edge_keys)
    for n in inferred:
        kinds = []
        for choice, own in zip(view.support[n].routes, (sa, sb)):
            assert choice.best is not None
            assert choice.stated == (n in own)
            if not choice.stated:
                assert choice.borrowed, (n, choice.drug)
                assert not route_is_stated(view, choice.drug, choice.best.edge_keys)
            kinds.append(choice.stated)
        assert not all(kinds)


# ---------------------------------------------------------------- random bundles

REGIONS = [None, "pfc", "cortex", "hippocampus", "limbic"]


@st.composite
def context_bundle(draw):
    n = draw(st.integers(4, 10))
    pairs = draw(
        st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1] and e[1] > 1), max_size=24)
    )
    nodes = [
        f"  - {{id: n{i}, label: N{i}, kind: {'drug' if i < 2 else 'signalling'}, tier: {'agent' if i < 2 else 'signalling'}, description: d}}"
        for i in range(n)
    ]
    lines = []
    for a, b in sorted(pairs):
        rel = draw(st.sampled_from(["activates", "inhibits", "increases", "associated_with"]))
        drugs = draw(st.sampled_from([None, ["n0"], ["n1"], ["n0", "n1"]]))
        region = draw(st.sampled_from(REGIONS))
        evidence = draw(st.sampled_from(["human", "secondary"]))
        ctx = {}
        if drugs:
            ctx["drug"] = "[" + ", ".join(drugs) + "]"
        if region:
            ctx["region"] = region
        ctx_text = (", context: {" + ", ".join(f"{k}: {v}" for k, v in ctx.items()) + "}") if ctx else ""
        ref = "p" if evidence == "human" else "s"
        lines.append(
            f"  - {{source: n{a}, target: n{b}, relation: {rel}, evidence: {evidence}, status: established, "
            f"sources: [{{ref: {ref}}}]{ctx_text}}}"
        )
    text = "schema: pathviz/1\nid: ctx\ntitle: C\nnodes:\n" + "\n".join(nodes) + "\n"
    if lines:
        text += "edges:\n" + "\n".join(lines) + "\n"
    text += "references:\n  - {id: p, title: P, doi: 10.1000/x1}\n  - {id: s, type: secondary, title: S}\n"
    da = "schema: pathviz/1\nid: da\ntitle: A\ndrug: n0\n"
    db = "schema: pathviz/1\nid: db\ntitle: B\ndrug: n1\n"
    evidence = draw(st.sampled_from([(), ("human",), ("secondary",)]))
    return text, da, db, evidence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(context_bundle())
def test_stated_and_inferred_on_random_bundles(data):
    text, da, db, evidence = data
    result = parse_pathways([("c.yaml", text), ("a.yaml", da), ("b.yaml", db)])
    assert result.errors == [], [p.format() for p in result.errors]
    view = build_view(result.bundle, ViewState(a="da", b="db", evidence=evidence))
    check_view(view)


# ---------------------------------------------------------------- the bundled pathways, every filter


@pytest.fixture(scope="module")
def bundle():
    from .conftest import PATHWAYS

    return read_pathways([PATHWAYS])

FILTERS = [
    {},
    {"evidence": ("human",)},
    {"evidence": ("human", "animal")},
    {"evidence": ("secondary",)},
    {"status": ("established",)},
    {"status": ("established", "hypothesis")},
    {"detail": "core"},
    {"conv_only": True},
    {"region": ("pfc",)},
    {"tier": ("signalling", "plasticity", "clinical", "agent", "target", "transmission")},
]


@pytest.mark.parametrize("pair", list(itertools.combinations(["ketamine", "psilocybin", "ssri"], 2)))
@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_stated_and_inferred_on_the_bundled_pathways(bundle, pair, flt):
    view = build_view(bundle, ViewState(a=pair[0], b=pair[1], **flt))
    check_view(view)


def _hub_view(k_hub: str, p_hub: str, hub_down: str):
    """Drugs K and P both reach Hub; Hub -> Down. Each argument is the context of that arrow."""
    text = f"""schema: pathviz/1
id: ctx
title: C
nodes:
  - {{id: k, label: K, kind: drug, tier: agent, description: d}}
  - {{id: p, label: P, kind: drug, tier: agent, description: d}}
  - {{id: hub, label: Hub, kind: growth_factor, tier: signalling, description: d}}
  - {{id: down, label: Down, kind: signalling, tier: signalling, description: d}}
edges:
  - {{source: k, target: hub, relation: increases, evidence: secondary, status: established, sources: [{{ref: s}}], context: {k_hub}}}
  - {{source: p, target: hub, relation: increases, evidence: secondary, status: established, sources: [{{ref: s}}], context: {p_hub}}}
  - {{source: hub, target: down, relation: activates, evidence: secondary, status: established, sources: [{{ref: s}}], context: {hub_down}}}
references:
  - {{id: s, type: secondary, title: S}}
"""
    result = parse_pathways(
        [("c.yaml", text), ("a.yaml", "schema: pathviz/1\nid: ka\ntitle: K\ndrug: k\n"), ("b.yaml", "schema: pathviz/1\nid: pa\ntitle: P\ndrug: p\n")]
    )
    assert result.errors == [], [p.format() for p in result.errors]
    return build_view(result.bundle, ViewState(a="ka", b="pa"))


def test_a_sentence_about_one_drug_does_not_carry_the_other():
    """Ketamine's arrow out of a node both reach carries ketamine on, not psilocybin."""
    view = _hub_view("{drug: k}", "{drug: p}", "{drug: [k]}")
    assert view.sides["hub"] == Side.shared
    assert view.sides["down"] == Side.inferred
    assert view.side_name(view.sides["down"]) == "reached by both only by inference"
    assert "P: only by inference (through a sentence about K: Hub → Down)" in view.reach_words("down")
    assert "K: stated" in view.reach_words("down")


def test_a_region_jump_is_an_inference():
    view = _hub_view("{region: pfc}", "{region: hippocampus}", "{region: hippocampus}")
    assert view.sides["down"] == Side.inferred
    assert "a jump from prefrontal cortex to hippocampus" in view.reach_words("down")
    k, p = view.support["down"].routes
    assert not k.stated and p.stated


# ---------------------------------------------------------------- an uploaded pathway

UPLOADED = """schema: pathviz/1
id: newdrug
title: A new drug
drug: newdrug
nodes:
  - {id: newdrug, label: Newdrug, kind: drug, tier: agent, description: A drug a student uploads.}
edges:
  - {source: newdrug, target: bdnf, relation: increases, evidence: secondary, status: hypothesis,
     sources: [{ref: gallenstein_article}], context: {drug: [newdrug]}}
  - {source: newdrug, target: glutamate_surge, relation: increases, evidence: secondary, status: hypothesis,
     sources: [{ref: gallenstein_article}], context: {drug: [newdrug], region: hippocampus}}
"""


@pytest.mark.parametrize("other", ["ketamine", "psilocybin", "ssri"])
@pytest.mark.parametrize("flt", [{}, {"status": ("established", "hypothesis")}, {"detail": "core"}], ids=["none", "status", "core"])
def test_stated_and_inferred_with_an_uploaded_pathway(other, flt):
    """An uploaded pathway joins the bundled ones as the upload page loads it; the same property holds."""
    from pathviz.io.pathways import load_pathways

    from .conftest import PATHWAYS

    result = load_pathways([PATHWAYS], extra=[("newdrug.yaml", UPLOADED.encode())])
    assert result.bundle is not None, [p.format() for p in result.errors]
    view = build_view(result.bundle, ViewState(a="newdrug", b=other, **flt))
    check_view(view)
    assert view.sides["bdnf"] in (Side.shared, Side.inferred)


def test_an_animal_only_caveat_without_a_paper_stays_visible(bundle):
    """Secondary evidence (no paper named) whose text says 'animal studies only' keeps that caveat: the
    line is drawn dashed as animal evidence, the legend says so, and the clinician caveat list names it."""
    from pathviz.render import style
    from pathviz.render.clinical import caveats
    from pathviz.render.figure import to_figure

    e = bundle.edges["ketamine__inhibits__nmda_lateral_habenula"]
    assert e.evidence.value == "secondary" and e.animal_only
    view = build_view(bundle, ViewState(a="ketamine", b="psilocybin"))
    fig = to_figure(view)
    dashes = {t.line.dash for t in fig.data if t.name == "edges"}
    assert style.EVIDENCE_DASH[style.Evidence.animal] in dashes
    assert any("animal studies only" in (t.name or "") for t in fig.data)
    assert any(edge.key == e.key and "animal studies only" in why for edge, why in caveats(bundle, "ketamine"))
