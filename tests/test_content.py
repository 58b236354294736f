"""The bundled content: every claim traceable, nothing dangling, the convergence the sources describe."""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx
import pytest

from pathviz.analysis.graph import to_graph
from pathviz.io.pathways import SourceTexts, collapse_ws, read_pathways
from pathviz.vocab import Evidence, ReferenceType

from .conftest import PATHWAYS

# DOIs that REFERENCES-CHECKED.md marks as wrong: they must never appear in the data
WRONG_DOIS = [
    "10.1016/j.bbr.2016.11.046",
    "10.1007/s00213-002-1234-y",
    "10.1016/S0006-3223(98)00068-4",
    "10.1124/jpet.116.233825",
    "10.1016/j.celrep.2018.08.048",
    "10.1113/jphysiol.1985.sp015734",
    "10.1038/s41380-021-01058-9",
    "10.1038/sj.mp.4001087",
    "10.1038/nrn3323",
    "10.1016/j.bja.2020.05.025",
    "10.1523/JNEUROSCI.1569-15.2016",
    "10.1097/00000542-199508000-00017",
    "10.1038/mp.2017.20",
    "10.1016/0028-3908(80)90007-8",
    "10.1016/j.euroneuro.2014.03.008",
    "scholar.googleusercontent.com",
]


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(PATHWAYS)


def _all_sources(bundle):
    for n in bundle.nodes.values():
        for s in n.sources:
            yield f"node {n.id}", s
    for e in bundle.edges.values():
        for s in e.sources:
            yield f"edge {e.key}", s
    for p in bundle.pathways.values():
        for f in p.clinical:
            for s in f.sources:
                yield f"clinical {p.id}/{f.aspect.value}", s


def test_every_quote_occurs_in_its_source_text(bundle, sources_dir):
    texts = SourceTexts(sources_dir)
    missing = []
    n = 0
    for where, s in _all_sources(bundle):
        if s.quote is None:
            continue
        n += 1
        body = texts.get(s.text)
        if body is None or collapse_ws(s.quote) not in body:
            missing.append(f"{where}: {s.text}: {s.quote[:60]}")
    assert n > 100
    assert missing == []


def test_every_edge_quotes_a_sentence(bundle):
    unquoted = [e.key for e in bundle.edges.values() if not any(s.quote for s in e.sources)]
    assert unquoted == []


def test_every_reference_is_used_and_every_ref_resolves(bundle):
    used = Counter(s.ref for _, s in _all_sources(bundle))
    assert set(used) <= set(bundle.references)
    assert set(bundle.references) - set(used) == set()


def test_no_wrong_doi_anywhere():
    blob = "\n".join(p.read_text("utf-8") for p in PATHWAYS.glob("*.yaml")).lower()
    for doi in WRONG_DOIS:
        assert doi.lower() not in blob, doi


def test_identifiers_have_real_shapes_and_secondary_sources_have_none(bundle):
    for r in bundle.references.values():
        if r.type == ReferenceType.secondary:
            assert r.doi is None and r.pmid is None, r.id
        if r.type in (ReferenceType.article, ReferenceType.review):
            assert r.doi or r.pmid or r.url, f"{r.id} has no identifier"


def test_every_node_is_reachable_from_a_drug_or_the_context(bundle):
    g = to_graph(bundle)
    starts = [p.drug for p in bundle.drugs] + [
        n for p in bundle.context for n in p.node_ids if g.in_degree(n) == 0
    ]
    reached = set()
    for s in starts:
        reached |= nx.descendants(g, s) | {s}
    assert set(bundle.nodes) - reached == set()


def test_no_isolated_nodes(bundle):
    g = to_graph(bundle)
    assert [n for n in g if g.degree(n) == 0] == []


def test_both_drugs_reach_glutamate_ampa_and_bdnf(bundle):
    g = to_graph(bundle)

    def reach(drug):
        return nx.descendants(g, drug)

    k, p = reach("ketamine"), reach("psilocybin")
    for wanted in ("ampa_receptor", "bdnf"):
        assert wanted in k and wanted in p
    glutamate = [n for n in k & p if "glutamate" in bundle.nodes[n].label.lower()]
    assert glutamate


def _condition(e):
    return (e.context.condition or "") if e.context else ""


def test_caveats_are_kept_as_data(bundle):
    # the texts name no paper for the animal findings, so their evidence is secondary and the
    # animal caveat is the arrow's condition: lateral habenula, (2R,6R)-HNK, female-rat dose effect
    animal = [e for e in bundle.edges.values() if "animal" in _condition(e).lower()]
    assert {e.source for e in animal} >= {"ketamine", "nmda_lateral_habenula", "hnk_2r6r", "high_dose_hippocampal_slowdown"}
    assert any("nmda_lateral_habenula" == e.target for e in animal)
    assert all(e.evidence == Evidence.secondary for e in animal)
    rats = [e for e in animal if "female rats" in _condition(e)]
    assert {e.source for e in rats} == {"nmda_hippocampus", "high_dose_hippocampal_slowdown"}
    notes = " ".join((e.note or "") for e in bundle.edges.values()).lower()
    assert "female" in notes and "rat" in notes
    contested = [e for e in bundle.edges.values() if e.status.value == "contested"]
    assert any("opioid" in e.source or "opioid" in e.target for e in contested)
    hnk = [n for n in bundle.nodes if "hnk" in n]
    # being a metabolite is a fact; what (2R,6R)-HNK does has been seen mostly in animals
    effects = [e for e in bundle.edges.values() if e.source in hnk]
    assert hnk and effects and all("animal" in _condition(e) for e in effects)
    # human findings keep a paper behind them (a trial the text names)
    human = [e for e in bundle.edges.values() if e.evidence == Evidence.human]
    assert human and all(any(_peer_reviewed(bundle, s.ref) for s in e.sources) for e in human)


