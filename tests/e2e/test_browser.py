"""The dashboard in a real browser: what a student, lecturer or clinician sees and clicks."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

APP_READY = "[data-testid='stApp'] .js-plotly-plot"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(APP_READY, timeout=90_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')", timeout=30_000)


def _main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def hover_point(page, x: float, y: float, point_id: str, plot: str = ".js-plotly-plot") -> None:
    """Move the pointer onto a point and wait until Plotly's hover has found it: Plotly throttles
    hover, and a click before that lands on the point hovered before."""
    page.mouse.move(x, y)
    page.wait_for_function(
        "([sel, id]) => { const gd = document.querySelector(sel);"
        " return !!gd && (gd._hoverdata || []).some(p => p.customdata === id); }",
        arg=[plot, point_id],
        timeout=10_000,
    )


def _wait_run_done(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')", timeout=30_000
    )


def test_page_shows_both_drugs_and_where_they_meet(server, page):
    _open(page, server + "/")
    text = _main_text(page)
    assert "Ketamine" in text and "Psilocybin" in text
    assert re.search(r"meet at:.*BDNF", text, re.S)
    svg_text = page.locator(".js-plotly-plot").inner_text()
    assert "reached by Ketamine only" in svg_text and "reached by both" in svg_text.lower()
    assert not page.js_errors


def test_deep_link_to_bdnf_shows_details_with_doi_link(server, page):
    _open(page, server + "/?node=bdnf")
    page.get_by_text("Why they converge here").wait_for(timeout=30_000)
    links = page.locator("[data-testid='stMain'] a[href^='https://doi.org/']")
    assert links.count() > 0
    assert "Brain-derived neurotrophic factor" in _main_text(page)


def _click_node(page, node_id: str) -> None:
    box = page.evaluate(
        """(id) => {
            const gd = document.querySelector('.js-plotly-plot');
            const t = gd.data.findIndex(tr => tr.name === 'nodes');
            const i = gd.data[t].customdata.indexOf(id);
            const fl = gd._fullLayout;
            const x = fl.xaxis.l2p(gd.data[t].x[i]) + fl._size.l;
            const y = fl.yaxis.l2p(gd.data[t].y[i]) + fl._size.t;
            const r = gd.getBoundingClientRect();
            return {x: r.left + x, y: r.top + y};
        }""",
        node_id,
    )
    hover_point(page, box["x"], box["y"], node_id)
    page.mouse.click(box["x"], box["y"])


def test_clicking_a_marker_updates_details_and_url(server, page):
    _open(page, server + "/")
    page.locator(".js-plotly-plot").scroll_into_view_if_needed()
    _click_node(page, "ampa_receptor")
    page.wait_for_selector("#pv-details[data-shows='ampa_receptor'] h3", timeout=30_000)
    page.wait_for_function("() => location.search.includes('node=ampa_receptor')", timeout=30_000)
    details = page.locator("#pv-details").inner_text()
    assert "Why they converge here" in details
    assert details.startswith("AMPA receptor")
    # the panel's buttons select too: clear, then the URL forgets the node
    # the server's run for the click already holds it (it never echoes the selection before it)
    page.wait_for_selector(".pv-chart[data-server-selected='ampa_receptor']", timeout=30_000)
    page.get_by_role("button", name="Clear selection").click()
    page.wait_for_function("() => !location.search.includes('node=')", timeout=30_000)
    assert "How to read the diagram" in page.locator("#pv-details").inner_text()


def test_lecture_mode_renders_and_steps(server, page):
    _open(page, server + "/?mode=lecture&step=0")
    page.get_by_text("Step 1 of").wait_for(timeout=30_000)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Step 2 of").wait_for(timeout=30_000)
    font = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMarkdownContainer\"] p')).fontSize")
    assert float(font.removesuffix("px")) >= 22


def test_no_request_leaves_localhost(server, page):
    outside: list[str] = []
    page.on("request", lambda r: None if re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]", r.url) or r.url.startswith(("data:", "blob:")) else outside.append(r.url))
    _open(page, server + "/?node=bdnf")
    # everything the page loads has loaded: the figure is drawn, the details panel is filled, and the
    # network has been quiet for half a second
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    page.wait_for_selector("#pv-details[data-shows='bdnf'] h3", timeout=30_000)
    page.wait_for_load_state("networkidle", timeout=30_000)
    assert outside == []


MY_DRUG = (ROOT / "tests" / "data" / "valid" / "my_drug.yaml").read_text("utf-8")


def test_upload_shows_located_errors_then_compares_a_valid_pathway(server, page, tmp_path):
    page.goto(server + "/upload")
    page.get_by_text("Load your own pathway").wait_for(timeout=60_000)
    broken = tmp_path / "broken.yaml"
    broken.write_text(MY_DRUG.replace("target: bdnf", "target: bdfn"))
    page.set_input_files("input[type=file]", str(broken))
    page.get_by_text("has problems").wait_for(timeout=30_000)
    page.locator("[data-testid='stCode']").first.wait_for(timeout=30_000)
    assert "broken.yaml:9:13: error: edges[0].target: unknown node 'bdfn'" in page.locator("[data-testid='stMain']").inner_text()
    good = tmp_path / "mine.yaml"
    good.write_text(MY_DRUG)
    page.set_input_files("input[type=file]", str(good))
    page.get_by_text("is valid").wait_for(timeout=30_000)
    page.get_by_role("button", name="Use it on the Compare page").click()
    page.wait_for_selector(APP_READY, timeout=60_000)
    page.get_by_text("My test drug").first.wait_for(timeout=30_000)
    assert "b=my_drug" in page.url


def test_an_uploaded_copy_of_a_bundled_pathway_replaces_it_and_compare_draws_the_new_node(server, page, tmp_path):
    # a lecturer copies pathways/psilocybin.yaml, adds one node (and an arrow to it) and uploads the copy
    from tests.test_upload import with_new_node

    copy = tmp_path / "psilocybin_copy.yaml"
    copy.write_text(with_new_node(), "utf-8")
    page.goto(server + "/upload")
    page.get_by_text("Load your own pathway").wait_for(timeout=60_000)
    page.set_input_files("input[type=file]", str(copy))
    success = page.locator("[data-testid='stAlertContentSuccess']").filter(has_text="is valid")
    success.wait_for(timeout=30_000)
    said = success.inner_text()
    assert "psilocybin_copy.yaml is valid" in said
    assert "it replaces the bundled pathway Psilocybin (id psilocybin, file psilocybin.yaml)" in said
    assert "has problems" not in _main_text(page)
    page.get_by_role("button", name="Use it on the Compare page").click()
    page.wait_for_selector(APP_READY, timeout=60_000)
    page.wait_for_function(
        """() => { const gd = document.querySelector('.js-plotly-plot');
                   const t = gd && gd.data && gd.data.find(tr => tr.name === 'nodes');
                   return !!t && t.customdata.includes('my_new_node'); }""",
        timeout=30_000,
    )
    # its label is drawn (wrapped into lines, one tspan each)
    drawn = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .textpoint text')].map(t => t.textContent)")
    assert "Mynewnode" in [t.replace(" ", "") for t in drawn]
    assert "b=psilocybin" in page.url
    assert not page.js_errors


def test_explorer_renders_offline_and_highlights_neighbours(server, page):
    outside: list[str] = []
    page.on("request", lambda r: None if re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]", r.url) or r.url.startswith(("data:", "blob:", "about:")) else outside.append(r.url))
    page.goto(server + "/explore")
    page.get_by_text("Explore the network").wait_for(timeout=60_000)
    frame_el = page.wait_for_selector("iframe", timeout=60_000)
    frame = frame_el.content_frame()
    frame.wait_for_selector("#net canvas", timeout=30_000)
    frame.wait_for_function("() => window.pathvizNetwork && window.pathvizNetwork.body.data.nodes.length > 20", timeout=30_000)
    pos = frame.evaluate(
        """() => { const n = window.pathvizNetwork; const p = n.getPositions(['bdnf'])['bdnf'];
                  const d = n.canvasToDOM(p); return d; }"""
    )
    box = frame_el.bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    frame.wait_for_function("() => document.body.getAttribute('data-selected') === 'bdnf'", timeout=10_000)
    faded = frame.evaluate("() => window.pathvizNetwork.body.data.nodes.get().filter(n => n.opacity < 1).length")
    assert faded > 0
    assert outside == []


@pytest.mark.parametrize("query", ["evidence=human", "evidence=human,animal", "status=established"])
def test_filtered_views_colour_and_name_nodes_by_the_arrows_shown(server, page, query):
    from pathviz.io.pathways import read_pathways
    from pathviz.render import style
    from pathviz.view import SCREEN, ViewState, build_view

    bundle = read_pathways(ROOT / "pathways")
    params = dict(p.split("=") for p in query.split("&"))
    state = ViewState("ketamine", "psilocybin", node="bdnf", **{k: tuple(v.split(",")) for k, v in params.items()})
    view = build_view(bundle, state, SCREEN)
    _open(page, server + f"/?{query}&node=bdnf")
    drawn = page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const t = gd.data.find(tr => tr.name === 'nodes');
            return Object.fromEntries(t.customdata.map((id, i) => [id, t.marker.color[i]]));
        }"""
    )
    assert drawn == {n: style.SIDE_COLOUR[view.sides[n]] for n in drawn}
    page.wait_for_selector("#pv-details[data-shows='bdnf'] h3", timeout=30_000)
    chips = page.locator("#pv-details .pv-chips").first.inner_text()
    assert chips.endswith(view.side_name(view.sides["bdnf"]))  # the panel names BDNF's side under these filters
    if view.sides["bdnf"] != "b":
        assert "reached by Psilocybin only" not in chips
    assert not page.js_errors


