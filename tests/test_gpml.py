"""GPML import: the WikiPathways samples, the mapping rules, hostile input and the command."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from pathviz.analysis.convergence import converge
from pathviz.io.gpml import (
    MAX_GPML_BYTES,
    GpmlError,
    gpml_to_pathway,
    read_gpml,
    to_yaml,
)
from pathviz.io.pathways import load_pathways, parse_pathways

from .conftest import DATA, PATHWAYS, ROOT

GPML_DIR = DATA / "gpml"
SAMPLES = ["WP2380", "WP732"]
G = "{http://pathvisio.org/GPML/2013a}"
BP = "{http://www.biopax.org/release/biopax-level3.owl#}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _import(name: str, drug: str | None = None) -> tuple[dict, list[str]]:
    path = GPML_DIR / f"{name}.gpml"
    return gpml_to_pathway(path.read_bytes(), str(path), drug=drug)


def _gpml(body: str, *, version: str = "WP9999_r1", name: str = "Test pathway") -> bytes:
    """A small GPML 2013a document around ``body``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="{name}" Version="{version}" '
        'Organism="Homo sapiens" Data-Source="WikiPathways">\n'
        f"{body}\n</Pathway>\n"
    ).encode()


def _node(gid: str, label: str, type_: str = "Protein", xref: tuple[str, str] = ("", "")) -> str:
    return (
        f'<DataNode TextLabel="{label}" GraphId="{gid}" Type="{type_}">'
        f'<Graphics CenterX="0" CenterY="0" Width="10" Height="10"/>'
        f'<Xref Database="{xref[0]}" ID="{xref[1]}"/></DataNode>'
    )


def _line(gid: str, start: str | None, end: str | None, head: str | None = "Arrow", *, first_head: str | None = None, dashed: bool = False, extra: str = "") -> str:
    def point(ref: str | None, h: str | None) -> str:
        attrs = f' GraphRef="{ref}"' if ref else ""
        attrs += f' ArrowHead="{h}"' if h else ""
        return f'<Point X="0" Y="0"{attrs}/>'

    style = ' LineStyle="Broken"' if dashed else ""
    return (
        f'<Interaction GraphId="{gid}">{extra}<Graphics{style}>'
        f"{point(start, first_head)}{point(end, head)}</Graphics>"
        '<Xref Database="" ID=""/></Interaction>'
    )


def _validate(data: dict, name: str = "imported.yaml") -> list[str]:
    result = parse_pathways([(name, to_yaml(data))])
    return [p.format() for p in result.problems]


def _edge(data: dict, interaction: str) -> list[dict]:
    return [e for e in data["edges"] if f"interaction {interaction}," in e["note"]]


def _node_by_label(data: dict, label: str) -> list[dict]:
    return [n for n in data["nodes"] if n["label"] == label]


# --------------------------------------------------------------------------- counts from the XML


