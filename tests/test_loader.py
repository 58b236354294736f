"""Loading a bundle: cross-file resolution, limits, and that loading never writes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pathviz.errors import PathwayError
from pathviz.io.pathways import load_pathways, parse_pathway, parse_pathways, read_pathways
from pathviz.io.yaml_source import MAX_FILE_BYTES

from .conftest import PATHWAYS


def _snapshot(root: Path) -> dict[str, tuple[str, float]]:
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_minimal_file_loads(minimal_text):
    bundle = parse_pathways([("mini.yaml", minimal_text)]).bundle
    assert bundle is not None
    assert set(bundle.nodes) == {"ketamine", "nmda_receptor", "bdnf"}
    assert bundle.pathways["mini"].drug == "ketamine"
    edge = bundle.edges["ketamine__inhibits__nmda_receptor"]
    assert edge.sources[0].ref == "krystal2019"
    assert bundle.references["krystal2019"].link == "https://doi.org/10.1016/j.neuron.2019.02.005"


def test_references_and_nodes_resolve_across_files(minimal_text):
    head, refs = minimal_text.split("references:\n")
    other = (
        "schema: pathviz/1\nid: extra\ntitle: Extra\nnodes:\n"
        "  - id: trkb\n    label: TrkB\n    kind: receptor\n    tier: signalling\n"
        "    description: The receptor BDNF binds.\n"
        "edges:\n  - source: bdnf\n    target: trkb\n    relation: activates\n"
        "    evidence: review\n    status: established\n    sources:\n      - ref: krystal2019\n"
    )
    result = parse_pathways(
        [("a.yaml", head), ("refs.yaml", "schema: pathviz/1\nreferences:\n" + refs), ("b.yaml", other)]
    )
    assert result.errors == []
    assert result.bundle is not None
    assert "bdnf__activates__trkb" in result.bundle.edges
    assert result.bundle.pathways["extra"].node_ids == ("trkb", "bdnf")


def test_duplicate_node_across_files_names_both_places(minimal_text):
    result = parse_pathways([("a.yaml", minimal_text), ("b.yaml", minimal_text.replace("id: mini", "id: mini2").replace("id: krystal2019", "id: other2019"))])
    msgs = [p.format() for p in result.errors]
    assert any("b.yaml:7:9: error: nodes[0].id: duplicate node id 'ketamine' (first defined at a.yaml:7)" in m for m in msgs), msgs


def test_all_problems_of_a_run_are_reported_together(minimal_text):
    broken = minimal_text.replace("kind: receptor", "kind: receptr").replace(
        "target: bdnf", "target: bdfn"
    ).replace("doi: 10.1016/j.neuron.2019.02.005", "doi: doi:10.1016")
    result = parse_pathways([("x.yaml", broken)])
    kinds = " | ".join(p.message for p in result.errors)
    assert "'receptr' is not one of" in kinds
    assert "unknown node 'bdfn' (did you mean 'bdnf'?)" in kinds
    assert "is not a DOI" in kinds


def test_read_pathways_raises_project_error_only(tmp_path):
    (tmp_path / "bad.yaml").write_text("schema: pathviz/1\nnodes: 3\n")
    with pytest.raises(PathwayError) as info:
        read_pathways(tmp_path)
    assert "bad.yaml:2:8: error: nodes: expected a list" in info.value.report()


def test_oversized_file_is_refused_quickly(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"schema: pathviz/1\n" + b"# padding\n" * (MAX_FILE_BYTES // 10 + 10))
    result = load_pathways([big])
    assert result.bundle is None
    assert "larger than" in result.errors[0].message


def test_missing_path_and_empty_directory(tmp_path):
    result = load_pathways([tmp_path / "nope", tmp_path])
    messages = sorted(p.message for p in result.errors)
    assert messages == ["no .yaml or .yml files in this directory", "no such file or directory"]


def test_parse_pathway_single_file(minimal_text):
    pf = parse_pathway(minimal_text, "m.yaml")
    assert pf.id == "mini" and len(pf.nodes) == 3
    with pytest.raises(PathwayError):
        parse_pathway("schema: pathviz/1\nid: [", "bad.yaml")


def test_loading_never_writes(bundle_copy):
    before = _snapshot(bundle_copy)
    read_pathways(bundle_copy)
    (bundle_copy / "zz_broken.yaml").write_text("schema: pathviz/1\nnodes: [\n")
    before_broken = _snapshot(bundle_copy)
    load_pathways(bundle_copy)
    assert _snapshot(bundle_copy) == before_broken
    assert {k: v for k, v in before_broken.items() if "zz_broken" not in k} == before


def test_bom_and_crlf_are_accepted(minimal_text):
    raw = b"\xef\xbb\xbf" + minimal_text.replace("\n", "\r\n").encode()
    assert parse_pathways([("w.yaml", raw)]).bundle is not None


def test_quote_check_against_sources(minimal_text, sources_dir):
    ok = parse_pathways([("m.yaml", minimal_text)])
    assert ok.bundle is not None
    assert parse_pathways([("m.yaml", minimal_text)], sources_dir=sources_dir).errors == []
    bad = minimal_text.replace("These include AMPA receptors", "These include NMDA receptors")
    result = parse_pathways([("m.yaml", bad)], sources_dir=sources_dir)
    assert [p.format() for p in result.errors] == [
        "m.yaml:35:16: error: edges[0].sources[0].quote: this quote does not occur in 003_69bf9e47f92a1f2b.txt; copy the sentence exactly"
    ]


def test_bundled_pathways_validate():
    result = load_pathways(PATHWAYS)
    assert result.errors == [], "\n".join(p.format() for p in result.errors)
    assert result.bundle is not None and result.bundle.drugs
