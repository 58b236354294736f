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
