"""The diagram as a lecturer, a student and a clinician see it, at the size of their window: every
lecture step fits a 1920x1080 projector with its controls, no hover box covers the projected
diagram, a narrow window gets a diagram laid out for its width, and a filter keeps every node in
its place."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

READY = ".pv-chart[data-ready='1'] .js-plotly-plot"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')"

# What a 1920x1080 projector shows of the lecture page: the page must not scroll, and the diagram
# (its legend included), the step's name and the Previous/Next buttons must end inside the window.
FIT_JS = """() => {
    const H = innerHeight, W = innerWidth;
    const gd = document.querySelector('.pv-chart .js-plotly-plot');
    const box = document.querySelector('.pv-chart');
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    const buttons = [...main.querySelectorAll('button')];
    const bottom = (el) => el ? el.getBoundingClientRect().bottom : null;
    let step = null;
    for (const el of main.querySelectorAll('div, p, span')) {
        if (/^\\s*Step \\d+ of \\d+/.test(el.innerText || '') && (!step || step.contains(el))) step = el;
    }
    const legends = [...gd.querySelectorAll('g.infolayer > g')].filter(g => /^legend\\d*$/.test(g.getAttribute('class') || ''));
    const labels = [...gd.querySelectorAll('.scatterlayer .trace .textpoint text')].filter(t => t.textContent.trim());
    const r = gd.getBoundingClientRect();
    return {
        step: step ? step.innerText.trim() : null,
        stepBottom: bottom(step),
        prevBottom: bottom(buttons.find(b => /Previous/.test(b.innerText))),
        nextBottom: bottom(buttons.find(b => /Next/.test(b.innerText))),
        nextDisabled: !!(buttons.find(b => /Next/.test(b.innerText)) || {}).disabled,
        chartBottom: r.bottom, chartRight: r.right, width: W, height: H,
        legendBottom: Math.max(...legends.map(bottom)),
        // neither the page nor its main column scrolls (Streamlit scrolls the main column itself)
        scrolls: document.scrollingElement.scrollHeight > H + 2 || main.scrollHeight > main.clientHeight + 2,
        boxScrolls: box.scrollWidth > box.clientWidth + 1,
        smallestLabel: Math.min(...labels.map(t => parseFloat(getComputedStyle(t).fontSize))),
    };
}"""


def _drawn(page) -> None:
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function(IDLE, timeout=60_000)


def _fits(page) -> dict:
    f = page.evaluate(FIT_JS)
    where = f"at {f['step']}: {f}"
    assert not f["scrolls"], "the page scrolls " + where
    assert not f["boxScrolls"], "the diagram is wider than its box " + where
    for key in ("stepBottom", "prevBottom", "nextBottom", "chartBottom", "legendBottom"):
        assert f[key] is not None and f[key] <= f["height"] + 0.5, f"{key} below the window " + where
    assert f["chartRight"] <= f["width"] + 0.5, "the diagram is wider than the window " + where
    assert f["legendBottom"] <= f["chartBottom"] + 0.5, "the legend hangs below the diagram " + where
    assert f["smallestLabel"] >= 22, "labels smaller than 22 px " + where
    return f


@pytest.mark.parametrize("detail", ["core", "full"])
def test_every_lecture_step_fits_the_projector(server, browser, detail):
    """Lecture mode, stepped with Next from the drugs to the clinical effect: each step's diagram,
    legend, step name and buttons fit 1920x1080 without scrolling, labels at least 22 px."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{server}/?mode=lecture&detail={detail}")
        _drawn(page)
        seen = [_fits(page)["step"]]
        while not page.evaluate(FIT_JS)["nextDisabled"]:
            page.get_by_role("button", name="Next ▶").click()
            page.wait_for_function(
                "(before) => { const t = [...document.querySelectorAll('[data-testid=stMain] div')]"
                ".map(e => e.innerText || '').find(s => /^\\s*Step \\d+ of \\d+/.test(s)); return t && t.trim() !== before; }",
                arg=seen[-1],
                timeout=60_000,
            )
            _drawn(page)
            seen.append(_fits(page)["step"])
        assert len(seen) >= 6 and seen[-1].endswith("Clinical effect"), seen
    finally:
        page.close()


