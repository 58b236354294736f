"""The one import flow (pathviz.io.imports): what `pathviz import` and the Load page both run.

A GPML file becomes a checked pathway that converges with the bundle like a bundled one; bad and
hostile files get one located line each, never a traceback or a hang; a pathway too large to draw
still loads and exports, and the diagram says why it is not drawn."""

from __future__ import annotations

import ast
import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pathviz.io.gpml import MAX_GPML_BYTES
from pathviz.io.imports import parse_import, read_import
from pathviz.io.pathways import load_pathways
from pathviz.view import MAX_DRAWN_NODES, SCREEN, Side, ViewState, build_view

from .conftest import DATA, PATHWAYS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from gpml_bench import generated_gpml  # noqa: E402

FLOW = DATA / "gpml_flow" / "complex_catalysis.gpml"
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: \S")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pathviz.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def _by_label(data: dict) -> dict[str, dict]:
    return {n["label"]: n for n in data["nodes"]}


# --------------------------------------------------------------------------- one flow


def test_the_command_line_and_the_load_page_call_the_flow_and_repeat_none_of_it():
    # before, `pathviz import` (cli.py) and the Load page (upload.py) each converted, linked and
    # checked the file their own way
    steps = {"convert", "gpml_to_pathway", "link_to_bundle", "self_check", "to_yaml", "read_gpml"}
    for path in (ROOT / "src/pathviz/cli.py", ROOT / "src/pathviz/ui/pages/upload.py"):
        tree = ast.parse(path.read_text("utf-8"))
        called = {
            node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert not (called & steps), f"{path.name} runs import steps itself: {sorted(called & steps)}"
        assert called & {"read_import", "parse_import"}, f"{path.name} does not use the import flow"


def test_the_command_line_writes_exactly_what_the_flow_produces(tmp_path):
    out = tmp_path / "wp99901.yaml"
    proc = run("import", str(FLOW), "-o", str(out), "--drug", "Compound X", "--link-to", str(PATHWAYS))
    assert proc.returncode == 0, proc.stderr
    result = read_import(FLOW, yaml_name=str(out), drug="Compound X", base=PATHWAYS, link=True)
    assert result.ok, result.errors
    assert out.read_text("utf-8") == result.text
    assert "linked: mTORC1 (wp99901_mtorc1) is the bundle's 'mtorc1' (same name)" in proc.stderr


# --------------------------------------------------------------------------- a complex and an anchor


def test_a_complex_is_one_node_and_an_anchored_catalysis_regulates_the_reaction():
    result = read_import(FLOW, drug="Compound X", base=PATHWAYS, link=True)
    assert result.ok, result.errors
    data = result.data
    nodes = _by_label(data)
    complex_id = nodes["CaMKII complex"]["id"]
    drug = data["drug"]
    assert nodes["Compound X"]["id"] == drug
    arrows = {(e["source"], e["target"]) for e in data["edges"]}
    # one arrow from the drug to the complex, none to each member (no cross product)
    assert (drug, complex_id) in arrows
    assert not any(s == drug and t in (nodes["CAMK2A"]["id"], nodes["CAMK2B"]["id"]) for s, t in arrows)
    # the complex activates mTORC1, linked to the bundle's node
    assert (complex_id, "mtorc1") in arrows and "mTORC1" not in nodes
    # PDPK1's line ends on the anchor of that reaction: it regulates the reaction, drawn to its product
    pdpk1 = nodes["PDPK1"]["id"]
    (reg,) = [e for e in data["edges"] if e["source"] == pdpk1]
    assert reg["target"] == "mtorc1" and reg["relation"] == "activates"
    assert "regulates" in reg["note"] and "int2" in reg["note"]
    assert len(data["edges"]) == 3


def test_an_imported_pathway_converges_with_a_bundled_drug_like_a_bundled_one():
    result = read_import(FLOW, drug="Compound X", base=PATHWAYS, link=True)
    assert result.ok and result.checked is not None and result.checked.bundle is not None
    bundle = result.checked.bundle
    pid = result.pathway_id
    assert pid == "wp99901" and bundle.pathways[pid].is_drug
    view = build_view(bundle, ViewState("ketamine", pid), SCREEN)
    assert not view.too_large
    # mTORC1 is reached by both; the complex only by the imported drug
    assert view.side("mtorc1") == Side.shared
    complex_id = _by_label(result.data)["CaMKII complex"]["id"]
    assert view.side(complex_id) == Side.b
    (choice,) = [r for r in view.support["mtorc1"].routes if r.pathway == pid]
    assert choice.stated and choice.best is not None
    assert list(choice.best.nodes) == [result.drug, complex_id, "mtorc1"]


def test_an_import_beside_the_bundle_exports_and_explains_from_the_command_line(tmp_path):
    # the import lands in a copy of the pathway folder; every command then reads it like a bundled file
    folder = tmp_path / "pathways"
    shutil.copytree(PATHWAYS, folder)
    proc = run("import", str(FLOW), "-o", str(folder / "wp99901.yaml"), "--drug", "Compound X", "--link-to", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert run("validate", str(folder)).returncode == 0
    out = tmp_path / "pair.csv"
    proc = run("export", "--pathways-dir", str(folder), "--pathways", "ketamine,wp99901", "--format", "csv", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    nodes_csv = next(Path(p) for p in proc.stdout.split() if p.endswith("nodes.csv"))
    rows = {r["id"]: r for r in csv.DictReader(nodes_csv.open(encoding="utf-8-sig"))}
    assert rows["mtorc1"]["side"] == "shared" and rows["wp99901_camkii_complex"]["side"] == "b"
    proc = run("explain", "mtorc1", "--pathways-dir", str(folder), "--pathways", "ketamine,wp99901")
    assert proc.returncode == 0, proc.stderr
    assert "From Compound X" in proc.stdout and "CaMKII complex" in proc.stdout


# --------------------------------------------------------------------------- bad and hostile files

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="&lol9;"/>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="&xxe;"/>
"""
HOSTILE = {
    "empty": (b"", (1, 1), "empty"),
    "only whitespace": (b"  \n\n ", (1, 1), "empty"),
    "not xml": (b"name: my pathway\nnodes: []\n", (1, 1), "malformed XML"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", (1, 1), "malformed XML"),
    "wrong root": (b'<?xml version="1.0"?>\n<html><body/></html>\n', (2, 1), "not a GPML <Pathway>"),
    "truncated": (FLOW.read_bytes()[:1500], None, "malformed XML"),
    "billion laughs": (BILLION_LAUGHS, (2, 1), "refused"),
    "external entity": (EXTERNAL, (2, 1), "refused"),
    "deep nesting": (b"<a>" * 200_000, None, "malformed XML"),
    "mismatched tag": (FLOW.read_bytes().replace(b"</DataNode>", b"</DataNod>", 1), (8, None), "mismatched tag"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_bad_and_hostile_files_get_one_located_line_and_no_traceback(case):
    raw, where, words = HOSTILE[case]
    result = parse_import(raw, "mine.gpml", base=PATHWAYS, link=True)
    assert not result.ok and result.text is None
    assert len(result.errors) == 1, result.errors
    m = LOCATED.match(result.errors[0])
    assert m and m["file"] == "mine.gpml", result.errors
    assert words in result.errors[0]
    if where is not None:
        line, col = where
        assert int(m["line"]) == line, result.errors
        if col is not None:
            assert int(m["col"]) == col, result.errors
    assert "root:" not in result.errors[0]  # no file's content leaks into the message


@pytest.mark.parametrize("case", ["billion laughs", "external entity", "mismatched tag", "empty"])
def test_the_command_line_says_the_same_located_line_and_writes_nothing(case, tmp_path):
    raw, _, words = HOSTILE[case]
    src, out = tmp_path / "mine.gpml", tmp_path / "out.yaml"
    src.write_bytes(raw)
    proc = run("import", str(src), "-o", str(out))
    assert proc.returncode == 1 and not out.exists()
    assert "Traceback" not in proc.stderr
    first = proc.stderr.strip().splitlines()[0]
    assert LOCATED.match(first) and first.startswith(str(src)) and words in first


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "huge.gpml"
    with big.open("wb") as fh:
        fh.truncate(MAX_GPML_BYTES + 1)  # sparse: nothing is written, nothing must be read
    result = read_import(big)
    assert not result.ok and result.conversion is None
    assert result.errors[0].startswith(f"{big}:1:1: error: ") and "MiB are refused" in result.errors[0]
    assert parse_import(b" " * 2048, "small.gpml", max_bytes=1024).errors[0].startswith("small.gpml:1:1: error: ")


def test_a_drug_that_names_no_node_is_a_usage_error():
    result = read_import(FLOW, drug="Compound Y")
    assert not result.ok and result.usage_error
    assert "--drug 'Compound Y'" in result.errors[0]
    assert run("import", str(FLOW), "-o", "-", "--drug", "Compound Y").returncode == 2


# --------------------------------------------------------------------------- too large to draw


def test_a_pathway_too_large_to_draw_imports_loads_and_exports(tmp_path):
    # 3,000 nodes: a YAML file of about 2.2 MiB, which the 2 MiB limit of a pathway file refused;
    # the diagram's limit is what is drawn, not what is loaded
    n = 3000
    src = tmp_path / "big.gpml"
    src.write_bytes(generated_gpml(n, "2021"))
    folder = tmp_path / "pathways"
    shutil.copytree(PATHWAYS, folder)
    out = folder / "big.yaml"
    proc = run("import", str(src), "-o", str(out), "--drug", "G00000")
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 2 * 1024 * 1024
    loaded = load_pathways([folder])
    assert loaded.bundle is not None, [p.format() for p in loaded.errors[:3]]
    pid = yaml.safe_load(out.read_text("utf-8"))["id"]
    view = build_view(loaded.bundle, ViewState("ketamine", pid), SCREEN)
    assert view.too_large and view.graph.number_of_nodes() > MAX_DRAWN_NODES
    # what the Compare page lists instead of the diagram: every node of the view
    from pathviz.render.text_table import text_tables

    nodes_table, arrows_table = text_tables(view)
    assert len(nodes_table.rows) == view.graph.number_of_nodes() and len(arrows_table.rows) > n
    # the data exports hold all of it; a slide says why it is not drawn
    graphml = tmp_path / "big.graphml"
    proc = run("export", "--pathways-dir", str(folder), "--pathways", f"ketamine,{pid}", "--format", "graphml",
               "--detail", "full", "-o", str(graphml))
    assert proc.returncode == 0, proc.stderr
    assert graphml.read_text("utf-8").count("<node ") == view.graph.number_of_nodes()
    proc = run("export", "--pathways-dir", str(folder), "--pathways", f"ketamine,{pid}", "--format", "png",
               "--detail", "full", "-o", str(tmp_path / "big.png"))
    assert proc.returncode == 1 and "too many to draw" in proc.stderr and "Traceback" not in proc.stderr
