"""The diagram by keyboard and screen reader, in a real browser: the Compare page, lecture mode and
the offline explorer share one keyboard model (render/assets/keynav.js) and one set of names
(render/a11y.py)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from pathviz.data import shipped_pathways
from pathviz.exports.explorer import explorer_data, to_explorer
from pathviz.io.pathways import read_pathways
from pathviz.render import style
from pathviz.render.a11y import nav_data
from pathviz.view import LECTURE, SCREEN, ViewState, build_view

pytestmark = pytest.mark.browser

READY = ".pv-chart[data-ready='1']"
FOCUSED = """() => { const a = document.activeElement;
  return { id: a && a.getAttribute('data-id'), name: a && a.getAttribute('aria-label'),
           item: !!(a && a.classList.contains('pv-kn-item')), layer: !!(a && a.classList.contains('pv-kn')) }; }"""
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SAID = "() => { const p = document.querySelector('.pv-live'); return p ? p.getAttribute('data-said') || '' : ''; }"


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(shipped_pathways())


def _route(view, target="antidepressant_effect", drug="Ketamine"):
    """The drug's best-supported route to the target, as the view computed it: its arrows' keys."""
    routes = [r for r in view.support[target].routes if r.name == drug]
    assert routes and routes[0].best is not None
    return [st.edge.key for st in routes[0].best.steps]


def _wait_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')", timeout=60_000
    )


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector(".pv-kn-item[tabindex='0']", state="attached", timeout=60_000)
    _wait_idle(page)


def _press(page, key: str) -> dict:
    page.keyboard.press(key)
    return page.evaluate(FOCUSED)


def _tab_in(page, limit: int = 80) -> int:
    """Tab from the top of the page until the focus is in the diagram: the number of presses."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for n in range(1, limit + 1):
        if _press(page, "Tab")["item"]:
            return n
    raise AssertionError(f"the diagram was not reached in {limit} Tab presses")


def _walk(page, nav: dict, route: list[str]) -> list[str]:
    """Follow a route with the keys only: Right to the first arrow out, Down to the arrow of the
    route, Right to its target. Checks every name said on the way; returns them."""
    said = []
    for key in route:
        edge = "edge:" + key
        src = nav["edges"][edge]["source"]
        now = _press(page, "ArrowRight")
        assert now["id"] in nav["out"][src], now
        for _ in range(len(nav["out"][src])):
            if now["id"] == edge:
                break
            now = _press(page, "ArrowDown")
        assert now["id"] == edge
        label = nav["nodes"][src]["short"]
        assert re.fullmatch(
            re.escape(nav["edges"][edge]["name"]) + r", \d+ of \d+ arrows? out of " + re.escape(label), now["name"]
        ), now["name"]
        said.append(now["name"])
        now = _press(page, "ArrowRight")
        target = nav["edges"][edge]["target"]
        assert now["id"] == target and now["name"] == nav["nodes"][target]["name"], now
        said.append(now["name"])
    return said


def _ring(page) -> dict:
    """The focus ring's drawn line: width, colour, and the fill of the node under it."""
    return page.evaluate(
        """() => { const m = document.querySelector('.pv-kn-ring .pv-kn-mark');
          if (!m) return null;
          const cs = getComputedStyle(m); const ring = m.ownerSVGElement; const id = ring.getAttribute('data-for');
          const r = m.getBoundingClientRect();
          return { width: parseFloat(cs.strokeWidth), colour: cs.stroke, id, visible: r.width > 0 && r.height > 0,
                   top: document.elementFromPoint(r.left + r.width / 2, r.top + 1) }; }"""
    )


