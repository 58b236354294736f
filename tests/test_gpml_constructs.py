"""GPML import of the constructs curators draw: complexes and groups, anchored regulation, arrowheads,
citations, both formats, and errors told in the user's GPML (hand-made files in tests/data/gpml)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import networkx as nx
import pytest
import yaml

from pathviz.errors import Problem
from pathviz.io.gpml import GpmlError, convert, self_check, to_yaml

from .conftest import DATA

GPML_DIR = DATA / "gpml"
FORMATS = ["constructs_2013a", "constructs_2021"]


def _convert(stem: str):
    path = GPML_DIR / f"{stem}.gpml"
    return convert(path.read_bytes(), str(path))


def _by_label(data: dict) -> dict[str, dict]:
    return {n["label"]: n for n in data["nodes"]}


def _arrows(data: dict) -> set[tuple[str, str, str]]:
    label = {n["id"]: n["label"] for n in data["nodes"]}
    return {(label[e["source"]], e["relation"], label[e["target"]]) for e in data["edges"]}


@pytest.mark.parametrize("stem", FORMATS)
def test_a_complex_is_one_node_listing_its_members(stem):
    conv = _convert(stem)
    nodes = _by_label(conv.data)
    complex_ = nodes["Ligand:Receptor"]
    assert complex_["kind"] == "complex"
    assert "Ligand, Receptor" in complex_["description"]
    group = nodes["Kinase 1 / Kinase 2"]
    assert group["kind"] == "group"
    assert "Kinase 1, Kinase 2" in group["description"]
    assert conv.groups == 2
    # members stay nodes of their own (they are drawn), but no arrow touches them
    touched = {e["source"] for e in conv.data["edges"]} | {e["target"] for e in conv.data["edges"]}
    for member in ("Ligand", "Receptor", "Kinase 1", "Kinase 2"):
        assert nodes[member]["id"] not in touched


@pytest.mark.parametrize("stem", FORMATS)
def test_an_arrow_to_or_from_a_group_is_one_arrow_and_membership_is_not_causal(stem):
    conv = _convert(stem)
    arrows = _arrows(conv.data)
    assert ("Ligand:Receptor", "activates", "Substrate") in arrows
    assert ("Kinase 1 / Kinase 2", "inhibits", "Target") in arrows
    assert conv.arrows == len(conv.data["edges"]) == 5 == conv.interactions
    g = nx.DiGraph((e["source"], e["target"]) for e in conv.data["edges"])
    nodes = _by_label(conv.data)
    g.add_nodes_from(n["id"] for n in conv.data["nodes"])
    # what the complex does is not something each member does on its own
    assert not nx.has_path(g, nodes["Ligand"]["id"], nodes["Substrate"]["id"])
    assert not nx.has_path(g, nodes["Kinase 1"]["id"], nodes["Target"]["id"])


@pytest.mark.parametrize("stem", FORMATS)
def test_a_catalysis_of_a_reaction_is_regulation_of_that_reaction(stem):
    conv = _convert(stem)
    arrows = _arrows(conv.data)
    assert ("Substrate", "converts_to", "Product") in arrows
    assert ("Enzyme", "activates", "Product") in arrows  # the catalyst, to the reaction's product
    (cat,) = [e for e in conv.data["edges"] if "interaction i_cat," in e["note"]]
    assert "points at the middle of interaction i_conv (a conversion)" in cat["note"]
    assert "regulates that interaction" in cat["note"]
    assert conv.anchors == 1


@pytest.mark.parametrize("stem", FORMATS)
def test_an_unknown_arrowhead_is_kept_with_a_located_warning_never_guessed(stem):
    conv = _convert(stem)
    (odd,) = [e for e in conv.data["edges"] if "interaction i_odd," in e["note"]]
    assert odd["relation"] == "associated_with"  # not inhibits, not activates
    assert "not one pathviz knows" in odd["note"]
    (warning,) = [w for w in conv.warnings if "unknown arrowhead" in w]
    assert warning.startswith("line ") and "not guessed" in warning


@pytest.mark.parametrize("stem", FORMATS)
def test_one_pubmed_id_cited_twice_is_one_reference_and_an_id_alone_still_links(stem):
    conv = _convert(stem)
    refs = conv.data["references"]
    assert Counter(r.get("pmid") for r in refs)["12345678"] == 1
    (alone,) = [r for r in refs if r.get("pmid") == "23456789"]
    assert alone["title"] == "Publication PMID 23456789"
    assert self_check(to_yaml(conv.data), f"{stem}.yaml") == []
    assert conv.text == to_yaml(conv.data)


def test_both_formats_give_the_same_pathway():
    old, new = (_convert(stem).data for stem in FORMATS)
    assert _arrows(old) == _arrows(new)
    assert [(n["id"], n["kind"]) for n in old["nodes"]] == [(n["id"], n["kind"]) for n in new["nodes"]]
    assert {r.get("pmid") for r in old["references"]} == {r.get("pmid") for r in new["references"]}
    assert "GPML 2013a" in old["description"] and "GPML 2021" in new["description"]


def test_a_broken_element_is_told_where_it_opens():
    path = GPML_DIR / "broken_2013a.gpml"
    with pytest.raises(GpmlError) as info:
        convert(path.read_bytes(), str(path))
    err = info.value
    assert (err.file, err.line, err.column) == (str(path), 50, 7)
    assert "<Point> opened at line 47, column 7 is not closed" in err.message


def test_a_problem_of_the_written_file_points_at_the_gpml_element():
    conv = _convert("constructs_2013a")
    (i, edge), = [(i, e) for i, e in enumerate(conv.data["edges"]) if "interaction i_fam," in e["note"]]
    edge["relation"] = "frobnicates"  # an item the loader refuses
    problems = self_check(to_yaml(conv.data), "out.yaml", conv)
    assert problems and all(p.startswith(f"{conv.name}:") for p in problems)
    # the Interaction element i_fam (line 62, column 3 of the GPML), not a line of the YAML
    assert problems[0].startswith(f"{conv.name}:62:3: error: interaction i_fam (written as edges[{i}].relation)")
    node_problem = Problem("out.yaml", 9, 9, ("nodes", 0, "label"), "bad label")
    assert conv.locate(node_problem).startswith(f"{conv.name}:5:3: error: the DataNode 'Ligand'")


def test_the_command_imports_gpml_2021(tmp_path):
    out = tmp_path / "c.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "import", str(GPML_DIR / "constructs_2021.gpml"), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(out.read_text())
    assert {n["kind"] for n in data["nodes"]} >= {"complex", "group"}
    check = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "validate", str(out)], capture_output=True, text=True, timeout=120, check=False
    )
    assert check.returncode == 0, check.stderr


def test_an_imported_complex_is_drawn_with_its_own_symbol_and_its_members_in_the_details(tmp_path):
    from pathviz.io.pathways import load_pathways
    from pathviz.render import style
    from pathviz.render.details import node_data
    from pathviz.render.figure import to_figure
    from pathviz.view import ViewState, build_view
    from pathviz.vocab import NodeKind

    path = GPML_DIR / "constructs_2013a.gpml"
    conv = convert(path.read_bytes(), str(path), drug="Ligand:Receptor")
    out = tmp_path / "wp90001.yaml"
    out.write_text(conv.text, "utf-8")
    result = load_pathways([out])
    assert result.errors == [], [p.format() for p in result.errors]
    bundle = result.bundle
    view = build_view(bundle, ViewState("wp90001"))
    complex_id = conv.data["drug"]
    details = node_data(view, bundle.nodes[complex_id])
    assert details["kind"] == "complex" and "Ligand, Receptor" in details["description"]
    # the complex's cascade reaches the substrate; its members, drawn apart, reach nothing
    assert view.side(complex_id) != view.side("wp90001_ligand")
    figure = to_figure(view)
    symbols = set()
    for trace in figure.data:
        sym = getattr(getattr(trace, "marker", None), "symbol", None)
        symbols |= set(sym) if isinstance(sym, (list, tuple)) else {sym}
    assert style.KIND_SYMBOL[NodeKind.complex] in symbols
    assert style.KIND_SYMBOL[NodeKind.complex] != style.KIND_SYMBOL[NodeKind.group]


def test_a_protein_stimulating_its_own_transcription_keeps_an_arrow():
    raw = b"""<?xml version="1.0" encoding="UTF-8"?>