def expected_counts(path: Path) -> tuple[int, int, int]:
    """(nodes, interactions with two resolvable ends, arrows), read directly from the XML.

    The rules (docs/gpml.md): an end is a labelled DataNode, a State (its DataNode),
    a Group with a labelled member (the group itself: ONE node, never its members),
    or an Anchor on another interaction (that interaction's source for a start, its
    target for an end). The line runs first -> last point unless only the first point
    has an arrowhead. One arrow per (source, arrowhead, target), no self-loops. Nodes:
    the labelled DataNodes and the groups a kept line touches.
    """
    root = ET.parse(path).getroot()
    labelled = {
        d.get("GraphId") for d in root.findall(G + "DataNode") if (d.get("TextLabel") or "").strip()
    }
    element = {e.get("GraphId"): e for e in root.iter() if e.get("GraphId")}
    members = defaultdict(list)
    for e in root:
        if e.get("GroupRef"):
            members[e.get("GroupRef")].append(e.get("GraphId"))
    anchor_line = {a.get("GraphId"): i for i in root.findall(G + "Interaction") for a in i.iter(G + "Anchor")}

    def ends(line):
        points = line.findall(G + "Graphics/" + G + "Point")
        first, last = points[0], points[-1]
        heads = [p.get("ArrowHead") if p.get("ArrowHead") != "Line" else None for p in (first, last)]
        if heads[0] and not heads[1]:
            return last.get("GraphRef"), first.get("GraphRef"), heads[0]
        return first.get("GraphRef"), last.get("GraphRef"), last.get("ArrowHead")

    def has_member(group_id, seen=()):
        return any(m in labelled or (m in element and element[m].tag == G + "Group" and m not in seen
                   and has_member(element[m].get("GroupId"), seen + (m,))) for m in members[group_id])

    def resolve(ref, start, seen=()):
        if ref in labelled:
            return ref
        e = element.get(ref)
        if e is None:
            return None
        tag = e.tag.replace(G, "")
        if tag == "State":
            return resolve(e.get("GraphRef"), start, seen)
        if tag == "Group":
            return ref if has_member(e.get("GroupId")) else None
        if tag == "Anchor" and ref not in seen:
            source, target, _ = ends(anchor_line[ref])
            return resolve(source if start else target, start, seen + (ref,))
        return None

    lines = 0
    arrows, groups = set(), set()
    for line in root.findall(G + "Interaction"):
        source, target, head = ends(line)
        s, t = resolve(source, True), resolve(target, False)
        if s and t:
            lines += 1
            groups |= {x for x in (s, t) if x not in labelled}
            if s != t:
                arrows.add((s, head, t))
    return len(labelled) + len(groups), lines, len(arrows)


# --------------------------------------------------------------------------- the samples


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_imports_into_a_file_that_validates_on_its_own(name):
    data, _ = _import(name)
    assert _validate(data, f"{name}.yaml") == []  # no errors and no warnings
    assert data["schema"] == "pathviz/1"
    assert data["id"] == name.lower()
    assert "drug" not in data
    assert "Homo sapiens" in data["description"]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_counts_match_the_xml(name):
    data, warnings = _import(name)
    n_nodes, n_lines, n_edges = expected_counts(GPML_DIR / f"{name}.gpml")
    assert len(data["nodes"]) == n_nodes
    assert len(data["edges"]) == n_edges
    total = len(ET.parse(GPML_DIR / f"{name}.gpml").getroot().findall(G + "Interaction"))
    if n_lines < total:
        assert any(f"skipped {total - n_lines} of {total} interactions" in w for w in warnings)


def test_sample_counts_are_what_the_report_states():
    # kept explicit so a change of the rules shows up as a changed number
    # (before groups were one node: (170, 106, 112) and (24, 31, 37) -- arrows to every member)
    assert expected_counts(GPML_DIR / "WP2380.gpml") == (171, 106, 106)
    assert expected_counts(GPML_DIR / "WP732.gpml") == (25, 31, 31)


@pytest.mark.parametrize("name", SAMPLES)
def test_every_edge_cites_the_pathway_and_every_node_comes_from_it(name):
    data, _ = _import(name)
    pathway_ref = data["references"][0]
    assert pathway_ref["id"] == f"wikipathways_{name.lower()}"
    assert pathway_ref["type"] == "database"
    assert pathway_ref["url"] == f"https://www.wikipathways.org/pathways/{name}"
    assert pathway_ref["title"] == ET.parse(GPML_DIR / f"{name}.gpml").getroot().get("Name")
    assert "CC0" in pathway_ref["note"]
    for e in data["edges"]:
        assert e["sources"][0]["ref"] == pathway_ref["id"]
        assert e["evidence"] == "database" and e["status"] == "established"
    for n in data["nodes"]:
        assert n["sources"][0]["ref"] == pathway_ref["id"]
        assert n["id"].startswith(f"{name.lower()}_")
        assert "WikiPathways element" in n["note"] or "WikiPathways group" in n["note"]