def _hex(rgb: str) -> str:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def test_compare_diagram_by_keyboard_only(server, page, bundle):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    nav = nav_data(view)
    route = _route(view)
    _open(page, server + "/")
    # one Tab stop: from the page's first control, the diagram is reached, on the first drug
    presses = _tab_in(page)
    now = page.evaluate(FOCUSED)
    assert now["id"] == "ketamine" and now["name"] == nav["nodes"]["ketamine"]["name"]
    print(f"Tab presses from the top of the page to the diagram: {presses}")
    assert _press(page, "Tab")["item"] is False  # the next Tab leaves it: one stop, not one per node
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["id"] == "ketamine"
    # Home is the drug; then downstream to the antidepressant effect with the keys only
    assert _press(page, "M")["id"] == nav["meeting"][0]
    assert _press(page, "Home")["id"] == "ketamine"
    said = _walk(page, nav, route)
    assert said[-1].startswith("Antidepressant effect: outcome, reached by both (stated)")
    # the focus ring: drawn over the focused node, at least 2 px, 3:1 on white and on the node's fill
    ring = _ring(page)
    assert ring and ring["id"] == "antidepressant_effect" and ring["visible"]
    assert ring["width"] >= 2
    fill = page.evaluate(
        """() => { const gd = document.querySelector('.pv-chart .js-plotly-plot');
          const i = gd.data.findIndex(t => t.name === 'nodes'); const t = gd.data[i];
          const j = t.customdata.indexOf('antidepressant_effect');
          return getComputedStyle(gd.querySelectorAll('.scatterlayer > .trace')[i].querySelectorAll('.points path')[j]).fill; }"""
    )
    colour = _hex(ring["colour"])
    assert style.contrast_ratio(colour, "#FFFFFF") >= 3 and style.contrast_ratio(colour, _hex(fill)) >= 3
    # Up and Left go back: the arrow into it, then its source
    back = _press(page, "ArrowLeft")
    assert back["id"] in nav["in"]["antidepressant_effect"]
    assert re.search(r"\d+ of \d+ arrows? into Antidepressant effect$", back["name"])
    _press(page, "ArrowRight")
    # Enter on the last arrow of the route selects it as a click does: its quote, the URL
    page.keyboard.press("ArrowLeft")
    for _ in nav["in"]["antidepressant_effect"]:
        if page.evaluate(FOCUSED)["id"] == "edge:" + route[-1]:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED)["id"] == "edge:" + route[-1]
    page.keyboard.press("Enter")
    edge = bundle.edges[route[-1]]
    page.wait_for_function(
        "(k) => document.querySelector('.pv-details').getAttribute('data-shows') === 'edge:' + k", arg=route[-1]
    )
    quote = edge.sources[0].quote
    assert quote[:60] in page.locator(".pv-details").inner_text().replace("\n", " ")
    page.wait_for_function("(k) => new URLSearchParams(location.search).get('edge') === k", arg=route[-1], timeout=30_000)
    page.wait_for_function(f"() => ({SAID})().startsWith('Selected the arrow ')", timeout=10_000)
    # the selection reran the page: the focus is still on that arrow
    _wait_idle(page)
    assert page.evaluate(FOCUSED)["id"] == "edge:" + route[-1]
    # Space selects the node, as a click does
    assert _press(page, "ArrowRight")["id"] == "antidepressant_effect"
    page.keyboard.press(" ")
    page.wait_for_function("() => new URLSearchParams(location.search).get('node') === 'antidepressant_effect'", timeout=30_000)
    page.wait_for_function(
        f"() => ({SAID})() === 'Selected Antidepressant effect. Details beside the diagram.'"
        f" || ({SAID})() === 'Selected Antidepressant effect. Details below the diagram.'",
        timeout=10_000,
    )
    assert "Relief of depressive symptoms" in page.locator(".pv-details").inner_text()
    _wait_idle(page)
    assert page.evaluate(FOCUSED)["id"] == "antidepressant_effect"
    # Escape leaves: the focus is on the diagram's frame and the keys stop acting
    out = _press(page, "Escape")
    assert out["layer"] and not out["item"]
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert _press(page, "ArrowLeft")["layer"]
    assert page.locator(".pv-kn").get_attribute("data-current") == "antidepressant_effect"
    assert _ring(page) is None  # no ring while the diagram does not have the focus


def test_streamlit_shortcuts_do_not_fire_from_inside_the_diagram(server, page):
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    _open(page, server + "/")
    frames: list[bytes] = []
    ws = sockets[0]
    as_bytes = lambda f: f if isinstance(f, bytes) else str(f).encode()
    ws.on("framesent", lambda f: frames.append(as_bytes(f)))
    _tab_in(page)
    page.keyboard.press("r")  # Streamlit's "rerun" key, inside the diagram: nothing
    page.keyboard.press("c")  # "clear cache": nothing either (no dialog)
    page.evaluate("() => document.activeElement.blur()")
    with ws.expect_event("framesent", predicate=lambda f: b"a=ketamine" in as_bytes(f), timeout=20_000):
        page.keyboard.press("r")  # outside the diagram: the page reruns (the key works there)
    reruns = [f for f in frames if b"a=ketamine" in f]
    assert len(reruns) == 1, len(reruns)
    _wait_idle(page)
    assert page.locator("[role='dialog']").count() == 0


