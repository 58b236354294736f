""""Show as text": the diagram's nodes and arrows as rows, built from the view the diagram is drawn from."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from pathviz.exports.explorer import detail_views, text_section, to_explorer
from pathviz.io.pathways import read_pathways
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX
from pathviz.render.text import cite_text
from pathviz.render.text_table import ARROW_COLUMNS, NODE_COLUMNS, text_tables
from pathviz.view import SCREEN, Side, ViewState, build_view
from pathviz.vocab import Evidence, Tier

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "data" / "hostile"


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(ROOT / "pathways")


def _drawn_arrows(view) -> set[str]:
    shown = set(view.visible())
    return {e.key for e in view.edges() if e.source in shown and e.target in shown}


def _col(table, name):
    i = table.columns.index(name)
    return [row[i] for row in table.rows]


def test_rows_are_the_nodes_and_arrows_the_diagram_draws(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    nodes, arrows = text_tables(view)
    assert nodes.columns == NODE_COLUMNS and arrows.columns == ARROW_COLUMNS
    assert list(nodes.ids) == view.visible()
    assert {i.removeprefix(EDGE_PREFIX) for i in arrows.ids} == _drawn_arrows(view)
    assert all(i.startswith(EDGE_PREFIX) for i in arrows.ids)
    assert len(set(arrows.ids)) == len(arrows.ids)
    # the words are the app's: the side, how each drug gets there, the tier titles
    row = nodes.rows[nodes.ids.index("bdnf")]
    assert row[NODE_COLUMNS.index("Node")] == bundle.nodes["bdnf"].label
    assert row[NODE_COLUMNS.index("Who reaches it")] == view.side_name(view.sides["bdnf"])
    assert row[NODE_COLUMNS.index("How each drug gets here")] == view.reach_words("bdnf")
    assert row[NODE_COLUMNS.index("Tier")] == style.TIER_TITLE[bundle.nodes["bdnf"].tier]
    for r in view.support["bdnf"].routes:
        assert f"{r.name}: {r.strength}" in row[NODE_COLUMNS.index("Support of the best route")]
    inferred = [n for n in view.visible() if view.sides[n] == Side.inferred]
    assert inferred, "the pair has meeting points reached only by inference"
    assert "only by inference" in nodes.rows[nodes.ids.index(inferred[0])][NODE_COLUMNS.index("How each drug gets here")]


def test_an_arrow_row_cites_its_sources_in_the_one_wording(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    _, arrows = text_tables(view)
    for item, row in zip(arrows.ids, arrows.rows):
        e = bundle.edges[item.removeprefix(EDGE_PREFIX)]
        assert row[0] == bundle.nodes[e.source].label and row[2] == bundle.nodes[e.target].label
        assert row[ARROW_COLUMNS.index("Relation")] == e.relation.label
        assert row[ARROW_COLUMNS.index("Evidence")] == e.evidence.label
        cited = row[ARROW_COLUMNS.index("Sources")]
        for c in view.citations(e):
            assert cite_text(c, quote=False) in cited
        assert cited.count(";") + 1 == len({cite_text(c, quote=False) for c in view.citations(e)})


def test_a_tier_filter_removes_the_rows_of_the_tiers_it_leaves_out(bundle):
    full = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    kept = tuple(t.value for t in Tier if t is not Tier.clinical)
    filtered = build_view(bundle, ViewState("ketamine", "psilocybin", tier=kept), SCREEN)
    clinical = style.TIER_TITLE[Tier.clinical]
    assert clinical in _col(text_tables(full)[0], "Tier")
    nodes, arrows = text_tables(filtered)
    assert clinical not in _col(nodes, "Tier")
    assert list(nodes.ids) == filtered.visible()
    clinical_nodes = {n for n in full.visible() if full.node(n).tier is Tier.clinical}
    for item in arrows.ids:
        e = bundle.edges[item.removeprefix(EDGE_PREFIX)]
        assert e.source not in clinical_nodes and e.target not in clinical_nodes
    assert len(arrows.rows) < len(text_tables(full)[1].rows)


def test_an_evidence_filter_keeps_only_arrows_of_that_evidence(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin", evidence=("human",)), SCREEN)
    _, arrows = text_tables(view)
    assert arrows.rows
    assert set(_col(arrows, "Evidence")) == {Evidence.human.label}


def test_the_core_detail_level_gives_the_core_rows(bundle):
    full = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    core = build_view(bundle, ViewState("ketamine", "psilocybin", detail="core"), SCREEN)
    n_full, a_full = text_tables(full)
    n_core, a_core = text_tables(core)
    assert list(n_core.ids) == core.visible()
    assert {i.removeprefix(EDGE_PREFIX) for i in a_core.ids} == _drawn_arrows(core)
    assert len(n_core.rows) < len(n_full.rows) and len(a_core.rows) < len(a_full.rows)


def test_a_lecture_step_gives_the_rows_drawn_so_far(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin", mode="lecture", step=2, detail="core"), SCREEN)
    nodes, arrows = text_tables(view)
    assert view.reveal_tier is not None
    assert nodes.rows and all(view.node(n).tier.rank <= view.reveal_tier for n in nodes.ids)
    assert set(nodes.ids) == set(view.visible()) and len(nodes.ids) < len(view.graph)
    for item in arrows.ids:
        e = bundle.edges[item.removeprefix(EDGE_PREFIX)]
        assert e.source in nodes.ids and e.target in nodes.ids


def test_another_pair_names_its_own_drugs(bundle):
    view = build_view(bundle, ViewState("ketamine", "ssri"), SCREEN)
    nodes, arrows = text_tables(view)
    assert list(nodes.ids) == view.visible()
    assert {i.removeprefix(EDGE_PREFIX) for i in arrows.ids} == _drawn_arrows(view)
    sides = set(_col(nodes, "Who reaches it"))
    assert view.side_name(Side.b) in sides and view.names["b"] in view.side_name(Side.b)
    assert not any("Psilocybin" in s for s in sides)


class _Tables(HTMLParser):
    """The explorer's "Show as text" tables as a browser reads them: captions, header scopes, rows."""

    def __init__(self):
        super().__init__()
        self.views: dict[str, dict] = {}
        self.view = None
        self.stack: list[str] = []
        self.captions: list[str] = []
        self.scopes: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self.tags: list[str] = []
        self.text: list[str] = []
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "div" and a.get("data-view"):
            self.view = a["data-view"]
            self.views[self.view] = {"hidden": "hidden" in a, "rows": []}
        if tag == "caption":
            self.in_caption = True
            self.captions.append("")
        if tag == "th" and "scope" in a:
            self.scopes.append(a["scope"])
        if tag == "tr" and a.get("data-id") and self.view:
            self.views[self.view]["rows"].append(a["data-id"])

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False

    def handle_data(self, data):
        self.text.append(data)
        if self.in_caption:
            self.captions[-1] += data