def test_wp2380_known_xrefs_and_repeated_labels():
    data, _ = _import("WP2380")
    bdnf = _node_by_label(data, "BDNF")
    assert len(bdnf) == 7
    assert [n["id"] for n in bdnf] == ["wp2380_bdnf"] + [f"wp2380_bdnf_{i}" for i in range(2, 8)]
    assert all(n["xrefs"] == ["ncbigene:627"] for n in bdnf)
    assert all("One of 7 boxes labelled 'BDNF'" in n["note"] for n in bdnf)
    assert _node_by_label(data, "NTRK2")[0]["xrefs"] == ["ncbigene:4915"]
    dag = _node_by_label(data, "DAG")[0]
    assert dag["xrefs"] == ["chebi:18035"]  # 'CHEBI:18035' in the file: prefix not doubled
    assert dag["kind"] == "metabolite"
    assert any("hmdb:HMDB0001143" in n.get("xrefs", []) for n in data["nodes"])
    assert any("wikidata:Q3083814" in n.get("xrefs", []) for n in data["nodes"])
    assert "(protein) in the WikiPathways pathway 'Brain-derived neurotrophic factor (BDNF) signaling' (WP2380)." in bdnf[0]["description"]


def test_wp732_known_xrefs_and_kinds():
    data, _ = _import("WP732")
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["HTR2A"]["xrefs"] == ["ncbigene:3356"]
    assert by_label["MAPK1"]["xrefs"] == ["hgnc.symbol:MAPK1"]  # GPML's HGNC is a symbol
    assert by_label["PLC"]["xrefs"] == ["ec:3.1.4.11"]  # "Enzyme Nomenclature"
    assert by_label["Serotonin"]["xrefs"] == ["cas:50-67-9"]
    assert by_label["Serotonin"]["kind"] == "metabolite"
    assert by_label["HTR2A"]["kind"] == "signalling"
    assert "Calcium" in by_label  # 'Calcium&#xA;': the newline is folded away
    assert "5-hydroxytryptamine (serotonin) receptor 2A" in by_label["HTR2A"]["description"]


def test_wp732_biopax_publications_become_cited_references():
    data, _ = _import("WP732")
    refs = {r["id"]: r for r in data["references"]}
    root = ET.parse(GPML_DIR / "WP732.gpml").getroot()
    pmids = {
        px.findtext(BP + "ID")
        for px in root.iter(BP + "PublicationXref")
        if px.findtext(BP + "DB") == "PubMed"
    }
    assert len(pmids) == 106
    imported = {r["pmid"] for r in refs.values() if "pmid" in r}
    assert imported == pmids  # every interaction of WP732 is imported, so every PMID is cited
    nitsch = refs["wp732_pmid8626761"]
    assert nitsch["authors"][:2] == ["Nitsch RM", "Deng M"]
    assert nitsch["year"] == 1996 and nitsch["journal"] == "J Biol Chem"
    assert nitsch["title"].startswith("Serotonin 5-HT2a and 5-HT2c receptors stimulate")
    (edge,) = _edge(data, "b5d85")  # serotonin -> HTR2C, citing 14988405 and 8626761
    cited = [s["ref"] for s in edge["sources"]]
    assert cited[0] == "wikipathways_wp732"
    assert {"wp732_pmid14988405", "wp732_pmid8626761"} <= set(cited)
    used = {s["ref"] for e in data["edges"] for s in e["sources"]}
    used |= {s["ref"] for n in data["nodes"] for s in n.get("sources", [])}
    assert set(refs) == used