def test_a_click_highlights_in_the_browser_without_redrawing_the_figure(server, page):
    _open(page, server + "/?detail=core")
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    before = page.evaluate("() => window.__pvNewPlots")
    _click_node(page, "bdnf")
    page.wait_for_function("() => location.search.includes('node=bdnf')", timeout=30_000)
    page.get_by_text("Why they converge here").wait_for(timeout=30_000)
    assert page.evaluate("() => window.__pvNewPlots") == before  # styled, not re-plotted
    dimmed = page.evaluate(
        """() => [...document.querySelectorAll('.pv-chart .scatterlayer > .trace')].flatMap(g =>
               [...g.querySelectorAll('.points path')].map(p => p.style.opacity)).filter(o => o === '0.18').length"""
    )
    assert dimmed > 0
    assert page.evaluate("() => document.querySelectorAll('.pv-chart g.pv-highlight polyline').length") > 0


def test_an_arrowhead_selects_its_arrow(server, page):
    _open(page, server + "/?detail=core")
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    target = page.evaluate(
        """() => {
            const gd = document.querySelector('.pv-chart .js-plotly-plot');
            const i = gd.data.findIndex(t => t.name === 'arrowheads');
            const t = gd.data[i];
            const j = t.marker.size.findIndex(s => s > 0);
            const fl = gd._fullLayout, r = gd.getBoundingClientRect();
            return {id: t.customdata[j], x: r.left + fl._size.l + fl.xaxis.l2p(t.x[j]), y: r.top + fl._size.t + fl.yaxis.l2p(t.y[j])};
        }"""
    )
    hover_point(page, target["x"], target["y"], target["id"], ".pv-chart .js-plotly-plot")
    page.mouse.click(target["x"], target["y"])
    key = target["id"].removeprefix("edge:")
    page.wait_for_function("(k) => new URLSearchParams(location.search).get('edge') === k", arg=key, timeout=30_000)


