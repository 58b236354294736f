"""Interchange exports (GraphML, Cytoscape.js, SBGN-ML, CSV, BibTeX/RIS): round trips, validity, hostile text."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from pathviz.analysis.graph import EdgeFilter
from pathviz.exports import formats
from pathviz.exports.cytoscape import to_cyjs
from pathviz.exports.graphml import to_graphml
from pathviz.exports.sbgn import AF_VERSION, SBGN_NS, to_sbgn
from pathviz.exports.tables import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    csv_paths,
    safe_cell,
    to_edges_csv,
    to_nodes_csv,
)
from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.render.text import cite_name, cite_text, text_name, writer
from pathviz.view import SLIDE, Side, View, ViewState, build_view

from .conftest import PATHWAYS

NS = {"s": SBGN_NS}
ExportView = View


def export_view(bundle, ids, edge_filter: EdgeFilter | None = None) -> View:
    """The slide-sized view of one pathway or two drugs, as the CLI builds it."""
    ev = tuple(sorted(e.value for e in edge_filter.evidence)) if edge_filter and edge_filter.evidence else ()
    stv = tuple(sorted(s.value for s in edge_filter.status)) if edge_filter and edge_filter.status else ()
    state = ViewState(ids[0], ids[1] if len(ids) > 1 else None, evidence=ev, status=stv)
    return build_view(bundle, state, SLIDE)


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(PATHWAYS)


@pytest.fixture(scope="module")
def pair(bundle):
    return export_view(bundle, ["ketamine", "psilocybin"])


@pytest.fixture(scope="module")
def single(bundle):
    return export_view(bundle, ["ketamine"])


@pytest.fixture(scope="module")
def sbgn_schema() -> etree.XMLSchema:
    import libsbgnpy

    xsd = Path(libsbgnpy.__file__).parent / "schema" / "SBGN.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def _dois(view: ExportView) -> set[str]:
    return {r.doi for r in view.references() if r.doi}


# ---------------------------------------------------------------- the view


def test_pair_view_is_the_convergence_graph(bundle, pair):
    from pathviz.analysis.convergence import converge

    conv = converge(bundle, "ketamine", "psilocybin")
    assert set(pair.node_ids()) == set(conv.graph.nodes)
    keys = {k for _, _, d in conv.graph.edges(data=True) for k in d["keys"]}
    assert {e.key for e in pair.edges()} == keys
    assert pair.is_convergent("bdnf") and not pair.is_convergent("ketamine")
    assert pair.side("bdnf") == "shared" and pair.side("ketamine") == "a" and pair.side("psilocybin") == "b"
    assert pair.shown_pathways[:2] == ["ketamine", "psilocybin"]
    assert "ssri" not in pair.shown_pathways


def test_single_view_has_one_side_and_no_convergence(single):
    import networkx as nx

    assert not single.is_pair
    reached = nx.descendants(single.causal, "ketamine") | {"ketamine"}
    assert {n for n, s in single.sides.items() if s == Side.a} == reached
    assert set(single.sides.values()) <= {Side.a, Side.context}
    assert not any(single.is_convergent(n) for n in single.node_ids())


def test_exports_and_the_slide_share_the_positions(pair):
    from pathviz.render.figure import nodes_of, slide_look, to_figure

    fig = to_figure(pair, slide_look())
    t = nodes_of(fig)
    drawn = {n: (x, y) for n, x, y in zip(t.customdata, t.x, t.y)}
    assert drawn == {n: tuple(p) for n, p in pair.pos.items()}


def test_pixels_put_the_drugs_on_top(pair):
    px = pair.pixels()
    assert set(px) == set(pair.node_ids())
    top = min(y for _, y in px.values())
    assert px["ketamine"][1] == top and px["psilocybin"][1] == top
    x, y = pair.pos["bdnf"]
    assert px["bdnf"] == (pytest.approx(x * 100, abs=0.01), pytest.approx(-y * 100, abs=0.01))


def test_references_are_those_cited_by_the_view(bundle, pair):
    cited = {s.ref for e in pair.edges() for s in e.sources}
    cited |= {s.ref for n in pair.node_ids() for s in pair.node(n).sources}
    assert {r.id for r in pair.references()} == cited
    assert len(pair.references()) <= len(bundle.references)


# ---------------------------------------------------------------- GraphML


def test_graphml_round_trip(pair):
    text = to_graphml(pair)
    assert text.startswith("<?xml")
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert g.is_directed()
    assert g.number_of_nodes() == len(pair.node_ids())
    assert g.number_of_edges() == len(pair.edges())
    px = pair.pixels()
    for nid in pair.node_ids():
        d = g.nodes[nid]
        n = pair.node(nid)
        assert d["label"] == n.label and d["kind"] == n.kind.value and d["tier"] == n.tier.value
        assert d["side"] == pair.side(nid)
        assert d["convergent"] is pair.is_convergent(nid)
        assert d["description"] == n.description
        assert (d["x"], d["y"]) == pytest.approx(px[nid])
        for x in n.xrefs:
            assert x in d["xrefs"]
    assert g.nodes["bdnf"]["convergent"] is True and g.nodes["ketamine"]["convergent"] is False
    assert g.graph["pathways"] == "ketamine,psilocybin" and g.graph["drug_a"] == "ketamine"
    by_key = {d["edge_key"]: d for _, _, d in g.edges(data=True)}
    assert set(by_key) == {e.key for e in pair.edges()}
    for e in pair.edges():
        d = by_key[e.key]
        assert d["relation"] == e.relation.value and d["evidence"] == e.evidence.value
        assert d["status"] == e.status.value and d["note"] == (e.note or "")
        assert d["refs"].split(" | ") == [s.ref for s in e.sources]
        for c in pair.citations(e):
            # the paper's short citation, or the text's own name when it is cited for its own words
            assert cite_name(c) in d["citations"] and cite_text(c) in d["citations"].split(" | ")
            if c.doi:
                assert c.doi in d["citations"] and c.doi in d["dois"]
            if c.quote:
                assert c.quote in d["citations"] and c.quote in d["quotes"]


def test_graphml_booleans_are_xml_schema_booleans(pair):
    text = to_graphml(pair)
    doc = etree.fromstring(text.encode("utf-8"))
    gml = "{http://graphml.graphdrawing.org/xmlns}"
    bool_ids = {k.get("id") for k in doc.iter(f"{gml}key") if k.get("attr.type") == "boolean"}
    assert bool_ids
    values = {d.text for d in doc.iter(f"{gml}data") if d.get("key") in bool_ids}
    assert values == {"true", "false"}
    # key ids are unique (node and edge attributes share names like 'note')
    ids = [k.get("id") for k in doc.iter(f"{gml}key")]
    assert len(ids) == len(set(ids))


def test_graphml_single_pathway(single):
    g = nx.read_graphml(io.BytesIO(to_graphml(single).encode("utf-8")))
    assert g.number_of_nodes() == len(single.node_ids()) and g.number_of_edges() == len(single.edges())
    assert "drug_a" not in g.graph and g.graph["pathways"] == "ketamine"


# ---------------------------------------------------------------- Cytoscape.js


def test_cyjs_round_trip(pair):
    data = json.loads(to_cyjs(pair))
    assert data["directed"] is True and data["data"]["pathways"] == "ketamine,psilocybin"
    g = nx.cytoscape_graph(data)
    assert g.number_of_nodes() == len(pair.node_ids())
    assert g.number_of_edges() == len(pair.edges())
    assert g.nodes["bdnf"]["convergent"] is True and g.nodes["bdnf"]["side"] == "shared"
    assert g.nodes["ketamine"]["convergent"] is False
    px = pair.pixels()
    for el in data["elements"]["nodes"]:
        nid = el["data"]["id"]
        assert (el["position"]["x"], el["position"]["y"]) == pytest.approx(px[nid])
        assert el["data"]["label"] == pair.node(nid).label
    edges = {el["data"]["id"]: el["data"] for el in data["elements"]["edges"]}
    for e in pair.edges():
        d = edges[e.key]
        assert (d["source"], d["target"], d["relation"]) == (e.source, e.target, e.relation.value)
        assert len(d["sources"]) == len(e.sources)
        for got, src in zip(d["sources"], e.sources):
            ref = pair.bundle.references[src.ref]
            assert got["ref"] == src.ref and got["quote"] == src.quote and got["text"] == src.text
            assert got["doi"] == ref.doi and got["pmid"] == ref.pmid
            assert got["short"] == pair.bundle.short(src.ref)


def test_cyjs_positions_put_drugs_at_the_top(pair):
    data = json.loads(to_cyjs(pair))
    pos = {el["data"]["id"]: el["position"] for el in data["elements"]["nodes"]}
    top = min(p["y"] for p in pos.values())
    assert pos["ketamine"]["y"] == top
    assert pos["antidepressant_effect"]["y"] > pos["bdnf"]["y"] > pos["ketamine"]["y"]


# ---------------------------------------------------------------- SBGN-ML


def _sbgn_doc(view: ExportView, schema: etree.XMLSchema) -> etree._Element:
    doc = etree.fromstring(to_sbgn(view).encode("utf-8"))
    assert schema.validate(doc), [str(e) for e in schema.error_log][:5]
    return doc


def _boxes(doc: etree._Element) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for g in doc.findall("s:map/s:glyph", NS):
        b = g.find("s:bbox", NS)
        out[g.get("id")] = tuple(float(b.get(k)) for k in ("x", "y", "w", "h"))
    return out


@pytest.mark.parametrize("ids", [["ketamine", "psilocybin"], ["psilocybin", "ssri"], ["ketamine"], ["stress"]])
def test_sbgn_validates_against_the_xsd_and_af_rules(bundle, sbgn_schema, ids, tmp_path):
    from libsbgnpy import validate_schematron

    view = export_view(bundle, ids)
    doc = _sbgn_doc(view, sbgn_schema)
    m = doc.find("s:map", NS)
    assert m.get("version") == AF_VERSION and m.get("language") == "activity flow"
    glyphs = m.findall("s:glyph", NS)
    arcs = m.findall("s:arc", NS)
    assert len(glyphs) == len(view.node_ids())
    assert len(arcs) == len(view.edges())
    activities = [g for g in glyphs if g.get("class") == "biological activity"]
    assert {g.get("class") for g in glyphs} <= {"biological activity", "phenotype"}
    for g in activities:
        uoi = g.findall("s:glyph", NS)
        assert len(uoi) == 1 and uoi[0].get("class") == "unit of information"
        assert uoi[0].find("s:entity", NS) is not None
    assert {a.get("class") for a in arcs} <= {"positive influence", "negative influence", "unknown influence"}
    # every arc leaves an activity (AF: phenotypes are end points only)
    cls = {g.get("id"): g.get("class") for g in glyphs}
    assert all(cls[a.get("source")] == "biological activity" for a in arcs)
    path = tmp_path / "view.sbgn"
    path.write_text(to_sbgn(view), "utf-8")
    assert validate_schematron(path) == []


def test_sbgn_glyph_mapping_and_geometry(pair, sbgn_schema):
    doc = _sbgn_doc(pair, sbgn_schema)
    by_id = {g.get("id"): g for g in doc.findall("s:map/s:glyph", NS)}

    def entity(nid: str) -> str:
        return by_id[f"glyph_{nid}"].find("s:glyph/s:entity", NS).get("name")

    assert entity("ketamine") == "perturbation"
    assert entity("bdnf") == "macromolecule"
    assert by_id["glyph_antidepressant_effect"].get("class") == "phenotype"
    assert by_id["glyph_bdnf"].find("s:label", NS).get("text") == pair.node("bdnf").label
    arcs = {a.get("id"): a.get("class") for a in doc.findall("s:map/s:arc", NS)}
    for e in pair.edges():
        want = {1: "positive influence", -1: "negative influence", 0: "unknown influence"}[e.relation.sign]
        assert arcs[f"arc_{e.key}"] == want
    boxes = _boxes(doc)
    assert all(x >= 0 and y >= 0 and w > 0 and h > 0 for x, y, w, h in boxes.values())
    items = list(boxes.items())
    overlaps = [
        (a, b)
        for i, (a, (ax, ay, aw, ah)) in enumerate(items)
        for b, (bx, by, bw, bh) in items[i + 1 :]
        if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
    ]
    assert overlaps == []
    # the drugs are at the top, BDNF below them
    assert boxes["glyph_ketamine"][1] < boxes["glyph_bdnf"][1]


# ---------------------------------------------------------------- CSV


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_csv_edges_one_row_per_edge_source(pair):
    rows = _read_csv(to_edges_csv(pair))
    assert list(rows[0]) == EDGE_COLUMNS
    assert len(rows) == sum(len(e.sources) for e in pair.edges())
    by_edge: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_edge.setdefault(r["edge"], []).append(r)
    for e in pair.edges():
        got = by_edge[e.key]
        assert [r["ref"] for r in got] == [s.ref for s in e.sources]
        assert [r["source_no"] for r in got] == [str(i) for i in range(1, len(e.sources) + 1)]
        for r, s in zip(got, e.sources):
            ref = pair.bundle.references[s.ref]
            assert (r["source"], r["target"], r["relation"]) == (e.source, e.target, e.relation.value)
            assert r["doi"] == (ref.doi or "") and r["pmid"] == (ref.pmid or "")
            # the source text by its name (never its file name); whose words the quote is
            assert r["quote"] == (s.quote or "") and r["text_file"] == (text_name(pair.bundle, s.text) or "")
            assert r["quoted_from"] == (writer(pair.citation(s)) or "")
            assert ".txt" not in r["text_file"] + r["quoted_from"]
            assert r["citation"] == pair.bundle.short(s.ref)


def test_csv_nodes(pair):
    rows = _read_csv(to_nodes_csv(pair))
    assert list(rows[0]) == NODE_COLUMNS
    assert [r["id"] for r in rows] == pair.node_ids()
    by_id = {r["id"]: r for r in rows}
    assert by_id["bdnf"]["convergent"] == "true" and by_id["ketamine"]["convergent"] == "false"
    assert by_id["bdnf"]["side"] == "shared"
    px = pair.pixels()
    assert (float(by_id["bdnf"]["x"]), float(by_id["bdnf"]["y"])) == pytest.approx(px["bdnf"])


def test_csv_paths(tmp_path):
    assert csv_paths("out.csv") == (Path("out.csv"), Path("out.nodes.csv"))
    assert csv_paths("out") == (Path("out"), Path("out.nodes.csv"))
    assert csv_paths("dir/") == (Path("dir/edges.csv"), Path("dir/nodes.csv"))
    assert csv_paths(tmp_path) == (tmp_path / "edges.csv", tmp_path / "nodes.csv")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("plain", "plain"),
        (-3.5, -3.5),
        (True, "true"),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


# ---------------------------------------------------------------- hostile text

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'
OUTCOME = "Outcome\nwith a newline & <b>"
QUOTE = 'He said "stop" & left.\nSecond line, ]]> <!-- x --> \'single\''


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _hostile_files() -> list[tuple[str, str]]:
    a = f"""schema: pathviz/1
