"""Layering rules of docs/architecture.md, checked on the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src" / "pathviz"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_ui_and_app_import_streamlit():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "ui":
            continue
        if any(n == "streamlit" or n.startswith("streamlit.") for n in _imports(path)):
            offenders.append(str(rel))
    assert offenders == []


def test_the_check_sees_streamlit_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os\nfrom streamlit import session_state\n")
    assert "streamlit" in _imports(probe)


def test_model_and_analysis_do_not_draw():
    for sub in ("model.py", "vocab.py", "errors.py", "io", "analysis", "layout"):
        target = SRC / sub
        files = [target] if target.is_file() else list(target.rglob("*.py"))
        for f in files:
            bad = {n for n in _imports(f) if n.split(".")[0] in {"plotly", "pyvis", "streamlit"}}
            assert not bad, f"{f.relative_to(SRC)} imports {bad}"


def _pathviz_imports(path: Path) -> set[str]:
    return {n for n in _imports(path) if n == "pathviz" or n.startswith("pathviz.")}


def test_io_is_input_only():
    """io/ reads files; it never imports analysis, layout, view, render or exports."""
    banned = ("pathviz.analysis", "pathviz.layout", "pathviz.view", "pathviz.render", "pathviz.exports", "pathviz.ui")
    for f in (SRC / "io").rglob("*.py"):
        bad = {n for n in _pathviz_imports(f) if n.startswith(banned)}
        assert not bad, f"{f.relative_to(SRC)} imports {bad}"


def test_pages_import_no_pages_and_not_the_app():
    for f in (SRC / "ui" / "pages").glob("*.py"):
        bad = {n for n in _pathviz_imports(f) if n.startswith("pathviz.ui.pages") or n == "pathviz.ui.app"}
        assert not bad, f"{f.relative_to(SRC)} imports {bad}"


def test_the_page_check_sees_page_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from pathviz.ui.pages.compare import x\nimport pathviz.ui.app\n")
    assert {"pathviz.ui.pages.compare", "pathviz.ui.app"} <= _pathviz_imports(probe)


#: what only the view builder computes: convergence, reach, routes, layout
VIEW_ONLY = (
    "converge",
    "layout_graph",
    "layered_layout",
    "display_nodes",
    "reach_of",
    "best_routes",
    "shortest_routes",
    "all_routes",
    "independent_routes",
    "independent_routes_to",
)


def test_only_the_view_builder_computes_convergence_reach_routes_and_layout():
    """Nothing but pathviz/view/ calls converge(), reach, routes or layout_graph() (one place builds a view)."""
    callers = []
    for f in SRC.rglob("*.py"):
        rel = f.relative_to(SRC)
        if rel.parts[0] in ("analysis", "layout", "view"):
            continue
        tree = ast.parse(f.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in VIEW_ONLY:
                    callers.append(f"{rel}:{node.lineno} {name}")
    assert callers == []


def test_layers_above_the_view_do_not_reach_below_it():
    """render/, exports/ and ui/ get positions, sides and routes from the View, not from layout or convergence."""
    for sub in ("render", "exports", "ui"):
        for f in (SRC / sub).rglob("*.py"):
            bad = {
                n
                for n in _pathviz_imports(f)
                if n in ("pathviz.layout.pair", "pathviz.layout.layered", "pathviz.analysis.convergence", "pathviz.analysis.routes", "pathviz.analysis.reach")
            }
            assert not bad, f"{f.relative_to(SRC)} imports {bad}"


def _modules_containing(pattern: str) -> list[str]:
    import re

    rx = re.compile(pattern, re.M)
    return sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if rx.search(p.read_text("utf-8")))


def test_a_drug_is_named_in_one_place():
    # its drug node's label, else the pathway's title: Bundle.drug_name; everything else calls it
    assert _modules_containing(r"nodes\[(\w+\.)?drug\]\.label") == ["model.py"]
    assert _modules_containing(r"def _?drug_label\b") == []


def test_the_hosts_a_link_may_go_to_are_listed_in_one_place():
    # the model builds a reference's resolver links; render/text.py holds the one allow-list (safe_url)
    assert _modules_containing(r"ncbi\.nlm\.nih\.gov") == ["model.py", "render/text.py"]
    assert _modules_containing(r"^ALLOWED_LINK_HOSTS\s*=|^_TRUSTED\s*=") == ["render/text.py"]


def test_chromium_is_looked_up_in_one_place():
    assert _modules_containing(r"/usr/bin/chromium") == ["render/files.py"]