def test_relations_and_direction_from_arrowheads():
    data, _ = _import("WP2380")
    (e,) = _edge(data, "f5e68")
    assert (e["source"], e["relation"], e["target"]) == ("wp2380_akt1", "inhibits", "wp2380_tsc2")
    # arrowhead on the FIRST point: the line is read backwards (AKT1 -> the IKK group, ONE arrow)
    (ikk,) = _edge(data, "a2aba")
    assert (ikk["source"], ikk["relation"], ikk["target"]) == ("wp2380_akt1", "leads_to", "wp2380_ikk")
    group = {n["id"]: n for n in data["nodes"]}["wp2380_ikk"]
    assert group["label"] == "IKK" and group["kind"] == "group"  # named by the Label drawn in the group
    assert "IKK2, IkkG, IKK1" in group["description"]
    data732, _ = _import("WP732")
    (plain,) = _edge(data732, "dd030")  # "Binding ELK1 ---- SRF", drawn as a plain line
    assert plain["relation"] == "associated_with" and "drawn without an arrowhead" in plain["note"]
    (mod,) = _edge(data732, "ad75d")
    assert (mod["source"], mod["relation"], mod["target"]) == ("wp732_mapk3", "activates", "wp732_elk4")  # necessary stimulation


def test_anchors_states_and_groups_resolve():
    data, _ = _import("WP2380")
    ntrk2 = {n["id"] for n in _node_by_label(data, "NTRK2")}
    # a line branching off NTRK2 -> PLCG1 starts at NTRK2
    (branch,) = _edge(data, "b6947")
    assert branch["source"] in ntrk2 and branch["target"] == "wp2380_sqstm1"
    assert "branches off interaction bc1dc" in branch["note"]
    # a branch of a branch still goes back to NTRK2
    (deep,) = _edge(data, "e5b48")
    assert deep["source"] in ntrk2 and deep["target"] == "wp2380_ranbp9"
    # a line ending on a State (a modification site of NTRK2) ends at NTRK2
    (state,) = _edge(data, "dd3f6")
    assert state["source"] == "wp2380_traf6" and state["target"] in ntrk2
    data732, _ = _import("WP732")
    ras = {"wp732_nras", "wp732_hras", "wp732_kras"}
    # the RAS group is one node: two arrows into it, one out of it, none to or from its members
    assert not [e for e in data732["edges"] if e["target"] in ras or e["source"] in ras]
    (group,) = [n for n in data732["nodes"] if n["kind"] == "group"]
    assert group["label"] == "RAS"  # the Label drawn in the group names it
    assert "NRAS, HRAS, KRAS" in group["description"]
    assert Counter(e["target"] for e in data732["edges"])[group["id"]] == 2
    assert Counter(e["source"] for e in data732["edges"])[group["id"]] == 1


# --------------------------------------------------------------------------- rules on small files