id: evil_a
title: {_q("Evil A " + SCRIPT)}
drug: drug_a
nodes:
  - id: drug_a
    label: {_q(SCRIPT)}
    kind: drug
    tier: agent
    description: {_q(QUOTE)}
    synonyms: [{_q(FORMULA)}]
  - id: meeting
    label: {_q(FORMULA)}
    kind: receptor
    tier: target
    description: {_q("-2+3 " + SCRIPT)}
    note: {_q("@cmd " + QUOTE)}
  - id: end
    label: {_q(OUTCOME)}
    kind: outcome
    tier: clinical
    description: {_q("+ " + QUOTE)}
edges:
  - source: drug_a
    target: meeting
    relation: inhibits
    evidence: animal
    status: contested
    note: {_q(FORMULA)}
    sources:
      - ref: evil_ref
        text: a.txt
        quote: {_q(QUOTE)}
        note: {_q(SCRIPT)}
      - ref: plain_ref
  - source: drug_a
    target: meeting
    relation: binds
    evidence: in_vitro
    status: established
    sources:
      - ref: plain_ref
        text: b.txt
        quote: {_q("=cmd|' /C calc'!A0")}
  - source: meeting
    target: end
    relation: leads_to
    evidence: secondary
    status: hypothesis
    sources:
      - ref: evil_ref
