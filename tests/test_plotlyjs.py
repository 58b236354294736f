"""The plotly.js the pages load: the small basic bundle, of the version plotly.py writes for."""

from __future__ import annotations

from pathviz.render import plotlyjs


def test_the_basic_bundle_is_the_version_plotly_py_writes_figures_for():
    # after a lock update that moves plotly: scripts/update_plotly_basic.sh
    text = plotlyjs.BASIC.read_text("utf-8")
    assert plotlyjs.bundle_version(text) == plotlyjs.wanted_version()
    assert plotlyjs.source() == plotlyjs.BASIC
    assert len(text) < len(plotlyjs.full_bundle().read_text("utf-8")) / 2


def test_a_bundle_of_another_version_is_not_used(tmp_path, monkeypatch):
    other = tmp_path / "plotly-basic.min.js"
    other.write_text("/**\n* plotly.js (basic - minified) v0.0.1\n*/\n", "utf-8")
    monkeypatch.setattr(plotlyjs, "BASIC", other)
    assert plotlyjs.source() == plotlyjs.full_bundle()
    monkeypatch.setattr(plotlyjs, "BASIC", tmp_path / "missing.js")
    assert plotlyjs.source() == plotlyjs.full_bundle()