def test_ids_are_prefixed_folded_and_deduplicated():
    body = "".join(
        [
            _node("a1", "NF-κB p65"),
            _node("a2", "BDNF"),
            _node("a3", "BDNF"),
            _node("a4", "BDNF 2"),
            _node("a5", "5-HT&#xA;receptor"),
            _node("a6", "Ca²⁺"),
            _node("a7", ""),
            _node("a8", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ]
    )
    data, warnings = gpml_to_pathway(_gpml(body), "x.gpml")
    ids = [n["id"] for n in data["nodes"]]
    assert ids == [
        "wp9999_nf_kappa_b_p65",
        "wp9999_bdnf",
        "wp9999_bdnf_2",
        "wp9999_bdnf_2_2",
        "wp9999_5_ht_receptor",
        "wp9999_ca2",
        "wp9999_script_alert_1_script",
    ]
    labels = [n["label"] for n in data["nodes"]]
    assert "5-HT receptor" in labels
    assert "<script>alert(1)</script>" in labels  # stays text; the renderers escape it
    assert any("1 DataNode(s) without a text label" in w for w in warnings)
    assert _validate(data) == []


def test_unknown_xrefs_are_reported_not_guessed():
    body = "".join(
        [
            _node("a1", "A", xref=("Entrez Gene", "not-a-number")),
            _node("a2", "B", xref=("Made-up DB", "42")),
            _node("a3", "C", xref=("Uniprot-TrEMBL", "P23560")),
            _node("a4", "D", xref=("HGNC", "1033")),
            _node("a5", "E", xref=("KEGG Compound", "C00780")),
            _node("a6", "F", xref=("Ensembl", "ENSG00000176697")),
        ]
    )
    data, _ = gpml_to_pathway(_gpml(body), "x.gpml")
    n = {x["label"]: x for x in data["nodes"]}
    assert "xrefs" not in n["A"] and "Entrez Gene 'not-a-number'" in n["A"]["note"]
    assert "xrefs" not in n["B"] and "no bioregistry prefix for the database 'Made-up DB'" in n["B"]["note"]
    assert n["C"]["xrefs"] == ["uniprot:P23560"]
    assert n["D"]["xrefs"] == ["hgnc:1033"]
    assert n["E"]["xrefs"][0].endswith(":C00780")
    assert n["F"]["xrefs"] == ["ensembl:ENSG00000176697"]
    assert _validate(data) == []


def test_arrowhead_table_merging_and_self_loops():
    nodes = "".join(_node(g, g.upper()) for g in ("a", "b", "c", "d"))
    lines = "".join(
        [
            _line("l1", "a", "b", "mim-conversion"),
            _line("l2", "a", "b", "mim-conversion"),  # the same edge again: merged
            _line("l3", "b", "c", "TBar"),
            _line("l4", "c", "d", None),  # no arrowhead
            _line("l5", "d", "a", "mim-cleavage"),
            _line("l6", "a", "c", "mim-transcription-translation"),
            _line("l7", "b", "d", "Arrow", first_head="TBar"),  # both ends
            _line("l8", "c", "a", "Something-new"),
            _line("l9", "a", "a", "Arrow"),  # a self-loop
            _line("l10", "a", "nowhere", "Arrow"),
            _line("l11", None, "b", "Arrow"),
            _line("l12", "b", "a", "mim-binding"),
        ]
    )
    data, warnings = gpml_to_pathway(_gpml(nodes + lines), "x.gpml")
    got = {(e["source"][7:], e["relation"], e["target"][7:]) for e in data["edges"]}
    assert got == {
        ("a", "converts_to", "b"),
        ("b", "inhibits", "c"),
        ("c", "associated_with", "d"),
        ("d", "converts_to", "a"),  # mim-cleavage: the substrate is cut into its products
        ("a", "increases", "c"),
        ("b", "leads_to", "d"),  # Arrow: a directed arrow, no mechanism stated
        ("c", "associated_with", "a"),
        ("b", "binds", "a"),
    }
    (merged,) = [e for e in data["edges"] if e["relation"] == "converts_to" and e["source"].endswith("_a")]
    assert "Also drawn as interaction l2" in merged["note"]
    assert [s["note"] for s in merged["sources"]] == ["WikiPathways interaction l1", "WikiPathways interaction l2"]
    (both,) = _edge(data, "l7")
    assert "arrowhead at both ends" in both["note"]
    assert any("unknown arrowhead 'Something-new'" in w and "not guessed" in w for w in warnings)
    assert any("skipped 2 of 12 interactions" in w for w in warnings)
    assert _validate(data) == []


def test_wp_id_only_when_stated():
    body = _node("a", "A") + _node("b", "B") + _line("l", "a", "b")
    # no Version, no WP in the name: no URL, id from the file name
    data, _ = gpml_to_pathway(_gpml(body, version=""), "my pathway.gpml")
    ref = data["references"][0]
    assert data["id"] == "my_pathway" and "url" not in ref
    assert "states no WikiPathways id" in ref["note"]
    assert _validate(data) == []
    # a file name that is a WP id: used, and said so
    data, warnings = gpml_to_pathway(_gpml(body, version=""), "downloads/WP123.gpml")
    assert data["id"] == "wp123"
    assert data["references"][0]["url"] == "https://www.wikipathways.org/pathways/WP123"
    assert "taken from the file name" in data["references"][0]["note"]
    assert any("taken from the file name" in w for w in warnings)
    # a name starting with a digit still gives a valid id
    data, _ = gpml_to_pathway(_gpml(body, version=""), "2024 export.gpml")
    assert data["id"] == "gpml_2024_export"
    assert _validate(data) == []


def test_publications_of_skipped_lines_are_named_not_listed_as_references():
    biopax = (
        "<Biopax>"
        '<bp:PublicationXref xmlns:bp="http://www.biopax.org/release/biopax-level3.owl#" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:id="p1">'
        "<bp:ID>12345</bp:ID><bp:DB>PubMed</bp:DB><bp:TITLE>Cited one</bp:TITLE></bp:PublicationXref>"
        '<bp:PublicationXref xmlns:bp="http://www.biopax.org/release/biopax-level3.owl#" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:id="p2">'
        "<bp:ID>67890</bp:ID><bp:DB>PubMed</bp:DB><bp:TITLE>Not cited</bp:TITLE></bp:PublicationXref>"
        "</Biopax>"
    )
    body = (
        _node("a", "A")
        + _node("b", "B")
        + _line("l1", "a", "b", extra="<BiopaxRef>p1</BiopaxRef>")
        + _line("l2", "a", None, extra="<BiopaxRef>p2</BiopaxRef>")
        + biopax
    )
    data, _ = gpml_to_pathway(_gpml(body), "x.gpml")
    refs = {r["id"]: r for r in data["references"]}
    assert set(refs) == {"wikipathways_wp9999", "wp9999_pmid12345"}
    assert "PMID 67890" in refs["wikipathways_wp9999"]["note"]
    assert _validate(data) == []


# --------------------------------------------------------------------------- hostile input


def _error(raw: bytes, name: str = "bad.gpml") -> GpmlError:
    with pytest.raises(GpmlError) as info:
        gpml_to_pathway(raw, name)
    return info.value


def test_malformed_xml_is_a_located_error():
    raw = _gpml(_node("a", "A")).replace(b"</DataNode>", b"</DataNod>", 1)
    err = _error(raw)
    assert err.line == 3 and err.col > 1
    assert err.format().startswith(f"bad.gpml:3:{err.col}: error: malformed XML: mismatched tag")


def test_billion_laughs_is_refused_not_expanded():
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    raw = (
        '<?xml version="1.0"?>\n<!DOCTYPE Pathway [<!ENTITY l0 "lol">' + lol + "]>\n"
        '<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="&l9;"/>'
    ).encode()
    err = _error(raw)
    assert "refused" in err.message and "DTD" in err.message
    assert (err.line, err.col) == (2, 1)


def test_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    raw = (
        f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="&x;">'
        '<DataNode TextLabel="&x;" GraphId="a" Type="Protein"/></Pathway>'
    ).encode()
    err = _error(raw)
    assert "refused" in err.message and "TOP-SECRET" not in err.format()
    # and through the command: nothing is written
    src, out = tmp_path / "xxe.gpml", tmp_path / "out.yaml"
    src.write_bytes(raw)
    rc, _, stderr = _run_cmd(src, out)
    assert rc == 1 and not out.exists()
    assert f"{src}:1:22: error: refused" in stderr and "TOP-SECRET" not in stderr


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b'<?xml version="1.0"?><Pathway Name="x"/>', "no namespace"),
        (b'<Pathway xmlns="http://genmapp.org/GPML/2010a" Name="x"/>', "only GPML 2013a"),
        (b'<Pathway xmlns="http://pathvisio.org/GPML/2008a" Name="x"/>', "save it again as GPML 2013a or 2021"),
        (b'<Pathway xmlns="http://example.org/other" Name="x"/>', "namespace 'http://example.org/other'"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "the root element is <svg>, not a GPML <Pathway>"),
        (b"\xff\xfe<\x00", "malformed XML"),
    ],
)
def test_wrong_documents_are_refused_clearly(raw, words):
    assert words in _error(raw).message