"""
    b = f"""schema: pathviz/1
id: evil_b
title: Evil B
drug: drug_b
nodes:
  - id: drug_b
    label: {_q("B " + QUOTE)}
    kind: drug
    tier: agent
    description: {_q(SCRIPT)}
edges:
  - source: drug_b
    target: meeting
    relation: activates
    evidence: human
    status: established
    sources:
      - ref: evil_ref
        text: c.txt
        quote: {_q(SCRIPT)}
references:
  - id: evil_ref
    type: article
    authors: [{_q("O'Brien <x> JH")}, Smith A]
    year: 2020
    title: {_q("Title " + SCRIPT + " " + QUOTE)}
    journal: {_q(FORMULA)}
    doi: 10.1234/evil<x>&"y"
    pmid: "123"
  - id: plain_ref
    authors: [Doe J]
    year: 2021
    title: Plain title
    doi: 10.5555/plain.1
"""
    return [("evil_a.yaml", a), ("evil_b.yaml", b)]


@pytest.fixture(scope="module")
def hostile_bundle():
    result = parse_pathways(_hostile_files(), xref_check=False)
    assert result.bundle is not None, [p.format() for p in result.problems]
    return result.bundle


@pytest.fixture(scope="module")
def hostile(hostile_bundle):
    return export_view(hostile_bundle, ["evil_a", "evil_b"])


def test_hostile_bundle_has_parallel_edges(hostile):
    assert len(hostile.edges()) == 4 and hostile.graph.number_of_edges() == 3
    assert hostile.is_convergent("meeting")


def test_hostile_graphml(hostile):
    text = to_graphml(hostile)
    assert SCRIPT not in text and "<b>" not in text
    etree.fromstring(text.encode("utf-8"))  # well-formed
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() == 4
    assert g.nodes["drug_a"]["label"] == SCRIPT
    assert g.nodes["drug_a"]["description"] == QUOTE
    assert g.nodes["meeting"]["label"] == FORMULA
    assert g.nodes["end"]["label"] == OUTCOME
    quotes = " ".join(d["quotes"] for _, _, d in g.edges(data=True))
    assert QUOTE in quotes and SCRIPT in quotes


def test_hostile_cyjs(hostile):
    text = to_cyjs(hostile)
    assert "<" not in text and ">" not in text  # safe in an HTML script block
    data = json.loads(text)
    nodes = {el["data"]["id"]: el["data"] for el in data["elements"]["nodes"]}
    assert nodes["drug_a"]["label"] == SCRIPT and nodes["drug_a"]["description"] == QUOTE
    quotes = [s["quote"] for el in data["elements"]["edges"] for s in el["data"]["sources"]]
    assert QUOTE in quotes and SCRIPT in quotes
    assert nx.cytoscape_graph(data).number_of_edges() == 4


def test_hostile_sbgn(hostile, sbgn_schema):
    text = to_sbgn(hostile)
    assert SCRIPT not in text and "<b>" not in text
    doc = _sbgn_doc(hostile, sbgn_schema)
    labels = {g.get("id"): g.find("s:label", NS).get("text") for g in doc.findall("s:map/s:glyph", NS)}
    assert labels["glyph_drug_a"] == SCRIPT and labels["glyph_meeting"] == FORMULA
    assert labels["glyph_end"] == OUTCOME
    notes = " ".join(doc.itertext())
    assert QUOTE in notes
    arc_ids = [a.get("id") for a in doc.findall("s:map/s:arc", NS)]
    assert len(arc_ids) == 4 == len(set(arc_ids))


def test_hostile_csv(hostile):
    edges = _read_csv(to_edges_csv(hostile))
    nodes = _read_csv(to_nodes_csv(hostile))
    assert len(edges) == sum(len(e.sources) for e in hostile.edges()) == 5
    cells = [v for row in edges + nodes for v in row.values()]
    dangerous = [v for v in cells if v and v[0] in "=+-@\t\r"]
    numeric = [v for v in dangerous if re.fullmatch(r"-?\d+(\.\d+)?", v)]
    assert dangerous == numeric  # only numbers (coordinates) may start with '-'
    by_id = {r["id"]: r for r in nodes}
    assert by_id["meeting"]["label"] == "'" + FORMULA
    assert by_id["meeting"]["description"] == "'-2+3 " + SCRIPT
    assert by_id["drug_a"]["description"] == QUOTE  # quotes and newlines survive inside a cell
    assert by_id["end"]["label"] == OUTCOME
    quotes = {r["quote"] for r in edges}
    assert QUOTE in quotes and "'=cmd|' /C calc'!A0" in quotes


def test_hostile_references(hostile):
    from pathviz.exports.bibtex import to_bibtex
    from pathviz.exports.ris import to_ris

    refs = hostile.references()
    assert [r.id for r in refs] == ["evil_ref", "plain_ref"]
    bib = to_bibtex(refs)
    assert bib.count("{") == bib.count("}")
    ris = to_ris(refs)
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in ris.splitlines() if line)


# ---------------------------------------------------------------- command line


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "export", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def cli_pair(bundle):
    """The view the command line exports by default (slide canvas, layout bounded by the width)."""
    return export_view(bundle, ["ketamine", "psilocybin"])


@pytest.mark.parametrize("fmt", ["graphml", "cyjs", "sbgn", "csv", "bibtex", "ris"])
def test_cli_exports_default_name(fmt, tmp_path, cli_pair):
    proc = run("--format", fmt, "--data", str(PATHWAYS), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ext = {"bibtex": "bib"}.get(fmt, fmt)
    out = tmp_path / f"pathviz-ketamine-psilocybin.{ext}"
    assert out.is_file() and out.stat().st_size > 1000
    assert proc.stdout.splitlines()[0] == out.name
    text = out.read_text("utf-8-sig")
    if fmt == "graphml":
        g = nx.read_graphml(out)
        assert g.number_of_edges() == len(cli_pair.edges())
        assert (g.nodes["bdnf"]["x"], g.nodes["bdnf"]["y"]) == pytest.approx(cli_pair.pixels()["bdnf"])
    elif fmt == "cyjs":
        assert len(json.loads(text)["elements"]["nodes"]) == len(cli_pair.node_ids())
    elif fmt == "csv":
        nodes = tmp_path / "pathviz-ketamine-psilocybin.nodes.csv"
        assert proc.stdout.splitlines() == [out.name, nodes.name]
        assert len(_read_csv(nodes.read_text("utf-8-sig"))) == len(cli_pair.node_ids())
    elif fmt in ("bibtex", "ris"):
        for doi in _dois(cli_pair):
            assert doi in text, doi
        n = text.count("@article{") + text.count("@misc{") if fmt == "bibtex" else text.count("ER  - ")
        assert n == len(cli_pair.references())


def test_cli_sbgn_single_pathway_validates(tmp_path, sbgn_schema):
    out = tmp_path / "k.sbgn"
    proc = run("-f", "sbgn", "--pathways", "psilocybin", "--data", str(PATHWAYS), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert sbgn_schema.validate(etree.parse(str(out)))


def test_cli_csv_into_a_directory_with_filters(tmp_path, bundle):
    proc = run("-f", "csv", "--evidence", "human", "--data", str(PATHWAYS), "-o", str(tmp_path / "tables") + "/")
    assert proc.returncode == 0, proc.stderr
    edges = _read_csv((tmp_path / "tables" / "edges.csv").read_text("utf-8-sig"))
    assert edges and {r["evidence"] for r in edges} == {"human"}
    assert (tmp_path / "tables" / "nodes.csv").is_file()


def test_cli_references_follow_the_filter(tmp_path, bundle):
    full = tmp_path / "all.ris"
    human = tmp_path / "human.ris"
    assert run("-f", "ris", "--data", str(PATHWAYS), "-o", str(full)).returncode == 0
    assert run("-f", "ris", "--evidence", "human", "--data", str(PATHWAYS), "-o", str(human)).returncode == 0
    view = export_view(bundle, ["ketamine", "psilocybin"], EdgeFilter.of(["human"]))
    assert human.read_text("utf-8").count("ER  - ") == len(view.references())
    assert human.read_text("utf-8").count("ER  - ") < full.read_text("utf-8").count("ER  - ")


def test_cli_hostile_bundle_every_format(tmp_path, sbgn_schema):
    data = tmp_path / "data"
    data.mkdir()
    for name, text in _hostile_files():
        (data / name).write_text(text, "utf-8")
    for fmt in ("graphml", "cyjs", "sbgn", "csv", "bibtex", "ris"):
        out = tmp_path / f"evil.{fmt}"
        proc = run("-f", fmt, "--pathways", "evil_a,evil_b", "--data", str(data), "-o", str(out))
        assert proc.returncode == 0, (fmt, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert out.is_file()
    assert sbgn_schema.validate(etree.parse(str(tmp_path / "evil.sbgn")))
    nx.read_graphml(tmp_path / "evil.graphml")
    json.loads((tmp_path / "evil.cyjs").read_text("utf-8"))


def test_cli_errors(tmp_path):
    proc = run("-f", "graphml", "--data", str(PATHWAYS), "-o", str(tmp_path / "missing" / "x.graphml"))
    assert proc.returncode == 1 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("-f", "sbgn", "--data", str(PATHWAYS), "-o", str(tmp_path))
    assert proc.returncode == 1 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("-f", "csv", "--node", "bdnf", "--data", str(PATHWAYS), "-o", str(tmp_path / "x.csv"))
    assert proc.returncode == 2 and "--node" in proc.stderr
    proc = run("-f", "cyjs", "--pathways", "ketamine,aspirin", "--data", str(PATHWAYS))
    assert proc.returncode == 2 and "--pathways takes" in proc.stderr
    proc = run("-f", "sbgn", "--pathways", "shared,stress", "--data", str(PATHWAYS))
    assert proc.returncode == 2 and "no drug pathway" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("-f", "graphml", "--evidence", "rumour", "--data", str(PATHWAYS))
    assert proc.returncode == 2 and "evidence:" in proc.stderr
    proc = run("-f", "gexf", "--data", str(PATHWAYS))
    assert proc.returncode == 2


def test_one_registry_feeds_the_cli_and_the_buttons():
    from pathviz.cli import build_parser

    regs = formats()
    assert {"png", "svg", "html", "graphml", "cyjs", "sbgn", "csv", "bibtex", "ris"} <= set(regs)
    export = next(a for a in build_parser()._subparsers._group_actions[0].choices["export"]._actions if a.dest == "format")
    assert list(export.choices) == list(regs)
    for f in regs.values():
        assert f.extension and "/" in f.mime and f.label and callable(f.write)
    import inspect

    from pathviz.ui.pages import compare

    src = inspect.getsource(compare.download_row)
    assert "formats()" in src and "graphml" not in src  # the buttons iterate the registry, naming no format


def test_a_new_format_module_is_picked_up(tmp_path, monkeypatch, bundle):
    """Adding a format is one module in pathviz/exports declaring FORMATS."""
    import pathviz.exports as exports

    mod = tmp_path / "pathviz_test_fmt.py"
    mod.write_text(
        "from pathviz.exports import Format, write_text\n"
        "def write(view, path):\n    return [write_text(path, ','.join(sorted(view.node_ids())))]\n"
        "FORMATS = (Format('idlist', 'txt', 'text/plain', 'node ids', write),)\n"
    )
    monkeypatch.setattr(exports, "__path__", [*exports.__path__, str(tmp_path)])
    monkeypatch.setattr(exports, "__name__", "pathviz.exports")
    exports.formats.cache_clear()
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import importlib

        real = importlib.import_module
        monkeypatch.setattr(
            importlib,
            "import_module",
            lambda name, *a: real(name.rsplit(".", 1)[-1] if name.endswith("pathviz_test_fmt") else name, *a),
        )
        regs = exports.formats()
        assert "idlist" in regs
        out = regs["idlist"].bytes(export_view(bundle, ["ketamine", "psilocybin"])).decode()
        assert "bdnf" in out.split(",")
    finally:
        exports.formats.cache_clear()


def test_xref_links_match_the_curie_links(bundle):
    from pathviz.view import xref_link
    from pathviz.io.xrefs import curie_link

    curies = sorted({x for n in bundle.nodes.values() for x in n.xrefs})
    assert curies
    assert [xref_link(c) for c in curies] == [curie_link(c) for c in curies]
    assert xref_link("nosuchprefix:1") is None
