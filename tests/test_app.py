"""The Streamlit app, run headless with AppTest (the browser tests drive the real server)."""

from __future__ import annotations

import json
import shutil

from streamlit.testing.v1 import AppTest

from pathviz.ui.state import widget_key

from .conftest import DATA, ROOT

APP = str(ROOT / "app.py")


def _run(monkeypatch, params=None, directory=None) -> AppTest:
    if directory is not None:
        monkeypatch.setenv("PATHVIZ_PATHWAYS", str(directory))
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _diagram(at: AppTest) -> dict:
    """The data the Compare diagram was sent in the last run (figure, selection, details panel)."""
    (el,) = [e for e in at.get("bidi_component") if e.proto.component_name == "pathviz_diagram"]
    data = json.loads(el.proto.json)
    for part in ("payload", "items"):  # sent as JSON text when the browser does not hold them yet
        if part in data:
            data[part] = json.loads(data[part])
    return data


def _metric(at: AppTest, label: str) -> int:
    # labels are Markdown: compare what a reader sees (escapes removed)
    return int([m for m in at.metric if m.label.replace("\\", "") == label][0].value)


def test_compare_page_is_default_and_names_the_meeting_points(monkeypatch):
    at = _run(monkeypatch)
    text = _text(at)
    assert "**Ketamine and Psilocybin meet at:**" in text and "BDNF" in text
    assert _metric(at, "Reached by both (stated)") >= 3
    # the meeting points only inferred (psilocybin reaches TrkB only through ketamine's sentence) are named as such
    assert _metric(at, "Reached by both only by inference") >= 1
    assert "Reached by both only by inference through another drug's sentences" in text and "TrkB" in text.split("only by inference")[1]
    assert "TrkB" not in text.split("**Ketamine and Psilocybin meet at:**")[1].split("\n")[0]
    assert at.selectbox(key=widget_key("a")).value == "ketamine" and at.selectbox(key=widget_key("b")).value == "psilocybin"
    assert dict(at.query_params) == {"a": ["ketamine"], "b": ["psilocybin"]} or at.query_params["a"] == "ketamine"


def test_query_params_restore_a_view(monkeypatch):
    at = _run(monkeypatch, {"a": "psilocybin", "b": "ssri", "node": "bdnf", "evidence": "review,human"})
    assert at.selectbox(key=widget_key("a")).value == "psilocybin"
    assert at.selectbox(key=widget_key("b")).value == "ssri"
    assert at.multiselect(key=widget_key("evidence")).value == ["review", "human"]
    # the diagram opens with BDNF selected and carries its details: the routes of both drugs, cited
    data = _diagram(at)
    assert data["selected"] == "bdnf"
    details = {**data["items"], **data["payload"]["detailsView"]}  # the facts come once per session, with the first view
    routes = details["view"]["support"]["bdnf"]
    assert [r["name"] for r in routes] == ["Psilocybin", "SSRIs / conventional antidepressants"]
    cites = [p["href"] for r in routes for k in r["steps"] for s in details["edges"][k]["sources"] for p in s["cite"]]
    assert any(h and h.startswith("https://doi.org/") for h in cites)
    assert at.query_params["node"] == "bdnf"


def test_unknown_values_in_the_link_are_dropped_with_a_warning(monkeypatch):
    at = _run(monkeypatch, {"a": "aspirin", "node": "nope", "evidence": "gossip"})
    assert at.selectbox(key=widget_key("a")).value == "ketamine"
    toasts = " ".join(t.value for t in at.toast)
    assert "aspirin" in toasts and "nope" in toasts and "gossip" in toasts


def test_filters_update_the_convergence_summary(monkeypatch):
    at = _run(monkeypatch)
    everything = _metric(at, "Reached by both (stated)")
    at.multiselect(key=widget_key("evidence")).set_value(["human"]).run()
    human_only = _metric(at, "Reached by both (stated)")
    assert human_only < everything
    assert at.query_params["evidence"] == "human"
    ketamine_only = _metric(at, "Reached by Ketamine only")
    at.toggle(key=widget_key("conv_only")).set_value(True).run()
    # side branches that lead to no convergent node disappear
    assert _metric(at, "Reached by Ketamine only") < ketamine_only
    assert at.query_params["conv"] == "1"


def test_search_selects_a_node(monkeypatch):
    at = _run(monkeypatch)
    at.selectbox(key="pv_search").set_value("trkb").run()
    assert _diagram(at)["selected"] == "trkb"
    assert at.query_params["node"] == "trkb"


def test_lecture_mode_hides_sidebar_widgets_and_steps_through_tiers(monkeypatch):
    at = _run(monkeypatch, {"mode": "lecture", "step": "0"})
    assert "Step 1 of" in _text(at)
    assert not at.sidebar.selectbox  # the sidebar is not drawn in lecture mode
    next_button = [b for b in at.button if b.label == "Next ▶"][0]
    next_button.click().run()
    assert "Step 2 of" in _text(at)
    assert at.query_params["mode"] == "lecture"