def test_size_is_bounded_before_parsing(tmp_path):
    big = tmp_path / "huge.gpml"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate(MAX_GPML_BYTES + 1)
    with pytest.raises(GpmlError) as info:
        read_gpml(big)
    assert "larger than 20 MiB are refused" in info.value.message
    with pytest.raises(GpmlError):
        gpml_to_pathway(b" " * (MAX_GPML_BYTES + 1), "huge.gpml")
    rc, _, stderr = _run_cmd(big, tmp_path / "out.yaml")
    assert rc == 1 and "refused" in stderr


def test_hostile_text_stays_text():
    body = (
        _node("a", "&lt;img src=x onerror=alert(1)&gt;")
        + _node("b", "B&#x9F;&#x200B;ok")  # a C1 control and a zero-width character
        + _line("l", "a", "b", extra="<Comment>&lt;script&gt;x&lt;/script&gt;</Comment>")
    )
    data, _ = gpml_to_pathway(_gpml(body, name="&lt;b&gt;Title&lt;/b&gt;"), "x.gpml")
    assert data["title"] == "<b>Title</b>"
    assert data["nodes"][0]["label"] == "<img src=x onerror=alert(1)>"
    assert data["nodes"][1]["label"] == "Bok"
    assert "<script>x</script>" in data["edges"][0]["note"]
    assert _validate(data) == []
    assert yaml.safe_load(to_yaml(data))["nodes"][0]["label"] == "<img src=x onerror=alert(1)>"