def test_every_node_has_a_plain_description(bundle):
    for n in bundle.nodes.values():
        words = re.findall(r"\w+", n.description)
        assert len(words) >= 5, n.id


def test_clinical_facts_for_each_drug(bundle):
    for drug in ("ketamine", "psilocybin", "ssri"):
        aspects = {f.aspect.value for f in bundle.pathways[drug].clinical}
        assert "onset" in aspects or "duration" in aspects, drug
    ket = {f.aspect.value: f for f in bundle.pathways["ketamine"].clinical}
    assert ket["peak"].hours_min == 24 and ket["peak"].hours_max == 72


# --------------------------------------------------------------------------- fidelity (issue 13)


def _peer_reviewed(bundle, ref_id):
    r = bundle.references[ref_id]
    return r.type in (ReferenceType.review, ReferenceType.article) and bool(r.doi or r.pmid)


def test_no_ssri_route_reaches_a_node_labelled_rapid(bundle):
    g = to_graph(bundle)
    reached = nx.descendants(g, "ssri") | {"ssri"}
    rapid = [n for n in reached if "rapid" in bundle.nodes[n].label.lower()]
    assert rapid == []
    assert "antidepressant_effect" in reached  # the outcome is still reached, under a neutral label


def test_no_edge_resting_only_on_secondary_references_is_labelled_review(bundle):
    wrong = [
        e.key
        for e in bundle.edges.values()
        if e.evidence == Evidence.review and not any(_peer_reviewed(bundle, s.ref) for s in e.sources)
    ]
    assert wrong == []
    assert any(e.evidence == Evidence.secondary for e in bundle.edges.values())


def test_no_hypothesis_evidence_value_remains(bundle):
    assert "hypothesis" not in {e.value for e in Evidence}
    blob = "\n".join(p.read_text("utf-8") for p in PATHWAYS.glob("*.yaml"))
    assert not re.search(r"evidence:\s*hypothesis", blob)


def test_the_clinic_summary_is_cited_for_its_own_sentences(bundle):
    # 002 prints a citation line that matches no paper: its sentences are not put on Kadriu et al.
    kadriu_on_002 = [where for where, s in _all_sources(bundle) if s.ref == "kadriu2021" and s.text and s.text.startswith("002_")]
    assert kadriu_on_002 == []


def test_content_passes_strict_validation_with_every_hedge_explained(sources_dir):
    from pathviz.io.pathways import load_pathways

    result = load_pathways([PATHWAYS], sources_dir=sources_dir)
    assert result.errors == [] and result.warnings == []


def test_hippocampal_branch_does_not_reach_bdnf(bundle):
    # 004: "This BDNF activation seems to only happen in prefrontal cortex regions, not hippocampus."
    g = to_graph(bundle)
    assert "bdnf" not in nx.descendants(g, "calcineurin")
    cp = [e for e in bundle.edges.values() if "cp_ampars" in (e.source, e.target) or e.source == "calcineurin"]
    # the post names no study for this branch and does not say it is animal data (its female-rat
    # footnote belongs to the high-dose effect): secondary, a hypothesis, said of ketamine only
    assert cp and all(e.evidence == Evidence.secondary and e.status.value == "hypothesis" for e in cp)
    assert all(e.context and e.context.drug == ["ketamine"] for e in cp)
    into_cp = [e for e in cp if e.target == "cp_ampars" or e.source == "calcineurin"]
    assert into_cp and all("hippocampus" in e.regions for e in into_cp)


def test_no_dose_is_given_as_a_safety_fact_from_a_hedged_sentence(bundle):
    for f in bundle.pathways["ketamine"].clinical:
        if f.aspect.value == "safety":
            assert "mg/kg" not in f.value


def test_core_mechanism_links_each_drug_to_its_main_line(bundle):
    g = nx.DiGraph()
    g.add_edges_from((e.source, e.target) for e in bundle.edges.values() if e.core)
    for p in bundle.drugs:
        assert bundle.nodes[p.drug].core, p.drug
    assert nx.has_path(g, "ketamine", "bdnf") and nx.has_path(g, "bdnf", "mtorc1")
    assert nx.has_path(g, "ketamine", "antidepressant_effect")
    assert nx.has_path(g, "psilocybin", "glutamate_surge") and g.has_edge("htr2a", "bdnf")
    assert nx.has_path(g, "ssri", "antidepressant_effect")
    assert nx.has_path(g, "chronic_stress", "cortisol")
    detail = {"calcineurin", "cp_ampars", "nmda_lateral_habenula", "mu_opioid_receptor", "hnk_2r6r", "net", "nfkb", "ido1"}
    assert not detail & set(g)