def test_invalid_data_shows_error_panel_not_traceback(monkeypatch, tmp_path):
    shutil.copy(DATA / "invalid" / "dangling_edge.yaml", tmp_path / "x.yaml")
    at = _run(monkeypatch, directory=tmp_path)
    assert at.error and "errors" in at.error[0].value
    code = at.code[0].value
    assert "x.yaml:18:13: error: edges[0].target: unknown node 'bdfn'" in code
    assert len(at.metric) == 0


def _data_page():
    from pathlib import Path

    from pathviz.io.pathways import read_pathways
    from pathviz.ui.pages import data

    data.render(read_pathways(Path.cwd() / "pathways"))


def test_data_page_lists_pathways_nodes_references(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_data_page, default_timeout=60).run()
    assert not at.exception
    headers = " ".join(h.value for h in at.subheader)
    assert "Pathways" in headers and "Nodes" in headers and "References" in headers
    assert {"ketamine", "psilocybin"} <= set(at.dataframe[0].value["id"])


def test_broken_edit_keeps_last_valid_bundle_with_banner(monkeypatch, tmp_path, bundle_copy):
    at = _run(monkeypatch, directory=bundle_copy)
    before = _metric(at, "Reached by both (stated)")
    target = bundle_copy / "shared.yaml"
    original = target.read_bytes()
    target.write_bytes(original.replace(b"relation: increases", b"relation: increasez", 1))
    at.run()
    assert not at.exception
    banner = " ".join(w.value for w in at.warning).replace("\\", "")  # file names are Markdown-escaped
    assert "shared.yaml, line" in banner and "last valid version" in banner
    assert _metric(at, "Reached by both (stated)") == before
    assert target.read_bytes() == original.replace(b"relation: increases", b"relation: increasez", 1)
    target.write_bytes(original)
    at.run()
    assert not at.warning


UPLOADED = (DATA / "valid" / "my_drug.yaml").read_text("utf-8")


def test_upload_check_reports_located_errors_and_accepts_valid(monkeypatch):
    from pathviz.ui.pages.upload import check_upload

    ok = check_upload("mine.yaml", UPLOADED.encode())
    assert ok.bundle is not None and "my_drug" in ok.bundle.pathways
    bad = check_upload("mine.yaml", UPLOADED.replace("target: bdnf", "target: bdfn").encode())
    assert bad.bundle is None
    assert any(p.format().startswith("mine.yaml:9:13: error: edges[0].target: unknown node 'bdfn'") for p in bad.errors)
    clash = check_upload("mine.yaml", UPLOADED.replace("id: mydrug", "id: ketamine").replace("drug: mydrug", "drug: ketamine").replace("source: mydrug", "source: ketamine").encode())
    assert clash.bundle is None and any("duplicate node id 'ketamine'" in p.message for p in clash.errors)


def test_uploaded_drug_is_compared_in_this_session_only(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["pv_uploads"] = (("mine.yaml", UPLOADED.encode()),)
    at.query_params["b"] = "my_drug"
    at.run()
    assert not at.exception
    assert "My test drug" in at.selectbox(key=widget_key("b")).options
    assert at.selectbox(key=widget_key("b")).value == "my_drug"
    assert "BDNF" in _text(at)
    other = _run(monkeypatch)  # a second browser session does not see it
    assert "My test drug" not in other.selectbox(key=widget_key("b")).options


def test_explore_page_embeds_offline_network():
    from pathviz.io.pathways import read_pathways
    from pathviz.render.network import to_network_html
    from pathviz.view import ViewState, build_view

    html = to_network_html(build_view(read_pathways(ROOT / "pathways"), ViewState("ketamine", "psilocybin")))
    import re

    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)
    assert "vis.Network" in html and "bdnf" in html


def test_a_view_too_large_to_draw_is_refused_with_advice(monkeypatch):
    import pathviz.view as view
    import pathviz.view.objects as objects

    monkeypatch.setattr(objects, "MAX_DRAWN_NODES", 10)
    view._CACHE.clear()
    try:
        at = _run(monkeypatch)
    finally:
        view._CACHE.clear()
    warning = " ".join(w.value for w in at.warning)
    assert "too many to draw legibly" in warning and "Show as text" in warning
    # instead of the diagram: the view as text and its data downloads
    assert any(e.label == "Show as text" for e in at.expander)
    assert any(e.label.startswith("Download this view as data") for e in at.expander)


def _upload_gpml_page():
    from pathlib import Path

    from pathviz.ui.pages import upload

    # the page runs the import flow (pathviz.io.imports), as `pathviz import` does
    upload._import_gpml((Path.cwd() / "tests" / "data" / "gpml" / "WP732.gpml").read_bytes(), "WP732.gpml")