def test_cycles_of_groups_and_anchors_end():
    body = (
        _node("a", "A")
        + _node("b", "B")
        + '<Group GroupId="G1" GraphId="g1" GroupRef="G2"/><Group GroupId="G2" GraphId="g2" GroupRef="G1"/>'
        + _line("l1", "a", "g1")
        # two lines, each starting at an anchor on the other
        + '<Interaction GraphId="l2"><Graphics><Point X="0" Y="0" GraphRef="x3"/>'
        '<Point X="0" Y="0" GraphRef="b" ArrowHead="Arrow"/><Anchor Position="0.5" GraphId="x2"/></Graphics></Interaction>'
        + '<Interaction GraphId="l3"><Graphics><Point X="0" Y="0" GraphRef="x2"/>'
        '<Point X="0" Y="0" GraphRef="a" ArrowHead="Arrow"/><Anchor Position="0.5" GraphId="x3"/></Graphics></Interaction>'
    )
    data, warnings = gpml_to_pathway(_gpml(body), "x.gpml")
    assert data["edges"] == []
    assert any("skipped 3 of 3 interactions" in w for w in warnings)


# --------------------------------------------------------------------------- the command


def _run_cmd(src: Path, out: Path | str, *extra: str) -> tuple[int, str, str]:
    """Run ``pathviz import``."""
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "import", str(src), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_command_writes_a_file_that_pathviz_validate_accepts(tmp_path):
    out = tmp_path / "wp2380.yaml"
    rc, stdout, stderr = _run_cmd(GPML_DIR / "WP2380.gpml", out)
    assert rc == 0, stderr
    assert "imported 171 nodes (1 groups/complexes), 106 arrows from 244 interactions" in stderr
    assert "skipped 138 interactions without two resolvable ends" in stderr
    assert stdout.strip() == str(out)
    result = load_pathways([out])
    assert result.bundle is not None and result.problems == []
    check = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "validate", "--strict", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr


def test_command_never_overwrites_without_force(tmp_path):
    out = tmp_path / "out.yaml"
    out.write_text("keep me")
    rc, _, stderr = _run_cmd(GPML_DIR / "WP732.gpml", out)
    assert rc == 2 and "use --force" in stderr
    assert out.read_text() == "keep me"
    rc, _, stderr = _run_cmd(GPML_DIR / "WP732.gpml", out, "--force")
    assert rc == 0, stderr
    assert out.read_text().startswith("schema: pathviz/1\n")


