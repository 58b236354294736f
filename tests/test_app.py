"""The Streamlit app, run headless with AppTest."""

from __future__ import annotations

import shutil

from streamlit.testing.v1 import AppTest

from .conftest import DATA, ROOT

APP = str(ROOT / "app.py")


def _run(monkeypatch, directory=None) -> AppTest:
    if directory is not None:
        monkeypatch.setenv("PATHVIZ_PATHWAYS", str(directory))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def test_app_shows_pathways_nodes_and_references(monkeypatch):
    at = _run(monkeypatch)
    assert not at.exception
    headers = " ".join(h.value for h in at.subheader)
    assert "Pathways" in headers and "Nodes" in headers and "References" in headers
    assert len(at.dataframe) >= 3
    pathways = at.dataframe[0].value
    assert {"ketamine", "psilocybin"} <= set(pathways["id"])


def test_invalid_data_shows_error_panel_not_traceback(monkeypatch, tmp_path):
    shutil.copy(DATA / "invalid" / "dangling_edge.yaml", tmp_path / "x.yaml")
    at = _run(monkeypatch, tmp_path)
    assert not at.exception
    assert at.error and "errors" in at.error[0].value
    code = at.code[0].value
    assert "x.yaml:18:13: error: edges[0].target: unknown node 'bdfn'" in code
    assert len(at.dataframe) == 0