def test_lecture_opens_at_the_drugs_fits_the_projector_and_steps_with_the_keyboard(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(server + "/?mode=lecture")
        page.get_by_text("Step 1 of").wait_for(timeout=60_000)
        page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
        for step in range(2, 5):
            chart = page.locator(".pv-chart").bounding_box()
            nxt = page.get_by_role("button", name="Next ▶").bounding_box()
            assert chart["y"] + chart["height"] <= 1080 and nxt["y"] + nxt["height"] <= 1080
            labels = page.evaluate(
                "() => Math.min(...[...document.querySelectorAll('.pv-chart .textpoint text')].map(t => parseFloat(getComputedStyle(t).fontSize)))"
            )
            assert labels >= 22
            page.locator("body").press("ArrowRight")
            page.get_by_text(f"Step {step} of").wait_for(timeout=30_000)
        page.locator("body").press("ArrowLeft")
        page.get_by_text("Step 3 of").wait_for(timeout=30_000)
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "sidebar" not in text
    finally:
        page.close()


@pytest.mark.parametrize(
    "url, change",
    [
        ("/?mode=lecture", lambda page: page.locator("body").press("ArrowRight")),
        ("/", lambda page: page.get_by_text("Core mechanism only").click()),
    ],
    ids=["lecture step", "sidebar filter"],
)
def test_a_change_redraws_the_diagram_where_it_is_not_beside_a_stale_copy(server, page, url, change):
    # the first change after opening the page is the one that once moved the diagram to a new
    # place on the page: two diagrams were shown until the run ended, then the figure was drawn anew
    _open(page, server + url)
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    _wait_run_done(page)
    plots = page.evaluate("() => { window.__pvMark = document.querySelector('.pv-chart'); return window.__pvNewPlots; }")
    change(page)
    page.wait_for_function("(n) => window.__pvNewPlots > n", arg=plots, timeout=30_000)
    _wait_run_done(page)
    # the run has ended when Streamlit has taken away what the run did not draw again
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
    assert page.evaluate("() => document.querySelectorAll('.pv-chart').length") == 1
    assert page.evaluate("() => document.querySelector('.pv-chart') === window.__pvMark")


def test_find_a_node_shows_its_details_in_view(server, page):
    _open(page, server + "/")
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    search = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Find a node")
    search.locator("input").click()
    page.keyboard.type("TrkB")
    page.keyboard.press("Enter")
    page.wait_for_selector("#pv-details[data-shows='trkb'] h3", timeout=30_000)
    page.wait_for_function("() => location.search.includes('node=trkb')", timeout=30_000)
    top = page.evaluate("() => document.getElementById('pv-details').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] - 80  # the details are on screen, not below the fold
    assert page.locator("#pv-details h3").first.inner_text() == "TrkB receptor"


def test_two_quick_clicks_end_on_the_second(server, browser):
    # a wide window: the details sit beside the diagram (no scrolling between clicks); the server's
    # runs for both clicks come back after the second click, and the page must not go back to the
    # first node; the address bar ends on the second
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        _open(page, server + "/?detail=core")
        page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
        page.locator(".js-plotly-plot").scroll_into_view_if_needed()
        _click_node(page, "bdnf")
        box = page.locator("#pv-details").bounding_box()
        chart = page.locator(".pv-chart").bounding_box()
        assert box["x"] >= chart["x"] + chart["width"] and box["y"] < 1080  # beside the diagram, in view
        _click_node(page, "trkb")
        page.wait_for_function("() => location.search.includes('node=trkb')", timeout=30_000)
        page.wait_for_selector(".pv-chart[data-server-selected='trkb']", timeout=30_000)
        _wait_run_done(page)  # the server's runs for both clicks are back
        assert page.locator("#pv-details").get_attribute("data-shows") == "trkb"
        assert page.locator(".js-plotly-plot").get_attribute("data-selected") == "trkb"
    finally:
        page.close()


def test_browser_tests_wait_for_conditions_not_fixed_times():
    # a fixed sleep either wastes time or is too short on a busy machine: every wait names what it waits for
    needles = ("wait_for_" + "timeout(", "time." + "sleep(")
    sleeping = [
        f"{name}:{i}"
        for name in ("test_browser.py", "test_explorer.py", "test_hostile.py")
        for i, line in enumerate((ROOT / "tests" / "e2e" / name).read_text("utf-8").splitlines(), 1)
        if any(n in line for n in needles)
    ]
    assert sleeping == []