def test_command_writes_to_stdout_with_dash(tmp_path):
    rc, stdout, stderr = _run_cmd(GPML_DIR / "WP732.gpml", "-")
    assert rc == 0, stderr
    data = yaml.safe_load(stdout)
    assert data["id"] == "wp732" and len(data["edges"]) == 31
    assert "imported 25 nodes (1 groups/complexes), 31 arrows" in stderr


def test_command_reports_malformed_xml_with_its_place(tmp_path):
    bad = tmp_path / "bad.gpml"
    bad.write_bytes(b'<?xml version="1.0"?>\n<Pathway xmlns="http://pathvisio.org/GPML/2013a">\n  <DataNode>\n</Pathway>\n')
    rc, _, stderr = _run_cmd(bad, tmp_path / "out.yaml")
    assert rc == 1
    assert stderr.startswith(f"{bad}:4:3: error: malformed XML: mismatched tag")
    assert "Traceback" not in stderr and not (tmp_path / "out.yaml").exists()


def test_drug_option_names_one_node(tmp_path):
    out = tmp_path / "x.yaml"
    rc, _, stderr = _run_cmd(GPML_DIR / "WP2380.gpml", out, "--drug", "BDNF")
    assert rc == 2 and "is the label of 7 nodes" in stderr and "wp2380_bdnf_5 (1 outgoing arrows)" in stderr
    rc, _, stderr = _run_cmd(GPML_DIR / "WP2380.gpml", out, "--drug", "no such thing")
    assert rc == 2 and "neither a node id nor a label" in stderr
    assert not out.exists()
    data, _ = _import("WP732", drug="Serotonin")  # a unique label
    assert data["drug"] == "wp732_serotonin"
    node = next(n for n in data["nodes"] if n["id"] == "wp732_serotonin")
    assert node["tier"] == "agent"
    assert _import("WP732", drug="db4b3")[0]["drug"] == "wp732_serotonin"  # the GraphId
    assert _import("WP732", drug="serotonin")[0]["drug"] == "wp732_serotonin"  # the id without prefix


def test_cmd_import_and_the_parser_hook(tmp_path):
    from pathviz.cli import build_parser, cmd_import

    parser = build_parser()
    out = tmp_path / "wp732.yaml"
    args = parser.parse_args(["import", str(GPML_DIR / "WP732.gpml"), "-o", str(out), "--drug", "HTR2A"])
    assert args.func is cmd_import
    assert cmd_import(args) == 0
    assert yaml.safe_load(out.read_text())["drug"] == "wp732_htr2a"
    assert cmd_import(args) == 2  # exists now


# --------------------------------------------------------------------------- with the bundle


def test_imported_drug_pathway_converges_against_ketamine(tmp_path):
    data, _ = _import("WP2380")
    out_degree = Counter(e["source"] for e in data["edges"])
    bdnf = max((n["id"] for n in _node_by_label(data, "BDNF")), key=lambda i: (out_degree[i], i))
    out = tmp_path / "wp2380.yaml"
    rc, _, stderr = _run_cmd(GPML_DIR / "WP2380.gpml", out, "--drug", bdnf)
    assert rc == 0, stderr
    result = load_pathways([PATHWAYS, out])
    assert result.errors == [], [p.format() for p in result.errors]
    bundle = result.bundle
    assert bundle is not None
    assert "bdnf" in bundle.nodes and bdnf in bundle.nodes  # prefixed: no clash with the bundle's node
    assert bundle.pathways["wp2380"].drug == bdnf
    conv = converge(bundle, "ketamine", bdnf)
    assert conv.pathway_b.id == "wp2380"
    assert len(conv.reach_b) > 1
    assert conv.reach_a  # ketamine still reaches its own cascade
    # imported nodes are not linked to bundle nodes, so nothing converges (by design)
    assert not any(n.startswith("wp2380_") for n in conv.reach_a)