def test_the_explorer_holds_both_detail_levels_as_tables(bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    p = _Tables()
    p.feed(text_section(view))
    views = detail_views(view)
    assert set(p.views) == {"full", "core"}
    assert p.views["full"]["hidden"] is False and p.views["core"]["hidden"] is True
    for d, v in views.items():
        nodes, arrows = text_tables(v)
        assert p.views[d]["rows"] == list(nodes.ids) + list(arrows.ids)
    assert p.captions[:2] == [f"Nodes ({len(text_tables(views['full'])[0].rows)})", f"Arrows ({len(text_tables(views['full'])[1].rows)})"]
    assert "col" in p.scopes and "row" in p.scopes


def test_hostile_text_stays_text_in_the_rows_and_the_explorer():
    bundle = read_pathways(HOSTILE)
    view = build_view(bundle, ViewState("evil_a", "evil_b"), SCREEN)
    nodes, arrows = text_tables(view)
    label = bundle.nodes["evil_a"].label
    assert label.startswith("<img")
    # the rows hold the text as it is written (each output escapes it for its own target)
    assert label in _col(nodes, "Node") and label in _col(arrows, "From")
    html = text_section(view)
    assert "<img" not in html and "<svg" not in html and "<script" not in html and "<u>" not in html
    p = _Tables()
    p.feed(html)
    text = "".join(p.text)
    assert label in text and bundle.nodes["shared_target"].label in text  # shown as the words they are
    page = to_explorer(view)
    section = page[page.index('<details id="pv-text"') : page.index("</details>", page.index('<details id="pv-text"'))]
    assert "<img" not in section and "<svg" not in section and "<script" not in section
