"""The offline explorer's data island and page, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go

from pathviz.exports import formats
from pathviz.exports.explorer import CSP, explorer_data, json_island, to_explorer
from pathviz.io.pathways import read_pathways
from pathviz.view import SCREEN, ViewState, build_view

ROOT = Path(__file__).resolve().parents[1]


def test_html_format_is_the_explorer():
    fmt = formats()["html"]
    assert fmt.label.startswith("Offline explorer") and fmt.write.__module__ == "pathviz.exports.explorer"


def test_data_covers_every_node_and_arrow_and_both_details():
    bundle = read_pathways(ROOT / "pathways")
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    data = explorer_data(view)
    assert set(data["views"]) == {"full", "core"}
    assert set(data["nodes"]) == set(view.graph.nodes)
    assert set(data["edges"]) == {e.key for e in view.edges()}
    core = build_view(bundle, ViewState("ketamine", "psilocybin", detail="core"), SCREEN)
    assert {n for n, d in data["nodes"].items() if d["core"]} == set(core.graph.nodes)
    assert set(data["views"]["core"]["support"]) == set(core.convergent_nodes)
    for v in data["views"].values():
        go.Figure(data=v["figure"]["data"], layout=v["figure"]["layout"])  # plotly validates every property
        metas = [t["meta"] for t in v["figure"]["data"] if t.get("name") in ("edges", "arrowheads")]
        assert metas and all(m["evidence"] and m["status"] for m in metas)
    links = [p["href"] for e in data["edges"].values() for c in e["sources"] for p in c["cite"] if p["href"]]
    assert links and all(re.match(r"^https://(doi\.org|pubmed\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov)/", x) for x in links)
    assert any(x.startswith("https://doi.org/10.") for x in links)


def test_hostile_text_cannot_leave_the_data_island():
    bundle = read_pathways(ROOT / "tests" / "data" / "hostile")
    view = build_view(bundle, ViewState("evil_a", "evil_b"), SCREEN)
    island = json_island(explorer_data(view))
    assert "<" not in island and ">" not in island and "&" not in island
    assert json.loads(island)["nodes"]["evil_a"]["label"] == bundle.nodes["evil_a"].label
    html = to_explorer(view)
    body = html.split('id="pathviz-data">', 1)[1].split("</script>", 1)[0]
    assert body == island
    assert f'content="{CSP}"' in html
    assert "<title>" + "&lt;" in html or "<" not in view.title