def test_gpml_upload_converts_and_validates_with_the_bundle(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_upload_gpml_page, default_timeout=60).run()
    assert not at.exception
    assert any(s.value.startswith(r"**WP732\.yaml is valid:**") for s in at.success), [s.value for s in at.success]
    assert at.selectbox[0].label.startswith("Which node should act as the drug")
    assert "wp732_" in at.selectbox[0].options[1]


def test_compare_page_offers_downloads_of_the_view(monkeypatch):
    at = _run(monkeypatch)
    at.session_state["pv_downloads"] = True  # the download section opened (it offers nothing while closed)
    at.run()
    labels = " | ".join(b.label for b in at.get("download_button"))
    from pathviz.exports import formats

    for fmt in formats().values():
        assert fmt.label in labels


def test_download_bytes_parse_back():
    import io
    import zipfile

    import networkx as nx

    from pathviz.exports import formats
    from pathviz.io.pathways import read_pathways
    from pathviz.view import ViewState, build_view

    view = build_view(read_pathways(ROOT / "pathways"), ViewState("ketamine", "psilocybin"))
    regs = formats()
    g = nx.read_graphml(io.BytesIO(regs["graphml"].bytes(view)))
    assert g.number_of_nodes() == view.graph.number_of_nodes()
    names = zipfile.ZipFile(io.BytesIO(regs["csv"].bytes(view))).namelist()
    assert sorted(names) == ["edges.csv", "nodes.csv"]
    assert b"10.1038/nrn2884" in regs["bibtex"].bytes(view)


# ------------------------------------------------------------------ one state per session; the step a person sees


def _step(at: AppTest) -> tuple[int, int]:
    import re

    m = re.search(r"Step (\d+) of (\d+)", _text(at))
    assert m, _text(at)[:500]
    return int(m.group(1)), int(m.group(2))


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_step_in_the_link_is_the_step_shown_and_next_writes_the_next(monkeypatch):
    at = _run(monkeypatch, {"mode": "lecture", "step": "3"})
    assert _step(at)[0] == 3 and at.query_params["step"] == "3"
    _button(at, "Next ▶").click().run()
    assert _step(at)[0] == 4 and at.query_params["step"] == "4"
    _button(at, "◀ Previous").click().run()
    _button(at, "◀ Previous").click().run()
    assert _step(at)[0] == 2 and at.query_params["step"] == "2"


def test_old_and_out_of_range_steps_open_the_first_or_the_last(monkeypatch):
    # step=0 only old links hold (it was the drugs' tier): step 1; past the last: the last
    for old, first in (("0", True), ("-3", True), ("99", False)):
        at = _run(monkeypatch, {"mode": "lecture", "step": old})
        step, last = _step(at)
        assert step == (1 if first else last), old
        assert at.query_params["step"] == str(step), old
    at = _run(monkeypatch, {"mode": "lecture", "step": "soon"})
    assert _step(at)[0] == 1 and "soon" in " ".join(t.value for t in at.toast)


def test_lecture_turned_on_steps_with_the_first_next_and_filters_outlive_it(monkeypatch):
    at = _run(monkeypatch)
    at.multiselect(key=widget_key("status")).set_value(["established"]).run()
    at.toggle(key=widget_key("mode")).set_value(True).run()
    assert _step(at)[0] == 1
    assert at.query_params["mode"] == "lecture" and at.query_params["step"] == "1" and at.query_params["detail"] == "core"
    _button(at, "Next ▶").click().run()
    assert _step(at)[0] == 2 and at.query_params["step"] == "2"
    _button(at, "Leave lecture mode").click().run()
    assert "Step " not in _text(at)
    assert "mode" not in at.query_params and "step" not in at.query_params
    # the sidebar was not drawn while lecturing: its filters and detail level are still the session's
    assert at.multiselect(key=widget_key("status")).value == ["established"]
    assert at.toggle(key=widget_key("detail")).value is True
    assert at.query_params["status"] == "established" and at.query_params["detail"] == "core"


def test_steps_in_links_and_views():
    from pathviz.io.pathways import read_pathways
    from pathviz.view import ViewState, build_view, state_from_params

    bundle = read_pathways(ROOT / "pathways")
    for given, want in (("0", 1), ("1", 1), ("4", 4), ("-2", 1), ("12", 7)):
        state, warnings = state_from_params({"mode": "lecture", "step": given}, bundle)
        assert state.step == want and not warnings, given
    assert state_from_params({"mode": "lecture"}, bundle)[0].step == 1
    assert "step" not in ViewState("ketamine", "psilocybin", step=3).to_params()  # a step means nothing outside a lecture
    assert ViewState("ketamine", "psilocybin", mode="lecture", step=3).to_params()["step"] == "3"
    for step in range(1, 9):
        view = build_view(bundle, ViewState("ketamine", "psilocybin", mode="lecture", step=step, detail="core"))
        tiers = view.tiers()
        shown = min(step, len(tiers))
        assert view.state.step == shown
        assert view.reveal_tier == tiers[shown - 1].rank
        assert {view.node(n).tier for n in view.visible()} == set(tiers[:shown])