<Pathway xmlns="http://pathvisio.org/GPML/2021" title="Autoregulation" organism="Homo sapiens">
  <DataNodes>
    <DataNode elementId="g" textLabel="TF gene" type="GeneProduct"/>
    <DataNode elementId="p" textLabel="TF" type="Protein"/>
  </DataNodes>
  <Interactions>
    <Interaction elementId="expr">
      <Waypoints>
        <Point elementId="a" arrowHead="Undirected" x="0" y="0" elementRef="g"/>
        <Point elementId="b" arrowHead="TranscriptionTranslation" x="0" y="9" elementRef="p"/>
        <Anchor elementId="mid" position="0.5" shapeType="None"/>
      </Waypoints>
    </Interaction>
    <Interaction elementId="loop">
      <Waypoints>
        <Point elementId="c" arrowHead="Undirected" x="9" y="9" elementRef="p"/>
        <Point elementId="d" arrowHead="Stimulation" x="0" y="5" elementRef="mid"/>
      </Waypoints>
    </Interaction>
  </Interactions>
</Pathway>"""
    conv = convert(raw, "auto.gpml")
    assert _arrows(conv.data) == {("TF gene", "increases", "TF"), ("TF", "activates", "TF gene")}
    assert conv.self_loops == 0 and conv.anchors == 1


def test_a_publication_cited_but_not_defined_is_one_located_warning():
    raw = b"""<?xml version="1.0" encoding="UTF-8"?>
<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="Missing citation">
  <DataNode TextLabel="A" GraphId="a" Type="Protein"><BiopaxRef>gone</BiopaxRef></DataNode>
  <DataNode TextLabel="B" GraphId="b" Type="Protein"><BiopaxRef>gone</BiopaxRef></DataNode>
  <DataNode TextLabel="C" GraphId="c" Type="Protein"><BiopaxRef>gone</BiopaxRef></DataNode>
</Pathway>"""
    conv = convert(raw, "missing.gpml")
    (warning,) = [w for w in conv.warnings if "does not define" in w]
    assert warning == (
        "line 3, column 3: the DataNode 'A' and 2 more item(s) cite the publication 'gone', "
        "which the file does not define"
    )


def test_the_command_help_names_both_formats():
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "import", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0 and "GPML 2013a or 2021" in proc.stdout
