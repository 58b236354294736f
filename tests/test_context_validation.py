"""Edge context and whose words: the schema, located errors, the strict warning, and what the CLI says."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from pathviz.io.pathways import parse_pathways, read_pathways

from .conftest import PATHWAYS, ROOT



def _files(context_edge: str, refs: str = "  - {id: s, type: secondary, title: S}\n") -> list[tuple[str, str]]:
    shared = (
        "schema: pathviz/1\nid: shared\ntitle: Shared\nnodes:\n"
        "  - {id: hub, label: Hub, kind: growth_factor, tier: signalling, description: d}\n"
        "  - {id: down, label: Down, kind: signalling, tier: plasticity, description: d}\n"
        "edges:\n" + context_edge + "references:\n" + refs
    )
    k = (
        "schema: pathviz/1\nid: ka\ntitle: K\ndrug: ketamine\nnodes:\n"
        "  - {id: ketamine, label: Ketamine, kind: drug, tier: agent, description: d}\n"
        "edges:\n  - {source: ketamine, target: hub, relation: increases, evidence: secondary, status: established, sources: [{ref: s}]}\n"
    )
    p = (
        "schema: pathviz/1\nid: pa\ntitle: P\ndrug: psilocybin\nnodes:\n"
        "  - {id: psilocybin, label: Psilocybin, kind: drug, tier: agent, description: d}\n"
        "edges:\n  - {source: psilocybin, target: hub, relation: increases, evidence: secondary, status: established, sources: [{ref: s}]}\n"
    )
    return [("shared.yaml", shared), ("k.yaml", k), ("p.yaml", p)]


def test_an_unknown_context_drug_is_a_located_error_with_a_suggestion():
    edge = "  - {source: hub, target: down, relation: activates, evidence: secondary, status: established, sources: [{ref: s}], context: {drug: [ketamin]}}\n"
    result = parse_pathways(_files(edge))
    assert result.bundle is None
    (p,) = [p for p in result.errors if "context" in p.format()]
    assert p.file == "shared.yaml" and p.line == 8
    assert "unknown drug 'ketamin'" in p.message and "did you mean 'ketamine'" in p.message


def test_an_unknown_region_is_a_located_error():
    edge = "  - {source: hub, target: down, relation: activates, evidence: secondary, status: established, sources: [{ref: s}], context: {region: pfcx}}\n"
    result = parse_pathways(_files(edge))
    assert result.bundle is None
    text = "\n".join(p.format() for p in result.errors)
    assert "shared.yaml:8:" in text and "region" in text and "pfc" in text


def test_an_unknown_quoted_from_is_a_located_error():
    edge = "  - {source: hub, target: down, relation: activates, evidence: secondary, status: established, sources: [{ref: s, quoted_from: nobody}]}\n"
    result = parse_pathways(_files(edge))
    assert result.bundle is None
    assert any("unknown reference 'nobody'" in p.message and "quoted_from" in p.message for p in result.errors)


def test_study_evidence_needs_a_paper_behind_it():
    edge = "  - {source: hub, target: down, relation: activates, evidence: human, status: established, sources: [{ref: s}]}\n"
    result = parse_pathways(_files(edge))
    assert result.bundle is None
    (p,) = result.errors
    assert p.yaml_path[-1] == "evidence" and "needs a paper" in p.message and "evidence: secondary" in p.message
    ok = parse_pathways(_files(edge, refs="  - {id: s, type: article, title: S, doi: 10.1000/x}\n"))
    assert ok.errors == []


def test_strict_validation_warns_for_a_one_drug_sentence_leaving_a_shared_node(tmp_path, sources_dir):
    """A sentence about ketamine leaving a node psilocybin also reaches needs a drug context or a note."""
    for name, text in _files(
        "  - {source: hub, target: down, relation: activates, evidence: secondary, status: established, "
        "sources: [{ref: s, text: t.txt, quote: 'Ketamine raises it further.'}]}\n"
    ):
        (tmp_path / name).write_text(text)
    src = tmp_path / "src"
    src.mkdir()
    (src / "t.txt").write_text("Ketamine raises it further.")
    run = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "validate", str(tmp_path), "--sources", str(src), "--strict"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "shared.yaml:8:" in run.stderr and "warning" in run.stderr
    assert "speak of ketamine" in run.stderr and "context: {drug: [ketamine]}" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_schema_documents_context_and_whose_words():
    run = subprocess.run([sys.executable, "-m", "pathviz.cli", "schema"], capture_output=True, text=True, cwd=ROOT)
    schema = json.loads(run.stdout)
    text = json.dumps(schema)
    for word in ("EdgeContext", "quoted_from", "studied_in", "general biology"):
        assert word in text


def test_explain_gives_ketamines_main_cascade_to_the_antidepressant_effect():
    run = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "explain", "antidepressant_effect", "--pathways", "ketamine,psilocybin", "--json"],
        capture_output=True, text=True, cwd=ROOT,
    )
    data = json.loads(run.stdout)
    k = data["routes"]["ketamine"]
    nodes = [k["steps"][0]["source"]] + [s["target"] for s in k["steps"]]
    # the cascade the texts tell: NMDA block on interneurons -> disinhibition -> glutamate surge -> AMPA -> BDNF
    for n in ("nmda_gaba_interneurons", "glutamate_surge", "ampa_receptor", "bdnf"):
        assert n in nodes, nodes
    assert "mu_opioid_receptor" not in nodes
    assert k["reach"] == "stated" and data["convergence"] == "stated"


def test_explain_names_the_borrowed_step_of_an_inference():
    run = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "explain", "trkb", "--pathways", "ketamine,psilocybin"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert "reached by both only by inference" in run.stdout
    assert "From Ketamine, stated" in run.stdout and "From Psilocybin, only by inference" in run.stdout
    assert "inference: this step is a sentence about Ketamine, not about Psilocybin" in run.stdout


def test_nodes_csv_says_stated_or_inferred_for_every_pair():
    from pathviz.exports.tables import to_nodes_csv
    from pathviz.view import ViewState, build_view

    bundle = read_pathways(PATHWAYS)
    for a, b in (("ketamine", "psilocybin"), ("ketamine", "ssri"), ("psilocybin", "ssri")):
        view = build_view(bundle, ViewState(a=a, b=b))
        rows = list(csv.DictReader(io.StringIO(to_nodes_csv(view).lstrip("\ufeff"))))
        kinds = {r["id"]: r["convergence"] for r in rows}
        assert {n for n, k in kinds.items() if k == "stated"} == set(view.stated_nodes)
        assert {n for n, k in kinds.items() if k == "inferred"} == set(view.inferred_nodes)
        assert kinds["trkb"] == "inferred" and kinds["bdnf"] == "stated"


def test_the_handout_says_which_meeting_points_are_stated_and_which_only_inferred():
    import re

    from pathviz.render.handout import handout_html

    bundle = read_pathways(PATHWAYS)
    html = handout_html(bundle, bundle.drugs)
    meet = re.search(r'<p class="pv-meet">(.*?)</p>', html, re.S).group(1)
    assert "BDNF" in meet and "stated for every pair" in meet
    group = [g for g in meet.split(".") if "TrkB receptor" in g]
    assert group and "inferred for every pair" in group[0] and "stated" not in group[0]
