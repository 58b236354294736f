"""An imported WikiPathways pathway linked to the bundle converges with ketamine."""

from __future__ import annotations

import subprocess
import sys

from pathviz.analysis.convergence import converge
from pathviz.view import ViewState, build_view
from pathviz.io.pathways import load_pathways

from .conftest import PATHWAYS, ROOT

WP2380 = ROOT / "tests" / "data" / "gpml" / "WP2380.gpml"


def _import(tmp_path, *extra):
    out = tmp_path / "wp2380.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "import", str(WP2380), "-o", str(out), *extra],
        capture_output=True, text=True, timeout=120,
    )
    return proc, out


def test_linked_import_reuses_bundle_nodes_and_converges_with_ketamine(tmp_path):
    proc, out = _import(tmp_path, "--link-to", str(PATHWAYS), "--drug", "wp2380_traf6")
    assert proc.returncode == 0, proc.stderr
    assert "NTRK2 (wp2380_ntrk2) is the bundle's 'trkb'" in proc.stderr
    text = out.read_text("utf-8")
    assert "id: wp2380_ntrk2\n" not in text  # replaced by the bundle's node
    result = load_pathways([PATHWAYS, out])
    assert result.errors == [], [p.format() for p in result.errors[:5]]
    conv = converge(result.bundle, "ketamine", "wp2380")
    assert {"trkb", "mtorc1", "synaptogenesis"} <= set(conv.convergent)
    view = build_view(result.bundle, ViewState("ketamine", "wp2380"))
    route_b = view.support["trkb"].routes[1].best
    assert route_b.nodes[:2] == ["wp2380_traf6", "trkb"]
    assert all(step.edge.evidence.value == "database" for step in route_b.steps)


def test_unlinked_import_stands_alone(tmp_path):
    proc, out = _import(tmp_path)
    assert proc.returncode == 0, proc.stderr
    alone = load_pathways([out])
    assert alone.errors == [] and alone.warnings == []