def test_lecture_mode_by_keyboard(server, browser, bundle):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        # lecture mode opens at the core mechanism (the address bar's `detail` default there)
        view = build_view(bundle, ViewState("ketamine", "psilocybin", mode="lecture", step=3, detail="core"), LECTURE)
        nav = nav_data(view)
        _open(page, server + "/?mode=lecture&step=3")
        page.get_by_text("Step 3 of").wait_for(timeout=60_000)
        presses = _tab_in(page)
        assert presses <= 10  # the header's buttons, then the diagram
        now = page.evaluate(FOCUSED)
        assert now["id"] == "ketamine" and now["name"] == nav["nodes"]["ketamine"]["name"]
        # the arrow keys move in the diagram and do not step the lecture
        arrow = _press(page, "ArrowRight")
        assert arrow["id"] in nav["out"]["ketamine"] and arrow["name"].startswith("Arrow: Ketamine ")
        node = _press(page, "ArrowRight")
        assert node["id"] == nav["edges"][arrow["id"]]["target"] and node["name"] == nav["nodes"][node["id"]]["name"]
        assert page.get_by_text("Step 3 of").count() == 1
        ring = _ring(page)
        assert ring and ring["id"] == node["id"] and ring["width"] >= 2
        page.keyboard.press("Enter")
        page.wait_for_function("(id) => new URLSearchParams(location.search).get('node') === id", arg=node["id"], timeout=30_000)
        # Escape leaves the diagram: the lecture's own → steps again; the next step redraws the
        # diagram, the focused node keeps the tab stop, and the step is said
        assert _press(page, "Escape")["layer"]
        page.keyboard.press("ArrowRight")
        page.get_by_text("Step 4 of").wait_for(timeout=30_000)
        page.wait_for_function(f"() => ({SAID})().startsWith('Lecture step 4 (of ')", timeout=30_000)
        page.wait_for_function(
            "(id) => { const t = document.querySelector('.pv-kn-item[tabindex=\"0\"]'); return !!t && t.getAttribute('data-id') === id; }",
            arg=node["id"], timeout=30_000,
        )
    finally:
        page.close()


def _open_explorer(browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return context, page, outside


def test_explorer_walk_offline(browser, bundle, tmp_path):
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    path = tmp_path / "explorer.html"
    path.write_text(to_explorer(view), "utf-8")
    data = explorer_data(view)
    shown = "core" if data["detail"] == "core" else "full"
    nav = data["views"][shown]["nav"]
    v = build_view(bundle, ViewState("ketamine", "psilocybin", detail=shown), SCREEN)
    route = _route(v)
    context, page, outside = _open_explorer(browser, path)
    try:
        _tab_in(page, limit=200)
        assert page.evaluate(FOCUSED)["id"] == "ketamine"
        _walk(page, nav, route)
        assert page.evaluate(FOCUSED)["id"] == "antidepressant_effect"
        ring = _ring(page)
        assert ring and ring["id"] == "antidepressant_effect" and ring["width"] >= 2
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => ({SAID})() === 'Selected Antidepressant effect. Details below the diagram.'")
        assert "Relief of depressive symptoms" in page.locator("#pv-details").inner_text()
        assert _press(page, "Escape")["layer"]
        # pan and zoom without a drag: buttons, reached and pressed by keyboard
        before = page.evaluate("() => document.getElementById('pv-plot')._fullLayout.xaxis.range.slice()")
        page.locator(".pv-view-buttons").get_by_role("button", name="Zoom in").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(r) => { const n = document.getElementById('pv-plot')._fullLayout.xaxis.range; return n[1] - n[0] < r[1] - r[0]; }",
            arg=before,
        )
        page.locator(".pv-view-buttons").get_by_role("button", name="Reset view").click()
        page.wait_for_function(
            "(r) => { const n = document.getElementById('pv-plot')._fullLayout.xaxis.range; return Math.abs(n[0] - r[0]) < 1e-6; }",
            arg=before,
        )
        assert outside == []
        # the explorer's diagram, its layer and its buttons: no axe violations either
        _press(page, "Tab")
        results = Axe().run(page, context={"include": [[".pv-plot-wrap"], [".pv-view-buttons"], [".pv-live"]]}, options=AXE_TAGS)
        assert [v["id"] for v in results.response["violations"]] == []
    finally:
        context.close()


def test_the_diagram_region_has_no_axe_violations(server, page):
    _open(page, server + "/")
    _tab_in(page)
    page.keyboard.press("ArrowRight")  # an arrow focused: the layer as a screen reader meets it
    results = Axe().run(page, context={"include": [[".pv-frame"], [".pv-live"]]}, options=AXE_TAGS)
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
    # the checks ran on the layer: its role, names and the focused arrow's name
    passed = {v["id"] for v in results.response["passes"]}
    print("axe passes:", sorted(passed))
    assert {"aria-allowed-attr", "aria-roles", "aria-command-name"} <= passed