def test_lecture_mode_has_no_hover_box(server, browser):
    """On a projector a hover box would cover the diagram (the details panel says it all): pointing
    at a node in lecture mode shows none, while the Compare page still shows one."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        for url, boxed in ((f"{server}/?detail=core", True), (f"{server}/?mode=lecture&detail=core&step=6", False)):
            page.goto(url)
            _drawn(page)
            point = page.evaluate(
                """() => { const gd = document.querySelector('.pv-chart .js-plotly-plot');
                    window.__pvHovered = false;
                    gd.on('plotly_hover', () => { window.__pvHovered = true; });
                    const t = gd.data.find(tr => tr.name === 'nodes');
                    const i = t.customdata.indexOf('bdnf');
                    const p = gd.querySelectorAll('.scatterlayer .trace')[gd.data.indexOf(t)].querySelectorAll('.points path')[i];
                    p.scrollIntoView({block: 'center'});
                    const r = p.getBoundingClientRect();
                    return [r.left + r.width / 2, r.top + r.height / 2]; }"""
            )
            page.mouse.move(point[0] - 30, point[1] - 30)
            page.mouse.move(point[0], point[1], steps=4)
            page.wait_for_function("() => window.__pvHovered === true", timeout=10_000)  # Plotly saw the pointer
            if boxed:
                page.wait_for_selector(".pv-chart .hoverlayer .hovertext", timeout=10_000)
            else:
                assert page.locator(".pv-chart .hoverlayer .hovertext").count() == 0
    finally:
        page.close()


@pytest.mark.parametrize("width", [800, 1280])
def test_a_narrow_window_gets_a_diagram_laid_out_for_its_width(server, browser, width):
    """At 800 px (and on a 1280 px laptop with the sidebar open) the core diagram used to run past
    the window's edge with the psilocybin column out of sight; it is laid out for the width it has."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{server}/?detail=core")
        _drawn(page)
        # laid out again once the browser has told the page how wide its column is
        page.wait_for_function(
            """() => { const box = document.querySelector('.pv-chart');
                const gd = box && box.querySelector('.js-plotly-plot');
                return gd && gd.getBoundingClientRect().width <= box.clientWidth + 0.5; }""",
            timeout=60_000,
        )
        _drawn(page)
        seen = page.evaluate(
            """() => { const box = document.querySelector('.pv-chart');
                const gd = box.querySelector('.js-plotly-plot');
                const t = gd.data.find(tr => tr.name === 'nodes');
                const pts = gd.querySelectorAll('.scatterlayer .trace')[gd.data.indexOf(t)].querySelectorAll('.points path');
                const at = (id) => pts[t.customdata.indexOf(id)].getBoundingClientRect();
                return {right: gd.getBoundingClientRect().right, box: box.getBoundingClientRect().right,
                        psilocybin: at('psilocybin').right, psilocin: at('psilocin').right,
                        overflows: box.scrollWidth > box.clientWidth + 1, window: innerWidth}; }"""
        )
        assert not seen["overflows"], seen
        assert seen["right"] <= seen["box"] + 0.5 and seen["box"] <= seen["window"], seen
        assert seen["psilocybin"] <= seen["box"] and seen["psilocin"] <= seen["box"], seen
    finally:
        page.close()


def test_a_filter_keeps_every_node_in_its_place(server, browser):
    """Filtering to human evidence greys out what it leaves unreached where it was: every node is
    drawn at the same point as without the filter."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    places = {}
    try:
        for query in ("/?detail=core", "/?detail=core&evidence=human"):
            page.goto(server + query)
            _drawn(page)
            places[query] = page.evaluate(
                """() => { const gd = document.querySelector('.pv-chart .js-plotly-plot');
                    const t = gd.data.find(tr => tr.name === 'nodes');
                    return Object.fromEntries(t.customdata.map((id, i) => [id, [t.x[i], t.y[i]]])); }"""
            )
        plain, human = places.values()
        assert set(human) == set(plain)
        moved = {n: (plain[n], human[n]) for n in plain if plain[n] != human[n]}
        assert moved == {}
    finally:
        page.close()
