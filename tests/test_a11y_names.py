"""What the diagram's keyboard layer announces (render/a11y.py): names of nodes and arrows for real
pathways, under filters and at lecture steps, and the focus ring's contrast."""

from __future__ import annotations

import pytest

from pathviz.data import shipped_pathways
from pathviz.exports.deck import arrow_words
from pathviz.exports.explorer import explorer_data, to_explorer
from pathviz.io.pathways import read_pathways
from pathviz.render import style
from pathviz.render.a11y import arrow_name, nav_data, shown_edges
from pathviz.view import LECTURE, SCREEN, Side, ViewState, build_view
from pathviz.vocab import Evidence, Status


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(shipped_pathways())


@pytest.fixture(scope="module")
def view(bundle):
    return build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)


def _counts(view, n):
    shown = set(view.visible())
    ins = sum(len(d["keys"]) for u, _, d in view.graph.in_edges(n, data=True) if u in shown)
    outs = sum(len(d["keys"]) for _, v, d in view.graph.out_edges(n, data=True) if v in shown)
    return ins, outs


def test_a_stated_meeting_point_is_named_with_its_kind_side_and_arrow_counts(view):
    nav = nav_data(view)
    ins, outs = _counts(view, "bdnf")
    assert view.sides["bdnf"] == Side.shared
    assert nav["nodes"]["bdnf"]["name"] == (
        f"BDNF: growth factor, reached by both (stated); {ins} arrows in, {outs} out"
    )
    assert len(nav["in"]["bdnf"]) == ins and len(nav["out"]["bdnf"]) == outs
    assert "bdnf" in nav["meeting"]


def test_every_node_says_the_arrows_the_view_draws_into_and_out_of_it(view):
    nav = nav_data(view)
    assert set(nav["nodes"]) == set(view.visible())
    for n in view.visible():
        ins, outs = _counts(view, n)
        word = "arrow" if ins == 1 else "arrows"
        assert nav["nodes"][n]["name"].endswith(f"; {ins} {word} in, {outs} out"), n
        assert nav["nodes"][n]["name"].startswith(view.node(n).label + ": " + view.node(n).kind.label)
        assert view.side_name(view.sides.get(n, Side.context)) in nav["nodes"][n]["name"]


def test_an_inferred_meeting_point_says_only_by_inference_and_a_stated_one_does_not(view):
    nav = nav_data(view)
    inferred = [n for n in view.visible() if view.sides.get(n) == Side.inferred]
    stated = [n for n in view.visible() if view.sides.get(n) == Side.shared]
    assert inferred and stated
    for n in inferred:
        assert "reached by both only by inference" in nav["nodes"][n]["name"]
        assert "(stated)" not in nav["nodes"][n]["name"]
    for n in stated:
        assert "reached by both (stated)" in nav["nodes"][n]["name"]
    assert set(nav["meeting"]) == set(inferred) | set(stated)


def test_an_arrow_says_its_claim_evidence_and_status_in_the_decks_words(view):
    nav = nav_data(view)
    e = view.bundle.edges[next(k for k in (e.key for e in view.edges()) if view.bundle.edges[k].source == "ketamine"
                               and view.bundle.edges[k].target == "nmda_gaba_interneurons")]
    item = nav["edges"]["edge:" + e.key]
    assert item["name"] == (
        f"Arrow: Ketamine {e.relation.label} NMDA receptors on GABA interneurons ({e.evidence.label}; {e.status.value})"
    )
    for edge in shown_edges(view):
        assert arrow_name(view, edge) == arrow_words(view, edge)  # one wording with the deck's alt text
        name = nav["edges"]["edge:" + edge.key]["name"]
        assert edge.evidence.label in name and name.endswith(f"; {edge.status.value})")
    # where an arrow stands among the arrows out of its source and into its target
    outs = nav["out"]["ketamine"]
    assert nav["edges"][outs[1]]["from"] == f"2 of {len(outs)} arrows out of Ketamine"


def test_names_follow_the_evidence_and_status_filters(bundle, view):
    filtered = build_view(bundle, ViewState("ketamine", "psilocybin", evidence=("human",), status=("established",)), SCREEN)
    nav = nav_data(filtered)
    assert nav["edges"]
    for item in nav["edges"].values():
        assert item["name"].endswith(f"({Evidence.human.label}; {Status.established.value})")
    # counts and sides are those of the filtered view
    before, after = nav_data(view), nav
    changed = [n for n in after["nodes"] if after["nodes"][n]["name"] != before["nodes"][n]["name"]]
    assert changed
    for n in after["nodes"]:
        ins, outs = _counts(filtered, n)
        assert len(after["in"][n]) == ins and len(after["out"][n]) == outs
        assert filtered.side_name(filtered.sides.get(n, Side.context)) in after["nodes"][n]["name"]
    assert any("not reached under these filters" in after["nodes"][n]["name"] for n in after["nodes"])


def test_a_lecture_step_names_only_what_it_draws_and_says_the_step(bundle):
    v = build_view(bundle, ViewState("ketamine", "psilocybin", mode="lecture", step=3), LECTURE)
    nav = nav_data(v)
    shown = set(v.visible())
    assert set(nav["nodes"]) == shown
    assert all(e["source"] in shown and e["target"] in shown for e in nav["edges"].values())
    tiers = v.tiers()
    assert nav["step"] == f"Lecture step 3 (of {len(tiers)}): {style.TIER_TITLE[tiers[2]]}"
    assert nav_data(build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN))["step"] == ""


def test_moves_start_at_the_drugs_and_rows_run_left_to_right(view):
    nav = nav_data(view)
    assert nav["drugs"] == ["ketamine", "psilocybin"]
    for row in nav["rows"]:
        xs = [view.pos[n][0] for n in row]
        assert xs == sorted(xs)
    for n, outs in nav["out"].items():
        xs = [view.pos[nav["edges"][k]["target"]][0] for k in outs]
        assert xs == sorted(xs), n


def test_the_focus_ring_stands_out_from_the_page_and_every_node_fill():
    assert style.FOCUS_WIDTH >= 2
    for fill in [*style.SIDE_COLOUR.values(), style.WHITE]:
        assert style.contrast_ratio(style.FOCUS_RING, fill) >= 3.0, fill
    assert style.contrast_ratio(style.FOCUS_RING, style.FOCUS_HALO) >= 3.0


def test_the_explorer_ships_the_names_and_the_keyboard_script(bundle, view):
    data = explorer_data(view)
    for d, v in data["views"].items():
        assert v["nav"]["nodes"] and set(v["nav"]["nodes"]) == set(v["nodes"]), d
        assert {k.removeprefix("edge:") for k in v["nav"]["edges"]} <= set(v["paths"])
    html = to_explorer(view)
    assert "root.PathvizKeynav = api" in html
    assert 'aria-live="polite"></section>' not in html  # the details panel is not read out whole

